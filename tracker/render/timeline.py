"""A deal's history as a news timeline: year and month headings, one block per development.

Each block shows the date with its precision, a badge (symbol and word, so
it reads without colour), the amount humanised, the summary, who stands
behind it and from which sources, and what later knowledge says about it:
superseded, retracted, amended, disputed, or only possibly happened by then.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from tracker.domain.dates import FuzzyDate, Happened, Precision
from tracker.domain.events import Event
from tracker.domain.state import Claim, DealState, Entry
from tracker.render.layout import NARROW
from tracker.render.theme import (
    ATTRIBUTION_MARKS,
    axes_line,
    badge,
    credits,
    day,
    headline_amount,
    safe,
    short_id,
    value_text,
    when,
)

_MONTHLY = (Precision.INSTANT, Precision.DAY, Precision.MONTH)


@dataclass(frozen=True)
class TimelineView:
    """``entries`` are the developments to show (already filtered); ``later`` those after the as-of date."""

    state: DealState
    entries: tuple[Entry, ...]
    later: tuple[Entry, ...] = ()
    later_hidden: int = 0

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        narrow = options.max_width < NARROW
        yield Text.assemble(safe(self.state.name, "tracker.title"), f" ({self.state.deal})")
        yield axes_line(self.state)
        yield Text(self._count(), style="tracker.source")
        disputes = disputes_by_event(self.state)
        yield from _blocks(self.entries, disputes, narrow, later=False)
        yield Text()
        yield self._marker()
        yield from _blocks(self.later, disputes, narrow, later=True)

    def _count(self) -> str:
        total = len(self.state.timeline)
        shown = len(self.entries)
        noun = "development" if total == 1 else "developments"
        return f"{total} {noun}" if shown == total else f"{shown} of {total} {noun} shown (filtered)"

    def _marker(self) -> Text:
        text = Text(f"▲ as of {day(self.state.as_of)}", style="tracker.marker")
        if self.later_hidden:
            noun = "development" if self.later_hidden == 1 else "developments"
            text.append(f" · {self.later_hidden} later {noun} known (--show-later)", style="tracker.source")
        elif self.later:
            text.append(" · known later:", style="tracker.source")
        return text


def disputes_by_event(state: DealState) -> dict[object, list[tuple[Claim, Claim]]]:
    """For each event, the claims of other reports that disagree with one of its claims."""
    found: dict[object, list[tuple[Claim, Claim]]] = {}
    for conflict in state.conflicts:
        for mine in conflict.claims:
            rivals = [c for c in conflict.claims if c.event.event_id != mine.event.event_id and c.value != mine.value]
            found.setdefault(mine.event.event_id, []).extend((mine, rival) for rival in rivals)
    return found


def _blocks(entries: Iterable[Entry], disputes: dict[object, list[tuple[Claim, Claim]]], narrow: bool,
            later: bool) -> Iterator[RenderableType]:
    year = month = None
    for entry in entries:
        occurred = entry.event.occurred or FuzzyDate.at(entry.event.reported_at)
        if occurred.start.year != year:
            year, month = occurred.start.year, None
            yield Text(f"\n{year}", style="tracker.year")
        if occurred.precision in _MONTHLY and occurred.start.month != month:
            month = occurred.start.month
            yield Text(f" {occurred.start.format('MMMM')}", style="tracker.month")
        yield _block(entry, disputes.get(entry.event.event_id, []), narrow, later)


def _block(entry: Entry, disputes: list[tuple[Claim, Claim]], narrow: bool, later: bool) -> RenderableType:
    date = Text(when(entry.event), style="tracker.later" if later else "tracker.date")
    body = _body(entry, disputes, later)
    if narrow:
        return Padding(_stack(date, body), (0, 0, 0, 1))
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True, min_width=11, max_width=21)
    grid.add_column()
    grid.add_row(date, body)
    return Padding(grid, (0, 0, 0, 2))


def _stack(date: Text, body: RenderableType) -> RenderableType:
    grid = Table.grid()
    grid.add_row(date)
    grid.add_row(Padding(body, (0, 0, 0, 2)))
    return grid


def _body(entry: Entry, disputes: list[tuple[Claim, Claim]], later: bool) -> Text:
    event = entry.event
    symbol, label, kind = badge(event)
    struck = entry.superseded_by is not None or entry.retracted_by is not None
    text = Text(f"{symbol} {label}", style="tracker.later" if later else f"tracker.badge.{kind}")
    amount = headline_amount(event)
    if amount:
        text.append(" · ")
        text.append(amount, style="tracker.struck" if struck else "tracker.amount")
    text.append("\n")
    text.append(safe(event.summary, "tracker.struck" if struck else ("tracker.later" if later else "")))
    text.append("\n")
    text.append(ATTRIBUTION_MARKS[event.attribution], style="tracker.source")
    if event.sources:
        text.append(" · ", style="tracker.source")
        text.append(safe(credits(event), "tracker.source"))
    for note in _notes(entry, disputes):
        text.append("\n")
        text.append(note)
    return text


def _notes(entry: Entry, disputes: list[tuple[Claim, Claim]]) -> Iterator[Text]:
    if entry.happened is Happened.MAYBE:
        yield Text("? may have happened by then: its date straddles the as-of date", style="tracker.maybe")
    for mine, rival in disputes:
        note = Text(f"⚠ disputed: {mine.term} {value_text(mine.value)} vs {value_text(rival.value)} (",
                    style="tracker.warning")
        note.append(safe(credits(rival.event) or "no source", "tracker.warning"))
        note.append(")", style="tracker.warning")
        yield note
    if entry.superseded_by is not None:
        yield _pointer("→ superseded by", entry.superseded_by, entry.superseded_by.summary)
    if entry.retracted_by is not None:
        yield _pointer("✗ retracted by", entry.retracted_by, getattr(entry.retracted_by, "reason", ""))
    if entry.amended_by is not None:
        yield _pointer("Δ amended by", entry.amended_by, getattr(entry.amended_by, "reason", ""))


def _pointer(words: str, event: Event, why: str) -> Text:
    note = Text(f"{words} {short_id(event)} ({when(event)}): ", style="tracker.warning")
    note.append(safe(why, "tracker.source"))
    return note
