"""Deal heads: a read model of each deal's ``Head`` (``tracker.domain.views``), kept as the fold gave it.

A row names the events it shows by id, with the amendments the fold applied
to each development among them, so reading it back is one lookup of a few
dozen events however long the deal; every other value is spelled as the log
spells it (a term's value tagged when it is a date). The state's classes are
written and read by their type hints, so a field added to one is kept
without a line here. A head is written by a reader that folded the deal at a
cut the head holds for, and used only while the deal's version is the one it
was folded at: an event appended since makes the row stale, never wrong.
A plain SQLite file is read through the driver, as the store reads events:
a command answered from a head needs no SQLAlchemy.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from typing import Any, cast
from uuid import UUID

import orjson

from tracker.domain.events import Event, EventAmended, TermValue
from tracker.domain.fold import amended
from tracker.domain.state import (
    Approval,
    Claim,
    Conflict,
    Contest,
    Entry,
    Flag,
    Lawsuit,
    Participant,
    Position,
    Stance,
    Summary,
)
from tracker.domain.views import Head, History
from tracker.store.codec import JSON, decode, encode, tagged
from tracker.store.database import Database

ReadIds = Callable[[Iterable[UUID]], Mapping[UUID, Event]]
_VIEWS = (
    Head,
    Summary,
    History,
    Claim,
    Conflict,
    Entry,
    Participant,
    Stance,
    Approval,
    Lawsuit,
    Contest,
    Position,
    Flag,
)
_SQLITE_HEAD = "SELECT version, body FROM deal_heads WHERE deal = ?"


def stored_head(database: Database, deal: str, version: int, read_ids: ReadIds) -> Head | None:
    """The deal's head if one was kept at this version, its events read with ``read_ids``."""
    row = _stored_row(database, deal)
    if row is None or row[0] != version:
        return None
    body = row[1]
    amendments = {UUID(k): tuple(map(UUID, v)) for k, v in body["amendments"].items()}
    named = {UUID(i) for i in body["events"]} | {a for ids in amendments.values() for a in ids}
    reader = _Reader(read_ids(named), amendments)
    return cast(Head, reader.value(body["head"], Head))


def _stored_row(database: Database, deal: str) -> tuple[int, dict[str, Any]] | None:
    if database.is_sqlite:
        with database.sqlite() as connection:
            found = connection.execute(_SQLITE_HEAD, (deal,)).fetchone()
        return None if found is None else (found[0], orjson.loads(found[1]))
    from sqlalchemy import select

    from tracker.store.tables import deal_heads

    with database.engine.connect() as connection:
        row = connection.execute(select(deal_heads.c.version, deal_heads.c.body).where(deal_heads.c.deal == deal))
        first = row.first()
    return None if first is None else (first.version, first.body)


def keep_head(database: Database, deal: str, version: int, head: Head) -> bool:
    """Store the head folded at ``version``; False if the database cannot take it now (read-only, locked, raced)."""
    from sqlalchemy import delete, insert
    from sqlalchemy.exc import IntegrityError, OperationalError

    from tracker.store.tables import deal_heads

    writer = _Writer()
    written = writer.value(head, Head)
    body = {
        "head": written,
        "events": sorted(str(i) for i in writer.named),
        "amendments": {
            str(event_id): [str(a.event_id) for a in applied]
            for event_id, applied in head.amendments.items()
            if event_id in writer.named
        },
    }
    try:
        with database.engine.begin() as connection:
            connection.execute(delete(deal_heads).where(deal_heads.c.deal == deal))
            connection.execute(insert(deal_heads).values(deal=deal, version=version, body=body))
    except (OperationalError, IntegrityError):  # read-only, busy, or another reader wrote it first: fold next time
        return False
    return True


# --- by type hint ------------------------------------------------------------------------------


@cache
def _shape(hint: Any) -> tuple[str, Any]:
    """How a hint is spelled: an event (by id), a view class (field by field), a tuple, optional, or as the log."""
    if hint == TermValue:
        return "term", None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [o for o in typing.get_args(hint) if o is not type(None)]
        assert len(options) == 1, f"a head field's type may only be optional: {hint!r}"
        return "optional", options[0]
    if origin is tuple:
        return "tuple", typing.get_args(hint)[0]
    if isinstance(hint, type) and issubclass(hint, Event):
        return "event", None
    if hint in _VIEWS:
        hints = typing.get_type_hints(hint)
        return "view", {
            f.name: hints[f.name] for f in dataclasses.fields(hint) if f.name != "amendments" or hint is not Head
        }
    return "plain", hint


class _Writer:
    """Spells a value by its hint and collects the ids of the events it names."""

    def __init__(self) -> None:
        self.named: set[UUID] = set()

    def value(self, value: Any, hint: Any) -> JSON:
        shape, detail = _shape(hint)
        if value is None:
            return None
        if shape == "event":
            self.named.add(value.event_id)
            return str(value.event_id)
        if shape == "view":
            return {name: self.value(getattr(value, name), field) for name, field in detail.items()}
        if shape == "tuple":
            return [self.value(item, detail) for item in value]
        if shape == "optional":
            return self.value(value, detail)
        return tagged(value) if shape == "term" else encode(value)


class _Reader:
    """Builds values from their spelling, each development as the fold amended it, made once."""

    def __init__(self, events: Mapping[UUID, Event], amendments: Mapping[UUID, tuple[UUID, ...]]) -> None:
        self._events = events
        self._amendments = amendments
        self._made: dict[str, Event] = {}

    def value(self, raw: JSON, hint: Any) -> Any:
        shape, detail = _shape(hint)
        if raw is None:
            return None
        if shape == "event":
            return self._event(raw)
        if shape == "view":
            fields = {name: self.value(raw[name], field) for name, field in detail.items()}
            if hint is Head:
                fields["amendments"] = {k: tuple(self._events[a] for a in v) for k, v in self._amendments.items()}
            return hint(**fields)
        if shape == "tuple":
            return tuple(self.value(item, detail) for item in raw)
        if shape == "optional":
            return self.value(raw, detail)
        return decode(TermValue if shape == "term" else detail, raw)

    def _event(self, event_id: str) -> Event:
        if event_id not in self._made:
            key = UUID(event_id)
            applied = [cast(EventAmended, self._events[a]) for a in self._amendments.get(key, ())]
            event = self._events[key]
            self._made[event_id] = amended(event, applied) if applied else event
        return self._made[event_id]
