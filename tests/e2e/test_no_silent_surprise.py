"""Issue 16 through the real `tracker` command: nothing typed is lost or changed without a word."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pendulum
import pytest
from click.testing import CliRunner, Result

from tests.conftest import SEEDS
from tests.e2e.test_cli import run
from tracker.cli.main import cli


@pytest.fixture
def seeded(database_url: str) -> str:
    result = run(database_url, "ingest", str(SEEDS))
    assert result.exit_code == 0, result.output
    return database_url


def _event_count(url: str, deal: str = "amazon-openai", known_at: str = "now") -> int:
    timeline = run(url, "timeline", deal, "--json", "--known-at", known_at, "--as-of", known_at)
    return len(json.loads(timeline.stdout)["events"])


def _record(url: str, *extra: str, summary: str = "Amazon closes its investment") -> Result:
    return run(
        url,
        "record",
        "amazon-openai",
        "--type",
        "deal_closed",
        "--occurred",
        "2026-03-01",
        "--summary",
        summary,
        "--publisher",
        "Example News",
        "--published-at",
        "2026-03-01",
        *extra,
    )


def test_record_refuses_a_reused_id_with_other_content(seeded: str) -> None:
    first = _record(seeded, "--id", "example-close")
    assert first.exit_code == 0, first.output
    before = _event_count(seeded)
    again = _record(seeded, "--id", "example-close")
    assert again.exit_code == 0 and again.stdout.startswith("already stored: ")
    changed = _record(seeded, "--id", "example-close", summary="Amazon walks away")
    assert changed.exit_code == 1, changed.output
    assert changed.stdout == "" and changed.stderr.count("\n") == 1
    assert "report id 'example-close' is already used by a different report (deal_closed" in changed.stderr
    assert "nothing appended" not in changed.output
    assert _event_count(seeded) == before


@pytest.mark.parametrize("reason", ["", "   ", "\t\n"])
def test_retract_refuses_a_blank_reason(seeded: str, reason: str) -> None:
    event_id = json.loads(run(seeded, "timeline", "amazon-openai", "--json").stdout)["events"][0]["event_id"]
    before = _event_count(seeded)
    result = run(seeded, "retract", event_id, "--reason", reason)
    assert result.exit_code == 2, result.output
    assert "--reason" in result.stderr and "blank" in result.stderr and result.stderr.count("\n") == 1
    assert _event_count(seeded) == before


@pytest.mark.parametrize(
    ("command", "flag"),
    [
        (("state", "nvidia-openai"), "--as-of"),
        (("state", "nvidia-openai"), "--known-at"),
        (("timeline", "nvidia-openai"), "--as-of"),
        (("timeline", "nvidia-openai"), "--since"),
        (("timeline", "nvidia-openai"), "--until"),
    ],
)
@pytest.mark.parametrize("empty", ["", "  "])
def test_an_empty_date_is_refused_not_read_as_now(seeded: str, command: tuple[str, ...], flag: str, empty: str) -> None:
    result = run(seeded, *command, flag, empty)
    assert result.exit_code == 2, result.output
    assert result.stdout == "" and flag in result.stderr and result.stderr.count("\n") == 1


@pytest.mark.parametrize("written", ["tracker.db", "data/tracker.db", "sqlite:///data/tracker.db"])
def test_a_relative_database_in_the_config_lies_beside_the_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, written: str
) -> None:
    folder, elsewhere = tmp_path / "conf", tmp_path / "elsewhere"
    folder.mkdir()
    elsewhere.mkdir()
    (folder / "ingest.toml").write_text(f'[ingest]\ndatabase = "{written}"\n', encoding="utf-8")
    monkeypatch.chdir(elsewhere)
    result = CliRunner().invoke(
        cli,
        ["ingest", "--config", str(folder / "ingest.toml"), str(SEEDS)],
        env={"TRACKER_DATABASE_URL": None, "NO_COLOR": "1"},
    )
    assert result.exit_code == 0, result.output
    expected = folder / written.removeprefix("sqlite:///")
    assert expected.is_file()
    assert list(elsewhere.rglob("*")) == []
    state = run(f"sqlite:///{expected}", "state", "nvidia-openai", "--json")
    assert state.exit_code == 0 and json.loads(state.stdout)["status"]


def test_a_server_databases_default_lock_lands_in_the_tests_own_data_directory(
    postgres_url: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """What left ingest-*.lock files in the real data directory: an ingest on PostgreSQL without --lock-file."""
    data = Path(os.environ["XDG_DATA_HOME"])
    assert data.is_relative_to(tmp_path_factory.getbasetemp())
    assert Path.home().is_relative_to(tmp_path_factory.getbasetemp())
    assert run(postgres_url, "ingest", str(SEEDS)).exit_code == 0
    assert [p.name[:7] for p in (data / "deal-tracker").iterdir()] == ["ingest-"]


FUTURE = f"{pendulum.now('UTC').year + 36}-03-02"  # 2026 typed as 2062


def _future_report(tmp_path: Path) -> Path:
    path = tmp_path / "typo.json"
    path.write_text(
        json.dumps(
            {
                "deal": "amazon-openai",
                "type": "statement_made",
                "party": "Amazon",
                "occurred": FUTURE,
                "summary": "Amazon comments",
                "sources": [{"publisher": "Wire", "published_at": FUTURE}],
            }
        ),
        encoding="utf-8",
    )
    return path


def test_ingest_refuses_a_source_published_after_now_unless_allowed(seeded: str, tmp_path: Path) -> None:
    before = _event_count(seeded)
    refused = run(seeded, "ingest", str(_future_report(tmp_path)))
    assert refused.exit_code == 1, refused.output
    assert f"published_at: '{FUTURE}' is in the future" in refused.stderr and "--allow-future" in refused.stderr
    assert _event_count(seeded) == before
    allowed = run(seeded, "ingest", "--allow-future", str(_future_report(tmp_path)))
    assert allowed.exit_code == 0, allowed.output
    assert _event_count(seeded, known_at=FUTURE) == before + 1


@pytest.mark.parametrize(("written", "code"), [("true", 0), ("false", 1), ('"yes"', 2)])
def test_the_config_file_may_allow_the_future(seeded: str, tmp_path: Path, written: str, code: int) -> None:
    config = tmp_path / "ingest.toml"
    config.write_text(f"[ingest]\nallow_future = {written}\n", encoding="utf-8")
    result = run(seeded, "ingest", "--config", str(config), str(_future_report(tmp_path)))
    assert result.exit_code == code, result.output
    if code == 2:
        assert "ingest.allow_future: expected true or false, got 'yes'" in result.stderr


def test_record_refuses_a_date_after_now_unless_allowed(seeded: str) -> None:
    """Before, it went in and vanished from the timeline and from the count of later developments."""
    before = _event_count(seeded)
    typed = ("record", "amazon-openai", "--type", "deal_closed", "--summary", "S", "--publisher", "P")
    dates = ("--occurred", FUTURE, "--published-at", FUTURE)
    refused = run(seeded, *typed, *dates)
    assert refused.exit_code == 2, refused.output
    assert f"Invalid value for --published-at: '{FUTURE}' is in the future" in refused.stderr
    assert "--allow-future" in refused.stderr and refused.stderr.count("\n") == 1
    assert _event_count(seeded) == before
    allowed = run(seeded, *typed, *dates, "--allow-future")
    assert allowed.exit_code == 0, allowed.output
    assert _event_count(seeded, known_at=FUTURE) == before + 1


TWO_OUTLETS = """\
deals:
  - {slug: acme-widget, name: Acme buys Widget, parties: [{name: Acme, role: buyer}]}
