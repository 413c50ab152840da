"""Lists: the deals a database holds and how they link, and the ingestion runs."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pendulum import DateTime
from rich.console import Group, RenderableType
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
    listing = Adaptive(lambda: _table(deals), lambda: stacked([_card(s) for s in deals]))
    links = deal_links(deals)
    return Group(listing, Text(), links) if links else listing


def _table(deals: Sequence[Summary]) -> Table:
    table = Table(show_edge=False, pad_edge=False, expand=False)
    for column in ("Deal", "Status", "Headline", "Last change"):
        table.add_column(column, overflow="fold")
    for deal in deals:
        table.add_row(_name(deal), *_facts(deal))
    return table


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
