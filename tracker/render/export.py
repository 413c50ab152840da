"""Exports for people who write: Markdown, HTML, SVG, CSV and TimelineJS.

Each format has its own way for text to turn into code: Markdown links and
inline HTML, HTML tags, spreadsheet formulas in CSV, HTML again inside
TimelineJS. Untrusted text is escaped for the format it lands in, so a
headline like ``[x](http://evil)`` or ``=HYPERLINK(...)`` stays words.
"""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Iterable
from typing import Any
from uuid import UUID

from rich.console import CONSOLE_HTML_FORMAT, RenderableType

from tracker.domain.dates import FuzzyDate, Happened, Precision
from tracker.domain.disputes import Dispute, disputes_by_event
from tracker.domain.events import Event
from tracker.domain.state import Claim, DealState, Entry, Summary
from tracker.render.factbox import as_of_title
from tracker.render.theme import (
    ATTRIBUTION_MARKS,
    badge,
    clean,
    credits,
    day,
    dispute_words,
    entry_credits,
    event_detail,
    headline_amount,
    make_console,
    short_id,
    status_words,
    value_text,
    when,
)

RECORD_WIDTH = 100
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#|~&])")


# --- rich-recorded formats ------------------------------------------------------


def recorded(renderable: RenderableType, kind: str, title: str) -> str:
    """Plain text, HTML or SVG of exactly what the terminal shows; rich escapes the text for HTML and SVG."""
    console = make_console(
        record=True, width=RECORD_WIDTH, file=io.StringIO(), force_terminal=True, color_system="truecolor", _environ={}
    )
    console.print(renderable)
    if kind == "svg":
        return console.export_svg(title=clean(title))
    if kind == "text":
        return "\n".join(line.rstrip() for line in console.export_text(styles=False).splitlines()) + "\n"
    page = CONSOLE_HTML_FORMAT.replace("<head>\n", f"<head>\n<title>{_html_title(title)}</title>\n", 1)
    return console.export_html(inline_styles=True, code_format=page)


def _html_title(title: str) -> str:
    """Escaped for HTML, and its braces doubled: rich fills the page in with str.format."""
    return html.escape(clean(title).replace("\n", " ")).replace("{", "{{").replace("}", "}}")


# --- Markdown -------------------------------------------------------------------


def md(text: str | None) -> str:
    """Text that Markdown shows literally: specials escaped, line breaks kept inside the item."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", clean(text)).replace("\n", " ")


def markdown_timeline(state: DealState, entries: Iterable[Entry]) -> str:
    summary = state.summary
    lines = [f"# {md(summary.name)}", "", f"_as of {day(summary.as_of)} · known at {day(summary.known_at)}_"]
    disputes = disputes_by_event(state)
    year = month = None
    for entry in entries:
        occurred = entry.event.occurred or FuzzyDate.at(entry.event.reported_at)
        if occurred.start.year != year:
            year, month = occurred.start.year, None
            lines += ["", f"## {year}", ""]
        if occurred.precision in (Precision.INSTANT, Precision.DAY, Precision.MONTH) and occurred.start.month != month:
            month = occurred.start.month
            lines += [*([""] if lines[-1] else []), f"### {occurred.start.format('MMMM')}", ""]
        lines.append(_markdown_item(entry, _dispute_texts(disputes, entry)))
    return "\n".join(lines) + "\n"


def _dispute_texts(disputes: dict[UUID, list[Dispute]], entry: Entry) -> list[str]:
    """The timeline's dispute notes as plain words; each format escapes them its own way."""
    return [words for dispute in disputes.get(entry.event.event_id, ()) for words, _ in dispute_words(dispute)]


def _markdown_item(entry: Entry, disputed: list[str]) -> str:
    event = entry.event
    symbol, label, _ = badge(event)
    amount = headline_amount(event)
    summary = md(event.summary)
    if entry.superseded_by is not None or entry.retracted_by is not None:
        summary = f"~~{summary}~~"
    detail = event_detail(event)
    item = f"- **{when(event)}** {symbol} {label}" + (f" · {md(detail)}" if detail else "")
    item += (f" · **{md(amount)}**" if amount else "") + f": {summary}"
    sources = entry_credits(entry)
    item += f" _({ATTRIBUTION_MARKS[event.attribution]}" + (f" · {md(sources)}" if sources else "") + ")_"
    if entry.happened is Happened.MAYBE:
        item += " — may have happened by then"
    item += "".join(f" — ⚠ {md(words)}" for words in disputed)
    if entry.superseded_by is not None:
        item += f" — superseded by {short_id(entry.superseded_by)}: {md(entry.superseded_by.summary)}"
    if entry.retracted_by is not None:
        item += f" — retracted: {md(getattr(entry.retracted_by, 'reason', ''))}"
    return item


