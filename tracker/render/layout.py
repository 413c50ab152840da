"""Layouts that adapt to the width they get: side by side when there is room, stacked when not."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.padding import Padding
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

NARROW = 60


@dataclass(frozen=True)
class Indented:
    """A renderable moved right by ``by`` columns, with no spaces at the ends of its lines.

    rich's Padding fills each line with spaces to the right edge, and wrapping
    leaves the space it broke at: a reader copying the timeline into an article
    would carry them along.
    """

    renderable: RenderableType
    by: int

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(options.max_width - self.by, 1)
        margin = Segment(" " * self.by)
        if isinstance(self.renderable, Text):  # the common case, wrapped directly: much cheaper
            for wrapped in self.renderable.wrap(console, width):
                wrapped.rstrip()
                yield margin
                yield from wrapped.render(console)
                yield Segment.line()
            return
        for line in console.render_lines(self.renderable, options.update_width(width), pad=False):
            yield margin
            yield from _without_trailing_spaces(line)
            yield Segment.line()


def _without_trailing_spaces(line: list[Segment]) -> list[Segment]:
    kept = list(line)
    while kept and not kept[-1].control and not kept[-1].text.rstrip(" "):
        kept.pop()
    if kept and not kept[-1].control:
        last = kept[-1]
        kept[-1] = Segment(last.text.rstrip(" "), last.style)
    return kept


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
