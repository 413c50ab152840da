"""What every terminal view shares: the theme, badges, labels and safe text.

Every untrusted string (summaries, quotes, publishers, names) goes through
``safe()`` into a ``Text`` object, never into markup, so ``[red]`` or
``[link=...]`` in a title prints literally. Control characters were stripped
on the way in; ``safe()`` strips them again, with bidirectional overrides,
because a database written by something else may still hold them.
Styles come from theme keys so NO_COLOR and piping degrade to plain text,
and every badge carries a symbol so it still reads without colour.
"""

from __future__ import annotations

import re

from pendulum import DateTime
from rich.console import Console
from rich.text import Text
from rich.theme import Theme

from tracker.domain.amounts import Amount, Money, Quantity
from tracker.domain.dates import FuzzyDate, Precision
from tracker.domain.disputes import Dispute
from tracker.domain.events import (
    ApprovalUpdated,
    Badge,
    BidRejected,
    BoardRecommended,
    DealTerminated,
    DefenceAdopted,
    Event,
    LitigationUpdated,
    ReportConfirmed,
    Status,
    StatusContested,
    TermValue,
)
from tracker.domain.provenance import Attribution
from tracker.domain.state import Entry, Summary
from tracker.domain.text import clean_text
from tracker.render.zone import local

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
        "tracker.badge.approval": "bold yellow",
        "tracker.amount": "bold yellow",
        "tracker.source": "dim",
        "tracker.struck": "strike dim",
        "tracker.later": "dim",
        "tracker.warning": "bold red",
        "tracker.maybe": "italic yellow",
        "tracker.label": "bold",
        "tracker.marker": "bold cyan",
        "tracker.up": "green",
        "tracker.down": "red",
    }
)

ATTRIBUTION_MARKS = {
    Attribution.CONFIRMED: "✓ confirmed",
    Attribution.REPORTED: "● reported",
    Attribution.UNCONFIRMED: "○ unconfirmed",
    Attribution.DENIED: "✗ denied",
}
STATUS_LABELS = {
    None: "nothing had happened yet",
    Status.RUMORED: "rumored",
    Status.PROPOSED: "proposed (an offer on the table)",
    Status.IN_TALKS: "in talks",
    Status.LETTER_OF_INTENT: "letter of intent",
    Status.SIGNED: "signed",
    Status.SUSPENDED: "suspended (on ice)",
    Status.CLOSED: "closed",
    Status.TERMINATED: "terminated",
}
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def make_console(**options: object) -> Console:
    console = Console(theme=THEME, highlight=False, emoji=False, **options)  # type: ignore[arg-type]
    if console.width <= 0:  # COLUMNS=0 would render nothing at all; 80 is rich's own default
        console.width = 80
    return console


def safe(text: str | None, style: str = "") -> Text:
    """Untrusted text as inert ``Text``: no markup, no control characters, no direction overrides."""
    return Text(clean(text), style=style)


def clean(text: str | None) -> str:
    return _BIDI.sub("", clean_text(text or ""))


def badge(event: Event) -> tuple[str, str, str]:
    """(symbol, label, theme kind) of an event type, as its class declares; an undeclared one still reads."""
    declared: Badge | None = getattr(event, "badge", None)
    if declared is None:
        return "•", event.event_type.upper().replace("_", " "), "context"
    return declared.symbol, declared.label, declared.group


def day(moment: DateTime) -> str:
    """A cutoff that ends a day ('by the end of 15 Oct', a calendar date) shows as that day; any other
    instant as a time in the reader's zone."""
    utc = moment.in_tz("UTC")
    if (utc.hour, utc.minute, utc.second, utc.microsecond) == (23, 59, 59, 999999):
        return FuzzyDate.at(utc).label().removesuffix(" 23:59 UTC")
    return instant(moment)


def instant(moment: DateTime) -> str:
    """'19 Feb 2026 23:30 EST': the day and the time where the reader is, with the zone's name."""
    shown = local(moment)
    return f"{shown.day} {shown.format('MMM YYYY HH:mm')} {shown.format('zz') or shown.format('Z')}"


