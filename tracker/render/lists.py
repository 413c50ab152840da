"""Lists: the deals a database holds and how they link, and the ingestion runs."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from tracker.domain.state import DealState
from tracker.render.layout import Adaptive, stacked
from tracker.render.theme import STATUS_LABELS, dated, day, safe, value_text


def deals_table(states: Sequence[DealState]) -> RenderableType:
    """One row per deal; the last development is the last change that still stands."""
    if not states:
        return Text("No deal matches.", style="tracker.source")
    listing = Adaptive(lambda: _table(states), lambda: stacked([_card(s) for s in states]))
    links = deal_links(states)
    return Group(listing, Text(), links) if links else listing


def _table(states: Sequence[DealState]) -> Table:
    table = Table(show_edge=False, pad_edge=False, expand=False)
    for column in ("Deal", "Status", "Headline", "Last change"):
        table.add_column(column, overflow="fold")
    for state in states:
        table.add_row(_name(state), *_facts(state))
    return table


def _card(state: DealState) -> RenderableType:
    status, headline, last = _facts(state)
    return Group(_name(state), Text.assemble(status, " · ", headline), last)


def _name(state: DealState) -> Text:
    """The deal's name over its slug; a deal not yet named shows its slug once."""
    if state.name == state.deal:
        return safe(state.deal, "tracker.title")
    return Text.assemble(safe(state.name, "tracker.title"), f"\n{state.deal}")


def _facts(state: DealState) -> tuple[Text, Text, Text]:
    return (
        Text(STATUS_LABELS[state.status]),
        Text(value_text(state.headline.value) if state.headline else "—", style="tracker.amount"),
        dated(state.last_change.event) if state.last_change else Text("—"),
    )


def deal_links(states: Sequence[DealState]) -> RenderableType | None:
    """Each listed deal with the deals it points to and those that point to it."""
    inbound: dict[str, list[tuple[str, str]]] = {}
    for state in states:
        for link in state.links:
            inbound.setdefault(link.deal, []).append((state.deal, link.relation))
    tree = Tree(Text("Links between deals", style="tracker.label"))
    for state in states:
        out = [(link.deal, link.relation) for link in state.links]
        into = inbound.get(state.deal, [])
        if not out and not into:
            continue
        branch = tree.add(Text(state.deal, style="tracker.title"))
        for other, relation in out:
            branch.add(safe(f"→ {other} ({relation.replace('_', ' ')})"))
        for other, relation in into:
            if other not in {deal for deal, _ in out}:
                branch.add(safe(f"← {other} ({relation.replace('_', ' ')} this)"))
    return tree if tree.children else None


def runs_table(rows: Iterable[dict[str, object]]) -> RenderableType:
    table = Table(show_edge=False, pad_edge=False)
    for column in ("Run", "Started", "Status", "Inputs", "Appended", "Duplicates", "Rejected"):
        table.add_column(column, justify="right" if column not in ("Started", "Status") else "left")
    for row in rows:
        status = str(row["status"]) if row["finished_at"] else "unfinished"
        table.add_row(str(row["id"]), day(row["started_at"]), Text(status),  # type: ignore[arg-type]
                      *(str(row[k]) for k in ("files", "appended", "duplicates", "rejected")))
    return table
