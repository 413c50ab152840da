"""`tracker deal add`: a new deal from the command line, no file needed, through the real CLI on a real SQLite file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from tracker import schemas
from tracker.cli.main import cli

ACME = (
    *("deal", "add", "acme-beta", "--name", "Acme–Beta merger", "--kind", "merger"),
    *("--party", "Acme:acquirer", "--party", "Beta: The Company:target", "--link", "acme-gamma:related"),
)


def run(url: str, *args: str) -> Result:
    env = {"TRACKER_DATABASE_URL": url, "NO_COLOR": "1", "COLUMNS": "200"}
    result = CliRunner().invoke(cli, list(args), env=env, prog_name="tracker")
    assert "Traceback" not in result.output
    return result


def ok_json(url: str, *args: str) -> Any:
    result = run(url, *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture
def url(tmp_path: Path) -> str:
    return str(tmp_path / "tracker.db")


def event_count(url: str) -> int:
    result = run(url, "verify")
    assert result.exit_code == 0, result.output
    return int(result.stdout.split()[1])


def test_a_deal_added_from_flags_is_listed_and_its_state_shows_name_and_parties(url: str) -> None:
    added = run(url, *ACME)
    assert added.exit_code == 0, added.output
    assert added.stdout.startswith("added deal acme-beta: Acme–Beta merger (event ")
    assert ok_json(url, "deals")["deals"][0] | {"links": None} == {
        "deal": "acme-beta",
        "name": "Acme–Beta merger",
        "kind": "merger",
        "status": None,
        "headline": None,
        "last_development": None,
        "links": None,
    }
    state = ok_json(url, "state", "acme-beta")
    assert (state["name"], state["kind"]) == ("Acme–Beta merger", "merger")
    assert state["parties"] == [{"name": "Acme", "role": "acquirer"}, {"name": "Beta: The Company", "role": "target"}]
    assert state["links"] == [{"deal": "acme-gamma", "relation": "related"}]


def test_adding_it_twice_adds_nothing_the_second_time(url: str) -> None:
    first = ok_json(url, *ACME)
    again = run(url, *ACME)
    assert again.exit_code == 0, again.output
    assert again.stdout.startswith("already stored: acme-beta: Acme–Beta merger")
    assert "nothing appended" in again.stdout
    second = ok_json(url, *ACME)
    assert (first["appended"], second["appended"], second["new_deal"]) == (True, False, False)
    assert second["event_id"] == first["event_id"] and second["described_at"] == first["described_at"]
    assert event_count(url) == 1


def test_the_json_document_names_its_schema_and_validates(url: str) -> None:
    document = ok_json(url, *ACME)
    schemas.validator("deal-add").validate(document)
    assert document["schema"] == "deal-tracker/deal-add/v1"
    assert document["appended"] and document["new_deal"] and document["names_the_deal"]
    assert document["parties"][1] == {"name": "Beta: The Company", "role": "target"}
    assert (document["headline_term"], document["links"]) == (
        "investment",
        [{"deal": "acme-gamma", "relation": "related"}],
    )


def test_it_stores_the_event_of_the_equivalent_file_in_either_order(url: str, tmp_path: Path) -> None:
    entry = {
        "slug": "acme-beta",
        "name": "Acme–Beta merger",
        "kind": "merger",
        "parties": [{"name": "Acme", "role": "acquirer"}, {"name": "Beta: The Company", "role": "target"}],
        "links": [{"deal": "acme-gamma", "relation": "related"}],
    }
    report = tmp_path / "acme.json"
    report.write_text(json.dumps({"deals": [entry]}))
    ingested = run(url, "ingest", str(report))
    assert ingested.exit_code == 0 and " 1 event appended" in ingested.stdout, ingested.output
    added = ok_json(url, *ACME)
    assert not added["appended"]
    other = tmp_path / "other.db"
    assert ok_json(str(other), *ACME)["event_id"] == added["event_id"]
    again = run(str(other), "ingest", str(report))
    assert again.exit_code == 0 and " 0 events appended, 1 duplicate skipped" in again.stdout, again.output


def test_another_name_renames_the_deal_from_described_at(url: str) -> None:
    assert run(url, *ACME, "--described-at", "2026-01-05").exit_code == 0
    renamed = run(url, "deal", "add", "acme-beta", "--name", "Acme–Beta (called off)", "--described-at", "2026-03-02")
    assert renamed.exit_code == 0, renamed.output
    assert renamed.stdout.startswith("described anew acme-beta: Acme–Beta (called off)")
    assert "2 Mar 2026" in renamed.stdout and "note:" not in renamed.stdout
    assert ok_json(url, "state", "acme-beta")["name"] == "Acme–Beta (called off)"
    assert ok_json(url, "state", "acme-beta", "--known-at", "2026-02-01")["name"] == "Acme–Beta merger"
    older = run(url, "deal", "add", "acme-beta", "--name", "Acme and Beta", "--described-at", "2026-02-01")
    assert older.exit_code == 0 and "note: a description reported later still names acme-beta" in older.stdout
    assert ok_json(url, "state", "acme-beta")["name"] == "Acme–Beta (called off)"


def test_record_then_adds_developments_to_it(url: str) -> None:
    assert run(url, *ACME, "--described-at", "2026-01-05").exit_code == 0
    recorded = run(
        url,
        *(
            "record",
            "acme-beta",
            "--type",
            "talks_reported",
            "--occurred",
            "2026-02",
            "--summary",
            "Acme and Beta talk",
        ),
        *("--publisher", "Wire", "--published-at", "2026-02-10", "--term", "investment=$2 billion"),
    )
    assert recorded.exit_code == 0, recorded.output
    state = ok_json(url, "state", "acme-beta")
    assert (state["name"], state["status"], state["headline"]["value"]) == (
        "Acme–Beta merger",
        "in_talks",
        "2000000000",
    )
    timeline = ok_json(url, "timeline", "acme-beta")
    assert [entry["summary"] for entry in timeline["events"]] == ["Acme and Beta talk"]


def test_untrusted_text_prints_literally_without_markup_or_controls(url: str) -> None:
    added = run(url, "deal", "add", "evil", "--name", "[red]Evil[/red] \x1b[31mdeal", "--party", "[bold]X:investor")
    assert added.exit_code == 0, added.output
    assert "[red]Evil[/red] [31mdeal" in added.stdout and "\x1b" not in added.stdout
    assert ok_json(url, "state", "evil")["parties"] == [{"name": "[bold]X", "role": "investor"}]


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--party", "Acme"], "Invalid value for --party: 'Acme': expected NAME:ROLE"),
        (["--party", ":investor"], "Invalid value for --party: ':investor': expected NAME:ROLE"),
        (["--party", "Acme:"], "Invalid value for --party: 'Acme:': expected NAME:ROLE"),
        (["--party", "Acme: "], "Invalid value for --party: 'Acme: ': expected NAME:ROLE"),
        (["--link", "acme-gamma"], "Invalid value for --link: 'acme-gamma': expected DEAL:RELATION"),
        (
            ["--link", "acme-gamma:friend"],
            "--link: 'acme-gamma:friend' (DEAL:RELATION): 'friend' is not one of part_of",
        ),
        (["--link", "Acme Gamma:related"], "--link: 'Acme Gamma:related': 'Acme Gamma' is not a deal slug"),
        (["--name", "x" * 201], "Invalid value for --name: 201 characters is too long: expected at most 200"),
        (["--name", ""], "Invalid value for --name: '' should be non-empty"),
        (["--kind", ""], "Invalid value for --kind: '' should be non-empty"),
        (["--described-at", "soon"], "Invalid value for --described-at: 'soon' is not a date"),
        (["--slug-is-an-argument"], "No such option '--slug-is-an-argument'"),
    ],
)
def test_bad_input_is_one_line_exit_2_naming_the_flag_and_writes_nothing(url: str, args: list[str], said: str) -> None:
    result = run(url, "deal", "add", "acme-beta", "--name", "Acme–Beta", *args)
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("tracker: error: "), result.stderr
    assert said in result.stderr and "(see `tracker deal add --help`)" in result.stderr, result.stderr
    assert "deals[0]" not in result.stderr and "^[" not in result.stderr
    assert not Path(url).exists()


def test_a_slug_that_cannot_be_one_names_the_argument_and_an_existing_database_gains_nothing(url: str) -> None:
    assert run(url, *ACME).exit_code == 0
    result = run(url, "deal", "add", "Acme Beta", "--name", "Acme–Beta")
    assert result.exit_code == 2
    assert "Invalid value for SLUG: 'Acme Beta' is not a deal slug: expected up to 100 lower-case" in result.stderr
    assert result.stderr.count("\n") == 1
    missing = run(url, "deal", "add", "acme-beta")
    assert missing.exit_code == 2 and "Missing option '--name'" in missing.stderr
    assert event_count(url) == 1