def _parts(summary: Summary) -> tuple[tuple[str, Claim | None], ...]:
    return (("firm", summary.firm), ("contingent", summary.contingent))


def _words(value: object) -> str:
    return str(getattr(value, "value", value)).replace("_", " ")


def markdown_state(state: DealState) -> str:
    summary = state.summary
    lines = [
        f"# {md(summary.name)}",
        "",
        f"_as of {day(summary.as_of)} · known at {day(summary.known_at)}_",
        "",
        "| | |",
        "|---|---|",
        f"| Status | {md(status_words(summary))} |",
    ]
    headline = summary.headline
    lines.append(f"| Headline | {md(value_text(headline.value)) if headline else '—'} |")
    lines += [f"| {name.capitalize()} | {md(value_text(c.value))} |" for name, c in _parts(summary) if c]
    lines += [f"| ⚠ Check | {md(flag.message)} |" for flag in summary.flags]
    lines += [f"| Approval | {md(a.authority)}: {md(_words(a.status))} ({when(a.event)}) |" for a in summary.approvals]
    lines += [
        f"| Lawsuit | {md(suit.case)} ({md(suit.court)}): {md(_words(suit.status))} ({when(suit.event)}) |"
        for suit in summary.litigation
    ]
    lines += [
        f"| Contested | {md(c.party)}: {md(c.event.summary)} ({md(credits(c.event))}) |" for c in summary.contests
    ]
    lines += [f"| On the bid | {md(p.party)}: {md(_words(p.position))} |" for p in summary.positions]
    lines += [f"| {md(c.term)} | {md(value_text(c.value))} ({md(credits(c.event))}) |" for c in summary.terms]
    lines += [f"| Party | {md(p.name)} ({md(p.role)}) |" for p in summary.parties]
    lines += [
        f"| Discussed {md(c.term)} | {md(value_text(c.value))} ({md(credits(c.event))}) |" for c in summary.proposed
    ]
    lines += [
        f"| Participant | {md(p.party)} ({p.stage.replace('_', ' ')})"
        + (f" {md(value_text(p.amount))}" if p.amount else "")
        + " |"
        for p in summary.participants
    ]
    lines += [f"| Stance | {md(s.party)}: {ATTRIBUTION_MARKS[s.attribution]} |" for s in summary.stances]
    if state.last_change:
        lines.append(f"| Last change | {when(state.last_change.event)}: {md(state.last_change.event.summary)} |")
    lines += [f"| Superseded | ~~{md(c.term)}: {md(value_text(c.value))}~~ |" for c in state.superseded]
    for conflict in state.every_conflict:
        sides = "; ".join(f"{md(value_text(c.value))} ({md(credits(c.event))})" for c in conflict.claims)
        label = "Disputed" if conflict.current else "Was disputed"
        lines.append(f"| {label} {md(conflict.term)} | {sides} |")
    lines += [f"| Related deal | {md(link.deal)} ({md(link.relation)}) |" for link in summary.links]
    return "\n".join(lines) + "\n"


# --- CSV ------------------------------------------------------------------------


