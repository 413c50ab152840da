"""News in on the terminal: the articles read with their candidates, a candidate for review, review counts.

Everything shown here came from a page someone else wrote: it goes through
``safe`` (a Text, never markup, controls stripped), quotes included.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from tracker.domain.news import CandidateTerm, Kept, RuleCount, StoredArticle, StoredCandidate
from tracker.render.theme import day, safe


def article_line(article: StoredArticle, new: bool = True) -> Text:
    a = article.article
    line = Text.assemble(safe(a.title or a.url or article.source, "tracker.title"))
    facts = [part for part in (a.publisher, a.published_at and day(a.published_at), a.language) if part]
    if facts:
        line.append_text(safe(" — " + ", ".join(str(f) for f in facts), "tracker.source"))
    if not new:
        line.append_text(Text(" (read before: nothing added)", style="tracker.later"))
    return line


def candidate_line(stored: StoredCandidate) -> Text:
    """One line: id, deal, type, date at its precision, the first amount, and why it may need a look."""
    c = stored.candidate
    line = Text.assemble((f"#{stored.id} ", "tracker.marker"), safe(c.deal, "tracker.label"), " ")
    line.append_text(safe(c.type, "tracker.badge.status"))
    line.append_text(safe(f" {c.occurred}", "tracker.date"))
    if c.terms:
        line.append_text(safe(f" {_term_text(c.terms[0])}", "tracker.amount"))
    line.append_text(safe(f"  {c.summary}"))
    if c.flags:
        line.append_text(safe(f"  [{', '.join(c.flags)}]", "tracker.maybe"))
    return line


def _term_text(term: CandidateTerm) -> str:
    if term.amount is None:
        return f"{term.name} {term.text}" + (" (not read as an amount)" if term.problem else "")
    shown = term.amount.human()
    return f"{term.name} {shown}"


def read_listing(kept: Sequence[Kept]) -> RenderableType:
    """What `tracker read` found: each article, then its candidates (or why there are none)."""
    parts: list[RenderableType] = []
    for k in kept:
        parts.append(article_line(k.article, k.new))
        if k.new and not k.candidates:
            parts.append(Text("  no development of a known deal found", style="tracker.source"))
        parts.extend(Text.assemble("  ", candidate_line(c)) for c in k.candidates)
    if not parts:
        return Text("Nothing read.", style="tracker.source")
    return Group(*parts)


def queue_listing(candidates: Sequence[StoredCandidate]) -> RenderableType:
    if not candidates:
        return Text("No candidate waits for review.", style="tracker.source")
    parts: list[RenderableType] = []
    last_article = None
    for stored in candidates:
        if stored.article.id != last_article:
            parts.append(article_line(stored.article))
            last_article = stored.article.id
        parts.append(Text.assemble("  ", candidate_line(stored)))
    return Group(*parts)


def candidate_card(stored: StoredCandidate) -> RenderableType:
    """A candidate in full, as a reviewer weighs it: what it proposes, why, and the sentences it rests on."""
    c = stored.candidate
    rows = Table.grid(padding=(0, 1))
    rows.add_column(style="tracker.label", no_wrap=True)
    rows.add_column(overflow="fold")
    rows.add_row("Candidate", safe(f"#{stored.id} for {c.deal}" + (" (a new deal)" if c.proposed_deal else "")))
    rows.add_row("Type", safe(c.type + (f" (else {c.second_type})" if c.second_type else "")))
    rows.add_row("Occurred", safe(c.occurred + (f' from "{c.date_text}"' if c.date_text else " (publication date)")))
    rows.add_row("Summary", safe(c.summary))
    for term in c.terms:
        rows.add_row("Term", safe(_term_text(term) + (f" ({term.problem})" if term.problem else "")))
    if c.party:
        rows.add_row("Party", safe(c.party))
    said = c.attribution + (f", by {c.attributed_to}" if c.attributed_to else "")
    rows.add_row("Attribution", safe(said + (f"; cites {', '.join(c.cites)}" if c.cites else "")))
    rows.add_row("Rule", safe(f"{c.rule} (confidence {c.confidence})"))
    if c.flags:
        rows.add_row("Flags", safe(", ".join(c.flags), "tracker.maybe"))
    rows.add_row("Article", article_line(stored.article))
    quotes = [Text.assemble("  “", safe(q.text, "italic"), "”") for q in c.quotes]
    return Group(rows, *quotes)


def stats_table(counts: Sequence[RuleCount]) -> RenderableType:
    if not counts:
        return Text("No candidate yet: read articles with `tracker read`.", style="tracker.source")
    table = Table(show_edge=False, pad_edge=False)
    for column in ("Rule", "Pending", "Accepted", "Edited", "Rejected"):
        table.add_column(column, justify="left" if column == "Rule" else "right")
    for c in counts:
        table.add_row(safe(c.rule), *(str(n) for n in (c.pending, c.accepted, c.edited, c.rejected)))
    totals = [sum(getattr(c, k) for c in counts) for k in ("pending", "accepted", "edited", "rejected")]
    table.add_row(Text("all", style="tracker.label"), *(str(n) for n in totals))
    return table
