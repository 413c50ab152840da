"""Queries: a deal's state, summary, timeline, diff and chart, the deal list and the ingestion runs.

Each query picks its source: the fold over one deal's events where history is
shown, the read models where only what stands is asked (the deal list, a
summary), so a list of deals never decodes the log. A cut's two instants are
read from one clock reading, so "now" means the same instant on both axes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

import pendulum
from pendulum import DateTime

from tracker.app.errors import InvalidOption, UnknownDeal
from tracker.bootstrap import App
from tracker.domain.dates import FuzzyDate, InvalidDate, parse_cutoff
from tracker.domain.diff import Change, diff_states
from tracker.domain.events import TIMELINE_TYPES, Event
from tracker.domain.fold import Placed, project, project_with_later
from tracker.domain.history import Step, headline_steps, settled_at
from tracker.domain.selection import TimelineFilter, contains_words
from tracker.domain.state import DealState, Entry, Summary
from tracker.domain.views import Facts, Head, TimelinePage, head_of, history_of, page_of
from tracker.store.engine import safe_url
from tracker.store.eventstore import paused_gc  # a fold of a long deal allocates much and frees nothing cyclic
from tracker.store.read_models import CannotCatchUp

Axis = Literal["world", "knowledge"]
END_OF_TIME = pendulum.datetime(9999, 1, 1)
HEAD_FROM = 2000  # events: a shorter deal folds faster than keeping its head costs (the write imports SQLAlchemy)
T = TypeVar("T")


@dataclass(frozen=True)
class Cut:
    """Where a deal is looked at: what had happened by ``as_of``, as reported by ``known_at``."""

    as_of: DateTime
    known_at: DateTime


def cut(app: App, as_of: str = "now", known_at: str = "now") -> Cut:
    """Both instants from one clock reading; a date that does not parse names the option it came in."""
    now = app.clock()
    return Cut(_moment(as_of, now, "as_of"), _moment(known_at, now, "known_at"))


def _moment(text: str, now: DateTime, option: str) -> DateTime:
    try:
        return parse_cutoff(text, now)
    except InvalidDate as error:
        raise InvalidOption(option, str(error)) from None


# --- one deal -------------------------------------------------------------------------


@dataclass(frozen=True)
class StateAnswer:
    """A deal's state (or summary, or facts) and its version, the number ``--expected-version`` checks against."""

    state: DealState | Summary | Facts
    version: int


def deal_state(app: App, deal: str, at: Cut) -> StateAnswer:
    state, _, events = _fold(app, deal, at)
    return StateAnswer(state, len(events))


def deal_facts(app: App, deal: str, at: Cut, shown: int | None) -> StateAnswer:
    """What a fact box shows: what stands and the latest ``shown`` of each kind of history (None: all).

    From the deal's head where it holds (a long deal read at today's cut), else by the fold.
    """
    found = _from_head(app, deal, at, lambda head: head.facts(at.as_of, at.known_at, shown))
    if found is not None:
        return StateAnswer(*found)
    state, _, events = _fold(app, deal, at)
    return StateAnswer(Facts(state.summary, history_of(state, shown)), len(events))


def _fold(app: App, deal: str, at: Cut) -> tuple[DealState, tuple[Placed, ...], list[Event]]:
    """The deal folded at the cut, its developments still to happen, and its events; keeps the head if it is one."""
    events = deal_events(app, deal)
    with paused_gc():
        state, later = project_with_later(events, deal, at.as_of, at.known_at)
        head = head_of(state, events, later) if len(events) >= HEAD_FROM else None
    if head is not None:
        app.read_models.keep_head(deal, len(events), head)
    return state, later, events


def _from_head(app: App, deal: str, at: Cut, answer: Callable[[Head], T | None]) -> tuple[T, int] | None:
    """``answer`` from the deal's head, if one is kept at the deal's version and holds at the cut."""
    version = app.store.version_of(deal)
    if version < HEAD_FROM:
        return None
    head = app.read_models.head(deal, version, app.store.read_ids)
    if head is None or not head.holds_at(at.as_of, at.known_at):
        return None
    found = answer(head)
    return None if found is None else (found, version)


