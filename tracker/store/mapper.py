"""The one boundary between domain events and rows of the `events` table."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import orjson
from sqlalchemy import Text, type_coerce

from tracker.domain.dates import FuzzyDate
from tracker.domain.events import CATALOG, Event
from tracker.store.codec import canonical_fields, decode_into, encode_fields, iso_utc
from tracker.store.migrate import SchemaTooNew
from tracker.store.tables import bound_instant
from tracker.store.tables import events as events_table
from tracker.store.upcasting import UPCASTERS, UnknownSchemaVersion, Upcasters

_ENVELOPE = frozenset({"event_id", "deal", "occurred", "reported_at"})
# What from_row needs: leaving out the hashes and three of the four timestamps saves about 30% of a read.
# The payload comes as its text where the driver gives text (SQLite), for orjson to read: faster than json.
READ_COLUMNS = tuple(
    type_coerce(events_table.c[name], Text).label(name) if name == "payload" else events_table.c[name]
    for name in (
        "position",
        "event_id",
        "stream_id",
        "event_type",
        "schema_version",
        "payload",
        "occurred_text",
        "reported_at",
    )
)


class UnknownEventType(SchemaTooNew, LookupError):
    """A row written by a newer deal-tracker than this one (reported like a too-new schema)."""


class UnreadablePayload(UnknownEventType):
    """A known event type in a payload version this deal-tracker does not read."""


def to_row(event: Event, idempotency_key: str, upcasters: Upcasters = UPCASTERS) -> dict[str, Any]:
    """Columns for a new event; the store adds position, version, recorded time and hashes.

    The payload is in today's shape, so the row is stamped with its type's current version.
    """
    occurred = event.occurred
    return {
        "event_id": str(event.event_id),
        "stream_id": event.deal,
        "event_type": event.event_type,
        "schema_version": upcasters.current_version(event.event_type),
        "payload": payload_of(event),
        "occurred_start": occurred.start if occurred else None,
        "occurred_end": occurred.end if occurred else None,
        "occurred_text": occurred.text if occurred else None,
        "reported_at": event.reported_at,
        "idempotency_key": idempotency_key,
    }


def payload_of(event: Event) -> dict[str, Any]:
    return encode_fields(event, _ENVELOPE)


@dataclass(frozen=True, slots=True)
class Prepared:
    """A new event encoded once, before the append lock: what its hash covers, and its row for the table.

    The payload's canonical JSON is both the hashed spelling (as a fragment the
    row's JSON embeds) and the stored text, so it is encoded once, not twice.
    """

    hashed: dict[str, Any]  # the hashed columns known before the lock, instants spelled as the hash spells them
    row: dict[str, Any]  # the same columns as the driver takes them (SQLite: text)


def prepare(event: Event, idempotency_key: str, dialect_name: str, upcasters: Upcasters = UPCASTERS) -> Prepared:
    """``to_row`` for the store's append: the payload straight to its canonical JSON, the instants spelled once."""
    occurred = event.occurred
    payload = canonical_fields(event, _ENVELOPE)
    row: dict[str, Any] = {
        "event_id": str(event.event_id),
        "stream_id": event.deal,
        "event_type": event.event_type,
        "schema_version": upcasters.current_version(event.event_type),
        "occurred_start": occurred.start if occurred else None,
        "occurred_end": occurred.end if occurred else None,
        "occurred_text": occurred.text if occurred else None,
        "reported_at": event.reported_at,
        "idempotency_key": idempotency_key,
    }
    hashed = row | {"payload": orjson.Fragment(payload)}
    if dialect_name == "sqlite":
        bound = row | {"payload": payload.decode()}
    else:
        bound = row | {"payload": orjson.loads(payload)}
    for column in _INSTANTS:
        moment = row[column]
        if moment is not None:
            hashed[column] = iso_utc(moment)
            if dialect_name == "sqlite":
                bound[column] = bound_instant(moment, dialect_name)
    return Prepared(hashed, bound)


_INSTANTS = ("occurred_start", "occurred_end", "reported_at")


def from_row(row: Mapping[Any, Any], upcasters: Upcasters = UPCASTERS) -> Event:
    """Today's event from a row of any schema version; the row itself is left as stored."""
    cls = CATALOG.get(row["event_type"])
    if cls is None:
        raise UnknownEventType(f"event type {row['event_type']!r} at position {row['position']} is unknown")
    stored = row["payload"]
    try:
        payload = upcasters.upcast(
            row["event_type"], row["schema_version"], orjson.loads(stored) if isinstance(stored, str) else stored
        )
    except UnknownSchemaVersion as error:
        raise UnreadablePayload(f"event at position {row['position']}: {error}") from None
    text = row["occurred_text"]
    return decode_into(
        cls,
        payload,
        event_id=UUID(row["event_id"]),
        deal=row["stream_id"],
        occurred=FuzzyDate.parse(text) if text else None,
        reported_at=row["reported_at"],
    )
