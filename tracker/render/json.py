"""States and timelines as plain JSON-ready dicts, for `--json` and for scripts.

Amounts: a whole number is a JSON integer (exact at any size); a fraction is
a decimal string, never a float.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from tracker.domain.amounts import Amount, Money, Quantity
from tracker.domain.dates import FuzzyDate
from tracker.domain.diff import Change
from tracker.domain.disputes import Dispute, disputes_by_event
from tracker.domain.events import Event, TermValue
from tracker.domain.history import Step
from tracker.domain.provenance import Source
from tracker.domain.state import Claim, DealState, Entry, Summary
from tracker.store.codec import encode, iso_utc


def number(value: Decimal | None) -> int | str | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else format(value.normalize(), "f")


def term_value_json(value: TermValue) -> dict[str, Any] | str:
    return value if isinstance(value, str) else amount_json(value)


def amount_json(amount: Amount) -> dict[str, Any]:
    data: dict[str, Any] = {"value": number(amount.value), "qualifier": amount.qualifier.value}
    if amount.low is not None:
        data |= {"low": number(amount.low), "high": number(amount.high)}
    if isinstance(amount, Money):
        data["currency"] = amount.currency
    if isinstance(amount, Quantity):
        data["unit"] = amount.unit
    data["text"] = amount.human()  # type: ignore[attr-defined]
    return data


def date_json(date: FuzzyDate | None) -> dict[str, Any] | None:
    if date is None:
        return None
    return {
        "text": date.text,
        "label": date.label(),
        "precision": date.precision.value,
        "start": iso_utc(date.start),
        "end": iso_utc(date.end),
        "approximate": date.approximate,
        "uncertain": date.uncertain,
    }


def source_json(source: Source) -> dict[str, Any]:
    return encode(source) | {"published_at": iso_utc(source.published_at), "credit": source.credit()}


def event_ref(event: Event | None) -> dict[str, Any] | None:
    if event is None:
        return None
    return {"event_id": str(event.event_id), "type": event.event_type, "summary": event.summary,
            "occurred": date_json(event.occurred)}


def claim_json(claim: Claim) -> dict[str, Any]:
    return {
        "term": claim.term,
        "value": term_value_json(claim.value),
        "event_id": str(claim.event.event_id),
        "attribution": claim.event.attribution.value,
        "sources": [s.credit() for s in claim.event.sources],
        "superseded_by": str(claim.superseded_by.event_id) if claim.superseded_by else None,
    }


def entry_json(entry: Entry, disputes: Sequence[Dispute] = ()) -> dict[str, Any]:
    """``disputes``: this event's claims that other reports contradict, each with every distinct figure."""
    event = entry.event
    fields = encode(event)
    return fields | {
        "event_id": str(event.event_id),
        "type": event.event_type,
        "occurred": date_json(event.occurred),
        "reported_at": iso_utc(event.reported_at),
        "happened": entry.happened.value,
        "attribution": event.attribution.value,
        "terms": [claim_json(Claim(t.name, t.value, event)) for t in getattr(event, "terms", None) or ()],
        "sources": [source_json(s) for s in event.sources],
        "retracted_by": event_ref(entry.retracted_by),
        "amended_by": event_ref(entry.amended_by),
        "superseded_by": event_ref(entry.superseded_by),
        "disputed": [{"term": d.mine.term, "figures": [claim_json(c) for c in d.figures]} for d in disputes],
    }


def _headline_json(claim: Claim | None) -> dict[str, Any] | None:
    if claim is None or isinstance(claim.value, str):
        return None
    return amount_json(claim.value) | {"term": claim.term, "event_id": str(claim.event.event_id)}


