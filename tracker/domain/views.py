"""What a view shows of a state: the latest history of each kind, a page of the timeline, a deal's head.

A fact box shows the latest few superseded terms, past disputes and
developments that may have happened, and counts the rest; a timeline page
shows a few entries with the disputes among their claims. Both are cut from
a fold's ``DealState`` here, and nowhere else.

The head is what the fold gives once everything in a deal's log is known and
has surely happened: from then on, later cuts fold to the same state but for
the cut's own two instants (the fold reads ``known_at`` only to keep what was
reported by then, and ``as_of`` only to ask whether each development had
surely happened). A read model keeps the head's summary and bounded views,
so a reader of a long deal at today's cut needs a few of its events, not all.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TypeVar
from uuid import UUID

from pendulum import DateTime

from tracker.domain.dates import Happened
from tracker.domain.disputes import Dispute, disputes_among
from tracker.domain.events import Event
from tracker.domain.fold import surely_by
from tracker.domain.selection import TimelineFilter
from tracker.domain.state import Claim, Conflict, DealState, Entry, Summary

T = TypeVar("T")
HEAD_KEPT = 50  # of each kind of history, and of the timeline's last entries: what a head can show


@dataclass(frozen=True)
class History:
    """The latest items of each kind of history, and how many earlier ones are left out."""

    superseded: tuple[Claim, ...]
    earlier_superseded: int
    past_conflicts: tuple[Conflict, ...]
    earlier_past_conflicts: int
    maybe: tuple[Entry, ...]
    earlier_maybe: int
    source_count: int
    event_count: int

    def latest(self, shown: int | None) -> History:
        """The same history, showing at most ``shown`` of each kind (None: all it holds)."""
        superseded, earlier_superseded = _latest(self.superseded, shown)
        past, earlier_past = _latest(self.past_conflicts, shown)
        maybe, earlier_maybe = _latest(self.maybe, shown)
        return History(
            superseded,
            self.earlier_superseded + earlier_superseded,
            past,
            self.earlier_past_conflicts + earlier_past,
            maybe,
            self.earlier_maybe + earlier_maybe,
            self.source_count,
            self.event_count,
        )


def history_of(state: DealState, shown: int | None) -> History:
    """The latest ``shown`` items of each kind of the state's history (None: all of them)."""
    past = tuple(c for c in state.every_conflict if not c.current)
    whole = History(state.superseded, 0, past, 0, state.may_have_happened, 0, len(state.sources), state.event_count)
    return whole.latest(shown)


def _latest(items: tuple[T, ...], shown: int | None) -> tuple[tuple[T, ...], int]:
    if shown is None or len(items) <= shown:
        return items, 0
    return items[len(items) - shown :], len(items) - shown


@dataclass(frozen=True)
class Facts:
    """What a fact box shows: what stands, and the latest of the history behind it (None for a summary)."""

    summary: Summary
    history: History | None


@dataclass(frozen=True)
class TimelinePage:
    """Timeline entries to show, with the disputes among their claims and how many developments there are."""

    summary: Summary
    entries: tuple[Entry, ...]
    total: int  # developments on the timeline at the cut, before any filter
    disputes: Mapping[UUID, list[Dispute]]
    later: tuple[Entry, ...] = ()
    later_hidden: int = 0


def page_of(
    state: DealState, entries: tuple[Entry, ...], later: tuple[Entry, ...] = (), later_hidden: int = 0
) -> TimelinePage:
    disputes = disputes_among(state.every_conflict, (*entries, *later))
    return TimelinePage(state.summary, entries, len(state.timeline), disputes, later, later_hidden)


@dataclass(frozen=True)
class Head:
    """A deal's bounded views once all its log is known and has surely happened, and from when that holds.

    Any cut with ``known_at >= known_from`` and ``as_of >= world_from`` folds to
    this same state (but for the cut's two instants, which the summary carries).
    """

    summary: Summary  # at the cut it was folded at
    history: History
    tail: tuple[Entry, ...]  # the timeline's last entries
    tail_conflicts: tuple[Conflict, ...]  # every conflict a claim of the tail's entries takes part in
    total: int
    known_from: DateTime
    world_from: DateTime
    amendments: Mapping[UUID, tuple[Event, ...]]  # what the fold applied to each development, by its id

    def holds_at(self, as_of: DateTime, known_at: DateTime) -> bool:
        return as_of >= self.world_from and known_at >= self.known_from

    def summary_at(self, as_of: DateTime, known_at: DateTime) -> Summary:
        """The summary at a cut the head holds for: the same state, told at that cut."""
        return replace(self.summary, as_of=as_of, known_at=known_at)

    def facts(self, as_of: DateTime, known_at: DateTime, shown: int | None) -> Facts | None:
        """The fact box at a cut the head holds for; None if it keeps too little history for ``shown``."""
        if shown is None or shown > HEAD_KEPT:
            return None
        return Facts(self.summary_at(as_of, known_at), self.history.latest(shown))

    def page(self, as_of: DateTime, known_at: DateTime, selection: TimelineFilter) -> TimelinePage | None:
        """The page at a cut the head holds for, if the selection only limits how many latest entries it shows."""
        plain = selection == TimelineFilter(limit=selection.limit, newest_first=selection.newest_first)
        if not plain or (len(self.tail) < self.total and (selection.limit is None or selection.limit > HEAD_KEPT)):
            return None
        entries = selection.apply(self.tail)
        summary = self.summary_at(as_of, known_at)
        return TimelinePage(summary, entries, self.total, disputes_among(self.tail_conflicts, entries))


def head_of(state: DealState, events: Sequence[Event], later: Sequence[object]) -> Head | None:
    """The head, if this state is the deal's head: every event known and every development surely happened."""
    if later or not events or any(entry.happened is not Happened.YES for entry in state.timeline):
        return None
    known_from = max(event.reported_at for event in events)
    if state.summary.known_at < known_from:
        return None
    tail = state.timeline[-HEAD_KEPT:]
    return Head(
        summary=state.summary,
        history=history_of(state, HEAD_KEPT),
        tail=tail,
        tail_conflicts=_conflicts_of(state.every_conflict, tail),
        total=len(state.timeline),
        known_from=known_from,
        world_from=max((surely_by(entry.dated) for entry in state.timeline), default=known_from),
        amendments={entry.event.event_id: entry.amendments for entry in state.timeline if entry.amendments},
    )


def _conflicts_of(conflicts: Iterable[Conflict], entries: Iterable[Entry]) -> tuple[Conflict, ...]:
    shown = {entry.event.event_id for entry in entries}
    return tuple(c for c in conflicts if any(claim.event.event_id in shown for claim in c.claims))
