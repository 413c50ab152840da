"""A file of many batches finds the same second tellings whether the earlier tellings are kept or read again.

Ingest keeps each (deal, type)'s stored tellings for the whole input instead of
reading them for every batch, and looks a long pair's up by date; these tests hold
both to what reading them again gives, across batches, with a report already
stored in the file, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tracker.bootstrap import open_app
from tracker.ingest import service
from tracker.ingest.files import CHUNK_REPORTS
from tracker.store.tables import events

PUBLISHERS = ("Reuters", "Bloomberg", "Financial Times", "WSJ")


def signing(deal: str, n: int) -> dict[str, Any]:
    """Signings in three months, every seventh on a day of one: a telling not kept is looked up by its dates."""
    day = 1 + n % 27
    return {
        "id": f"{deal}/{n}",
        "deal": deal,
        "type": "agreement_signed",
        "occurred": f"2025-{1 + n % 3:02d}" + (f"-{day:02d}" if n % 7 == 0 else ""),
        "summary": f"Signing {n} of {deal}",
        "terms": {"price": ("$10 billion", "$12 billion")[n % 5 == 0]},
        "sources": [{"publisher": PUBLISHERS[n % len(PUBLISHERS)], "published_at": f"2025-04-{day:02d}"}],
    }


def write(path: Path, prefix: str, reports: range, define: bool) -> Path:
    deals = [f"{prefix}-{d}" for d in range(3)]
    with path.open("w") as out:
        if define:
            out.write(json.dumps({"deals": [{"slug": d, "name": d} for d in deals]}) + "\n")
        for n in reports:
            for deal in deals:
                out.write(json.dumps(signing(deal, n)) + "\n")
    return path


def shape(url: str, prefix: str) -> list[tuple[str, str, str, str | None]]:
    """Each event of these deals as (type, deal, key, the key of what it is a second telling of), in log order."""
    app = open_app(url)
    with app.store.engine.connect() as connection:
        rows = connection.execute(
            select(
                events.c.event_id, events.c.event_type, events.c.stream_id, events.c.idempotency_key, events.c.payload
            )
            .where(events.c.stream_id.startswith(f"{prefix}-"))
            .order_by(events.c.position)
        ).all()
    keys = {row.event_id: _report_key(row.idempotency_key, prefix) for row in rows}
    found = []
    for row in rows:
        payload = json.loads(row.payload) if isinstance(row.payload, str) else row.payload
        target = payload.get("target")
        found.append(
            (
                row.event_type,
                row.stream_id.removeprefix(f"{prefix}-"),
                keys[row.event_id],
                keys[target] if target else None,
            )
        )
    return found


def _report_key(key: str, prefix: str) -> str:
    """A report's key without the deal's prefix; a deal's definition is keyed by a hash of its slug."""
    return key.replace(f"{prefix}-", "") if key.startswith("id:") else "definition"


def ingest_both(url: str, tmp_path: Path, prefix: str) -> None:
    app = open_app(url)
    first = write(tmp_path / f"{prefix}-first.jsonl", prefix, range(0, 40), define=True)
    many = write(tmp_path / f"{prefix}-many.jsonl", prefix, range(30, 30 + CHUNK_REPORTS), define=False)
    for path in (first, many):
        [outcome] = service.ingest(app.store, [path], app.clock())
        assert outcome.error is None, outcome.error


@pytest.mark.parametrize(
    ("limit", "read_at_most"),
    [(20_000, 5_000), (50, 5_000), (0, 10)],  # all kept; some let go as they grow; none kept, most looked up by date
)
def test_kept_tellings_give_what_reading_them_again_gives(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, limit: int, read_at_most: int
) -> None:
    kept_for = service.FirstTellings
    with monkeypatch.context() as patch:
        patch.setattr(service, "FirstTellings", lambda connection: kept_for(connection, limit=limit))
        patch.setattr(kept_for, "READ_AT_MOST", read_at_most)
        ingest_both(database_url, tmp_path, "kept")
    with monkeypatch.context() as patch:
        patch.setattr(service, "FirstTellings", lambda connection: kept_for(connection, limit=0))
        ingest_both(database_url, tmp_path, "read")
    kept, read = shape(database_url, "kept"), shape(database_url, "read")
    assert kept == read
    seconds = [e for e in kept if e[0] == "also_reported"]
    assert seconds and len(seconds) < len(kept) - 3  # both kinds
    assert any(int(e[2].split("/")[1]) >= 30 + CHUNK_REPORTS // 3 and e[3] for e in seconds)  # in a later batch
