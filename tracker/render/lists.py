"""Lists: the deals a database holds and how they link, and the ingestion runs."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from pendulum import DateTime
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.segment import Segment
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from tracker.domain.state import Summary
from tracker.render.layout import Adaptive, stacked
from tracker.render.theme import dated, day, safe, status_line, value_text

NO_DEAL_YET = "No deal yet: add one with `tracker ingest FILE`, e.g. `tracker ingest seeds/`."


def deals_table(deals: Sequence[Summary], stored: int | None = None) -> RenderableType:
    """One row per deal; the last development is the last change that still stands.

    ``stored``: how many deals the database holds at all; none means the reader has yet to add one.
    """
    if not deals:
        if stored == 0:
            return Text(NO_DEAL_YET, style="tracker.source")
        return Text("No deal matches.", style="tracker.source")

    def cards() -> RenderableType:
        return stacked([_card(s) for s in deals])

    listing = Adaptive(lambda: _table(deals, cards), cards)
    links = deal_links(deals)
    return Group(listing, Text(), links) if links else listing


def _table(deals: Sequence[Summary], too_narrow: Callable[[], RenderableType]) -> RenderableType:
    rows = [(_name(deal), *_facts(deal)) for deal in deals]
    return Columns(("Deal", "Status", "Headline", "Last change"), rows, too_narrow)


@dataclass(frozen=True)
class Columns:
    """A table of text cells drawn as rich draws one (header, rule, ``│`` between cells), for a third of the time.

    The first and last columns share what the others leave and wrap into it;
    the others keep their width. rich's Table measured and wrapped every cell
    of a thousand deals, for 0.4 s; here a cell is measured once and wraps only if too wide.
    """

    headers: tuple[str, ...]
    rows: Sequence[tuple[Text, ...]]
    too_narrow: Callable[[], RenderableType]  # what to show instead where the columns cannot fit

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        widths = self._widths(options.max_width)
        if widths is None:
            yield self.too_narrow()
            return
        header = console.get_style("table.header")
        yield from self._line([[Text(h, style=header)] for h in self.headers], widths, " ┃ ", console)
        yield Segment("━╇━".join("━" * width for width in widths), header)
        yield Segment.line()
        for row in self.rows:
            yield from self._line(
                [_wrapped(cell, width, console) for cell, width in zip(row, widths, strict=True)],
                widths,
                " │ ",
                console,
            )

    def _widths(self, room: int) -> list[int] | None:
        natural = [max(cell_len(h), *(_longest(row[i]) for row in self.rows)) for i, h in enumerate(self.headers)]
        spare = room - 3 * (len(natural) - 1) - sum(natural)
        if spare >= 0:
            return natural
        shared = natural[0] + natural[-1] + spare
        first = min(natural[0], max(shared // 2, 12))
        return None if shared - first < 12 else [first, *natural[1:-1], shared - first]

    @staticmethod
    def _line(cells: list[list[Text]], widths: list[int], between: str, console: Console) -> Iterator[Segment]:
        """One row, as many lines deep as its deepest cell, with no spaces at the ends of its lines."""
        last = len(cells) - 1
        for depth in range(max(len(lines) for lines in cells)):
            for index, (lines, width) in enumerate(zip(cells, widths, strict=True)):
                line = lines[depth] if depth < len(lines) else Text()
                if index:
                    yield Segment(between.rstrip() if index == last and not line else between)
                yield from line.render(console)
                if index < last:
                    yield Segment(" " * (width - line.cell_len))
            yield Segment.line()


def _longest(cell: Text) -> int:
    return max(cell_len(line) for line in cell.plain.split("\n"))


def _wrapped(cell: Text, width: int, console: Console) -> list[Text]:
    """The cell's lines, wrapped at ``width`` only where one is longer."""
    lines = cell.split("\n") if "\n" in cell.plain else [cell]
    if all(line.cell_len <= width for line in lines):
        return list(lines)
    wrapped = [part for line in lines for part in line.wrap(console, width, overflow="fold")]
    for part in wrapped:
        part.rstrip()  # the space it broke at
    return wrapped


def _card(deal: Summary) -> RenderableType:
    status, headline, last = _facts(deal)
    return Group(_name(deal), Text.assemble(status, " · ", headline), last)


def _name(deal: Summary) -> Text:
    """The deal's name over its slug; a deal not yet named shows its slug once."""
    if deal.name == deal.deal:
        return safe(deal.deal, "tracker.title")
    return Text.assemble(safe(deal.name, "tracker.title"), f"\n{deal.deal}")


def _facts(deal: Summary) -> tuple[Text, Text, Text]:
    return (
        status_line(deal),
        Text(value_text(deal.headline.value) if deal.headline else "—", style="tracker.amount"),
        dated(deal.last_change) if deal.last_change else Text("—"),
    )


def deal_links(deals: Sequence[Summary]) -> RenderableType | None:
    """Each listed deal with the deals it points to and those that point to it."""
    inbound: dict[str, list[tuple[str, str]]] = {}
    for deal in deals:
        for link in deal.links:
            inbound.setdefault(link.deal, []).append((deal.deal, link.relation))
    tree = Tree(Text("Links between deals", style="tracker.label"))
    for deal in deals:
        out = [(link.deal, link.relation) for link in deal.links]
        into = inbound.get(deal.deal, [])
        if not out and not into:
            continue
        branch = tree.add(Text(deal.deal, style="tracker.title"))
        for other, relation in out:
            branch.add(safe(f"→ {other} ({relation.replace('_', ' ')})"))
        for other, relation in into:
            if other not in {slug for slug, _ in out}:
                branch.add(safe(f"← {other} ({relation.replace('_', ' ')} this)"))
    return tree if tree.children else None


def runs_table(rows: Iterable[dict[str, object]]) -> RenderableType:
    table = Table(show_edge=False, pad_edge=False)
    for column in ("Run", "Started", "Status", "Inputs", "Appended", "Duplicates", "Rejected"):
        table.add_column(column, justify="right" if column not in ("Started", "Status") else "left")
    for row in rows:
        status = str(row["status"]) if row["finished_at"] else "unfinished"
        started = row["started_at"]
        assert isinstance(started, DateTime)
        table.add_row(
            str(row["id"]),
            day(started),
            Text(status),
            *(str(row[k]) for k in ("files", "appended", "duplicates", "rejected")),
        )
    return table
