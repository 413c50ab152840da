"""Corrections must name something they can change, and a report id names one report only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.conftest import SEEDS
from tracker.bootstrap import open_app
from tracker.cli.main import cli

DEALS = {"deals": [{"slug": "acme", "name": "Acme buys Widget"}, {"slug": "other", "name": "Other deal"}]}
SOURCE = [{"publisher": "Wire", "published_at": "2026-01-31"}]


def report(id_: str, deal: str = "acme", summary: str = "Talks") -> dict:
    return {
        "id": id_,
        "deal": deal,
        "type": "talks_reported",
        "occurred": "2026-01",
        "summary": summary,
        "sources": SOURCE,
    }


def retraction(target: str, deal: str = "acme", field: str = "target") -> dict:
    if field == "regarding":
        return {
            "deal": deal,
            "type": "report_denied",
            "party": "Acme",
            "occurred": "2026-01",
            "summary": "Denied",
            "sources": SOURCE,
            "regarding": target,
        }
    return {"deal": deal, "type": "event_retracted", "target": target, "reason": "Wrong", "summary": "Retracted"}


def invoke(url: str, *args: str) -> Result:
    result = CliRunner().invoke(cli, list(args), env={"TRACKER_DATABASE_URL": url})
    assert "Traceback" not in result.output
    return result


def ingest(url: str, tmp_path: Path, name: str, *documents: dict) -> Result:
    path = tmp_path / name
    path.write_text("".join(json.dumps(d) + "\n" for d in documents))
    return invoke(url, "ingest", str(path))


def event_id(url: str, event_type: str) -> str:
    return next(str(e.event_id) for e in open_app(url).store.read() if e.event_type == event_type)


@pytest.fixture
def stored(database_url: str, tmp_path: Path) -> str:
    result = ingest(database_url, tmp_path, "base.jsonl", DEALS, report("r1"), report("r-other", deal="other"))
    assert result.exit_code == 0, result.output
    return database_url


@pytest.mark.parametrize(
    ("target", "field", "expected"),
    [
        ("nope", "target", "reports[0].target: 'nope' names no stored report or event"),
        ("00000000-0000-4000-8000-000000000000", "target", "names no stored report or event"),
        ("nope", "regarding", "reports[0].regarding: 'nope' names no stored report or event"),
        ("r-other", "target", "'r-other' is an event of deal 'other': expected one of 'acme'"),
    ],
)
def test_a_correction_of_nothing_or_of_another_deal_is_refused(
    stored: str, tmp_path: Path, target: str, field: str, expected: str
) -> None:
    result = ingest(stored, tmp_path, "fix.jsonl", retraction(target, field=field))
    assert result.exit_code == 1
    assert expected in result.stderr and len(result.stderr.splitlines()) == 1, result.stderr
    assert len(open_app(stored).store.read()) == 4


def test_a_description_cannot_be_corrected_nor_a_correction_amended(stored: str, tmp_path: Path) -> None:
    described = event_id(stored, "deal_described")
    result = ingest(stored, tmp_path, "a.jsonl", retraction(described))
    assert result.exit_code == 1
    assert "it is a deal_described event, which a retraction cannot change" in result.stderr
    assert ingest(stored, tmp_path, "b.jsonl", {"id": "fix-1"} | retraction("r1")).exit_code == 0
    amend = {
        "deal": "acme",
        "type": "event_amended",
        "target": "fix-1",
        "new_summary": "x",
        "reason": "y",
        "summary": "Amended",
    }
    again = ingest(stored, tmp_path, "c.jsonl", amend)
    assert again.exit_code == 1
    assert (
        "it is an event_retracted event, which an amendment cannot change: expected a reported development"
        in again.stderr
    ), again.stderr


def test_a_mistaken_retraction_is_undone_by_retracting_it(stored: str, tmp_path: Path) -> None:
    """Re-ingesting the report would be a duplicate: retracting the retraction is the way back."""
    assert ingest(stored, tmp_path, "b.jsonl", {"id": "fix-1"} | retraction("r1")).exit_code == 0
    shown = json.loads(invoke(stored, "state", "acme", "--json").stdout)
    assert shown["status"] != "in_talks", shown["status"]
    undo = ingest(stored, tmp_path, "c.jsonl", {"id": "fix-2"} | retraction("fix-1"))
    assert undo.exit_code == 0, undo.output
    assert json.loads(invoke(stored, "state", "acme", "--json").stdout)["status"] == "in_talks"


def test_a_correction_of_a_report_in_the_same_input_is_accepted(stored: str, tmp_path: Path) -> None:
    result = ingest(stored, tmp_path, "same.jsonl", report("r2"), retraction("r2"), retraction("r1", field="regarding"))
    assert result.exit_code == 0, result.output


def test_a_report_id_reused_in_another_deal_is_refused_not_skipped(stored: str, tmp_path: Path) -> None:
    result = ingest(stored, tmp_path, "reuse.jsonl", report("r1", deal="other"))
    assert result.exit_code == 1
    assert (
        "reuse.jsonl:1: reports[0].id: report id 'r1' is already used by a different report "
        "(talks_reported on deal 'acme')"
    ) in result.stderr
    changed = ingest(stored, tmp_path, "changed.jsonl", report("r1", summary="Talks, said differently"))
    assert changed.exit_code == 1 and "already used by a different report" in changed.stderr


def test_the_same_reports_in_a_new_file_are_a_no_op(stored: str, tmp_path: Path) -> None:
    result = ingest(stored, tmp_path, "again.jsonl", report("r1"), report("r-other", deal="other"), {"deals": []})
    assert result.exit_code == 0, result.output
    assert "0 events appended, 2 duplicates skipped" in result.stdout


def test_the_seeds_read_again_from_another_file_are_a_no_op(sqlite_url: str, tmp_path: Path) -> None:
    assert invoke(sqlite_url, "ingest", str(SEEDS / "nvidia-openai.yaml")).exit_code == 0
    copy = tmp_path / "copy.yaml"
    copy.write_text((SEEDS / "nvidia-openai.yaml").read_text() + "\n# a comment makes it another file\n")
    again = invoke(sqlite_url, "ingest", str(copy))
    assert again.exit_code == 0, again.output
    assert " 0 events appended" in again.stdout


@pytest.mark.parametrize("prefix", ["zzzz", "%", "ab", "____", "3f2a'; --"])
def test_retract_refuses_a_prefix_that_is_not_hex(stored: str, prefix: str) -> None:
    result = invoke(stored, "retract", prefix, "--reason", "x")
    assert result.exit_code == 2
    assert "expected an event id or at least its first 4 hex digits" in result.output
    assert len(open_app(stored).store.read()) == 4


def test_retract_refuses_descriptions_and_undoes_retractions(stored: str) -> None:
    described = event_id(stored, "deal_described")
    result = invoke(stored, "retract", described, "--reason", "x")
    assert (result.exit_code, result.stderr) == (
        1,
        f"tracker: error: cannot retract {described}: it is a "
        "deal_described event, which a retraction cannot change: "
        "expected a reported development or a correction\n",
    )
    talks = event_id(stored, "talks_reported")
    assert invoke(stored, "retract", talks[:8], "--reason", "Wrong").exit_code == 0
    twice = invoke(stored, "retract", talks[:8], "--reason", "Wrong again")
    assert (twice.exit_code, twice.stderr) == (
        1,
        f"tracker: error: {talks} is already retracted; to restore it, retract that retraction\n",
    )
    retraction_id = event_id(stored, "event_retracted")
    undo = invoke(stored, "retract", retraction_id, "--reason", "Retracted in error")
    assert undo.exit_code == 0 and undo.stdout.endswith(f"restored {talks}\n"), undo.output
    redo = invoke(stored, "retract", talks[:8], "--reason", "Wrong")  # the same words as the first: a new event
    assert redo.exit_code == 0 and redo.stdout.startswith(f"retracted {talks} with "), redo.output
    events = open_app(stored).store.read()
    assert [e.event_type for e in events].count("event_retracted") == 3
