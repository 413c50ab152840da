"""Timelines and fact boxes for the terminal.

Every untrusted string (summaries, quotes, publishers, names) goes into a
``Text`` object, never into markup, so ``[red]`` or ``[link=...]`` in a
title prints literally; control characters were stripped on the way in.
Styles come from theme keys so NO_COLOR and piping degrade to plain text,
and every badge carries a symbol so it still reads without colour.
"""

from __future__ import annotations

from collections.abc import Iterable

from pendulum import DateTime
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text
from rich.theme import Theme

from tracker.domain.amounts import Amount
from tracker.domain.dates import FuzzyDate, Happened, Precision
from tracker.domain.events import Event, Status, TermValue
from tracker.domain.provenance import Attribution
from tracker.domain.state import Claim, DealState, Entry

THEME = Theme(
    {
        "tracker.title": "bold",
        "tracker.date": "cyan",
        "tracker.year": "bold underline",
        "tracker.month": "bold",
        "tracker.badge.status": "bold magenta",
        "tracker.badge.terms": "bold blue",
        "tracker.badge.people": "bold green",
        "tracker.badge.context": "dim",
        "tracker.badge.denial": "bold red",
        "tracker.amount": "bold yellow",
        "tracker.source": "dim",
        "tracker.struck": "strike dim",
        "tracker.warning": "bold red",
        "tracker.maybe": "italic yellow",
        "tracker.label": "bold",
    }
)

BADGES: dict[str, tuple[str, str, str]] = {
    "deal_rumored": ("~", "RUMOR", "status"),
    "talks_reported": ("…", "TALKS", "status"),
    "letter_of_intent_signed": ("✎", "LETTER OF INTENT", "status"),
    "terms_reported": ("≡", "TERMS", "terms"),
    "terms_proposed": ("?", "PROPOSED", "terms"),
    "terms_changed": ("Δ", "TERMS CHANGED", "terms"),
    "agreement_signed": ("✔", "SIGNED", "status"),
    "participant_in_talks": ("+", "MAY JOIN", "people"),
    "participant_joined": ("+", "JOINED", "people"),
    "deal_suspended": ("‖", "ON ICE", "status"),
    "talks_resumed": ("▶", "RESUMED", "status"),
    "deal_restructured": ("↻", "RESTRUCTURED", "status"),
    "deal_closed": ("■", "CLOSED", "status"),
    "deal_terminated": ("✖", "TERMINATED", "status"),
    "report_denied": ("✗", "DENIED", "denial"),
    "not_confirmed": ("∅", "NOT CONFIRMED", "denial"),
    "statement_made": ("❝", "STATEMENT", "context"),
    "context_noted": ("·", "CONTEXT", "context"),
}
ATTRIBUTION_MARKS = {
    Attribution.CONFIRMED: "✓ confirmed",
    Attribution.REPORTED: "● reported",
    Attribution.UNCONFIRMED: "○ unconfirmed",
    Attribution.DENIED: "✗ denied",
}
STATUS_LABELS = {
    None: "nothing had happened yet",
    Status.RUMORED: "rumored",
    Status.IN_TALKS: "in talks",
    Status.LETTER_OF_INTENT: "letter of intent",
    Status.SIGNED: "signed",
    Status.SUSPENDED: "suspended (on ice)",
    Status.CLOSED: "closed",
    Status.TERMINATED: "terminated",
}


_MONTHLY = (Precision.INSTANT, Precision.DAY, Precision.MONTH)


def make_console(**options: object) -> Console:
    return Console(theme=THEME, highlight=False, **options)  # type: ignore[arg-type]


def day(moment: DateTime) -> str:
    """A cutoff that ends a day ('by the end of 15 Oct') shows as that day; any other as a time."""
    label = FuzzyDate.at(moment).label()
    end_of_day = (moment.hour, moment.minute, moment.second, moment.microsecond) == (23, 59, 59, 999999)
    return label.removesuffix(" 23:59 UTC") if end_of_day else label


def value_text(value: TermValue) -> str:
    return value.human() if isinstance(value, Amount) else value


def short_id(event: Event) -> str:
    return str(event.event_id)[:8]


def credits(event: Event) -> str:
    """Each distinct source credit once: 'Notebookcheck (FR) citing WSJ; Article A citing FT'."""
    return "; ".join(dict.fromkeys(s.credit() for s in event.sources))