def deal_summary(app: App, deal: str, at: Cut) -> StateAnswer:
    """What stands, from the deal's head or the state index: no history is read, so any length of deal is as fast."""
    found = _from_head(app, deal, at, lambda head: head.summary_at(at.as_of, at.known_at))
    if found is not None:
        return StateAnswer(*found)
    version = app.store.version_of(deal)
    if version == 0:
        raise _unknown(app, deal)
    try:
        return StateAnswer(app.read_models.summary(deal, at.as_of, at.known_at), version)
    except CannotCatchUp:  # a read-only database: the fold gives the same answer, only slower
        events = deal_events(app, deal)
        return StateAnswer(project(events, deal, at.as_of, at.known_at).summary, len(events))


@dataclass(frozen=True)
class TimelineAnswer:
    """The developments asked for; ``later``: those that happened after ``as_of``, when asked for."""

    state: DealState
    entries: tuple[Entry, ...]
    later: tuple[Entry, ...]
    hidden_later: int  # how many later developments match but were not asked for


def deal_timeline(app: App, deal: str, at: Cut, selection: TimelineFilter, show_later: bool) -> TimelineAnswer:
    """``show_later`` folds the deal a second time, to the end of time, for what later knowledge says of them;
    without it the later developments are only placed and counted."""
    state, not_yet, events = _fold(app, deal, at)
    if show_later:
        with paused_gc():
            later = tuple(e for e in _later(events, state) if selection.keeps(e.event, e.dated))
        return TimelineAnswer(state, selection.apply(state.timeline), later, 0)
    hidden = sum(selection.keeps(placed.event, placed.anchor) for placed in not_yet)
    return TimelineAnswer(state, selection.apply(state.timeline), (), hidden)


def timeline_page(app: App, deal: str, at: Cut, selection: TimelineFilter, show_later: bool) -> TimelinePage:
    """The timeline as a view shows it: from the deal's head for its latest entries, else by the fold."""
    if not show_later:
        found = _from_head(app, deal, at, lambda head: head.page(at.as_of, at.known_at, selection))
        if found is not None:
            return found[0]
    answer = deal_timeline(app, deal, at, selection, show_later)
    return page_of(answer.state, answer.entries, answer.later, answer.hidden_later)


def _later(events: Sequence[Event], state: DealState) -> tuple[Entry, ...]:
    """Developments known by then that happened after the as-of date (the end of time as as-of)."""
    everything = project(events, state.summary.deal, END_OF_TIME, state.summary.known_at)
    shown = {e.event.event_id for e in state.timeline}
    return tuple(e for e in everything.timeline if e.event.event_id not in shown)


def timeline_filter(
    *,
    types: Sequence[str] = (),
    since: str | None = None,
    until: str | None = None,
    party: str | None = None,
    source: str | None = None,
    grep: str | None = None,
    limit: int | None = None,
    newest_first: bool = False,
) -> TimelineFilter:
    """The filter a reader asked for; ``types`` may each hold several, separated by commas."""
    wanted = frozenset(t.strip() for value in types for t in value.split(",") if t.strip())
    unknown = sorted(wanted - TIMELINE_TYPES)
    if unknown or (types and not wanted):
        named = repr(unknown[0]) if unknown else "an empty type"
        raise InvalidOption(
            "types",
            f"{named} is not a development on the timeline; expected one of: {', '.join(sorted(TIMELINE_TYPES))}",
        )
    start, end = _date(since, "since"), _date(until, "until")
    if start and end and (start.start > end.end or start.start == end.end != end.start):
        raise InvalidOption("since", f"{since!r} is after --until {until!r}: expected the earlier date in --since")
    return TimelineFilter(
        since=start,
        until=end,
        types=wanted,
        party=party,
        source=source,
        grep=grep,
        limit=limit,
        newest_first=newest_first,
    )


def _date(text: str | None, option: str) -> FuzzyDate | None:
    try:
        return FuzzyDate.parse(text) if text is not None else None
    except InvalidDate as error:
        raise InvalidOption(option, str(error)) from None


@dataclass(frozen=True)
class DiffAnswer:
    before: DealState
    after: DealState
    axis: Axis
    changes: tuple[Change, ...]


def deal_diff(app: App, deal: str, axis: Axis, start: str, end: str, fixed: str = "now") -> DiffAnswer:
    """On the world axis ``start``/``end`` move the as-of date and ``fixed`` is known-at; the other way round
    on the knowledge axis. An earlier ``end`` than ``start`` is refused rather than silently swapped."""
    events = deal_events(app, deal)
    now = app.clock()
    held = _moment(fixed, now, "known_at" if axis == "world" else "as_of")
    ends = [_moment(text, now, option) for text, option in ((start, "from"), (end, "to"))]
    if axis == "world":
        before, after = (project(events, deal, when, held) for when in ends)
    else:
        before, after = (project(events, deal, held, when) for when in ends)
    if ends[0] > ends[1]:
        raise InvalidOption(
            "from",
            f"{start!r} (by {_day(ends[0])}) is later than --to {end!r} "
            f"(by {_day(ends[1])}): expected the earlier date in --from; "
            "a month or a year counts up to its end",
        )
    return DiffAnswer(before, after, axis, tuple(diff_states(before, after)))


