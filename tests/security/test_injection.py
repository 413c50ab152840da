"""Every query binds its parameters: SQL in any text field is stored and read back as the text it is."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tracker.bootstrap import open_app
from tracker.cli.main import cli

PAYLOADS = [
    "'); DROP TABLE events;--",
    '" OR 1=1 --',
    "' OR '1'='1'; SELECT pg_sleep(5); --",
    "%' OR '%'='; DELETE FROM events WHERE '1'='1",
    "$$; DROP TABLE events; $$ \\'; --",
]
SOURCE_FIELDS = ("publisher", "title", "url", "quote")


def marked(payload: str, field: str) -> str:
    return f"{field}: {payload}"


def document(payload: str) -> dict:
    def x(field: str) -> str:
        return marked(payload, field)

    source = {name: x(name) for name in SOURCE_FIELDS} | {
        "published_at": "2026-01-31",
        "cites": [{"outlet": x("outlet"), "url": x("cite url")}],
    }
    envelope = {"deal": "acme", "occurred": "2026-01", "sources": [source]}
    report_id = x("id").replace("\n", " ").replace("\t", " ")  # ids are one line
    return {
        "deals": [
            {
                "slug": "acme",
                "name": x("name"),
                "kind": x("kind"),
                "headline_term": "investment",
                "parties": [{"name": x("party name"), "role": x("party role")}],
            }
        ],
        "reports": [
            envelope | {"id": report_id, "type": "talks_reported", "summary": x("summary")},
            envelope
            | {"type": "participant_joined", "summary": x("summary 2"), "party": x("party"), "role": x("role")},
            envelope
            | {"type": "statement_made", "summary": x("summary 3"), "party": x("party 3"), "speaker": x("speaker")},
            envelope
            | {
                "type": "context_noted",
                "summary": x("summary 4"),
                "topic": "other",
                "figures": {"share": {"qualifier": "about", "value": 5, "unit": x("unit")}},
            },
            {
                "deal": "acme",
                "type": "event_amended",
                "target": report_id,
                "reason": x("reason"),
                "summary": x("summary 5"),
                "new_summary": x("new summary"),
            },
            {
                "deal": "acme",
                "type": "event_retracted",
                "target": report_id,
                "reason": x("reason 2"),
                "summary": x("summary 6"),
            },
        ],
    }


def strings_in(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, tuple | list):
        for item in value:
            yield from strings_in(item)
    elif dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            yield from strings_in(getattr(value, field.name))


def invoke(url: str, *args: str) -> Result:
    result = CliRunner().invoke(cli, list(args), env={"TRACKER_DATABASE_URL": url})
    assert "Traceback" not in result.output
    return result


@pytest.mark.parametrize("payload", PAYLOADS)
def test_sql_in_every_text_field_of_a_report_is_stored_verbatim(
    database_url: str, tmp_path: Path, payload: str
) -> None:
    path = tmp_path / "report.json"
    doc = document(payload)
    path.write_text(json.dumps(doc))
    result = invoke(database_url, "ingest", str(path))
    assert result.exit_code == 0, result.output
    stored = set(strings_in(open_app(database_url).store.read()))
    written = {
        marked(payload, field)
        for field in (
            *SOURCE_FIELDS,
            "outlet",
            "cite url",
            "name",
            "party name",
            "party role",
            "summary",
            "party",
            "role",
            "summary 2",
            "summary 3",
            "party 3",
            "speaker",
            "summary 4",
            "unit",
            "reason",
            "summary 5",
            "new summary",
            "reason 2",
            "summary 6",
        )
    }
    assert written - stored == set()
    assert invoke(database_url, "verify").stdout.startswith("ok: 7 events")
    runs = json.loads(invoke(database_url, "runs", "--json").stdout)["runs"]
    assert [r["appended"] for r in runs] == [7]


def test_a_deal_kind_is_read_back(sqlite_url: str, tmp_path: Path) -> None:
    path = tmp_path / "deal.yaml"
    path.write_text("deals: [{slug: acme, name: Acme, kind: merger}]\n")
    assert invoke(sqlite_url, "ingest", str(path)).exit_code == 0
    [described] = open_app(sqlite_url).store.read()
    assert getattr(described, "kind", None) == "merger"


@pytest.mark.parametrize("payload", PAYLOADS[:3])
def test_sql_in_recorded_flags_and_lookups_is_only_text(database_url: str, tmp_path: Path, payload: str) -> None:
    path = tmp_path / "deal.yaml"
    path.write_text("deals: [{slug: acme, name: Acme}]\n")
    assert invoke(database_url, "ingest", str(path)).exit_code == 0
    flags = {
        f"--{name}": marked(payload, name)
        for name in ("summary", "publisher", "title", "url", "quote", "party", "speaker", "id")
    }
    result = invoke(
        database_url,
        "record",
        "acme",
        "--type",
        "statement_made",
        "--occurred",
        "2026-01",
        "--published-at",
        "2026-01-31",
        "--cites",
        marked(payload, "outlet"),
        *[part for pair in flags.items() for part in pair],
    )
    assert result.exit_code == 0, result.output
    stored = set(strings_in(open_app(database_url).store.read()))
    assert {
        marked(payload, name)
        for name in ("summary", "publisher", "title", "url", "quote", "party", "speaker", "outlet")
    } <= stored
    assert invoke(database_url, "timeline", payload).stderr.startswith(f"tracker: error: no deal {payload!r}")
    assert json.loads(invoke(database_url, "deals", "--party", payload, "--json").stdout)["deals"] == []
    assert invoke(database_url, "retract", payload, "--reason", payload).exit_code == 2
    assert invoke(database_url, "verify").stdout.startswith("ok: 2 events")
