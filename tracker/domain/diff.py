"""What changed in a deal between two projections, and which event caused each change.

The two states may differ on either time axis (world time or knowledge
time); the comparison does not care which, it compares what each state
says and credits every difference to the development that brought it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from tracker.domain.dates import Happened
from tracker.domain.events import Event, Status, TermValue
from tracker.domain.fold import same_value, status_set_by
from tracker.domain.state import Claim, DealState, Entry


class Aspect(StrEnum):
    STATUS = "status"
    TERM = "term"
    PROPOSAL = "proposal"
    PARTICIPANT = "participant"
    STANCE = "stance"
    CONFLICT = "conflict"
    DEVELOPMENT = "development"


@dataclass(frozen=True)
class Change:
    """One difference: ``before``/``after`` are None when the thing was absent on that side."""

    aspect: Aspect
    subject: str
    before: TermValue | Status | None
    after: TermValue | Status | None
    cause: Event | None


def diff_states(before: DealState, after: DealState) -> tuple[Change, ...]:
    news = _new_entries(before, after)
    return (
        *_status_change(before, after, news),
        *_claim_changes(Aspect.TERM, before.summary.terms, after, after.summary.terms),
        *_claim_changes(Aspect.PROPOSAL, before.summary.proposed, after, after.summary.proposed),
        *_people_changes(before, after),
        *_conflict_changes(before, after),
        *(Change(Aspect.DEVELOPMENT, e.event.event_type, None, e.event.summary, e.event) for e in news),
        *(
            Change(Aspect.DEVELOPMENT, "retracted", e.event.summary, None, e.retracted_by)
            for e in _retracted(before, after)
        ),
    )


def _new_entries(before: DealState, after: DealState) -> list[Entry]:
    """Developments that surely happened, unretracted, in ``after`` but not in ``before``."""
    seen = {e.event.event_id for e in _standing(before)}
    return [e for e in _standing(after) if e.event.event_id not in seen]


def _standing(state: DealState) -> list[Entry]:
    return [e for e in state.timeline if e.retracted_by is None and e.happened is Happened.YES]


def _retracted(before: DealState, after: DealState) -> list[Entry]:
    standing = {e.event.event_id for e in _standing(before)}
    return [e for e in after.timeline if e.retracted_by is not None and e.event.event_id in standing]


def _status_change(before: DealState, after: DealState, news: list[Entry]) -> list[Change]:
    was, now = before.summary.status, after.summary.status
    if was is now:
        return []
    movers = [e.event for e in news if status_set_by(e.event) is not None]
    cause = movers[-1] if movers else (after.last_change.event if after.last_change else None)
    return [Change(Aspect.STATUS, "status", was, now, cause)]


def _claim_changes(aspect: Aspect, old: tuple[Claim, ...], after: DealState, new: tuple[Claim, ...]) -> list[Change]:
    """Terms compared by name; a term several reports state is compared as its set of values."""
    changes = []
    for term in dict.fromkeys(c.term for c in old + new):
        was = [c for c in old if c.term == term]
        now = [c for c in new if c.term == term]
        gone = [c for c in was if not any(same_value(c.value, n.value) for n in now)]
        came = [c for c in now if not any(same_value(c.value, w.value) for w in was)]
        for claim in came:
            replaced = gone.pop(0) if gone else None
            changes.append(Change(aspect, term, replaced.value if replaced else None, claim.value, claim.event))
        for claim in gone:
            changes.append(Change(aspect, term, claim.value, None, _retirer(claim, after)))
    return changes


def _retirer(claim: Claim, after: DealState) -> Event | None:
    """The event that superseded or retracted a claim that is no longer current."""
    for retired in after.superseded:
        if retired.event.event_id == claim.event.event_id and retired.term == claim.term:
            return retired.superseded_by
    return _remover(claim.event, after)


def _people_changes(before: DealState, after: DealState) -> list[Change]:
    """Participants by stage and amount, stances by attribution; one that is gone is a change too.

    The values stay machine words (``in_talks``, ``unconfirmed``): renderers word them, scripts read them.
    """
    participants = _keyed_changes(
        Aspect.PARTICIPANT,
        before.summary.participants,
        after,
        after.summary.participants,
        lambda p: p.stage,
        lambda p: (p.stage, p.amount),
    )
    stances = _keyed_changes(
        Aspect.STANCE,
        before.summary.stances,
        after,
        after.summary.stances,
        lambda s: s.attribution.value,
        lambda s: s.attribution,
    )
    return participants + stances


def _keyed_changes(
    aspect: Aspect,
    old: tuple[Any, ...],
    after: DealState,
    new: tuple[Any, ...],
    value: Callable[[Any], str],
    compared: Callable[[Any], object],
) -> list[Change]:
    was = {item.party: item for item in old}
    now = {item.party: item for item in new}
    changes = [
        Change(aspect, party, value(was[party]) if party in was else None, value(item), item.event)
        for party, item in now.items()
        if party not in was or compared(was[party]) != compared(item)
    ]
    changes += [
        Change(aspect, party, value(item), None, _remover(item.event, after))
        for party, item in was.items()
        if party not in now
    ]
    return changes


def _remover(event: Event, after: DealState) -> Event | None:
    """The retraction that took an event's effect away, if one did (else it moved out of the window)."""
    entry = next((e for e in after.timeline if e.event.event_id == event.event_id), None)
    return entry.retracted_by if entry else None


def _conflict_changes(before: DealState, after: DealState) -> list[Change]:
    was = {c.term for c in before.summary.conflicts}
    now = {c.term: c for c in after.summary.conflicts}
    appeared = [
        Change(Aspect.CONFLICT, term, None, "reports disagree", now[term].claims[-1].event)
        for term in now
        if term not in was
    ]
    settled = [Change(Aspect.CONFLICT, term, "reports disagree", None, None) for term in was if term not in now]
    return appeared + settled