def state_json(state: DealState | Summary) -> dict[str, Any]:
    """The state as JSON; a summary from the state index leaves out the history keys it never read."""
    current = {
        "deal": state.deal,
        "name": state.name,
        "kind": state.kind,
        "as_of": iso_utc(state.as_of),
        "known_at": iso_utc(state.known_at),
        "status": state.status.value if state.status else None,
        "headline": _headline_json(state.headline),
        "parties": [{"name": p.name, "role": p.role} for p in state.parties],
        "participants": [
            {"party": p.party, "role": p.role, "stage": p.stage,
             "amount": amount_json(p.amount) if p.amount else None, "event_id": str(p.event.event_id)}
            for p in state.participants
        ],
        "terms": [claim_json(c) for c in state.terms],
        "proposed": [claim_json(c) for c in state.proposed],
        "conflicts": [
            {"term": c.term, "current": c.current, "claims": [claim_json(claim) for claim in c.claims]}
            for c in state.conflicts
        ],
        "stances": [{"party": s.party, "stance": s.attribution.value, "event_id": str(s.event.event_id)}
                    for s in state.stances],
        "links": [{"deal": link.deal, "relation": link.relation} for link in state.links],
    }
    if isinstance(state, Summary):
        return current | {"last_change": event_ref(state.last_change) if state.last_change else None,
                          "summary": True}
    return current | {
        "superseded": [claim_json(c) for c in state.superseded],
        "last_change": event_ref(state.last_change.event) if state.last_change else None,
        "may_have_happened": [event_ref(e.event) for e in state.may_have_happened],
        "sources": [source_json(s) for s in state.sources],
        "event_count": state.event_count,
    }


def timeline_json(state: DealState, entries: Sequence[Entry] | None = None,
                  later: Sequence[Entry] = ()) -> dict[str, Any]:
    """``entries`` are the filtered developments (default: all); ``later`` those after the as-of date."""
    shown, disputes = state.timeline if entries is None else entries, disputes_by_event(state)
    return {
        "deal": state.deal,
        "name": state.name,
        "as_of": iso_utc(state.as_of),
        "known_at": iso_utc(state.known_at),
        "total": len(state.timeline),
        "events": [entry_json(e, disputes.get(e.event.event_id, ())) for e in shown],
        "later": [entry_json(e, disputes.get(e.event.event_id, ())) for e in later],
    }


def diff_json(before: DealState, after: DealState, axis: str, changes: Sequence[Change]) -> dict[str, Any]:
    return {
        "deal": after.deal,
        "axis": axis,
        "from": {"as_of": iso_utc(before.as_of), "known_at": iso_utc(before.known_at)},
        "to": {"as_of": iso_utc(after.as_of), "known_at": iso_utc(after.known_at)},
        "changes": [
            {"aspect": c.aspect.value, "subject": c.subject, "before": _change_value(c.before),
             "after": _change_value(c.after), "cause": event_ref(c.cause)}
            for c in changes
        ],
    }


def _change_value(value: object) -> Any:
    if isinstance(value, Amount):
        return amount_json(value)
    return None if value is None else str(value)


def chart_json(state: DealState, steps: Sequence[Step]) -> dict[str, Any]:
    return {
        "deal": state.deal,
        "as_of": iso_utc(state.as_of),
        "known_at": iso_utc(state.known_at),
        "steps": [{"from": iso_utc(s.moment), "headline": _headline_json(s.claim), "cause": event_ref(s.cause)}
                  for s in steps],
    }


def deal_summary_json(state: DealState) -> dict[str, Any]:
    """One row of `tracker deals --json`."""
    return {
        "deal": state.deal,
        "name": state.name,
        "status": state.status.value if state.status else None,
        "headline": _headline_json(state.headline),
        "last_development": event_ref(state.last_change.event) if state.last_change else None,
        "links": [{"deal": link.deal, "relation": link.relation} for link in state.links],
    }


def run_json(row: dict[str, Any]) -> dict[str, Any]:
    """One ingestion run from `tracker runs --json`."""
    moments = {k: iso_utc(row[k]) if row[k] else None for k in ("started_at", "finished_at")}
    return {**row, **moments, "status": row["status"] if row["finished_at"] else "unfinished"}
