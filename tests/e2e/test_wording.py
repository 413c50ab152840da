"""Small things a reader notices: the ingest summary's words, and what an empty deal list says."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from tests.conftest import SEEDS
from tracker.cli.main import cli


def run(url: str, *args: str) -> Result:
    result = CliRunner().invoke(cli, [*args, "--db", url], env={"NO_COLOR": "1", "COLUMNS": "100"})
    assert "Traceback" not in result.output
    return result


def test_the_ingest_summary_counts_in_words_and_a_dry_run_says_would(tmp_path: Path) -> None:
    url = str(tmp_path / "tracker.db")
    seed = str(SEEDS / "nvidia-openai.yaml")
    dry = run(url, "ingest", "--dry-run", seed)
    assert dry.stdout == (
        "ingest: 1 input, would append 30 events, would skip 0 duplicates, 0 rejected, 0 sources unavailable "
        "(dry run: nothing written)\n"
    )
    first = run(url, "ingest", seed)
    assert (
        first.stdout == "ingest: 1 input, 30 events appended, 0 duplicates skipped, 0 rejected, 0 sources unavailable\n"
    )
    again = run(url, "ingest", seed)
    assert again.stdout == (
        "ingest: 1 input, 0 events appended, 0 duplicates skipped, 1 already ingested (not read again), "
        "0 rejected, 0 sources unavailable\n"
    )


def test_an_empty_database_says_how_to_add_a_deal_and_a_filter_says_nothing_matches(tmp_path: Path) -> None:
    url = str(tmp_path / "tracker.db")
    assert run(url, "db", "upgrade").exit_code == 0
    empty = run(url, "deals")
    assert empty.exit_code == 0
    assert empty.stdout == "No deal yet: add one with `tracker ingest FILE`, e.g. `tracker ingest seeds/`.\n"
    assert run(url, "ingest", "--quiet", str(SEEDS)).exit_code == 0
    assert run(url, "deals", "--party", "Nobody at all").stdout == "No deal matches.\n"
    assert run(url, "deals", "--known-at", "2001-01-01").stdout == "No deal matches.\n"