def axes_line(state: DealState) -> Text:
    return Text(f"as of {day(state.as_of)} · known at {day(state.known_at)}", style="tracker.source")


# --- timeline ----------------------------------------------------------------


def timeline(state: DealState) -> RenderableType:
    parts: list[RenderableType] = [
        Text.assemble((state.name, "tracker.title"), f" ({state.deal})"),
        axes_line(state),
    ]
    if not state.timeline:
        parts.append(Text("No development had been reported by then.", style="tracker.source"))
    year = month = None
    for entry in state.timeline:
        occurred = entry.event.occurred or FuzzyDate.at(entry.event.reported_at)
        if occurred.start.year != year:
            year, month = occurred.start.year, None
            parts.append(Text(f"\n{year}", style="tracker.year"))
        if occurred.precision in _MONTHLY and occurred.start.month != month:
            month = occurred.start.month
            parts.append(Text(f"  {occurred.start.format('MMMM')}", style="tracker.month"))
        parts.append(Padding(_entry(entry), (0, 0, 0, 4), expand=False))
    return Group(*parts)


def _entry(entry: Entry) -> RenderableType:
    event = entry.event
    symbol, label, kind = BADGES.get(event.event_type, ("•", event.event_type.upper(), "context"))
    struck = entry.superseded_by is not None or entry.retracted_by is not None
    line = Text.assemble(
        (event.occurred.label() if event.occurred else day(event.reported_at), "tracker.date"),
        "  ",
        (f"{symbol} {label}", f"tracker.badge.{kind}"),
        "  ",
    )
    line.append(Text(event.summary, style="tracker.struck" if struck else ""))
    headline = _entry_amount(event)
    if headline:
        line.append("  ")
        line.append(headline, style="tracker.amount")
    rows: list[RenderableType] = [line]
    notes = _entry_notes(entry)
    if notes:
        rows.append(Padding(notes, (0, 0, 0, 2), expand=False))
    return Group(*rows)


def _entry_amount(event: Event) -> str | None:
    for term in getattr(event, "terms", ()) or ():
        if not isinstance(term.value, str):
            return term.value.human()
    amount = getattr(event, "amount", None)
    return amount.human() if amount else None


def _entry_notes(entry: Entry) -> Text:
    event = entry.event
    notes = Text(ATTRIBUTION_MARKS[event.attribution], style="tracker.source")
    if event.sources:
        notes.append(" · ", style="tracker.source")
        notes.append(credits(event), style="tracker.source")
    if entry.happened is Happened.MAYBE:
        notes.append("\n? may have happened by then (its date straddles the as-of date)", style="tracker.maybe")
    if entry.superseded_by is not None:
        notes.append(f"\n→ superseded by {short_id(entry.superseded_by)}: ", style="tracker.warning")
        notes.append(entry.superseded_by.summary, style="tracker.source")
    if entry.retracted_by is not None:
        notes.append(f"\n✗ retracted by {short_id(entry.retracted_by)}: ", style="tracker.warning")
        notes.append(getattr(entry.retracted_by, "reason", ""), style="tracker.source")
    if entry.amended_by is not None:
        notes.append(f"\nΔ amended by {short_id(entry.amended_by)}: ", style="tracker.warning")
        notes.append(getattr(entry.amended_by, "reason", ""), style="tracker.source")
    return notes


# --- fact box ----------------------------------------------------------------


