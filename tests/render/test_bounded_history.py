"""A long deal's fact box shows what stands whole and only the latest of its history, counting the rest."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

from tests.builders import make, moment, terms
from tracker.domain.events import TermsChanged
from tracker.domain.fold import project
from tracker.render.factbox import HISTORY_SHOWN, fact_box
from tracker.render.theme import THEME

CHANGES = 40


def rendered(shown: int | None) -> str:
    events = [
        make(
            TermsChanged,
            f"2025-{1 + n // 28:02d}-{1 + n % 28:02d}",
            "2025-12-31",
            terms=terms(investment=f"${n + 1} billion"),
        )
        for n in range(CHANGES)
    ]
    state = project(events, "acme-widget", moment("2026-01-01"), moment("2026-01-01"))
    assert len(state.superseded) == CHANGES - 1
    console = Console(file=io.StringIO(), width=100, force_terminal=False, theme=THEME, _environ={})
    console.print(fact_box(state, shown))
    out = console.file
    assert isinstance(out, io.StringIO)
    return out.getvalue()


def test_the_latest_superseded_terms_are_shown_and_the_rest_counted() -> None:
    text = rendered(HISTORY_SHOWN)
    assert "$40B" in text  # what stands
    assert "$39B" in text and f"${CHANGES - HISTORY_SHOWN}B" in text  # the latest ten superseded ones
    assert "$29B" not in text and "$1B" not in text
    assert f"… and {CHANGES - 1 - HISTORY_SHOWN} earlier superseded terms" in text
    assert "--all-history" in text


def test_all_history_lists_every_superseded_term() -> None:
    text = rendered(None)
    assert all(f"${n}B" in text for n in range(1, CHANGES + 1))
    assert "earlier superseded terms" not in text


def test_the_state_command_takes_all_history(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from tests.conftest import SEEDS
    from tracker.cli.main import cli

    db = str(tmp_path / "tracker.db")
    assert CliRunner().invoke(cli, ["ingest", "--db", db, "--quiet", str(SEEDS)]).exit_code == 0
    bounded, whole = (
        CliRunner().invoke(cli, ["state", "nvidia-openai", "--db", db, *flags], env={"NO_COLOR": "1"})
        for flags in ([], ["--all-history"])
    )
    assert bounded.exit_code == whole.exit_code == 0
    assert bounded.stdout == whole.stdout  # the seed saga's history is shorter than the bound
