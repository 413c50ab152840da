"""The real `tracker` command on the seed saga, end to end, on a real database."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.conftest import SEEDS
from tracker.cli.main import cli
from tracker.store.database import SCHEMA_HEAD

PAST = "2025-10-15"


def run(url: str, *args: str) -> Result:
    result = CliRunner().invoke(cli, list(args), env={"TRACKER_DATABASE_URL": url, "NO_COLOR": "1"})
    assert "Traceback" not in result.output
    return result


def state_json(url: str, *args: str) -> dict:
    result = run(url, "state", "nvidia-openai", "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture
def seeded(database_url: str) -> str:
    result = run(database_url, "ingest", str(SEEDS))
    assert result.exit_code == 0, result.output
    return database_url


def test_ingesting_the_seeds_twice_appends_nothing_the_second_time(seeded: str) -> None:
    again = run(seeded, "ingest", str(SEEDS))
    assert again.exit_code == 0
    assert " 0 events appended" in again.stdout and " 0 rejected" in again.stdout


def test_in_october_2025_it_was_a_letter_of_intent_with_a_disputed_amount(seeded: str) -> None:
    state = state_json(seeded, "--as-of", PAST)
    assert state["status"] == "letter_of_intent"
    assert state["as_of"].startswith("2025-10-15")
    assert {k: state["headline"][k] for k in ("value", "currency", "qualifier")} == {
        "value": "100000000000",
        "currency": "USD",
        "qualifier": "up_to",
    }
    assert "investment" in {c["term"] for c in state["conflicts"] if c["current"]}


def test_in_mid_february_2026_it_was_on_ice(seeded: str) -> None:
    assert state_json(seeded, "--as-of", "2026-02-15")["status"] == "suspended"


def test_what_was_known_at_the_end_of_2025_still_said_letter_of_intent(seeded: str) -> None:
    state = state_json(seeded, "--as-of", "2026-02-15", "--known-at", "2025-12-31")
    assert state["status"] == "letter_of_intent"
    assert state["known_at"].startswith("2025-12-31")


def test_today_it_is_a_30_billion_stake_in_talks_and_the_september_terms_are_superseded(seeded: str) -> None:
    state = state_json(seeded)
    assert state["status"] == "in_talks"
    assert {k: state["headline"][k] for k in ("value", "currency", "qualifier")} == {
        "value": "30000000000",
        "currency": "USD",
        "qualifier": "about",
    }
    superseded = {(c["term"], c["value"]["text"]) for c in state["superseded"] if isinstance(c["value"], dict)}
    assert ("investment", "up to $100B") in superseded
    assert {"Nvidia"} <= {s["party"] for s in state["stances"] if s["stance"] == "unconfirmed"}
    assert state["event_count"] > 5 and state["sources"]


def test_the_timeline_reads_in_order_with_honest_dates(seeded: str) -> None:
    result = run(seeded, "timeline", "nvidia-openai")
    assert result.exit_code == 0
    text = result.stdout
    dates = [line.split("  ")[1].strip() for line in text.splitlines() if line.startswith("  ") and line[2] != " "]
    assert dates.index("22 Sep 2025") < dates.index("Jan 2026") < dates.index("19 Feb 2026")
    assert "superseded by" in text and "up to $100B" in text
    assert "2025-09-01" not in text


def test_timeline_json_keeps_date_precision(seeded: str) -> None:
    result = run(seeded, "timeline", "nvidia-openai", "--json", "--as-of", "2026-01-15")
    events = json.loads(result.stdout)["events"]
    suspended = next(e for e in events if e["type"] == "deal_suspended")
    assert (suspended["occurred"]["precision"], suspended["happened"]) == ("month", "maybe")


def test_the_linked_deals_are_listed(seeded: str) -> None:
    result = run(seeded, "deals", "--json")
    deals = {d["deal"]: d for d in json.loads(result.stdout)["deals"]}
    assert {"nvidia-openai", "openai-funding-round", "nvidia-anthropic", "amazon-openai"} <= deals.keys()
    assert "openai-funding-round" in {link["deal"] for link in deals["nvidia-openai"]["links"]}
    assert run(seeded, "deals").exit_code == 0


def test_verify_reports_an_intact_chain(seeded: str) -> None:
    result = run(seeded, "verify")
    assert result.exit_code == 0 and result.stdout.startswith("ok: ")


def test_a_bad_file_is_rejected_alone_with_one_line_and_exit_1(seeded: str, tmp_path: Path) -> None:
    good = tmp_path / "a-good.yaml"
    good.write_text(
        "- {deal: nvidia-openai, type: context_noted, occurred: 2026-03, summary: Fine, "
        "sources: [{publisher: AFP, published_at: 2026-03-02}]}\n"
    )
    bad = tmp_path / "b-bad.yaml"
    bad.write_text(
        "- {deal: nvidia-openai, type: deal_suspended, occurred: 2026-13-45, summary: Bad, "
        "sources: [{publisher: AFP, published_at: 2026-03-02}]}\n"
        "- {deal: nvidia-openai, type: deal_closed, occurred: 2026-03, summary: Would be lost, "
        "sources: [{publisher: AFP, published_at: 2026-03-02}]}\n"
    )
    before = state_json(seeded)["event_count"]
    result = run(seeded, "ingest", str(tmp_path))
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert (
        line
        == f"tracker: rejected: {bad}: reports[0].occurred: '2026-13-45' is not a real date: "
        + line.split("is not a real date: ")[1]
    )
    after = state_json(seeded)
    assert after["event_count"] == before + 1 and after["status"] == "in_talks"


def test_a_report_for_an_undefined_deal_is_rejected(seeded: str, tmp_path: Path) -> None:
    orphan = tmp_path / "orphan.json"
    orphan.write_text(
        json.dumps(
            {
                "deal": "nobody-nothing",
                "type": "deal_rumored",
                "occurred": "2026",
                "summary": "?",
                "sources": [{"publisher": "X", "published_at": "2026-01-01"}],
            }
        )
    )
    result = run(seeded, "ingest", str(orphan))
    assert result.exit_code == 1
    assert "'nobody-nothing' does not exist" in result.stderr
    assert run(seeded, "state", "nobody-nothing").exit_code == 1


def test_record_then_retract_a_development(seeded: str) -> None:
    version = len(json.loads(run(seeded, "timeline", "amazon-openai", "--json").stdout)["events"])
    recorded = run(
        seeded,
        "record",
        "amazon-openai",
        "--type",
        "deal_closed",
        "--occurred",
        "2026-03-01",
        "--summary",
        "Amazon closes its investment",
        "--publisher",
        "Example News",
        "--published-at",
        "2026-03-01",
        "--term",
        "investment=$50 billion",
    )
    assert recorded.exit_code == 0, recorded.output
    event_id = recorded.stdout.split()[1]
    status = json.loads(run(seeded, "state", "amazon-openai", "--json").stdout)["status"]
    assert status == "closed"
    retracted = run(seeded, "retract", event_id[:13], "--reason", "Wrong company")
    assert retracted.exit_code == 0, retracted.output
    after = json.loads(run(seeded, "state", "amazon-openai", "--json").stdout)
    assert after["status"] != "closed"
    timeline = json.loads(run(seeded, "timeline", "amazon-openai", "--json").stdout)["events"]
    assert len(timeline) == version + 1
    assert next(e for e in timeline if e["event_id"] == event_id)["retracted_by"] is not None


def test_record_with_a_stale_version_is_a_conflict(seeded: str) -> None:
    result = run(
        seeded,
        "record",
        "amazon-openai",
        "--type",
        "deal_suspended",
        "--occurred",
        "2026-03",
        "--summary",
        "x",
        "--publisher",
        "y",
        "--published-at",
        "2026-03-01",
        "--expected-version",
        "1",
    )
    assert result.exit_code == 1
    assert "reload it and try again" in result.stderr


def test_bad_dates_and_unknown_deals_are_one_line_errors(seeded: str) -> None:
    result = run(seeded, "state", "nvidia-openai", "--as-of", "2026-02-30")
    assert result.exit_code == 2 and "2026-02-30" in result.stderr
    missing = run(seeded, "timeline", "no-such-deal")
    assert missing.exit_code == 1 and missing.stderr.count("\n") == 1


def test_db_upgrade_reports_the_revision(sqlite_url: str) -> None:
    result = run(sqlite_url, "db", "upgrade")
    assert result.exit_code == 0 and f"revision {SCHEMA_HEAD} (was empty)" in result.stdout


def test_an_unreachable_database_is_a_temporary_failure(tmp_path: Path) -> None:
    result = run("postgresql+psycopg://nobody:secret@127.0.0.1:1/none?connect_timeout=2", "deals")
    assert result.exit_code == 75
    assert "secret" not in result.stderr and "***" in result.stderr


def test_help_imports_no_database_or_rendering_library() -> None:
    code = (
        "import sys\nfrom tracker.cli.main import cli\n"
        "try:\n    cli(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'sqlalchemy', 'alembic', 'textual', 'rich'}))"
    )
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert output.strip().splitlines()[-1] == "[]"


@pytest.mark.parametrize(
    "argv",
    [
        ["state", "nvidia-openai"],
        ["state", "nvidia-openai", "--json"],
        ["timeline", "nvidia-openai"],
        ["timeline", "nvidia-openai", "--json", "--as-of", "2026-01"],
        ["diff", "nvidia-openai", "--from", "2025-09", "--to", "2026-03"],
        ["state", "no-such-deal"],
    ],
    ids=" ".join,
)
def test_reading_a_sqlite_file_imports_no_sqlalchemy(sqlite_url: str, argv: list[str]) -> None:
    """A read of a current SQLite file runs on the stdlib driver: SQLAlchemy was most of a short command's time."""
    assert run(sqlite_url, "ingest", str(SEEDS)).exit_code == 0
    code = (
        "import sys\nfrom tracker.cli.main import cli\n"
        f"try:\n    cli({[*argv, '--db', sqlite_url]!r})\nexcept SystemExit as done:\n    print('exit', done.code)\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'sqlalchemy', 'alembic'}))"
    )
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    lines = output.stdout.strip().splitlines()
    assert lines[-2] == ("exit 1" if "no-such-deal" in argv else "exit 0"), output.stderr
    assert lines[-1] == "[]"


