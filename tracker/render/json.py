"""The documents `--json` prints: the public contract scripts read, with a versioned schema per kind.

Nothing here comes from the storage codec, so the stored format can change
without breaking a script. Every document starts with ``"schema":
"deal-tracker/<kind>/v1"``; tracker/schemas/ holds the JSON Schema of each.
Money and quantities are one shape everywhere, their numbers exact decimal
strings ("100000000000", "54.20"): a JSON number is a float to most readers.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any
from uuid import UUID

from tracker.domain.amounts import Amount, Money, Qualifier, Quantity
from tracker.domain.dates import FuzzyDate
from tracker.domain.diff import Change
from tracker.domain.disputes import Dispute, disputes_by_event
from tracker.domain.events import DealLink, Event, Participation, Party, Term, TermValue
from tracker.domain.history import Step
from tracker.domain.provenance import Citation, Source
from tracker.domain.state import Claim, Conflict, DealState, Entry, Position, Summary

if TYPE_CHECKING:
    from tracker.ingest.service import FileOutcome

Document = dict[str, Any]


def schema_name(kind: str) -> str:
    """The value of a document's ``schema`` key; a breaking change to a kind bumps its version."""
    return f"deal-tracker/{kind}/v1"


# --- values ----------------------------------------------------------------------


def decimal_text(number: Decimal) -> str:
    """The exact decimal, never an exponent: 1E+11 -> '100000000000', 54.20 -> '54.20'."""
    return format(number.copy_abs() if number.is_zero() else number, "f")


def instant(moment: datetime) -> str:
    """'2025-09-22T00:00:00.000000+00:00': UTC to the microsecond, as `--json` has always spelled instants."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return datetime.astimezone(aware, UTC).isoformat(timespec="microseconds")


def _optional_decimal(number: Decimal | None) -> str | None:
    return None if number is None else decimal_text(number)


def amount_json(amount: Amount) -> Document:
    """Money ``{value, currency, qualifier, text}`` or a quantity with ``unit``; a range has ``low``/``high``;
    a price per share adds ``per: "share"`` (absent from every other amount)."""
    data: Document = {"value": _optional_decimal(amount.value)}
    if amount.qualifier is Qualifier.RANGE:
        data |= {"low": _optional_decimal(amount.low), "high": _optional_decimal(amount.high)}
    if isinstance(amount, Money):
        data["currency"] = amount.currency
        if amount.per is not None:
            data["per"] = amount.per
    elif isinstance(amount, Quantity):
        data["unit"] = amount.unit
    return data | {"qualifier": amount.qualifier.value, "text": amount.human()}  # type: ignore[attr-defined]


def term_value_json(value: TermValue) -> Document | str:
    """Words as they are, an amount as ``amount_json``, a date (an outside date) as ``date_json`` and ``kind: date``."""
    if isinstance(value, str):
        return value
    if isinstance(value, FuzzyDate):
        return {"kind": "date"} | (date_json(value) or {})
    return amount_json(value)


def date_json(date: FuzzyDate | None) -> Document | None:
    if date is None:
        return None
    return {
        "text": date.text,
        "label": date.label(),
        "precision": date.precision.value,
        "start": instant(date.start),
        "end": instant(date.end),
        "approximate": date.approximate,
        "uncertain": date.uncertain,
    }


def source_json(source: Source) -> Document:
    return {
        "publisher": source.publisher,
        "published_at": instant(source.published_at),
        "language": source.language,
        "attribution": source.attribution.value,
        "title": source.title,
        "url": source.url,
        "quote": source.quote,
        "cites": [_cite_json(c) for c in source.cites],
        "credit": source.credit(),
    }


def _cite_json(cite: Citation) -> Document:
    return {"outlet": cite.outlet, "published": date_json(cite.published), "url": cite.url}


def credits(sources: Iterable[Source]) -> list[str]:
    """Each credit once, first mention first: two articles of one outlet are one credit."""
    return list(dict.fromkeys(s.credit() for s in sources))


def event_ref(event: Event | None) -> Document | None:
    if event is None:
        return None
    return {
        "event_id": str(event.event_id),
        "type": event.event_type,
        "summary": event.summary,
        "occurred": date_json(event.occurred),
    }


def _event_id(event: Event | None) -> str | None:
    return None if event is None else str(event.event_id)


def claim_json(claim: Claim) -> Document:
    return {
        "term": claim.term,
        "value": term_value_json(claim.value),
        "event_id": str(claim.event.event_id),
        "attribution": claim.event.attribution.value,
        "sources": credits(claim.event.sources),
        "superseded_by": _event_id(claim.superseded_by),
    }


def _conflict_json(conflict: Conflict) -> Document:
    return {"term": conflict.term, "current": conflict.current, "claims": [claim_json(c) for c in conflict.claims]}


def headline_json(claim: Claim | None, summary: Summary | None = None) -> Document | None:
    """The headline amount, with the term and event it comes from, and its firm and contingent parts when known.

    A headline in words (or a date) is no amount.
    """
    if claim is None or not isinstance(claim.value, Amount):
        return None
    parts = {
        "firm": _part(summary.firm if summary else None),
        "contingent": _part(summary.contingent if summary else None),
    }
    return amount_json(claim.value) | {"term": claim.term, "event_id": str(claim.event.event_id)} | parts


def _part(claim: Claim | None) -> Document | None:
    return amount_json(claim.value) if claim is not None and isinstance(claim.value, Money) else None


def value_json(value: object) -> Any:
    """An event's own field: the same shapes as everywhere else in these documents."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Amount):
        return amount_json(value)
    if isinstance(value, FuzzyDate):
        return date_json(value)
    if isinstance(value, datetime):
        return instant(value)
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, Term):
        return {"term": value.name, "value": term_value_json(value.value)}
    if isinstance(value, Party):
        return {"name": value.name, "role": value.role}
    if isinstance(value, Participation):
        amount = amount_json(value.amount) if value.amount else None
        return {"party": value.party, "role": value.role, "amount": amount}
    if isinstance(value, DealLink):
        return {"deal": value.deal, "relation": value.relation}
    if isinstance(value, tuple | list):
        return [value_json(item) for item in value]
    raise TypeError(f"no JSON shape for {type(value).__name__}")