def fact_box(state: DealState) -> RenderableType:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="tracker.label", no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row("Status", Text(STATUS_LABELS[state.status], style="tracker.badge.status"))
    grid.add_row("Headline", _headline(state))
    conflicted = {c.term for c in state.conflicts if c.current}
    if state.terms:
        grid.add_row("Terms", _claims(state.terms, conflicted))
    if state.proposed:
        grid.add_row("Under discussion", _claims(state.proposed, set()))
    if state.parties:
        grid.add_row("Parties", Text(", ".join(f"{p.name} ({p.role})" for p in state.parties)))
    if state.participants:
        grid.add_row("Participants", _participants(state))
    for stance in state.stances:
        grid.add_row("Stance", Text(f"{stance.party}: {ATTRIBUTION_MARKS[stance.attribution]}"))
    if state.last_change:
        grid.add_row("Last change", _dated(state.last_change.event))
    if state.superseded:
        grid.add_row("Superseded", _claims(state.superseded, set(), struck=True))
    for conflict in state.conflicts:
        label = "Conflict" if conflict.current else "Conflict (superseded)"
        grid.add_row(Text(f"⚠ {label}", style="tracker.warning"), _conflict(conflict.term, conflict.claims))
    if state.may_have_happened:
        grid.add_row("May have happened", Group(*(_dated(e.event) for e in state.may_have_happened)))
    if state.links:
        grid.add_row("Related deals", Text(", ".join(f"{link.deal} ({link.relation})" for link in state.links)))
    grid.add_row("Sources", Text(f"{len(state.sources)} · {state.event_count} events"))
    title = Text.assemble((state.name, "tracker.title"), " · ", axes_line(state))
    return Panel(grid, title=title, title_align="left", expand=False)


def _headline(state: DealState) -> Text:
    claim = state.headline
    if claim is None:
        return Text("—")
    text = Text(value_text(claim.value), style="tracker.amount")
    text.append(f"  ({claim.term}, {ATTRIBUTION_MARKS[claim.event.attribution]})", style="tracker.source")
    if any(c.current and c.term == claim.term for c in state.conflicts):
        text.append("  ⚠ reports disagree", style="tracker.warning")
    return text


def _claims(claims: Iterable[Claim], conflicted: set[str], struck: bool = False) -> Text:
    text = Text()
    for claim in claims:
        if text:
            text.append("\n")
        text.append(f"{claim.term}: ", style="tracker.label")
        text.append(value_text(claim.value), style="tracker.struck" if struck else "tracker.amount")
        if claim.term in conflicted:
            text.append(" ⚠", style="tracker.warning")
        text.append(f"  [{credits(claim.event) or 'no source'}]", style="tracker.source")
        if struck and claim.superseded_by is not None:
            text.append(f" → {short_id(claim.superseded_by)}", style="tracker.source")
    return text


def _conflict(term: str, claims: Iterable[Claim]) -> Text:
    text = Text(f"{term}:", style="tracker.label")
    for claim in claims:
        text.append("\n  ")
        text.append(value_text(claim.value), style="tracker.amount")
        text.append(f"  {ATTRIBUTION_MARKS[claim.event.attribution]} · ", style="tracker.source")
        text.append(credits(claim.event), style="tracker.source")
    return text


def _participants(state: DealState) -> Text:
    text = Text()
    for participant in state.participants:
        if text:
            text.append("\n")
        stage = "joined" if participant.stage == "joined" else "may join"
        text.append(f"{participant.party} ({stage})")
        if participant.amount:
            text.append(f"  {participant.amount.human()}", style="tracker.amount")
    return text


def _dated(event: Event) -> Text:
    when = event.occurred.label() if event.occurred else day(event.reported_at)
    return Text.assemble((when, "tracker.date"), "  ", event.summary)


# --- deals list ----------------------------------------------------------------


def deals_table(states: Iterable[DealState]) -> RenderableType:
    table = Table(show_edge=False, pad_edge=False, expand=False)
    for column in ("Deal", "Status", "Headline", "Last development"):
        table.add_column(column, overflow="fold")
    for state in states:
        last = state.timeline[-1].event if state.timeline else None
        table.add_row(
            Text.assemble((state.name, "tracker.title"), f"\n{state.deal}"),
            Text(STATUS_LABELS[state.status]),
            Text(value_text(state.headline.value) if state.headline else "—", style="tracker.amount"),
            _dated(last) if last else Text("—"),
        )
    return table


def runs_table(rows: Iterable[dict[str, object]]) -> RenderableType:
    table = Table(show_edge=False, pad_edge=False)
    for column in ("Run", "Started", "Status", "Inputs", "Appended", "Duplicates", "Rejected"):
        table.add_column(column, justify="right" if column not in ("Started", "Status") else "left")
    for row in rows:
        status = str(row["status"]) if row["finished_at"] else "unfinished"
        table.add_row(str(row["id"]), day(row["started_at"]), Text(status),  # type: ignore[arg-type]
                      *(str(row[k]) for k in ("files", "appended", "duplicates", "rejected")))
    return table
