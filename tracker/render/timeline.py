"""A deal's history as a news timeline: year and month headings, one block per development.

Each block shows the date with its precision, a badge (symbol and word, so
it reads without colour), the amount humanised, the summary, who stands
behind it and from which sources, and what later knowledge says about it:
superseded, retracted, amended, disputed, or only possibly happened by then.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from uuid import UUID

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.text import Text

from tracker.domain.dates import FuzzyDate, Happened, Precision
from tracker.domain.disputes import Dispute
from tracker.domain.events import Event
from tracker.domain.state import Entry
from tracker.domain.views import TimelinePage
from tracker.render.layout import NARROW, Indented
from tracker.render.theme import (
    ATTRIBUTION_MARKS,
    axes_line,
    badge,
    day,
    dispute_words,
    event_detail,
    headline_amount,
    safe,
    short_id,
    when,
)

_MONTHLY = (Precision.INSTANT, Precision.DAY, Precision.MONTH)
_DETAILS_INDENT = 15  # two spaces, a date of up to 11 characters, two spaces


@dataclass(frozen=True)
class TimelineView:
    """A page of the timeline: its entries (already filtered), and those after the as-of date."""

    page: TimelinePage

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        page = self.page
        yield Text.assemble(safe(page.summary.name, "tracker.title"), f" ({page.summary.deal})")
        yield axes_line(page.summary)
        yield Text(self._count(), style="tracker.source")
        width = options.max_width
        yield from _blocks(page.entries, page.disputes, width, later=False)
        yield Text()
        yield self._marker()
        yield from _blocks(page.later, page.disputes, width, later=True)

    def _count(self) -> str:
        total, shown = self.page.total, len(self.page.entries)
        noun = "development" if total == 1 else "developments"
        return f"{total} {noun}" if shown == total else f"{shown} of {total} {noun} shown (filtered)"

    def _marker(self) -> Text:
        page = self.page
        text = Text(f"▲ as of {day(page.summary.as_of)}", style="tracker.marker")
        if page.later_hidden:
            noun = "development" if page.later_hidden == 1 else "developments"
            text.append(f" · {page.later_hidden} later {noun} known (--show-later)", style="tracker.source")
        elif page.later:
            text.append(" · happened later, as known then:", style="tracker.source")
        return text


def _blocks(
    entries: Sequence[Entry], disputes: Mapping[UUID, list[Dispute]], width: int, later: bool
) -> Iterator[RenderableType]:
    """Year and month headings, then each development: its date and badge on one line, the rest
    indented below. Plain text and padding, no table: a timeline of thousands renders like a list."""
    for heading, entry in _with_headings(entries):
        yield from heading
        date_style = "tracker.later" if later else "tracker.date"
        headline, details = _body(entry, disputes.get(entry.event.event_id, []), later)
        if width < NARROW:
            body = Text.assemble(headline, "\n", details)
            yield Indented(Group(Text(when(entry.event), style=date_style), Indented(body, 2)), 1)
            continue
        yield Text.assemble("  ", (f"{when(entry.event):<11}", date_style), "  ", headline)
        yield Indented(details, _DETAILS_INDENT)


def _with_headings(entries: Iterable[Entry]) -> Iterator[tuple[list[Text], Entry]]:
    """Each entry with the year and month headings that start before it."""
    year = month = None
    for entry in entries:
        occurred = entry.event.occurred or FuzzyDate.at(entry.event.reported_at)
        heading = []
        if occurred.start.year != year:
            year, month = occurred.start.year, None
            heading += [Text(), Text(str(year), style="tracker.year")]
        if occurred.precision in _MONTHLY and occurred.start.month != month:
            month = occurred.start.month
            heading.append(Text(f" {occurred.start.format('MMMM')}", style="tracker.month"))
        yield heading, entry


def _body(entry: Entry, disputes: list[Dispute], later: bool) -> tuple[Text, Text]:
    """The badge line, and the summary with attribution, sources and what became of it."""
    event = entry.event
    symbol, label, kind = badge(event)
    struck = entry.superseded_by is not None or entry.retracted_by is not None
    headline = Text(f"{symbol} {label}", style="tracker.later" if later else f"tracker.badge.{kind}")
    detail = event_detail(event)
    if detail:
        headline.append(" · ")
        headline.append_text(safe(detail))
    amount = headline_amount(event)
    if amount:
        headline.append(" · ")
        headline.append(amount, style="tracker.struck" if struck else "tracker.amount")
    text = safe(event.summary, "tracker.struck" if struck else ("tracker.later" if later else ""))
    text.append("\n")
    text.append(ATTRIBUTION_MARKS[event.attribution], style="tracker.source")
    if entry.sources:
        text.append(" · ", style="tracker.source")
        text.append(safe("; ".join(dict.fromkeys(s.credit() for s in entry.sources)), "tracker.source"))
    for note in _notes(entry, disputes):
        text.append("\n")
        text.append(note)
    return headline, text


def _notes(entry: Entry, disputes: list[Dispute]) -> Iterator[Text]:
    if entry.happened is Happened.MAYBE:
        yield Text("? may have happened by then: its date straddles the as-of date", style="tracker.maybe")
    for dispute in disputes:
        yield from _dispute_notes(dispute)
    if entry.superseded_by is not None:
        yield _pointer("→ superseded by", entry.superseded_by, entry.superseded_by.summary)
    if entry.retracted_by is not None:
        yield _pointer("✗ retracted by", entry.retracted_by, getattr(entry.retracted_by, "reason", ""))
    if entry.amended_by is not None:
        yield _pointer("Δ amended by", entry.amended_by, getattr(entry.amended_by, "reason", ""))


def _dispute_notes(dispute: Dispute) -> Iterator[Text]:
    for words, more in dispute_words(dispute):
        yield safe(f"⚠ {words}" + (" (tracker state)" if more else ""), "tracker.warning")


def _pointer(words: str, event: Event, why: str) -> Text:
    note = Text(f"{words} {short_id(event)} ({when(event)}): ", style="tracker.warning")
    note.append(safe(why, "tracker.source"))
    return note
