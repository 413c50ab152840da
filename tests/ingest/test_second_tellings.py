"""One development, many outlets: a second report of it joins its timeline entry, on SQLite and PostgreSQL.

Reuters and Bloomberg both report the same signing; a third outlet gives another
price and stays a separate account; a report known before the first one
stays apart too, since hiding it would lose what was known before.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner

from tracker.cli.main import cli

DEAL = {"slug": "acme-widget", "name": "Acme buys Widget", "parties": [{"name": "Acme", "role": "buyer"}]}


def signing(report_id: str, publisher: str, published: str, price: str, occurred: str = "2025-09-22") -> dict:
    return {
        "id": report_id,
        "deal": "acme-widget",
        "type": "agreement_signed",
        "occurred": occurred,
        "summary": f"Acme agrees to buy Widget ({publisher})",
        "terms": {"price": price},
        "sources": [{"publisher": publisher, "published_at": published}],
    }


def tracker(url: str, *args: str) -> Any:
    result = CliRunner().invoke(cli, [*args, "--db", url], env={"NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    return result.output


def ingest(url: str, tmp_path: Path, name: str, reports: list[dict]) -> str:
    """Each file says which it is in a comment, so the same reports in a new file are read again."""
    path = tmp_path / f"{name}.yaml"
    path.write_text(f"# {name}\n" + yaml.safe_dump({"deals": [DEAL], "reports": reports}, allow_unicode=True))
    return tracker(url, "ingest", str(path))


def timeline(url: str, *cut: str) -> list[dict]:
    import json

    return json.loads(tracker(url, "timeline", "acme-widget", "--json", *cut))["events"]


def test_a_second_outlet_joins_the_entry_and_ingesting_again_adds_nothing(database_url: str, tmp_path: Path) -> None:
    import json

    ingest(database_url, tmp_path, "first", [signing("reuters", "Reuters", "2025-09-22", "$10 billion")])
    ingest(database_url, tmp_path, "second", [signing("bloomberg", "Bloomberg", "2025-09-23", "about $10 billion")])
    entries = timeline(database_url)
    assert [e["type"] for e in entries] == ["agreement_signed"]
    assert [s["publisher"] for s in entries[0]["sources"]] == ["Reuters", "Bloomberg"]
    assert len(entries[0]["also_reported"]) == 1
    state = json.loads(tracker(database_url, "state", "acme-widget", "--json"))
    assert state["event_count"] == 2 and state["conflicts"] == []  # the description and one development
    assert {s["publisher"] for s in state["sources"]} == {"Reuters", "Bloomberg"}
    before_bloomberg = timeline(database_url, "--known-at", "2025-09-22T12:00:00+00:00")
    assert [s["publisher"] for s in before_bloomberg[0]["sources"]] == ["Reuters"]
    again = ingest(
        database_url, tmp_path, "second-again", [signing("bloomberg", "Bloomberg", "2025-09-23", "about $10 billion")]
    )
    assert "0 events appended, 2 duplicates skipped" in again
    assert len(timeline(database_url)) == 1


def test_another_figure_or_an_earlier_report_stays_its_own_entry(database_url: str, tmp_path: Path) -> None:
    ingest(database_url, tmp_path, "first", [signing("reuters", "Reuters", "2025-09-22", "$10 billion")])
    ingest(database_url, tmp_path, "other", [signing("ft", "Financial Times", "2025-09-23", "$12 billion")])
    ingest(database_url, tmp_path, "early", [signing("wsj", "WSJ", "2025-09-21", "$10 billion", "2025-09")])
    assert len(timeline(database_url)) == 3


def test_two_outlets_in_one_file_are_one_development(database_url: str, tmp_path: Path) -> None:
    reports = [
        signing("reuters", "Reuters", "2025-09-22", "$10 billion"),
        signing("afp", "AFP", "2025-09-22", "$10 billion"),
    ]
    ingest(database_url, tmp_path, "both", reports)
    entries = timeline(database_url)
    assert len(entries) == 1 and {s["publisher"] for s in entries[0]["sources"]} == {"Reuters", "AFP"}
