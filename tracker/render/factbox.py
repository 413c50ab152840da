"""A deal's state as a fact box: what stood, on whose word, and what it replaced.

The title says on which dates of both time axes the box holds, so a
screenshot can never be mistaken for today's state.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.rule import Rule
from rich.text import Text

from tracker.domain.state import Claim, Contest, DealState, Summary
from tracker.domain.views import Facts, History, history_of
from tracker.render.layout import LabelledRows
from tracker.render.theme import (
    ATTRIBUTION_MARKS,
    axes_line,
    clean,
    credits,
    dated,
    day,
    safe,
    short_id,
    status_line,
    value_text,
    when,
)

HISTORY_SHOWN = 10  # of each kind of history (superseded terms, past disputes, maybe by then): the latest


def fact_box(state: DealState | Summary | Facts, history_shown: int | None = HISTORY_SHOWN) -> RenderableType:
    """The whole state, or a summary from the state index (which has no history to show).

    What stands is always shown whole; history only its latest ``history_shown``
    items of each kind (None: all), with a line that counts the rest: a deal
    with 8,000 superseded terms must still fit a screen. ``Facts`` come with
    their history already cut to the latest few.
    """
    facts = _facts(state, history_shown)
    summary = facts.summary
    title = Text.assemble(safe(summary.name, "tracker.title"), f" ({summary.deal})\n", axes_line(summary))
    rows = list(_rows(summary, facts.history))
    return Panel(Group(title, Rule(style="tracker.source"), LabelledRows(rows)), expand=False)


def _facts(state: DealState | Summary | Facts, shown: int | None) -> Facts:
    if isinstance(state, DealState):
        return Facts(state.summary, history_of(state, shown))
    return state if isinstance(state, Facts) else Facts(state, None)


def _left_out(count: int, what: str) -> Text:
    return Text(f"… and {count:,} earlier {what} (`tracker state --all-history` lists them)", style="tracker.source")


def _rows(state: Summary, history: History | None) -> Iterable[tuple[Text | str, RenderableType]]:
    yield "Status", status_line(state)
    yield "Headline", _headline(state)
    if state.firm or state.contingent:
        yield "Tranches", _tranches(state)
    for flag in state.flags:
        yield Text("⚠ Check", style="tracker.warning"), safe(flag.message)
    conflicted = {c.term for c in state.conflicts}
    if state.terms:
        yield "Terms", _claims(state.terms, conflicted)
    if state.proposed:
        yield "Discussed", _claims(state.proposed, set())
    if state.parties:
        yield "Parties", safe(", ".join(f"{p.name} ({p.role})" for p in state.parties))
    if state.participants:
        yield "Participants", _participants(state)
    for stance in state.stances:
        yield (
            "Stance",
            Text.assemble(
                safe(stance.party),
                f": {ATTRIBUTION_MARKS[stance.attribution]} ",
                (f"({when(stance.event)})", "tracker.source"),
            ),
        )
    if state.approvals:
        yield "Approvals", _approvals(state)
    if state.litigation:
        yield "Litigation", _litigation(state)
    for contest in state.contests:
        yield Text("⚔ Contested", style="tracker.warning"), _contest(contest)
    if state.positions:
        yield "On the bid", _positions(state)
    if state.last_change:
        yield "Last change", dated(state.last_change)
    if history is not None and history.superseded:
        earlier = history.earlier_superseded
        yield (
            "Superseded",
            Group(_superseded(history.superseded), *([_left_out(earlier, "superseded terms")] if earlier else [])),
        )
    for conflict in state.conflicts:
        yield Text("⚠ Disputed", style="tracker.warning"), _conflict(conflict.term, conflict.claims)
    if history is not None:
        for conflict in history.past_conflicts:
            yield Text("⚠ Was disputed", style="tracker.warning"), _conflict(conflict.term, conflict.claims)
        if history.earlier_past_conflicts:
            left_out = _left_out(history.earlier_past_conflicts, "past disputes")
            yield Text("⚠ Was disputed", style="tracker.warning"), left_out
    if history is not None and history.maybe:
        earlier = history.earlier_maybe
        lines = [dated(e.event) for e in history.maybe] + ([_left_out(earlier, "developments")] if earlier else [])
        yield "Maybe by then", Group(*lines)
    if state.links:
        related = ", ".join(f"{link.deal} ({link.relation.replace('_', ' ')})" for link in state.links)
        yield "Related deals", safe(related)
    if history is not None:
        yield "Sources", Text(f"{history.source_count} · {history.event_count} events")
    else:
        yield "History", Text("not read (summary); `tracker state` without --summary shows it", style="tracker.source")


def _headline(state: Summary) -> Text:
    claim = state.headline
    if claim is None:
        return Text("—")
    text = Text(value_text(claim.value), style="tracker.amount")
    text.append(
        f"  ({claim.term}, {ATTRIBUTION_MARKS[claim.event.attribution]}, {when(claim.event)})", style="tracker.source"
    )
    if any(c.term == claim.term for c in state.conflicts):
        text.append("  ⚠ reports disagree", style="tracker.warning")
    return text


def _claims(claims: Iterable[Claim], conflicted: set[str]) -> Text:
    text = Text()
    for claim in claims:
        if text:
            text.append("\n")
        text.append_text(safe(f"{claim.term}: ", "tracker.label"))
        text.append(value_text(claim.value), style="tracker.amount")
        if claim.term in conflicted:
            text.append(" ⚠", style="tracker.warning")
        text.append("  ")
        text.append_text(safe(credits(claim.event) or "no source", "tracker.source"))
    return text


def _superseded(claims: Iterable[Claim]) -> Text:
    text = Text()
    for claim in claims:
        if text:
            text.append("\n")
        text.append_text(safe(f"{claim.term}: ", "tracker.label"))
        text.append(value_text(claim.value), style="tracker.struck")
        if claim.superseded_by is not None:
            pointer = f"  → {short_id(claim.superseded_by)}, {when(claim.superseded_by)}"
            text.append(pointer, style="tracker.source")
    return text


def _conflict(term: str, claims: Iterable[Claim]) -> Text:
    text = safe(f"{term}:", "tracker.label")
    for claim in claims:
        text.append("\n• ")
        text.append(value_text(claim.value), style="tracker.amount")
        text.append(f"  {ATTRIBUTION_MARKS[claim.event.attribution]} · ", style="tracker.source")
        text.append_text(safe(credits(claim.event) or "no source", "tracker.source"))
    return text


def _tranches(state: Summary) -> Text:
    parts = [(name, claim) for name, claim in (("firm", state.firm), ("contingent", state.contingent)) if claim]
    text = Text()
    for name, claim in parts:
        if text:
            text.append(" · ")
        text.append(f"{name} ")
        text.append(value_text(claim.value), style="tracker.amount")
    return text


def _approvals(state: Summary) -> Text:
    text = Text()
    for approval in state.approvals:
        if text:
            text.append("\n")
        style = "tracker.warning" if approval in state.blocked else ""
        text.append_text(safe(f"{approval.authority} ({approval.kind.value.replace('_', ' ')}): ", "tracker.label"))
        text.append_text(safe(approval.status.value.replace("_", " "), style))
        text.append(f"  {when(approval.event)}", style="tracker.source")
        if approval.remedies:
            text.append_text(safe(f"\n  remedies: {approval.remedies}", "tracker.source"))
    return text


def _litigation(state: Summary) -> Text:
    text = Text()
    for suit in state.litigation:
        if text:
            text.append("\n")
        text.append_text(safe(f"{suit.case} ({suit.court}): ", "tracker.label"))
        text.append_text(safe(suit.status.value.replace("_", " ")))
        text.append(f"  {when(suit.event)}", style="tracker.source")
        if suit.outcome:
            text.append_text(safe(f"\n  {suit.outcome}", "tracker.source"))
    return text


def _contest(contest: Contest) -> Text:
    """Both sides with their sources: who contests, and the development that set the status."""
    text = Text.assemble(safe(contest.party), f" contests ({when(contest.event)}): ")
    text.append_text(safe(f"{contest.event.summary}  [{credits(contest.event) or 'no source'}]"))
    if contest.contested is not None:
        text.append("\nagainst: ")
        text.append_text(safe(f"{contest.contested.summary}  [{credits(contest.contested) or 'no source'}]"))
    return text


def _positions(state: Summary) -> Text:
    text = Text()
    for position in state.positions:
        if text:
            text.append("\n")
        detail = getattr(position.event, "defence", None)
        words = position.position.replace("_", " ") + (f": {detail}" if detail else "")
        text.append_text(safe(f"{position.party}: {words}"))
        text.append(f"  {when(position.event)}", style="tracker.source")
    return text


def _participants(state: Summary) -> Text:
    text = Text()
    for participant in state.participants:
        if text:
            text.append("\n")
        stage = "joined" if participant.stage == "joined" else "may join"
        text.append_text(safe(f"{participant.party} ({participant.role}, {stage})"))
        if participant.amount:
            text.append(f"  {value_text(participant.amount)}", style="tracker.amount")
    return text


def as_of_title(state: DealState | Summary | Facts) -> str:
    """The box's title as plain words, for exports that have a title field."""
    summary = state if isinstance(state, Summary) else state.summary
    return f"{clean(summary.name)} — as of {day(summary.as_of)}, known at {day(summary.known_at)}"