def test_listing_deals_whose_read_models_are_current_imports_no_sqlalchemy(sqlite_url: str) -> None:
    """The first list brings the read models up to date and keeps each deal's state head; the next reads them
    through the driver and prints the same."""
    assert run(sqlite_url, "ingest", str(SEEDS)).exit_code == 0
    code = (
        "import sys\nfrom tracker.cli.main import cli\n"
        f"try:\n    cli(['deals', '--db', {sqlite_url!r}, '--as-of', '2026-06-30', '--known-at', '2026-06-30'])\n"
        "except SystemExit as done:\n    print('exit', done.code)\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'sqlalchemy', 'alembic'}))"
    )
    first, second = (subprocess.run([sys.executable, "-c", code], capture_output=True, text=True) for _ in "12")
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    assert first.stdout.splitlines()[-1] == "['sqlalchemy']"
    assert second.stdout.splitlines()[-1] == "[]"
    assert first.stdout.splitlines()[:-1] == second.stdout.splitlines()[:-1]
    assert "nvidia-openai" in second.stdout


def test_record_refuses_a_regarding_that_names_nothing(seeded: str) -> None:
    result = run(
        seeded,
        "record",
        "nvidia-openai",
        "--type",
        "report_denied",
        "--party",
        "Nvidia",
        "--occurred",
        "2026-03",
        "--summary",
        "Nvidia denies",
        "--publisher",
        "AFP",
        "--published-at",
        "2026-03-02",
        "--regarding",
        "no-such-report",
    )
    assert result.exit_code == 1 and "names no stored report or event" in result.output
    assert state_json(seeded)["event_count"] == 18