reports:
  - id: acme/talks
    deal: acme-widget
    type: talks_reported
    occurred: 2026-02
    summary: Acme in talks to buy Widget
    terms: {price: "approximately $20 billion"}
    sources: [{publisher: Reuters, published_at: 2026-02-10}]
  - id: acme/talks-fr
    deal: acme-widget
    type: terms_reported
    regarding: acme/talks
    occurred: 2026-02
    summary: Acme négocie le rachat de Widget
    terms: {price: "20 milliards de dollars"}
    sources: [{publisher: Les Echos, published_at: 2026-02-11, language: fr}]
"""


def _conflicts(url: str) -> list[dict[str, object]]:
    state = run(url, "state", "acme-widget", "--json")
    assert state.exit_code == 0, state.output
    return list(json.loads(state.stdout)["conflicts"])


def test_equal_figures_from_two_outlets_are_not_a_dispute(database_url: str, tmp_path: Path) -> None:
    (tmp_path / "acme.yaml").write_text(TWO_OUTLETS, encoding="utf-8")
    assert run(database_url, "ingest", str(tmp_path / "acme.yaml")).exit_code == 0
    assert _conflicts(database_url) == []
    for command in (("state", "acme-widget"), ("timeline", "acme-widget")):
        shown = run(database_url, *command)
        assert shown.exit_code == 0 and "isput" not in shown.stdout, shown.stdout  # neither Disputed nor disputed


def test_a_figure_that_cannot_also_be_true_is_still_a_dispute(database_url: str, tmp_path: Path) -> None:
    third = """\
  - id: acme/talks-ft
    deal: acme-widget
    type: terms_reported
    regarding: acme/talks
    occurred: 2026-02
    summary: Acme would pay $30 billion
    terms: {price: "$30 billion"}
    sources: [{publisher: FT, published_at: 2026-02-12}]
"""
    (tmp_path / "acme.yaml").write_text(TWO_OUTLETS + third, encoding="utf-8")
    assert run(database_url, "ingest", str(tmp_path / "acme.yaml")).exit_code == 0
    [conflict] = _conflicts(database_url)
    assert conflict["term"] == "price" and len(conflict["claims"]) == 3  # type: ignore[arg-type]
