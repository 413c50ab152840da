"""Deal heads: a read model of each deal's ``Head`` (``tracker.domain.views``), kept as the fold gave it.

A row names the events it shows by id, with the amendments the fold applied
to each development among them, so reading it back is one lookup of a few
dozen events however long the deal; every other value is spelled by
``tracker.store.spelling``. A head is written by a reader that folded the
deal at a cut the head holds for, and used only while the deal's version is
the one it was folded at: an event appended since makes the row stale, never
wrong.
A plain SQLite file is read through the driver, as the store reads events:
a command answered from a head needs no SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, cast
from uuid import UUID

import orjson

from tracker.domain.events import Event, EventAmended
from tracker.domain.fold import amended
from tracker.domain.views import Head
from tracker.store.codec import JSON
from tracker.store.database import Database
from tracker.store.spelling import field_hints, read, spell, spelling_version

ReadIds = Callable[[Iterable[UUID]], Mapping[UUID, Event]]
_HEAD_FIELDS = {name: hint for name, hint in field_hints(Head).items() if name != "amendments"}
_SQLITE_HEAD = "SELECT version, body FROM deal_heads WHERE deal = ?"


def stored_head(database: Database, deal: str, version: int, read_ids: ReadIds) -> Head | None:
    """The deal's head if one was kept at this version, its events read with ``read_ids``."""
    row = _stored_row(database, deal)
    if row is None or row[0] != version:
        return None
    body = row[1]
    if body.get("spelling") != spelling_version():  # kept by a tracker whose state had other fields
        return None
    amendments = {UUID(k): tuple(map(UUID, v)) for k, v in body["amendments"].items()}
    named = {UUID(i) for i in body["events"]} | {a for ids in amendments.values() for a in ids}
    return _Reader(read_ids(named), amendments).head(body["head"])


def _stored_row(database: Database, deal: str) -> tuple[int, dict[str, Any]] | None:
    if database.is_sqlite:
        with database.sqlite() as connection:
            found = connection.execute(_SQLITE_HEAD, (deal,)).fetchone()
        return None if found is None else (found[0], orjson.loads(found[1]))
    from sqlalchemy import select
    from sqlalchemy.exc import ProgrammingError

    from tracker.store.tables import deal_heads

    try:
        with database.engine.connect() as connection:
            row = connection.execute(select(deal_heads.c.version, deal_heads.c.body).where(deal_heads.c.deal == deal))
            first = row.first()
    except ProgrammingError as error:  # a role not granted the read models reads the log, and folds it
        if not _denied(error):
            raise
        return None
    return None if first is None else (first.version, first.body)


def _denied(error: Exception) -> bool:
    """PostgreSQL's insufficient privilege: a role that may read the log but not the read models."""
    return getattr(getattr(error, "orig", None), "sqlstate", None) == "42501"


def keep_head(database: Database, deal: str, version: int, head: Head) -> bool:
    """Store the head folded at ``version``; False if the database cannot take it now (read-only, locked, raced)."""
    from sqlalchemy import delete, insert
    from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError

    from tracker.store.tables import deal_heads

    spelled, named = _spelled(head)
    body = {
        "spelling": spelling_version(),
        "head": spelled,
        "events": sorted(str(i) for i in named),
        "amendments": {
            str(event_id): [str(a.event_id) for a in applied]
            for event_id, applied in head.amendments.items()
            if event_id in named
        },
    }
    try:
        with database.engine.begin() as connection:
            connection.execute(delete(deal_heads).where(deal_heads.c.deal == deal))
            connection.execute(insert(deal_heads).values(deal=deal, version=version, body=body))
    except (OperationalError, IntegrityError):  # read-only, busy, or another reader wrote it first: fold next time
        return False
    except ProgrammingError as error:
        if not _denied(error):
            raise
        return False
    return True


# --- spelling ----------------------------------------------------------------------------------


def _spelled(head: Head) -> tuple[dict[str, JSON], set[UUID]]:
    """The head's fields but its amendments (kept by id, aside), and the ids of the events they name."""
    named: set[UUID] = set()

    def by_id(event: Event) -> str:
        named.add(event.event_id)
        return str(event.event_id)

    spelled = {name: spell(getattr(head, name), hint, by_id) for name, hint in _HEAD_FIELDS.items()}
    return spelled, named


class _Reader:
    """Builds the head from its spelling, each development as the fold amended it, made once."""

    def __init__(self, events: Mapping[UUID, Event], amendments: Mapping[UUID, tuple[UUID, ...]]) -> None:
        self._events = events
        self._amendments = amendments
        self._made: dict[str, Event] = {}

    def head(self, raw: Mapping[str, JSON]) -> Head:
        fields = {name: read(raw[name], hint, self._event) for name, hint in _HEAD_FIELDS.items()}
        amendments = {k: tuple(self._events[a] for a in v) for k, v in self._amendments.items()}
        return Head(**fields, amendments=amendments)

    def _event(self, event_id: str) -> Event:
        if event_id not in self._made:
            key = UUID(event_id)
            applied = [cast(EventAmended, self._events[a]) for a in self._amendments.get(key, ())]
            event = self._events[key]
            self._made[event_id] = amended(event, applied) if applied else event
        return self._made[event_id]