SUMMARY_CUTS = [
    (as_of, known_at)
    for as_of in ("2025-09-15", "2025-10-15", "2026-02-15", "2026-11-22")
    for known_at in ("2025-09-30", "2025-12-31", "2026-02-28", "2026-11-22")
]


def test_state_summary_says_what_the_whole_state_says_of_what_stands_at_every_cut(seeded: str) -> None:
    """`state --summary` answers from the state index; the whole state folds the log. They must agree."""
    for as_of, known_at in SUMMARY_CUTS:
        cut = ("--as-of", as_of, "--known-at", known_at)
        whole, summary = state_json(seeded, *cut), state_json(seeded, "--summary", *cut)
        assert summary.pop("summary") is True
        whole["conflicts"] = [c for c in whole["conflicts"] if c["current"]]  # past ones are history
        assert summary == {key: whole[key] for key in summary}, (as_of, known_at)
    assert state_json(seeded, "--summary", "--as-of", "2026-02-28")["headline"]["text"] == "about $30B"


def test_state_summary_refuses_the_formats_that_show_history_and_unknown_deals(seeded: str) -> None:
    refused = run(seeded, "state", "nvidia-openai", "--summary", "--format", "markdown")
    assert refused.exit_code == 2 and len(refused.output.strip().splitlines()) == 1
    assert "expected text or json" in refused.output
    unknown = run(seeded, "state", "no-such-deal", "--summary")
    assert unknown.exit_code == 1 and "known deals: amazon-openai" in unknown.output
    text = run(seeded, "state", "nvidia-openai", "--summary")
    assert text.exit_code == 0 and "History" in text.output and "Sources" not in text.output


def test_state_summary_says_on_stderr_when_it_first_indexes_many_events(
    seeded: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("tracker.store.read_models.SAY_INDEXING", 10)
    first, again = (run(seeded, "state", "nvidia-openai", "--summary", "--json") for _ in range(2))
    assert first.exit_code == again.exit_code == 0
    assert "new events for the state index (once)" in first.stderr and json.loads(first.stdout)["summary"]
    assert again.stderr == ""


def test_read_models_do_not_wait_for_a_writer_when_they_are_current(tmp_path: Path) -> None:
    """A cron ingest holds SQLite's write lock through a whole file; an up-to-date read model needs no lock."""
    import sqlite3

    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    assert run(url, "ingest", str(SEEDS)).exit_code == 0
    commands = (("state", "nvidia-openai", "--summary", "--json"), ("deals", "--json"))
    for command in commands:
        assert run(url, *command).exit_code == 0  # brings the read model up to date
    writer = sqlite3.connect(tmp_path / "tracker.db", isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        reads = [run(url, *command) for command in commands]
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert [r.exit_code for r in reads] == [0, 0] and json.loads(reads[0].stdout)["summary"] is True