# Every event has these; an entry shows them in its own keys, and each type's other fields beside them.
_SHARED_FIELDS = frozenset(f.name for f in dataclasses.fields(Event)) | {"terms"}


def entry_json(entry: Entry, disputes: Sequence[Dispute] = ()) -> Document:
    """``disputes``: this event's claims that other reports contradict, each with every distinct figure."""
    event = entry.event
    own = {
        f.name: value_json(getattr(event, f.name)) for f in dataclasses.fields(event) if f.name not in _SHARED_FIELDS
    }
    terms = getattr(event, "terms", None) or ()
    return {
        "event_id": str(event.event_id),
        "type": event.event_type,
        "deal": event.deal,
        "occurred": date_json(event.occurred),
        "reported_at": instant(event.reported_at),
        "summary": event.summary,
        "happened": entry.happened.value,
        "sequence": event.sequence,
        "attribution": event.attribution.value,
        **own,
        "terms": [claim_json(Claim(t.name, t.value, event)) for t in terms],
        "sources": [source_json(s) for s in entry.sources],
        "also_reported": [event_ref(e) for e in entry.also_reported],
        "retracted_by": event_ref(entry.retracted_by),
        "amended_by": event_ref(entry.amended_by),
        "superseded_by": event_ref(entry.superseded_by),
        "disputed": [{"term": d.mine.term, "figures": [claim_json(c) for c in d.figures]} for d in disputes],
    }


def _standing_records(summary: Summary) -> Document:
    """Approvals, lawsuits, contests, positions on a bid and flags, as the summary holds them."""
    return {
        "approvals": [
            {
                "authority": a.authority,
                "kind": a.kind.value,
                "status": a.status.value,
                "since": date_json(a.event.occurred),
                "remedies": a.remedies,
                "event_id": str(a.event.event_id),
            }
            for a in summary.approvals
        ],
        "litigation": [
            {
                "case": suit.case,
                "parties": list(suit.parties),
                "court": suit.court,
                "status": suit.status.value,
                "since": date_json(suit.event.occurred),
                "aim": suit.aim,
                "outcome": suit.outcome,
                "event_id": str(suit.event.event_id),
            }
            for suit in summary.litigation
        ],
        "contested_by": list(summary.contested_by),
        "contests": [
            {
                "party": c.party,
                "event": event_ref(c.event),
                "sources": credits(c.event.sources),
                "contested": event_ref(c.contested),
                "contested_sources": credits(c.contested.sources) if c.contested else [],
            }
            for c in summary.contests
        ],
        "positions": [
            {"party": p.party, "position": p.position, "detail": position_detail(p), "event_id": str(p.event.event_id)}
            for p in summary.positions
        ],
        "flags": [{"code": f.code, "message": f.message} for f in summary.flags],
    }


def position_detail(position: Position) -> str | None:
    """The defence adopted, or whose bid was rejected: what the position word leaves out."""
    return getattr(position.event, "defence", None) or getattr(position.event, "bidder", None)


def _cut(summary: Summary) -> Document:
    return {"as_of": instant(summary.as_of), "known_at": instant(summary.known_at)}


def _links(links: Iterable[DealLink]) -> list[Document]:
    return [{"deal": link.deal, "relation": link.relation} for link in links]


# --- documents -------------------------------------------------------------------


