"""Properties of the fold over random but valid histories of one deal.

A history mixes every kind of development in the catalog with corrections
(retractions, amendments, even retractions of corrections), renames, fuzzy
dates of every precision and late reports about earlier developments.
TRACKER_LONG=1 runs the long profile (see the README).
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from typing import Any
from uuid import UUID

import pendulum
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pendulum import DateTime

from tracker.domain.amount_parser import parse_amount
from tracker.domain.dates import FuzzyDate, Happened
from tracker.domain.events import (
    AgreementReinstated,
    AgreementSigned,
    ApprovalKind,
    ApprovalStatus,
    ApprovalUpdated,
    BidMade,
    BidRaised,
    BidRejected,
    BidWithdrawn,
    BoardRecommended,
    ConditionMet,
    ContextNoted,
    DealClosed,
    DealDescribed,
    DealRestructured,
    DealRumored,
    DealSuspended,
    DealTerminated,
    DefenceAdopted,
    Event,
    EventAmended,
    EventRetracted,
    LetterOfIntentSigned,
    LitigationStatus,
    LitigationUpdated,
    NotConfirmed,
    ParticipantInTalks,
    ParticipantJoined,
    Participation,
    Party,
    ReportConfirmed,
    ReportDenied,
    StatementMade,
    Status,
    StatusContested,
    TalksReported,
    TalksResumed,
    Term,
    TermsChanged,
    TermsProposed,
    TermsReported,
    WithTerms,
)
from tracker.domain.fold import project
from tracker.domain.provenance import Attribution, Source
from tracker.domain.state import Claim, DealState, Entry

settings.register_profile("fold-ci", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fold-long", max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PROFILE = settings.get_profile("fold-long" if os.environ.get("TRACKER_LONG") == "1" else "fold-ci")

DEAL = "acme-widget"
BASE = pendulum.datetime(2025, 1, 1, tz="UTC")
SPAN_HOURS = 24 * 800
TERM_NAMES = ("investment", "compute", "valuation_post", "tranches", "valuation", "firm")
AMOUNTS = (
    "$10 billion",
    "up to $100 billion",
    "about $30 billion",
    "tens of billions of dollars",
    "€5 billion",
    "10 GW",
    "at least 10 GW",
    "10 tranches",
)
VALUES = (*(parse_amount(text) for text in AMOUNTS), "undisclosed")
PARTIES = ("Nvidia", "OpenAI", "Microsoft", "Amazon")
WITH_TERMS: tuple[type[WithTerms], ...] = (
    DealRumored,
    TalksReported,
    LetterOfIntentSigned,
    TermsReported,
    TermsProposed,
    TermsChanged,
    AgreementSigned,
    TalksResumed,
    DealRestructured,
    DealClosed,
    BidMade,
    BidRaised,
    AgreementReinstated,
    ConditionMet,
)
PLAIN: tuple[type[Event], ...] = (DealSuspended, DealTerminated, ContextNoted, BidWithdrawn)
PEOPLE: tuple[type[Event], ...] = (
    ParticipantInTalks,
    ParticipantJoined,
    ReportDenied,
    NotConfirmed,
    StatementMade,
    ReportConfirmed,
    BidRejected,
    BoardRecommended,
    DefenceAdopted,
    StatusContested,
)
RECORDS: tuple[type[Event], ...] = (ApprovalUpdated, LitigationUpdated)
AUTHORITIES = ("UK CMA", "European Commission", "FTC")
CASES = ("Acme v. Widget", "Widget v. Acme")
KINDS = ("development",) * 5 + ("described", "retracted", "amended")
_SEASON_CODES = {12: 24, 1: 24, 2: 24, 3: 21, 4: 21, 5: 21, 6: 22, 7: 22, 8: 22, 9: 23, 10: 23, 11: 23}


def fuzzy_around(at: DateTime, precision: str, qualifier: str) -> FuzzyDate:
    """A date of the given precision whose window contains ``at``."""
    if precision == "instant":
        return FuzzyDate.parse(at.isoformat())
    if precision == "season":
        code = _SEASON_CODES[at.month]
        text = f"{at.year - (at.month < 3)}-{code}"
    else:
        text = {
            "day": f"{at:%Y-%m-%d}",
            "month": f"{at:%Y-%m}",
            "quarter": f"{at.year}-Q{(at.month - 1) // 3 + 1}",
            "year": f"{at.year}",
        }[precision]
    return FuzzyDate.parse(text + qualifier)


# Strategies are built once: building them inside every draw costs more than the fold itself.
PRECISIONS = st.sampled_from(("instant", "day", "month", "season", "quarter", "year"))
QUALIFIERS = st.sampled_from(("", "", "~", "?", "%"))
DAYS = st.integers(0, SPAN_HOURS // 24)
HOURS = st.integers(0, SPAN_HOURS)
ON_A_DAY = st.booleans()
LAGS = st.sampled_from((0, 0, 1, 3, 30, 200))
CORRECTION_LAGS = st.sampled_from((0, 0, 24, 24 * 7, 24 * 90))
PICK = st.integers(0, 255)
ID_BITS = st.integers(0, 2**32)
TERM_SETS = st.lists(st.sampled_from(TERM_NAMES), max_size=3, unique=True)
MAYBE = st.integers(0, 2)


def pick(draw: st.DrawFn, choices: tuple[Any, ...] | list[Any]) -> Any:
    """One of ``choices``; shrinks towards the first."""
    return choices[draw(PICK) % len(choices)]


def moment(draw: st.DrawFn) -> DateTime:
    """Moments over two years, on whole days half the time so that reports tie."""
    return BASE.add(days=draw(DAYS)) if draw(ON_A_DAY) else BASE.add(hours=draw(HOURS))


def fuzzy_date(draw: st.DrawFn, at: DateTime) -> FuzzyDate:
    precision = draw(PRECISIONS)
    return fuzzy_around(at, precision, "" if precision == "instant" else draw(QUALIFIERS))


def some_terms(draw: st.DrawFn) -> tuple[Term, ...]:
    return tuple(Term(name, pick(draw, VALUES)) for name in draw(TERM_SETS))


def envelope(draw: st.DrawFn, event_id: UUID, kind: str) -> dict[str, Any]:
    """What every development carries: when it happened, and a report of it then or later."""
    happened = moment(draw)
    reported = happened.add(days=draw(LAGS))
    attribution = pick(draw, tuple(Attribution))
    return {
        "event_id": event_id,
        "deal": DEAL,
        "occurred": fuzzy_date(draw, happened),
        "reported_at": reported,
        "summary": f"{kind} {event_id.hex[-6:]}",
        "sources": (Source(pick(draw, ("Reuters", "WSJ", "Nvidia")), reported, "en", attribution),),
    }


def development(draw: st.DrawFn, event_id: UUID, earlier: list[Event]) -> Event:
    cls = pick(draw, WITH_TERMS * 2 + PLAIN + PEOPLE + RECORDS)
    base = envelope(draw, event_id, cls.event_type)
    extra: dict[str, Any] = {}
    if hasattr(cls, "regarding"):
        extra["regarding"] = pick(draw, [None, *[e.event_id for e in earlier if _is_development(e)]])
    if issubclass(cls, WithTerms):
        extra["terms"] = some_terms(draw)
    if cls is DealRestructured:
        extra["stage"] = pick(draw, (None, None, *Status))
        extra["replaces"] = pick(draw, (None, None, ("investment",), ("compute", "tranches")))
    if cls in (BidMade, BidRaised, BidWithdrawn, BidRejected):
        extra["bidder"] = pick(draw, PARTIES)
    if cls is ConditionMet:
        extra["condition"] = "a milestone"
    if cls is DefenceAdopted:
        extra["defence"] = "poison pill"
    if cls is BoardRecommended:
        extra["recommendation"] = pick(draw, ("for", "against", "neutral"))
    if cls is ApprovalUpdated:
        extra.update(authority=pick(draw, AUTHORITIES), kind=pick(draw, tuple(ApprovalKind)))
        extra["status"] = pick(draw, tuple(ApprovalStatus))
    if cls is LitigationUpdated:
        extra.update(case=pick(draw, CASES), court="Delaware Court of Chancery", parties=("Acme", "Widget"))
        extra["status"] = pick(draw, tuple(LitigationStatus))
    if cls is LetterOfIntentSigned:
        extra["binding"] = pick(draw, (None, True, False))
    if cls in PEOPLE:
        extra["party"] = pick(draw, PARTIES)
    if cls in (ParticipantInTalks, ParticipantJoined):
        extra["amount"] = pick(draw, (None, VALUES[0], VALUES[2]))
        extra["others"] = pick(draw, (None, None, (Participation(pick(draw, PARTIES), "co-lead"),)))
    return cls(**base, **extra)


def correction(draw: st.DrawFn, event_id: UUID, earlier: list[Event]) -> Event:
    """A retraction or amendment of an earlier event (a correction too), known no earlier than it."""
    developments = [e for e in earlier if _is_development(e)]
    aim_at_development = bool(developments) and draw(ON_A_DAY)
    target = pick(draw, developments if aim_at_development else earlier)
    common: dict[str, Any] = {
        "event_id": event_id,
        "deal": DEAL,
        "occurred": None,
        "target": target.event_id,
        "reason": "correction",
        "reported_at": target.reported_at.add(hours=draw(CORRECTION_LAGS)),
    }
    if draw(ON_A_DAY):
        return EventRetracted(**common, summary=f"retract {target.event_id.hex[-6:]}")
    return EventAmended(
        **common,
        summary=f"amend {target.event_id.hex[-6:]}",
        terms=some_terms(draw) if draw(MAYBE) == 1 else None,
        new_summary=pick(draw, ("restated", "clarified")) if draw(MAYBE) == 1 else None,
        new_occurred=fuzzy_date(draw, moment(draw)) if draw(MAYBE) == 1 else None,
    )


def description(draw: st.DrawFn, event_id: UUID) -> DealDescribed:
    return DealDescribed(
        event_id=event_id,
        deal=DEAL,
        occurred=None,
        reported_at=moment(draw),
        summary="described",
        name=pick(draw, ("Acme buys Widget", "Acme and Widget merge", "Widget spun off")),
        kind=pick(draw, ("deal", "merger", "investment")),
        parties=pick(draw, ((), (Party("Nvidia", "investor"), Party("OpenAI", "investee")))),
        headline_term=pick(draw, ("investment", "valuation_post", "valuation")),
    )


@st.composite
def histories(draw: st.DrawFn, max_size: int = 20) -> list[Event]:
    """A valid history in recording order: corrections come after what they correct.

    Ids are random but unique (the low bits count), so id order is no proxy for recording order.
    """
    events: list[Event] = []
    for index in range(draw(st.integers(0, max_size))):
        event_id = UUID(int=(draw(ID_BITS) << 16) | index)
        kind = pick(draw, KINDS)
        if kind in ("retracted", "amended") and events:
            events.append(correction(draw, event_id, events))
        elif kind == "described":
            events.append(description(draw, event_id))
        else:
            events.append(development(draw, event_id, events))
    return events


@st.composite
def cutoffs(draw: st.DrawFn) -> DateTime:
    """A cutoff just before a whole day or hour, where windows and reports begin; a third
    of the time after the whole history, where every correction is known and applies."""
    if draw(MAYBE) == 0:
        return BASE.add(days=SPAN_HOURS // 24 + 400)
    return moment(draw).subtract(microseconds=1)


def _is_development(event: Event) -> bool:
    return not isinstance(event, DealDescribed | EventRetracted | EventAmended)


def shuffled_keeping_ties(events: list[Event], rnd: random.Random) -> list[Event]:
    """Any arrival order, except that descriptions and corrections known at the same moment
    keep their recording order: that order is what breaks their tie, by design."""
    result = events[:]
    rnd.shuffle(result)
    ordered_ties: dict[DateTime, list[Event]] = {}
    for event in events:
        if not _is_development(event):
            ordered_ties.setdefault(event.reported_at, []).append(event)
    slots: dict[DateTime, list[int]] = {}
    for index, event in enumerate(result):
        if not _is_development(event):
            slots.setdefault(event.reported_at, []).append(index)
    for moment, indices in slots.items():
        for index, event in zip(indices, ordered_ties[moment], strict=True):
            result[index] = event
    return result


def at(as_of: DateTime, known_at: DateTime) -> Callable[[list[Event]], DealState]:
    return lambda events: project(events, DEAL, as_of, known_at)


@PROFILE
@given(histories(), cutoffs(), cutoffs(), st.randoms(use_true_random=False))
def test_the_fold_is_deterministic_and_independent_of_arrival_order(
    events: list[Event], as_of: DateTime, known_at: DateTime, rnd: random.Random
) -> None:
    state = at(as_of, known_at)
    assert state(events) == state(list(events))
    assert state(shuffled_keeping_ties(events, rnd)) == state(events)


@PROFILE
@given(histories(), cutoffs(), cutoffs(), histories(max_size=6))
def test_events_reported_after_known_at_or_about_other_deals_never_change_the_state(
    events: list[Event], as_of: DateTime, known_at: DateTime, others: list[Event]
) -> None:
    state = at(as_of, known_at)
    known = [e for e in events if e.reported_at <= known_at]
    elsewhere = [_moved(e, "other-deal") for e in others]
    assert state(events) == state(known) == state(elsewhere + events)


def _moved(event: Event, deal: str) -> Event:
    return type(event)(**{**vars(event), "deal": deal})


def check_only_surely_happened_unretracted_developments_contribute(
    events: list[Event], as_of: DateTime, known_at: DateTime
) -> None:
    result = at(as_of, known_at)(events)
    entries = {entry.event.event_id: entry for entry in result.timeline}
    summary = result.summary
    contributors = [c.event for c in (*summary.terms, *summary.proposed, *result.superseded)]
    contributors += [p.event for p in summary.participants] + [s.event for s in summary.stances]
    if result.last_change is not None:
        contributors.append(result.last_change.event)
    for event in contributors:
        entry = entries[event.event_id]
        assert entry.happened is Happened.YES and entry.retracted_by is None, entry
        assert entry.event is event
    assert summary.status == _latest_status(result.timeline)


def _latest_status(timeline: tuple[Entry, ...]) -> Status | None:
    """What the domain guarantees of the status: the last surely-happened, unretracted
    development that sets one. A closed deal need not have a reported signing before it."""
    status = None
    for entry in timeline:
        if entry.happened is Happened.YES and entry.retracted_by is None:
            event = entry.event
            if isinstance(event, DealRestructured) and event.stage is None:  # an agreed deal stays agreed
                status = status if status in (Status.SIGNED, Status.CLOSED) else Status.IN_TALKS
            else:
                status = (event.stage if isinstance(event, DealRestructured) else event.changes_status) or status
    return status


def check_the_timeline_holds_only_what_was_known_and_had_or_may_have_happened(
    events: list[Event], as_of: DateTime, known_at: DateTime
) -> None:
    result = at(as_of, known_at)(events)
    for entry in result.timeline:
        assert entry.event.reported_at <= known_at
        assert entry.happened in (Happened.YES, Happened.MAYBE)
        if not isinstance(entry.event, TermsReported) or entry.event.regarding is None:
            assert entry.event.occurred is not None
            assert entry.happened is entry.event.occurred.happened_by(as_of)
    known = [e for e in events if e.reported_at <= known_at]
    assert result.event_count == len(result.timeline) + sum(not _is_development(e) for e in known)


def check_superseded_terms_never_show_as_current(events: list[Event], as_of: DateTime, known_at: DateTime) -> None:
    result = at(as_of, known_at)(events)
    summary = result.summary
    current = {_claim_key(c) for c in (*summary.terms, *summary.proposed)}
    assert not current & {_claim_key(c) for c in result.superseded}
    assert all(c.superseded_by is not None for c in result.superseded)
    assert summary.headline is None or summary.headline in summary.terms
    assert summary.conflicts == tuple(c for c in result.every_conflict if c.current)
    for conflict in result.every_conflict:
        pool = summary.terms + summary.proposed if conflict.current else result.superseded
        assert set(conflict.claims) <= set(pool)


def _claim_key(claim: Claim) -> tuple[object, ...]:
    return (claim.event.event_id, claim.term, claim.value)


def check_corrections_apply_once_known_and_standing(events: list[Event], as_of: DateTime, known_at: DateTime) -> None:
    result = at(as_of, known_at)(events)
    known = [e for e in events if e.reported_at <= known_at]
    retracted_corrections = {e.target for e in known if isinstance(e, EventRetracted)}
    for entry in result.timeline:
        own = entry.event.event_id
        unopposed = [
            e
            for e in known
            if isinstance(e, EventRetracted) and e.target == own and e.event_id not in retracted_corrections
        ]
        if unopposed:
            assert entry.retracted_by is not None
        if entry.retracted_by is not None:
            assert isinstance(entry.retracted_by, EventRetracted) and entry.retracted_by.target == own
        amendments = [
            e for e in sorted(known, key=lambda e: e.reported_at) if isinstance(e, EventAmended) and e.target == own
        ]
        if not {a.event_id for a in amendments} & retracted_corrections:
            assert list(entry.amendments) == amendments
        _assert_fields_follow(entry, [a for a in entry.amendments if isinstance(a, EventAmended)])


def _assert_fields_follow(entry: Entry, amendments: list[EventAmended]) -> None:
    """Field by field, the last amendment that set a field decides it."""
    summaries = [a.new_summary for a in amendments if a.new_summary is not None]
    dates = [a.new_occurred for a in amendments if a.new_occurred is not None]
    new_terms = [a.terms for a in amendments if a.terms is not None]
    assert entry.amended_by == (amendments[-1] if amendments else None)
    if summaries:
        assert entry.event.summary == summaries[-1]
    if dates:
        assert entry.event.occurred == dates[-1]
    if new_terms and isinstance(entry.event, WithTerms):
        assert entry.event.terms == new_terms[-1]


def _amended_twice() -> list[Event]:
    """Found by this property on the old fold: only the latest amendment of an event applied."""
    talks = TalksReported(
        event_id=UUID(int=1),
        deal=DEAL,
        occurred=FuzzyDate.parse("2025-01"),
        reported_at=BASE,
        summary="talks",
        terms=(Term("investment", VALUES[0]),),
    )
    amend: dict[str, Any] = {
        "deal": DEAL,
        "occurred": None,
        "reported_at": BASE,
        "target": talks.event_id,
        "reason": "fix",
    }
    return [
        talks,
        EventAmended(event_id=UUID(int=3), **amend, summary="a", terms=(Term("investment", VALUES[1]),)),
        EventAmended(event_id=UUID(int=2), **amend, summary="b", new_summary="restated"),
    ]


LATE = BASE.add(years=4)


@PROFILE
@given(histories(), cutoffs(), cutoffs())
@example(_amended_twice(), LATE, LATE)
def test_the_invariants_hold_at_every_cutoff(events: list[Event], as_of: DateTime, known_at: DateTime) -> None:
    """One generated history checked four ways, so the suite stays fast."""
    check_only_surely_happened_unretracted_developments_contribute(events, as_of, known_at)
    check_the_timeline_holds_only_what_was_known_and_had_or_may_have_happened(events, as_of, known_at)
    check_superseded_terms_never_show_as_current(events, as_of, known_at)
    check_corrections_apply_once_known_and_standing(events, as_of, known_at)
