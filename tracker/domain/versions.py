"""Versions: how each development stood over knowledge time, for a state index that answers any cut.

A snapshot taken in recording order is wrong for a valid-time question as
soon as a late report lands before it. Instead, every development (and every
description) gets one *version* per span of knowledge time over which it
stood unchanged: known from a moment, until a retraction or amendment
changed it. The developments applied at a cut (as_of, known_at) are then
exactly the versions alive at ``known_at`` that had surely happened by
``as_of``, in world order; a test checks this against ``project``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import Any, Protocol, TypeVar
from uuid import UUID

from pendulum import DateTime

from tracker.domain.events import Correction, DealDescribed, Event, WithTerms
from tracker.domain.fold import (
    PARTICIPATIONS,
    STANCES,
    SortKey,
    always_changes,
    knowledge_key,
    place,
    placed_alone,
    status_set_by,
    term_role,
    weighed_at,
    wipes_terms,
)

_Standing = tuple[Event, DateTime | None, SortKey]  # as amended, surely happened by, world order


@dataclass(frozen=True)
class Version:
    """One development (or description) as it stood from ``known_from`` until ``known_until``.

    ``surely_by`` is None for a description: it holds whatever the world time.
    A description's ``world_key`` is its knowledge order: report time, then recording order.
    """

    event: Event
    known_from: DateTime
    known_until: DateTime | None
    surely_by: DateTime | None
    world_key: SortKey


def versions(events: Sequence[Event]) -> list[Version]:
    """Every version of one deal's events, given in recording order.

    Walks knowledge time a moment at a time. A moment that only brings new,
    unreferenced developments opens their versions; one that brings a
    correction or a cross-reference places everything known again and
    closes and opens what changed, a pass over the events given (the state
    index gives only those tangled with the correction).
    """
    known: list[Event] = []
    referenced: set[UUID] = set()
    open_now: dict[UUID, tuple[_Standing, DateTime]] = {}
    closed: list[Version] = []
    recorded = {e.event_id: index for index, e in enumerate(events)}
    for moment, group in groupby(sorted(events, key=_reported), key=_reported):
        arrived = list(group)
        known.extend(arrived)
        if _plain(arrived, referenced):
            open_now.update((e.event_id, (_alone(e, recorded), moment)) for e in arrived)
        else:
            closed.extend(_reconcile(open_now, _standing(known, recorded), moment))
        referenced.update(references(arrived))
    still = [Version(s[0], since, None, s[1], s[2]) for s, since in open_now.values()]
    return closed + still


def _reconcile(open_now: dict[UUID, tuple[_Standing, DateTime]], now: dict[UUID, _Standing],
               moment: DateTime) -> list[Version]:
    """Close the versions that no longer stand as they did, open the new ones; return those closed."""
    closed = []
    for event_id, (was, since) in list(open_now.items()):
        if now.get(event_id) != was:
            closed.append(Version(was[0], since, moment, was[1], was[2]))
            del open_now[event_id]
    for event_id, standing in now.items():
        if event_id not in open_now:
            open_now[event_id] = (standing, moment)
    return closed


def _plain(arrived: Iterable[Event], referenced: set[UUID]) -> bool:
    """Whether these events change nothing already known: no correction, no cross-reference, not referred to."""
    return not any(
        isinstance(e, Correction) or e.event_id in referenced or weighed_at(e) is not None
        for e in arrived
    )


def references(events: Iterable[Event]) -> set[UUID]:
    """The ids these events correct or speak about: their arrival changes how those stand."""
    found: set[UUID] = set()
    for event in events:
        if isinstance(event, Correction):
            found.add(event.target)
        regarding = weighed_at(event)
        if regarding is not None:
            found.add(regarding)
    return found


def _alone(event: Event, recorded: dict[UUID, int]) -> _Standing:
    """How a new event stands when nothing refers to it and it refers to nothing."""
    if isinstance(event, DealDescribed):
        return event, None, knowledge_key(event.reported_at, recorded[event.event_id])
    placed = placed_alone(event)
    return placed.event, placed.surely_by, placed.world_key


def _standing(known: list[Event], recorded: dict[UUID, int]) -> dict[UUID, _Standing]:
    descriptions, developments = place(known)
    standing: dict[UUID, _Standing] = {
        d.event_id: (d, None, knowledge_key(d.reported_at, recorded[d.event_id])) for d in descriptions
    }
    for placed in developments:
        if placed.retracted_by is None:
            standing[placed.event.event_id] = (placed.event, placed.surely_by, placed.world_key)
    return standing


def _reported(event: Event) -> DateTime:
    return event.reported_at


# --- which versions decide a cut ----------------------------------------------------------


def keys_of(version: Version) -> list[str]:
    """The index keys a version is found under: what it can decide in a summary."""
    event = version.event
    if isinstance(event, DealDescribed):
        return ["description"]
    keys = []
    if wipes_terms(event):
        keys.append("restructure")
    if always_changes(event):
        keys.append("change")
    if status_set_by(event) is not None:
        keys.append("status")
    role = term_role(event)
    if isinstance(event, WithTerms) and role:
        keys.extend(f"term:{name}:{role}" for name in dict.fromkeys(t.name for t in event.terms))
    if isinstance(event, PARTICIPATIONS):
        keys.append(f"participant:{event.party}")
    if isinstance(event, STANCES):
        keys.append(f"stance:{event.party}")
    return keys


def named_in(key: str) -> tuple[str, str] | None:
    """The term or party a key of ``keys_of`` is about, with its kind ("term", "participant", "stance")."""
    kind, _, rest = key.partition(":")
    if kind == "term":
        return kind, rest.rpartition(":")[0]
    return (kind, rest) if kind in ("participant", "stance") else None


class Ranked(Protocol):
    @property
    def world_key(self) -> Any: ...


R = TypeVar("R", bound=Ranked)


class Finder(Protocol[R]):
    """Versions alive at one cut (known at ``known_at``, surely happened by ``as_of``), found by key.

    What it returns needs only a ``world_key`` that orders them as the fold
    would: a ``Version`` in memory, a row of the state index in the store.
    """

    def latest(self, key: str, at_most: R | None = None) -> R | None:
        """The one last in world order, or last at or before ``at_most``."""

    def after(self, key: str, floor: R | None) -> list[R]:
        """Every one after ``floor`` in world order (all of them if None)."""

    def earliest(self, key: str) -> R | None: ...

    def names(self, kind: str) -> list[str]:
        """The terms or parties (``kind`` "term", "participant", "stance") ever seen in the deal."""


def decisive(find: Finder[R]) -> list[R]:
    """The versions that decide a cut's summary, in world order; ``summarize`` of them equals that of all.

    Status: the last status set, and whether the last change was a change of
    status. Terms: the last replacement of each, what was added since, the last
    proposal. Parties: the first mention (it fixes their order) and the last.
    A restructuring wipes terms and proposals; it is picked, so an older pick
    it wiped is wiped again when the picks are folded.
    """
    restructure, change = find.latest("restructure"), find.latest("change")
    picked = [restructure, change]
    if change is not None:
        picked.append(find.latest("status", at_most=change))
    picked.extend(find.after("status", change))
    for term in find.names("term"):
        replaced = find.latest(f"term:{term}:replace")
        floor = max((v for v in (restructure, replaced) if v), key=lambda v: v.world_key, default=None)
        picked.append(replaced)
        picked.extend(find.after(f"term:{term}:add", floor))
        picked.append(find.latest(f"term:{term}:proposal"))
    for kind in ("participant", "stance"):
        for party in find.names(kind):
            picked.extend((find.earliest(f"{kind}:{party}"), find.latest(f"{kind}:{party}")))
    unique = {v.world_key: v for v in picked if v is not None}  # a development's key names it
    return [unique[key] for key in sorted(unique)]