def when(event: Event) -> str:
    """The development's date with its precision (a calendar date never shifts), or the report's time."""
    occurred = event.occurred
    if occurred is None:
        return day(event.reported_at)
    if occurred.precision is Precision.INSTANT and not (occurred.approximate or occurred.uncertain):
        return instant(occurred.start)
    return occurred.label()


def value_text(value: TermValue) -> str:
    """A term's value as safe text: amounts humanised, a date by its label ("H2 2023"), and cleaned too,
    since a unit is untrusted text."""
    if isinstance(value, FuzzyDate):
        return value.label()
    return clean(value.human() if isinstance(value, Amount) else value)


def dispute_words(dispute: Dispute) -> list[tuple[str, bool]]:
    """A dispute as plain words, each with whether it only counts the figures not named; every view escapes them."""
    mine = dispute.mine
    rivals, more = dispute.rivals(2)
    words = [
        (
            f"disputed: {mine.term} {value_text(mine.value)} vs {value_text(rival.value)} "
            f"({credits(rival.event) or 'no source'})",
            False,
        )
        for rival in rivals
    ]
    if more > 0:
        words.append((f"and {more} other figure{'s' if more > 1 else ''} for {mine.term}", True))
    return words


def short_id(event: Event) -> str:
    return str(event.event_id)[:8]


def credits(event: Event) -> str:
    """Each distinct source credit once: 'Notebookcheck (FR) citing WSJ; Article A citing FT'."""
    return "; ".join(dict.fromkeys(clean(s.credit()) for s in event.sources))


_PARTY_SHOWN = (BidRejected, BoardRecommended, DefenceAdopted, ReportConfirmed, StatusContested)


def entry_credits(entry: Entry) -> str:
    """Each outlet that told this development once, its own report's first, then the others'."""
    return "; ".join(dict.fromkeys(clean(s.credit()) for s in entry.sources))


def status_words(state: Summary) -> str:
    """The status line as plain text, for exports."""
    return status_line(state).plain


def event_detail(event: Event) -> str | None:
    """What a type's own fields say that its badge does not: "UK CMA: blocked", "bid by Bidco", "fee $1B owed"."""
    if isinstance(event, ApprovalUpdated | LitigationUpdated):
        who = event.authority if isinstance(event, ApprovalUpdated) else event.case
        return clean(f"{who}: {event.status.value.replace('_', ' ')}")
    if isinstance(event, DealTerminated) and event.fee is not None:
        owed = f" {event.fee_status}" if event.fee_status else ""
        return clean(f"fee {value_text(event.fee)}{owed}" + (f" by {event.fee_payer}" if event.fee_payer else ""))
    for name, words in (("bidder", "by"), ("party", ""), ("condition", "")):
        value = getattr(event, name, None)
        if isinstance(value, str) and (name != "party" or isinstance(event, _PARTY_SHOWN)):
            return clean(f"{words} {value}".strip())
    return None


def headline_amount(event: Event) -> str | None:
    """The first amount an event states, humanised: what a reader scans for."""
    for term in getattr(event, "terms", None) or ():
        if isinstance(term.value, Money | Quantity):
            return value_text(term.value)
    amount = getattr(event, "amount", None)
    return value_text(amount) if isinstance(amount, Money | Quantity) else None


def status_line(state: Summary) -> Text:
    """ "signed · blocked by the UK CMA, 26 Apr 2023 · contested by Twitter": the status and what overshadows it."""
    text = Text(STATUS_LABELS[state.status], style="tracker.badge.status")
    for approval in state.blocked:
        text.append(" · ")
        text.append_text(safe(f"blocked by {_the(approval.authority)}, {when(approval.event)}", "tracker.warning"))
    if state.contested_by:
        text.append(" · ")
        text.append_text(safe(f"contested by {', '.join(state.contested_by)}", "tracker.warning"))
    return text


def _the(authority: str) -> str:
    return authority if authority.lower().startswith("the ") else f"the {authority}"


def axes_line(state: Summary) -> Text:
    return Text(f"as of {day(state.as_of)} · known at {day(state.known_at)}", style="tracker.source")


def dated(event: Event) -> Text:
    return Text.assemble((when(event), "tracker.date"), "  ", safe(event.summary))
