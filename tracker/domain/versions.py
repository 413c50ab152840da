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
from uuid import UUID

from pendulum import DateTime

from tracker.domain.events import Correction, DealDescribed, Event
from tracker.domain.fold import SortKey, knowledge_key, place, placed_alone, weighed_at

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


def _reconcile(
    open_now: dict[UUID, tuple[_Standing, DateTime]], now: dict[UUID, _Standing], moment: DateTime
) -> list[Version]:
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
    return not any(isinstance(e, Correction) or e.event_id in referenced or weighed_at(e) is not None for e in arrived)


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
