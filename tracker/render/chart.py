"""The headline amount over world time as a step chart drawn with block characters.

Amounts that are ranges or bounds are drawn at one value (the bound, or the
middle of a range) and always labelled as reported, so the chart never
shows a precision the news did not give.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from rich.console import Console, ConsoleOptions, RenderResult
from rich.table import Table
from rich.text import Text

from tracker.domain.amounts import Amount, compact
from tracker.domain.events import DealTerminated
from tracker.domain.history import Step, settled_at
from tracker.domain.state import DealState
from tracker.render.theme import axes_line, day, safe, value_text, when

HEIGHT = 8
MARKS = "123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
TERMINATED = DealTerminated.badge.symbol  # where the amount stops


def plotted(amount: Amount) -> Decimal:
    """The single value a bar is drawn at: the point, the bound, or the middle of a range."""
    if amount.value is not None:
        return amount.value
    assert amount.low is not None and amount.high is not None
    return (amount.low + amount.high) / 2


@dataclass(frozen=True)
class StepChart:
    state: DealState
    steps: Sequence[Step]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        summary = self.state.summary
        yield Text.assemble(safe(summary.name, "tracker.title"), f" ({summary.deal}): headline over time")
        yield axes_line(summary)
        values = [plotted(s.claim.value) if s.claim and isinstance(s.claim.value, Amount) else None for s in self.steps]
        top = max((v for v in values if v is not None), default=None)
        if top is None or top <= 0:
            yield Text("No headline amount was reported by then.", style="tracker.source")
            return
        axis = max(len(compact(top)), 1) + 1
        width = max(options.max_width - axis - 2, 10)
        columns = self._columns(width)
        for row in range(HEIGHT, 0, -1):
            label = compact(top) if row == HEIGHT else ("0" if row == 1 else "")
            line = Text(f"{label:>{axis}} │", style="tracker.source")
            line.append(
                "".join(_cell(values[i], top, row) if i is not None else " " for i in columns), style="tracker.amount"
            )
            yield line
        yield Text(" " * axis + " └" + "─" * width, style="tracker.source")
        yield Text(" " * (axis + 2) + self._marks(columns), style="tracker.marker")
        yield Text(f"{'':>{axis}}  {when_label(self.steps[0])} … {day(summary.as_of)}", style="tracker.source")
        yield self._legend()

    def _columns(self, width: int) -> list[int | None]:
        """For each column of the plot, the index of the step in force at that moment."""
        start, end = self.steps[0].moment, max(self.steps[-1].moment, self.state.summary.as_of)
        span = max((end - start).total_seconds(), 1.0)
        columns: list[int | None] = []
        for column in range(width):
            at = start.add(seconds=span * column / max(width - 1, 1))
            index = max((i for i, s in enumerate(self.steps) if s.moment <= at), default=None)
            columns.append(index)
        return columns

    def _marks(self, columns: list[int | None]) -> str:
        """Each step's mark at the first column it holds, or just right of the mark before it.

        Steps a day apart can fall in one column; each still gets a mark of its own, in order.
        """
        marks = [" "] * len(columns)
        used = -1
        for i, step in enumerate(self.steps):
            first = next((c for c, index in enumerate(columns) if index is not None and index >= i), None)
            if first is None:
                continue
            at = max(first, used + 1)
            if at >= len(marks):
                break
            marks[at], used = TERMINATED if step.ended else MARKS[i % len(MARKS)], at
        return "".join(marks)

    def _legend(self) -> Table:
        grid = Table.grid(padding=(0, 1))
        grid.add_column(style="tracker.marker", no_wrap=True)
        grid.add_column()
        for i, step in enumerate(self.steps):
            line = Text.assemble((when_label(step), "tracker.date"), "  ")
            amount = "ended: no amount stands" if step.ended else "no amount"
            line.append(value_text(step.claim.value) if step.claim else amount, style="tracker.amount")
            if step.cause is not None:
                line.append("  ")
                line.append_text(safe(step.cause.summary))
            grid.add_row(f" {TERMINATED if step.ended else MARKS[i % len(MARKS)]}", line)
        return grid


def when_label(step: Step) -> str:
    """The step's own moment; the cause's date (with its precision) only when that is the moment it settled.

    A cause can be dated apart from its step: a report about another development's terms
    is weighed at that development's date, not its own.
    """
    if step.cause is not None and settled_at(step.cause) == step.moment:
        return when(step.cause)
    return step.moment.format("D MMM YYYY")


def _cell(value: Decimal | None, top: Decimal, row: int) -> str:
    if value is None:
        return " "
    level = value / top * HEIGHT
    if level >= row:
        return "█"
    if level > row - 1:
        return " ▁▂▃▄▅▆▇"[int((level - (row - 1)) * 8)]
    return " "