def _day(moment: DateTime) -> str:
    from tracker.render.theme import day  # the fact box's own spelling of a cutoff; rich only on this error

    return day(moment)


@dataclass(frozen=True)
class ChartAnswer:
    state: DealState
    steps: tuple[Step, ...]


def deal_chart(app: App, deal: str, at: Cut) -> ChartAnswer:
    events = deal_events(app, deal)
    with paused_gc():
        state = project(events, deal, at.as_of, at.known_at)
        return ChartAnswer(state, headline_steps(events, deal, at.as_of, at.known_at))


class DealHistory:
    """One deal's events, read once, projected at whichever cut the viewer moves to."""

    def __init__(self, deal: str, events: Sequence[Event]) -> None:
        self.deal = deal
        self._events = list(events)

    def state(self, at: Cut) -> DealState:
        return project(self._events, self.deal, at.as_of, at.known_at)

    def once_settled(self, entry: Entry, known_at: DateTime) -> DealState:
        """The state in world time from the moment the development had surely happened."""
        return self.state(Cut(settled_at(entry.dated), known_at))

    def when_reported(self, entry: Entry, as_of: DateTime) -> DealState:
        """The state as known on the day the development was reported."""
        return self.state(Cut(as_of, entry.event.reported_at))

    @staticmethod
    def mentions(entry: Entry, words: str) -> bool:
        """What the viewer's search finds: the same words `--grep` finds on the timeline."""
        return contains_words(entry.event, words)


def deal_history(app: App, deal: str) -> DealHistory:
    return DealHistory(deal, deal_events(app, deal))


def deal_events(app: App, deal: str) -> list[Event]:
    """Every event of one deal in recording order, or a refusal that names the deals there are."""
    events = app.store.read([deal])
    if not events:
        raise _unknown(app, deal)
    return events


def _unknown(app: App, deal: str) -> UnknownDeal:
    return UnknownDeal(deal, app.store.streams(), safe_url(app.url))


# --- every deal -------------------------------------------------------------------------


def deal_list(app: App, at: Cut, party: str | None = None) -> list[Summary]:
    """The summaries of ``deal_listing`` alone."""
    return list(deal_listing(app, at, party).summaries)


@dataclass(frozen=True)
class DealListing:
    """The deals at a cut, and how many the database holds at all: an empty list reads differently then."""

    summaries: tuple[Summary, ...]
    stored: int


def deal_listing(app: App, at: Cut, party: str | None = None) -> DealListing:
    """Every deal known by ``known_at`` (or a party's deals), from the directory and the state index.

    Neither read model decodes the log: the directory names the deals and when
    each was first reported, the index answers each one's state at the cut.
    """
    try:
        entries = app.read_models.deals()
        known = [entry.deal for entry in entries if entry.known_by(at.known_at)]
        with paused_gc():
            summaries = app.read_models.summaries(known, at.as_of, at.known_at)
        stored = len(entries)
    except CannotCatchUp:  # a read-only database: fold each deal's log instead, slower but the same answer
        deals = app.store.streams()
        summaries, stored = _summaries_from_the_log(app, deals, at), len(deals)
    return DealListing(tuple(s for s in summaries if party is None or takes_part(s, party)), stored)


def _summaries_from_the_log(app: App, deals: list[str], at: Cut) -> list[Summary]:
    """What the directory and the state index answer, by the fold: a deal is known once any of it is reported."""
    summaries = []
    for deal in deals:
        events = app.store.read([deal])
        if any(event.reported_at <= at.known_at for event in events):
            summaries.append(project(events, deal, at.as_of, at.known_at).summary)
    return summaries


def takes_part(summary: Summary, party: str) -> bool:
    """A party of the deal's description or a participant, in any case."""
    wanted = party.casefold()
    names = [p.name for p in summary.parties] + [p.party for p in summary.participants]
    return any(name.casefold() == wanted for name in names)


def recent_runs(app: App, limit: int) -> list[dict[str, Any]]:
    from tracker.store.ingestion import recent_runs as stored_runs

    return stored_runs(app.store.engine, limit)