def spreadsheet_safe(value: str) -> str:
    """A cell a spreadsheet will not run: formulas start with = + - @ or a control character."""
    value = clean(value)
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def csv_rows(header: list[str], rows: Iterable[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([spreadsheet_safe(cell) for cell in row] for row in rows)
    return out.getvalue()


def csv_timeline(state: DealState, entries: Iterable[Entry]) -> str:
    header = [
        "date",
        "precision",
        "type",
        "summary",
        "amount",
        "attribution",
        "sources",
        "status",
        "event_id",
        "disputed",
    ]
    disputes = disputes_by_event(state)
    return csv_rows(header, ([*_csv_entry(e), "; ".join(_dispute_texts(disputes, e))] for e in entries))


def _csv_entry(entry: Entry) -> list[str]:
    event = entry.event
    occurred = event.occurred
    standing = (
        "retracted"
        if entry.retracted_by
        else "superseded"
        if entry.superseded_by
        else "maybe"
        if entry.happened is Happened.MAYBE
        else "current"
    )
    return [
        occurred.text if occurred else event.reported_at.isoformat(),
        occurred.precision.value if occurred else "instant",
        event.event_type,
        event.summary,
        " · ".join(filter(None, (event_detail(event), headline_amount(event)))),
        event.attribution.value,
        entry_credits(entry),
        standing,
        str(event.event_id),
    ]


def csv_state(state: DealState) -> str:
    header = ["kind", "term", "value", "attribution", "sources", "event_id", "superseded_by"]
    rows = [_csv_claim("term", c) for c in state.summary.terms]
    rows += [_csv_claim("discussed", c) for c in state.summary.proposed]
    rows += [_csv_claim("superseded", c) for c in state.superseded]
    rows += [
        _csv_claim("disputed" if conflict.current else "was_disputed", claim)
        for conflict in state.every_conflict
        for claim in conflict.claims
    ]
    rows += [_csv_record("approval", a.authority, _words(a.status), a.event) for a in state.summary.approvals]
    rows += [_csv_record("lawsuit", s.case, _words(s.status), s.event) for s in state.summary.litigation]
    rows += [_csv_record("contest", c.party, "contests the status", c.event) for c in state.summary.contests]
    rows += [_csv_record("position", p.party, _words(p.position), p.event) for p in state.summary.positions]
    return csv_rows(header, rows)


def _csv_record(kind: str, subject: str, value: str, event: Event) -> list[str]:
    """An approval, a lawsuit, a contest or a position, in the columns of a term: what, where it stands, who said."""
    return [kind, subject, value, event.attribution.value, credits(event), str(event.event_id), ""]


def _csv_claim(kind: str, claim: Claim) -> list[str]:
    later = str(claim.superseded_by.event_id) if claim.superseded_by else ""
    return [
        kind,
        claim.term,
        value_text(claim.value),
        claim.event.attribution.value,
        credits(claim.event),
        str(claim.event.event_id),
        later,
    ]


# --- TimelineJS -----------------------------------------------------------------


def timelinejs(state: DealState, entries: Iterable[Entry]) -> dict[str, Any]:
    """Knight Lab TimelineJS JSON: opens as is; dates carry only the parts the news gave."""
    title = {"text": {"headline": html.escape(clean(state.summary.name)), "text": html.escape(as_of_title(state))}}
    disputes = disputes_by_event(state)
    return {"title": title, "events": [_timelinejs_event(e, _dispute_texts(disputes, e)) for e in entries]}


def _timelinejs_event(entry: Entry, disputed: list[str]) -> dict[str, Any]:
    event = entry.event
    occurred = event.occurred or FuzzyDate.at(event.reported_at)
    symbol, label, _ = badge(event)
    amount = headline_amount(event)
    headline = html.escape(clean(event.summary))
    if entry.superseded_by is not None or entry.retracted_by is not None:
        headline = f"<s>{headline}</s>"
    body = [
        f"{symbol} {label}"
        + (f" · {html.escape(detail)}" if (detail := event_detail(event)) else "")
        + (f" · <b>{html.escape(amount)}</b>" if amount else ""),
        html.escape(f"{ATTRIBUTION_MARKS[event.attribution]} · {entry_credits(entry)}"),
    ]
    body += [html.escape(f"⚠ {clean(words)}") for words in disputed]
    body += [f"<blockquote>{html.escape(clean(s.quote))}</blockquote>" for s in event.sources if s.quote]
    item: dict[str, Any] = {
        "unique_id": str(event.event_id),
        "start_date": _timelinejs_date(occurred, occurred.start),
        "text": {"headline": headline, "text": "<p>" + "</p><p>".join(body) + "</p>"},
        "group": label.capitalize(),  # "LETTER OF INTENT" reads "Letter of intent"
    }
    if occurred.precision in (Precision.SEASON, Precision.QUARTER):
        item["end_date"] = _timelinejs_date(occurred, occurred.end.subtract(days=1))
    return item


def _timelinejs_date(date: FuzzyDate, moment: Any) -> dict[str, Any]:
    parts: dict[str, Any] = {"year": moment.year, "display_date": date.label()}
    if date.precision in (Precision.MONTH, Precision.DAY, Precision.INSTANT, Precision.SEASON, Precision.QUARTER):
        parts["month"] = moment.month
    if date.precision in (Precision.DAY, Precision.INSTANT):
        parts["day"] = moment.day
    if date.precision is Precision.INSTANT:
        parts.update(hour=moment.hour, minute=moment.minute)
    return parts
