"""Deal heads: a read model of each deal's ``Head`` (``tracker.domain.views``), kept as the fold gave it.

A row names the events it shows by id, with the amendments the fold applied
to each development among them, so reading it back is one lookup of a few
dozen events however long the deal; a claim's value is spelled as the log
spells a term's. A head is written by a reader that folded the deal at a cut
the head holds for, and used only while the deal's version is the one it was
folded at: any event appended since makes the row stale, never wrong.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, cast
from uuid import UUID

from sqlalchemy import delete, insert, select
from sqlalchemy.exc import IntegrityError, OperationalError

from tracker.domain.dates import Happened
from tracker.domain.events import Event, EventAmended, TermValue
from tracker.domain.fold import amended
from tracker.domain.state import Claim, Conflict, Entry
from tracker.domain.views import Head, History
from tracker.store.codec import JSON, decode, encode, iso_utc, tagged, utc_moment
from tracker.store.database import Database
from tracker.store.tables import deal_heads

ReadIds = Callable[[Iterable[UUID]], Mapping[UUID, Event]]
_ENTRY_EVENTS = ("retracted_by", "amended_by", "superseded_by", "anchor")


def stored_head(database: Database, deal: str, version: int, read_ids: ReadIds) -> Head | None:
    """The deal's head if one was kept at this version, its events read with ``read_ids``."""
    with database.engine.connect() as connection:
        query = select(deal_heads.c.version, deal_heads.c.body).where(deal_heads.c.deal == deal)
        row = connection.execute(query).first()
    if row is None or row.version != version:
        return None
    body: dict[str, Any] = row.body
    amendments = {UUID(k): tuple(map(UUID, v)) for k, v in body["amendments"].items()}
    named = {UUID(i) for i in _named(body)} | {a for ids in amendments.values() for a in ids}
    return _Reader(read_ids(named), amendments).head(body)


def keep_head(database: Database, deal: str, version: int, head: Head) -> bool:
    """Store the head folded at ``version``; False if the database cannot take it now (read-only, locked, raced)."""
    body = _body(head)
    try:
        with database.engine.begin() as connection:
            connection.execute(delete(deal_heads).where(deal_heads.c.deal == deal))
            connection.execute(insert(deal_heads).values(deal=deal, version=version, body=body))
    except (OperationalError, IntegrityError):  # read-only, busy, or another reader wrote it first: fold next time
        return False
    return True


# --- writing ---------------------------------------------------------------------------


def _body(head: Head) -> dict[str, JSON]:
    history = head.history
    body: dict[str, JSON] = {
        "history": {
            "superseded": [_claim(c) for c in history.superseded],
            "earlier_superseded": history.earlier_superseded,
            "past_conflicts": [_conflict(c) for c in history.past_conflicts],
            "earlier_past_conflicts": history.earlier_past_conflicts,
            "maybe": [_entry(e) for e in history.maybe],
            "earlier_maybe": history.earlier_maybe,
            "source_count": history.source_count,
            "event_count": history.event_count,
        },
        "tail": [_entry(e) for e in head.tail],
        "tail_conflicts": [_conflict(c) for c in head.tail_conflicts],
        "total": head.total,
        "known_from": iso_utc(head.known_from),
        "world_from": iso_utc(head.world_from),
    }
    named = set(map(UUID, _named(body)))
    body["amendments"] = {
        str(event_id): [str(a.event_id) for a in applied]
        for event_id, applied in head.amendments.items()
        if event_id in named
    }
    return body


def _id(event: Event | None) -> str | None:
    return None if event is None else str(event.event_id)


def _claim(claim: Claim) -> JSON:
    return {"term": claim.term, "value": tagged(claim.value), "event": _id(claim.event), "by": _id(claim.superseded_by)}


def _conflict(conflict: Conflict) -> JSON:
    return {"term": conflict.term, "claims": [_claim(c) for c in conflict.claims], "current": conflict.current}


def _entry(entry: Entry) -> JSON:
    return {
        "event": _id(entry.event),
        "happened": encode(entry.happened),
        **{name: _id(getattr(entry, name)) for name in _ENTRY_EVENTS},
        "amendments": [_id(e) for e in entry.amendments],
        "also_reported": [_id(e) for e in entry.also_reported],
    }


def _named(body: Mapping[str, Any]) -> Iterator[str]:
    """Every event id the body names."""
    history = body["history"]
    claims = [*history["superseded"]]
    for conflict in (*history["past_conflicts"], *body["tail_conflicts"]):
        claims += conflict["claims"]
    for claim in claims:
        yield from (i for i in (claim["event"], claim["by"]) if i is not None)
    for entry in (*history["maybe"], *body["tail"]):
        yield entry["event"]
        yield from (entry[name] for name in _ENTRY_EVENTS if entry[name] is not None)
        yield from (*entry["amendments"], *entry["also_reported"])


# --- reading ---------------------------------------------------------------------------


class _Reader:
    """Builds the head's values from its JSON, each development as the fold amended it, made once."""

    def __init__(self, events: Mapping[UUID, Event], amendments: Mapping[UUID, tuple[UUID, ...]]) -> None:
        self._events = events
        self._amendments = amendments
        self._made: dict[str, Event] = {}

    def head(self, body: Mapping[str, Any]) -> Head:
        history = body["history"]
        return Head(
            history=History(
                superseded=tuple(map(self._claim, history["superseded"])),
                earlier_superseded=history["earlier_superseded"],
                past_conflicts=tuple(map(self._conflict, history["past_conflicts"])),
                earlier_past_conflicts=history["earlier_past_conflicts"],
                maybe=tuple(map(self._entry, history["maybe"])),
                earlier_maybe=history["earlier_maybe"],
                source_count=history["source_count"],
                event_count=history["event_count"],
            ),
            tail=tuple(map(self._entry, body["tail"])),
            tail_conflicts=tuple(map(self._conflict, body["tail_conflicts"])),
            total=body["total"],
            known_from=utc_moment(body["known_from"]),
            world_from=utc_moment(body["world_from"]),
            amendments={k: tuple(self._events[a] for a in v) for k, v in self._amendments.items()},
        )

    def _event(self, event_id: str) -> Event:
        if event_id not in self._made:
            key = UUID(event_id)
            applied = [cast(EventAmended, self._events[a]) for a in self._amendments.get(key, ())]
            event = self._events[key]
            self._made[event_id] = amended(event, applied) if applied else event
        return self._made[event_id]

    def _maybe(self, event_id: str | None) -> Event | None:
        return None if event_id is None else self._event(event_id)

    def _claim(self, raw: Mapping[str, Any]) -> Claim:
        value: TermValue = decode(TermValue, raw["value"])
        return Claim(raw["term"], value, self._event(raw["event"]), self._maybe(raw["by"]))

    def _conflict(self, raw: Mapping[str, Any]) -> Conflict:
        return Conflict(raw["term"], tuple(map(self._claim, raw["claims"])), raw["current"])

    def _entry(self, raw: Mapping[str, Any]) -> Entry:
        return Entry(
            self._event(raw["event"]),
            Happened(raw["happened"]),
            **{name: self._maybe(raw[name]) for name in _ENTRY_EVENTS},
            amendments=tuple(map(self._event, raw["amendments"])),
            also_reported=tuple(map(self._event, raw["also_reported"])),
        )
