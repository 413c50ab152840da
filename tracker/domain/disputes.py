"""Which of an event's claims other reports contradict, and with which figures: for every view and export."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID

from tracker.domain.fold import agree, value_key
from tracker.domain.state import Claim, Conflict, DealState, Entry


@dataclass(frozen=True)
class Dispute:
    """One of an event's claims that other reports contradict, and the distinct figures they give."""

    mine: Claim
    figures: tuple[Claim, ...]  # the first claim of each distinct value of the term, mine included

    def rivals(self, most: int) -> tuple[list[Claim], int]:
        """Up to ``most`` claims that cannot be true with mine, and how many more there are."""
        others = [c for c in self.figures if not agree(c.value, self.mine.value)]
        return others[:most], max(len(others) - most, 0)


def disputes_by_event(state: DealState, entries: Iterable[Entry] | None = None) -> dict[UUID, list[Dispute]]:
    """For each event, its claims that other reports disagree with (each claim against the distinct figures).

    ``entries``: only the disputes of these entries' events, for a view that shows a few of a long timeline.
    """
    return disputes_among(state.every_conflict, entries)


def disputes_among(conflicts: Iterable[Conflict], entries: Iterable[Entry] | None = None) -> dict[UUID, list[Dispute]]:
    """``disputes_by_event`` over these conflicts: a state's, or those a deal's head keeps for its last entries."""
    shown = None if entries is None else {entry.event.event_id for entry in entries}
    found: dict[UUID, list[Dispute]] = {}
    for conflict in conflicts:
        if shown is not None and not any(claim.event.event_id in shown for claim in conflict.claims):
            continue
        figures: dict[object, Claim] = {}
        for claim in conflict.claims:
            figures.setdefault(value_key(claim.value), claim)
        distinct = tuple(figures.values())
        for mine in conflict.claims:
            if any(not agree(other.value, mine.value) for other in distinct):  # else, whoever disagrees, not mine
                found.setdefault(mine.event.event_id, []).append(Dispute(mine, distinct))
    return found
