"""The one boundary between domain events and rows of the `events` table."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import orjson
from pendulum import DateTime

from tracker.domain.dates import FuzzyDate
from tracker.domain.events import CATALOG, Event
from tracker.store.codec import canonical_fields, decode_into, encode_fields, iso_utc
from tracker.store.hashing import HashTemplate
from tracker.store.instants import bound_instant
from tracker.store.migrate import SchemaTooNew
from tracker.store.upcasting import UPCASTERS, UnknownSchemaVersion, Upcasters

_ENVELOPE = frozenset({"event_id", "deal", "occurred", "reported_at"})
# What from_row needs: leaving out the hashes and three of the four timestamps saves about 30% of a read.
READ_NAMES = (
    "position",
    "event_id",
    "stream_id",
    "event_type",
    "schema_version",
    "payload",
    "occurred_text",
    "reported_at",
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
    """A new event encoded once, before the append lock: its hash with gaps, and its columns for the driver.

    The payload's canonical JSON is both what the hash covers and the stored
    text, so it is encoded once, not twice; the instants are spelled once each.
    """

    hashed: HashTemplate  # the hashed JSON, waiting for position, recorded_at and version
    values: tuple[Any, ...]  # PREPARED_COLUMNS in order, as the driver binds them

    @property
    def payload(self) -> Any:
        return self.values[4]


# The columns of ``Prepared.values``; the store adds position, version, recorded_at, prev_hash and hash.
PREPARED_COLUMNS = (
    "event_id",
    "stream_id",
    "event_type",
    "schema_version",
    "payload",
    "occurred_start",
    "occurred_end",
    "occurred_text",
    "reported_at",
    "idempotency_key",
)


def prepare(event: Event, idempotency_key: str, dialect_name: str, upcasters: Upcasters = UPCASTERS) -> Prepared:
    """``to_row`` for the store's append: the payload straight to its canonical JSON, the instants spelled once."""
    occurred, reported = event.occurred, event.reported_at
    payload = canonical_fields(event, _ENVELOPE)
    event_id, schema_version = str(event.event_id), upcasters.current_version(event.event_type)
    start: Any = occurred and occurred.start
    end: Any = occurred and occurred.end
    hashed = HashTemplate.of(
        {
            "event_id": event_id,
            "event_type": event.event_type,
            "idempotency_key": idempotency_key,
            "occurred_end": end and iso_utc(end),
            "occurred_start": start and iso_utc(start),
            "occurred_text": occurred and occurred.text,
            "payload": orjson.Fragment(payload),
            "reported_at": iso_utc(reported),
            "schema_version": schema_version,
            "stream_id": event.deal,
        }
    )
    # what the driver binds, as SQLAlchemy's column types would hand it (and their refusal of a naive instant)
    start, end = start and bound_instant(start, dialect_name), end and bound_instant(end, dialect_name)
    values = (
        event_id,
        event.deal,
        event.event_type,
        schema_version,
        payload.decode(),  # the JSON text; PostgreSQL reads it into its jsonb column
        start,
        end,
        occurred and occurred.text,
        bound_instant(reported, dialect_name),
    )
    return Prepared(hashed, (*values, idempotency_key))


def from_row(row: Mapping[Any, Any], upcasters: Upcasters = UPCASTERS) -> Event:
    """Today's event from a row of any schema version; the row itself is left as stored."""
    return from_columns(*(row[name] for name in READ_NAMES), upcasters=upcasters)


def from_columns(
    position: int,
    event_id: str,
    stream_id: str,
    event_type: str,
    schema_version: int,
    payload: Any,
    occurred_text: str | None,
    reported_at: DateTime,
    *,
    upcasters: Upcasters = UPCASTERS,
) -> Event:
    """``from_row`` for the columns of READ_NAMES in order, as a driver's tuple gives them (a long read's path)."""
    cls = CATALOG.get(event_type)
    if cls is None:
        raise UnknownEventType(f"event type {event_type!r} at position {position} is unknown")
    fields = orjson.loads(payload) if isinstance(payload, str) else payload
    if schema_version != upcasters.current_version(event_type):
        try:
            fields = upcasters.upcast(event_type, schema_version, fields)
        except UnknownSchemaVersion as error:
            raise UnreadablePayload(f"event at position {position}: {error}") from None
    return decode_into(
        cls,
        fields,
        event_id=UUID(event_id),
        deal=stream_id,
        occurred=FuzzyDate.parse(occurred_text) if occurred_text else None,
        reported_at=reported_at,
    )
