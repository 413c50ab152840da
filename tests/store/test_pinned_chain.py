"""A chain written before the store's fast paths still verifies, and the store writes it again byte for byte.

``tests/fixtures/chain_before_17.json`` holds every column of 114 rows (the
seeds, the sagas and a short generated feed: 24 event types) as the store at
commit 5206e19 wrote them to SQLite, recorded at one fixed instant. It is never
regenerated: a change to how events are spelled, hashed or stored that is not
byte-identical fails here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pendulum
from sqlalchemy import Engine, insert, select

from tracker.store.eventstore import EventStore, NewEvent
from tracker.store.instants import sqlite_instant
from tracker.store.mapper import from_row
from tracker.store.tables import events

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "chain_before_17.json"
RECORDED = pendulum.datetime(2026, 12, 2, 9, 30, 15, 123456, tz="UTC")
INSTANTS = ("occurred_start", "occurred_end", "reported_at", "recorded_at")


def pinned() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return rows


def as_inserted(row: dict[str, Any]) -> dict[str, Any]:
    """The stored row for SQLAlchemy's insert: instants as datetimes, the payload as JSON."""
    values = dict(row, payload=json.loads(row["payload"]))
    for column in INSTANTS:
        if values[column] is not None:
            values[column] = sqlite_instant(values[column])
    return values


def test_the_pinned_chain_is_whole() -> None:
    rows = pinned()
    assert len(rows) == 114 and len({row["event_type"] for row in rows}) == 24
    assert {row["recorded_at"] for row in rows} == {"2026-12-02 09:30:15.123456"}


def test_a_chain_written_before_verifies_and_reads(engine: Engine) -> None:
    rows = pinned()
    with engine.begin() as connection:
        connection.execute(insert(events), [as_inserted(row) for row in rows])
    store = EventStore(engine, lambda: RECORDED)
    verification = store.verify()
    assert verification.broken is None and verification.checked == len(rows)
    assert [str(event.event_id) for event in store.read()] == [row["event_id"] for row in rows]


def test_appending_the_same_events_again_writes_the_same_hashes_and_payload_bytes(engine: Engine) -> None:
    rows = pinned()
    decoded = [from_row(dict(row, reported_at=sqlite_instant(row["reported_at"]))) for row in rows]
    store = EventStore(engine, lambda: RECORDED)
    store.append([NewEvent(event, row["idempotency_key"]) for event, row in zip(decoded, rows, strict=True)])
    with engine.connect() as connection:
        stored = connection.execute(
            select(events.c.position, events.c.version, events.c.prev_hash, events.c.hash).order_by(events.c.position)
        ).all()
    assert [tuple(row) for row in stored] == [
        (row["position"], row["version"], row["prev_hash"], row["hash"]) for row in rows
    ]
    if engine.dialect.name == "sqlite":  # the payload text as stored: PostgreSQL keeps JSONB, which has no bytes
        with engine.connect() as connection:
            texts = connection.exec_driver_sql("SELECT payload FROM events ORDER BY position").scalars().all()
        assert texts == [row["payload"] for row in rows]
    assert store.verify().broken is None
