"""Which of an event's claims other reports contradict, and with which figures: for every view and export."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice
from uuid import UUID

from tracker.domain.fold import same_value, value_key
from tracker.domain.state import Claim, DealState


@dataclass(frozen=True)
class Dispute:
    """One of an event's claims that other reports contradict, and the distinct figures they give."""

    mine: Claim
    figures: tuple[Claim, ...]  # the first claim of each distinct value of the term, mine included

    def rivals(self, most: int) -> tuple[list[Claim], int]:
        """Up to ``most`` contradicting claims, and how many more there are."""
        others = (c for c in self.figures if not same_value(c.value, self.mine.value))
        shown = list(islice(others, most))
        return shown, len(self.figures) - 1 - len(shown)


def disputes_by_event(state: DealState) -> dict[UUID, list[Dispute]]:
    """For each event, its claims that other reports disagree with (linear in the claims)."""
    found: dict[UUID, list[Dispute]] = {}
    for conflict in state.every_conflict:
        figures: dict[object, Claim] = {}
        for claim in conflict.claims:
            figures.setdefault(value_key(claim.value), claim)
        distinct = tuple(figures.values())
        for mine in conflict.claims:
            found.setdefault(mine.event.event_id, []).append(Dispute(mine, distinct))
    return found
