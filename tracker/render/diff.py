"""What changed between two dates, each change beside the development and sources behind it."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from tracker.domain.amounts import Money, Quantity
from tracker.domain.diff import Aspect, Change
from tracker.domain.events import Status
from tracker.domain.state import DealState
from tracker.render.layout import Adaptive, stacked
from tracker.render.theme import STATUS_LABELS, badge, credits, day, safe, value_text, when

_LABELS = {
    Aspect.STATUS: "Status",
    Aspect.TERM: "Term",
    Aspect.PROPOSAL: "Discussed",
    Aspect.PARTICIPANT: "Participant",
    Aspect.STANCE: "Stance",
    Aspect.CONFLICT: "Dispute",
    Aspect.DEVELOPMENT: "Development",
}


def diff_view(before: DealState, after: DealState, axis: str, changes: Sequence[Change]) -> RenderableType:
    now = after.summary
    heading = Text.assemble(
        safe(now.name, "tracker.title"), f" ({now.deal})\n", (_span(before, after, axis), "tracker.source")
    )
    if not changes:
        return Group(heading, Text("Nothing changed between those dates.", style="tracker.source"))
    return Group(heading, Adaptive(lambda: _table(changes), lambda: _list(changes)))


def _table(changes: Sequence[Change]) -> Table:
    table = Table(show_edge=False, pad_edge=False, expand=True)
    table.add_column("What", max_width=24, style="tracker.label")
    table.add_column("Before", ratio=1, overflow="fold")
    table.add_column("After", ratio=1, overflow="fold")
    table.add_column("Because", ratio=2, overflow="fold")
    for change in changes:
        table.add_row(_what(change), *_sides(change), _cause(change))
    return table


def _list(changes: Sequence[Change]) -> RenderableType:
    items = []
    for change in changes:
        was, now = _sides(change)
        line = Text.assemble(_what(change), "\n", was, " → ", now)
        items.append(Group(line, Padding(_cause(change), (0, 0, 0, 2))))
    return stacked(items)


def _sides(change: Change) -> tuple[Text, Text]:
    if change.aspect is Aspect.DEVELOPMENT:
        return _development(change)
    after = _value(change.after)
    amount = getattr(change.cause, "amount", None) if change.aspect is Aspect.PARTICIPANT else None
    if change.after is not None and isinstance(amount, Money):
        after.append(f", {value_text(amount)}", style="tracker.amount")  # what the participant brings
    return _value(change.before), after


def _span(before: DealState, after: DealState, axis: str) -> str:
    was, now = before.summary, after.summary
    if axis == "world":
        return f"world time {day(was.as_of)} → {day(now.as_of)} · known at {day(now.known_at)}"
    return f"knowledge time {day(was.known_at)} → {day(now.known_at)} · as of {day(now.as_of)}"


def _development(change: Change) -> tuple[Text, Text]:
    """A development's own text is already under "Because"; here only whether it came or went."""
    if change.after is None:
        return Text("stood"), Text("retracted", style="tracker.warning")
    return Text("—", style="tracker.source"), Text("happened")


def _what(change: Change) -> Text:
    label = _LABELS[change.aspect]
    if change.aspect is Aspect.STATUS:
        return Text(label, style="tracker.label")
    return Text.assemble((label, "tracker.label"), " ", safe(change.subject.replace("_", " "), "tracker.source"))


def _value(value: object) -> Text:
    if value is None:
        return Text("—", style="tracker.source")
    if isinstance(value, Money | Quantity):
        return Text(value_text(value), style="tracker.amount")
    if isinstance(value, Status):
        return Text(STATUS_LABELS[value])
    return safe(str(value).replace("_", " ") if len(str(value)) < 20 else str(value))


def _cause(change: Change) -> Text:
    event = change.cause
    if event is None:
        return Text("no single development", style="tracker.source")
    symbol, label, _ = badge(event)
    text = Text.assemble((when(event), "tracker.date"), f"  {symbol} {label}\n")
    text.append_text(safe(event.summary))
    if event.sources:
        text.append("\n")
        text.append_text(safe(credits(event), "tracker.source"))
    return text
