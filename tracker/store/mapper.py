"""The one boundary between domain events and rows of the `events` table."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any
from uuid import UUID

from tracker.domain.dates import FuzzyDate
from tracker.domain.events import CATALOG, Event
from tracker.store.codec import decode_into, encode

SCHEMA_VERSION = 1
_ENVELOPE = frozenset({"event_id", "deal", "occurred", "reported_at"})


class UnknownEventType(LookupError):
    """A row written by a newer deal-tracker than this one."""


def to_row(event: Event, idempotency_key: str) -> dict[str, Any]:
    """Columns for a new event; the store adds position, version, recorded time and hashes."""
    occurred = event.occurred
    return {
        "event_id": str(event.event_id),
        "stream_id": event.deal,
        "event_type": event.event_type,
        "schema_version": SCHEMA_VERSION,
        "payload": payload_of(event),
        "occurred_start": occurred.start if occurred else None,
        "occurred_end": occurred.end if occurred else None,
        "occurred_text": occurred.text if occurred else None,
        "reported_at": event.reported_at,
        "idempotency_key": idempotency_key,
    }


def payload_of(event: Event) -> dict[str, Any]:
    return {
        field.name: encode(getattr(event, field.name))
        for field in dataclasses.fields(event)
        if field.name not in _ENVELOPE and getattr(event, field.name) is not None
    }


def from_row(row: Mapping[Any, Any]) -> Event:
    cls = CATALOG.get(row["event_type"])
    if cls is None:
        raise UnknownEventType(f"event type {row['event_type']!r} at position {row['position']} is unknown")
    text = row["occurred_text"]
    return decode_into(
        cls,
        row["payload"],
        event_id=UUID(row["event_id"]),
        deal=row["stream_id"],
        occurred=FuzzyDate.parse(text) if text else None,
        reported_at=row["reported_at"],
    )