def state_document(state: DealState | Summary, version: int) -> Document:
    """A deal at a cut; ``version`` is its stream's version, what `record --expected-version` checks.

    A summary from the state index says ``"summary": true`` and leaves out the history it never read.
    """
    summary, history = (state.summary, state) if isinstance(state, DealState) else (state, None)
    document: Document = {
        "schema": schema_name("state"),
        "deal": summary.deal,
        "name": summary.name,
        "kind": summary.kind,
        "version": version,
        **_cut(summary),
        "summary": history is None,
        "status": summary.status.value if summary.status else None,
        "headline": headline_json(summary.headline, summary),
        "parties": [{"name": p.name, "role": p.role} for p in summary.parties],
        "participants": [
            {
                "party": p.party,
                "role": p.role,
                "stage": p.stage,
                "amount": amount_json(p.amount) if p.amount else None,
                "event_id": str(p.event.event_id),
            }
            for p in summary.participants
        ],
        "terms": [claim_json(c) for c in summary.terms],
        "proposed": [claim_json(c) for c in summary.proposed],
        "conflicts": [_conflict_json(c) for c in summary.conflicts],
        "stances": [
            {"party": s.party, "stance": s.attribution.value, "event_id": str(s.event.event_id)}
            for s in summary.stances
        ],
        "links": _links(summary.links),
        "last_change": event_ref(summary.last_change),
        **_standing_records(summary),
    }
    if history is None:
        return document
    return document | {
        "conflicts": [_conflict_json(c) for c in history.every_conflict],
        "superseded": [claim_json(c) for c in history.superseded],
        "may_have_happened": [event_ref(e.event) for e in history.may_have_happened],
        "sources": [source_json(s) for s in history.sources],
        "event_count": history.event_count,
    }


def timeline_document(
    state: DealState, entries: Sequence[Entry] | None = None, later: Sequence[Entry] = ()
) -> Document:
    """``entries`` are the filtered developments (default: all); ``later`` those after the as-of date."""
    shown = state.timeline if entries is None else entries
    disputes = disputes_by_event(state, None if entries is None else (*entries, *later))
    return {
        "schema": schema_name("timeline"),
        "deal": state.summary.deal,
        "name": state.summary.name,
        **_cut(state.summary),
        "total": len(state.timeline),
        "events": [entry_json(e, disputes.get(e.event.event_id, ())) for e in shown],
        "later": [entry_json(e, disputes.get(e.event.event_id, ())) for e in later],
    }


def diff_document(before: DealState, after: DealState, axis: str, changes: Sequence[Change]) -> Document:
    return {
        "schema": schema_name("diff"),
        "deal": after.summary.deal,
        "axis": axis,
        "from": _cut(before.summary),
        "to": _cut(after.summary),
        "changes": [
            {
                "aspect": c.aspect.value,
                "subject": c.subject,
                "before": _change_value(c.before),
                "after": _change_value(c.after),
                "cause": event_ref(c.cause),
            }
            for c in changes
        ],
    }


def _change_value(value: object) -> Document | str | None:
    if isinstance(value, Amount):
        return amount_json(value)
    return None if value is None else str(value)


def chart_document(state: DealState, steps: Sequence[Step]) -> Document:
    return {
        "schema": schema_name("chart"),
        "deal": state.summary.deal,
        **_cut(state.summary),
        "steps": [
            {
                "from": instant(s.moment),
                "headline": headline_json(s.claim),
                "cause": event_ref(s.cause),
                "ended": s.ended,
            }
            for s in steps
        ],
    }


def deals_document(deals: Sequence[Summary | DealState]) -> Document:
    """`tracker deals --json`: one row per deal, from its summary (a whole state is read for its summary)."""
    return {"schema": schema_name("deals"), "deals": [_deal_row(d) for d in deals]}


def _deal_row(deal: Summary | DealState) -> Document:
    summary = deal.summary if isinstance(deal, DealState) else deal
    return {
        "deal": summary.deal,
        "name": summary.name,
        "kind": summary.kind,
        "status": summary.status.value if summary.status else None,
        "headline": headline_json(summary.headline),
        "last_development": event_ref(summary.last_change),
        "links": _links(summary.links),
    }


_RUN_COUNTS = ("files", "appended", "duplicates", "rejected")


def runs_document(rows: Sequence[dict[str, Any]]) -> Document:
    """`tracker runs --json`: recent ingestion runs, newest first; one never finished says ``unfinished``."""
    return {"schema": schema_name("runs"), "runs": [_run_row(row) for row in rows]}


def _run_row(row: dict[str, Any]) -> Document:
    finished = row["finished_at"]
    return {
        "id": row["id"],
        "started_at": instant(row["started_at"]),
        "finished_at": instant(finished) if finished else None,
        "status": row["status"] if finished else "unfinished",
        "sources": list(row["sources"]),
        **{name: row[name] for name in _RUN_COUNTS},
        "errors": list(row["errors"]),
    }


def ingest_document(outcomes: Sequence[FileOutcome], source_errors: Sequence[str], exit_code: int) -> Document:
    """`tracker ingest --json`: what became of each input, the sources that could not be read, the exit code."""
    return {
        "schema": schema_name("ingest"),
        "outcomes": [
            {"input": o.path, "appended": o.appended, "duplicates": o.duplicates, "error": o.error, "note": o.note}
            for o in outcomes
        ],
        "sources_unavailable": list(source_errors),
        "exit_code": exit_code,
    }
