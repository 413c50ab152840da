"""Layouts that adapt to the width they get: side by side when there is room, stacked when not."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

NARROW = 60


@dataclass(frozen=True)
class LabelledRows:
    """Label and value pairs: a two-column grid, or at narrow widths each label above its value."""

    rows: Sequence[tuple[Text | str, RenderableType]]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if options.max_width < NARROW:
            for label, value in self.rows:
                yield Text(label, style="tracker.label") if isinstance(label, str) else label
                yield Padding(value, (0, 0, 0, 2))
            return
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="tracker.label", no_wrap=True)
        grid.add_column(overflow="fold")
        for label, value in self.rows:
            grid.add_row(label, value)
        yield grid


@dataclass(frozen=True)
class Adaptive:
    """One renderable for wide screens and another for narrow ones, built only when needed."""

    wide: Callable[[], RenderableType]
    narrow: Callable[[], RenderableType]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield (self.narrow if options.max_width < NARROW else self.wide)()


def stacked(items: Sequence[RenderableType]) -> Group:
    """Items one under another with a blank line between, for narrow screens."""
    spaced: list[RenderableType] = []
    for item in items:
        if spaced:
            spaced.append(Text())
        spaced.append(item)
    return Group(*spaced)
