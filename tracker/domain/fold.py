"""The fold: events in, a deal's state at any point on both time axes out.

``project(events, deal, as_of, known_at)`` is pure. It first keeps what had
been *reported* by ``known_at`` (corrections included: a retraction known by
then removes its target whatever the world time), then orders developments
by when they *happened* (never by arrival), and applies those that had
surely happened by ``as_of``. Developments whose imprecise window straddles
``as_of`` are listed as "may have happened" and left out of the state.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal
from uuid import UUID

from pendulum import DateTime

from tracker.domain.amounts import Amount, Money, Qualifier
from tracker.domain.dates import Happened
from tracker.domain.events import (
    DealDescribed,
    DealRestructured,
    Event,
    EventAmended,
    EventRetracted,
    NotConfirmed,
    ParticipantInTalks,
    ParticipantJoined,
    ReportDenied,
    Status,
    TermsProposed,
    TermsReported,
    TermValue,
    WithTerms,
)
from tracker.domain.provenance import Attribution, Source
from tracker.domain.state import Claim, Conflict, DealState, Entry, Participant, Stance, Summary

SortKey = tuple[object, ...]


class _Pool:
    """Claims in the order they were made, indexed by term.

    Replacing a term touches only that term's claims, so a long history of
    accounts costs linear time; each claim leaves the pool at most once.
    """

    def __init__(self) -> None:
        self._claims: dict[int, Claim] = {}
        self._by_term: dict[str, list[int]] = {}
        self._made = 0

    def add(self, claims: Iterable[Claim]) -> None:
        for claim in claims:
            self._made += 1
            self._claims[self._made] = claim
            self._by_term.setdefault(claim.term, []).append(self._made)

    def take(self, names: Iterable[str] | None = None) -> list[Claim]:
        """Remove and return the claims on ``names`` (every claim if None), oldest first."""
        terms = list(self._by_term) if names is None else names
        seqs = sorted(seq for name in terms for seq in self._by_term.pop(name, ()))
        return [self._claims.pop(seq) for seq in seqs]

    def __iter__(self) -> Iterator[Claim]:
        return iter(self._claims.values())


@dataclass
class _Fold:
    """Mutable working state of one projection; never leaves this module."""

    status: Status | None = None
    claims: _Pool = field(default_factory=_Pool)
    proposed: _Pool = field(default_factory=_Pool)
    superseded: list[Claim] = field(default_factory=list)
    participants: dict[str, Participant] = field(default_factory=dict)
    stances: dict[str, Stance] = field(default_factory=dict)
    last_change: Event | None = None


@dataclass(frozen=True)
class Placed:
    """A development as one moment's knowledge places it: amended, anchored in world time, perhaps retracted."""

    event: Event
    anchor: Event
    world_key: SortKey
    retracted_by: EventRetracted | None
    amendments: tuple[EventAmended, ...]

    @property
    def surely_by(self) -> DateTime:
        """From this instant of world time on, the development has surely happened."""
        occurred = self.anchor.occurred
        return occurred.surely_by if occurred else self.anchor.reported_at

    def happened(self, as_of: DateTime) -> Happened:
        occurred = self.anchor.occurred
        if occurred is None:
            return Happened.YES if self.anchor.reported_at <= as_of else Happened.NO
        return occurred.happened_by(as_of)


def project(events: Iterable[Event], deal: str, as_of: DateTime, known_at: DateTime) -> DealState:
    """The deal's state in the world at ``as_of``, as it could be told at ``known_at``.

    ``events`` come in recording order (the store's order): a stable sort on
    ``reported_at`` then yields knowledge order, where recording breaks ties, so
    of two corrections or descriptions known at the same moment the later recorded wins.
    """
    return project_with_later(events, deal, as_of, known_at)[0]


def project_with_later(
    events: Iterable[Event], deal: str, as_of: DateTime, known_at: DateTime
) -> tuple[DealState, tuple[Placed, ...]]:
    """The state, and the developments known by ``known_at`` that had not happened by ``as_of``.

    Those are placed but not folded: what a timeline counts below its as-of line.
    """
    known = _known_by(events, deal, known_at)
    descriptions, developments = place(known)
    work, timeline, later = _Fold(), [], []
    for placed in developments:
        happened = placed.happened(as_of)
        if happened is Happened.NO:
            later.append(placed)
            continue
        if happened is Happened.YES and placed.retracted_by is None:
            _apply(work, placed.event)
        applied = placed.amendments
        timeline.append(
            Entry(
                placed.event,
                happened,
                placed.retracted_by,
                applied[-1] if applied else None,
                amendments=applied,
                anchor=placed.anchor if placed.anchor is not placed.event else None,
            )
        )
    timeline = _mark_superseded(timeline, work.superseded)
    description = descriptions[-1] if descriptions else None
    count = len(timeline) + len(known) - len(developments)
    return _state(deal, as_of, known_at, description, work, timeline, count), tuple(later)


def _known_by(events: Iterable[Event], deal: str, known_at: DateTime) -> list[Event]:
    """The deal's events reported by ``known_at``, in knowledge order."""
    return sorted((e for e in events if e.deal == deal and e.reported_at <= known_at), key=_reported)


def place(known: list[Event]) -> tuple[list[DealDescribed], list[Placed]]:
    """Standing descriptions in knowledge order, and every known development in world order.

    Corrections apply once known and while they stand; a report about another
    development's terms is weighed where that development happened.
    """
    removed = removed_ids(known)
    standing = [e for e in known if e.event_id not in removed]
    retractions = _latest_by_target(e for e in known if isinstance(e, EventRetracted) and e.event_id not in removed)
    amendments = _all_by_target(e for e in standing if isinstance(e, EventAmended))
    descriptions = [e for e in standing if isinstance(e, DealDescribed)]
    developments = [_amended(e, amendments.get(e.event_id, ())) for e in known if e.on_timeline]
    by_id = {e.event_id: e for e in developments}
    placed = [
        Placed(
            e, _anchor(e, by_id), _world_order(e, by_id), retractions.get(e.event_id), amendments.get(e.event_id, ())
        )
        for e in developments
    ]
    return descriptions, sorted(placed, key=_world_key)


def placed_alone(event: Event) -> Placed:
    """A development that refers to nothing and that nothing corrects: placed by its own date alone."""
    return Placed(event, event, _world_order(event, {}), None, ())


def _world_key(placed: Placed) -> SortKey:
    return placed.world_key


def _reported(event: Event) -> DateTime:
    return event.reported_at


def knowledge_key(reported_at: DateTime, recorded: int) -> SortKey:
    """Knowledge order: by report time, the later recorded breaking ties; the last description in it wins.

    ``project`` gets it from a stable sort of events given in recording order;
    a read model that stores positions instead (the versions, the directory)
    ranks by this key, so all three pick the same description.
    """
    return (reported_at, recorded)


def removed_ids(known: list[Event]) -> set[UUID]:
    """Ids removed by a retraction that still stands.

    A retraction can itself be retracted ("that correction was wrong"), which
    restores its target, so a retraction stands only if every retraction of it
    is itself removed. Decided from the unretracted ones inwards, in linear time;
    retractions caught in a cycle of explicit ids all stand.
    """
    retractions = {e.event_id: e for e in known if isinstance(e, EventRetracted)}
    pending = Counter(r.target for r in retractions.values())
    stands = {rid: True for rid in retractions if pending[rid] == 0}
    queue = list(stands)
    while queue:
        target = retractions[queue.pop()].target
        if target in retractions and target not in stands:
            stands[target] = False
            restored = retractions[target].target
            pending[restored] -= 1
            if restored in retractions and restored not in stands and pending[restored] == 0:
                stands[restored] = True
                queue.append(restored)
    return {r.target for rid, r in retractions.items() if stands.get(rid, True)}


def _latest_by_target(retractions: Iterable[EventRetracted]) -> dict[UUID, EventRetracted]:
    """The last retraction known of each target: the one the timeline shows."""
    return {r.target: r for r in retractions}


def _all_by_target(amendments: Iterable[EventAmended]) -> dict[UUID, tuple[EventAmended, ...]]:
    """Every standing amendment of each target, in knowledge order."""
    grouped: dict[UUID, list[EventAmended]] = {}
    for amendment in amendments:
        grouped.setdefault(amendment.target, []).append(amendment)
    return {target: tuple(group) for target, group in grouped.items()}


def _knowledge_order(event: Event) -> SortKey:
    return (event.reported_at, str(event.event_id))


def _amended(event: Event, amendments: Iterable[EventAmended]) -> Event:
    """Each amendment replaces only the fields it gives, so later ones override earlier ones field by field."""
    changes: dict[str, object] = {}
    for amendment in amendments:
        if amendment.new_summary is not None:
            changes["summary"] = amendment.new_summary
        if amendment.new_occurred is not None:
            changes["occurred"] = amendment.new_occurred
        if amendment.terms is not None and isinstance(event, WithTerms):
            changes["terms"] = amendment.terms
    return replace(event, **changes) if changes else event  # type: ignore[arg-type]


def _anchor(event: Event, by_id: dict) -> Event:
    """A report about another event's terms is weighed where that event happened."""
    regarding = weighed_at(event)
    return by_id.get(regarding, event)


def weighed_at(event: Event) -> UUID | None:
    """The development whose date this one is weighed at, if it names one (an account of its terms)."""
    return event.regarding if isinstance(event, TermsReported) else None


def _world_order(event: Event, by_id: dict) -> SortKey:
    anchor = _anchor(event, by_id)
    return (*_own_order(anchor), anchor is not event, *_own_order(event))


def _own_order(event: Event) -> SortKey:
    occurred = event.occurred
    start, end = (occurred.start, occurred.end) if occurred else (event.reported_at, event.reported_at)
    return (start, end, event.reported_at, str(event.event_id))


def summarize(
    deal: str, as_of: DateTime, known_at: DateTime, description: DealDescribed | None, applied: Iterable[Event]
) -> Summary:
    """The summary of the state the developments ``applied`` (in world order) leave.

    It holds just as well for a part of them that keeps, for the status, every
    term and every party, the developments that decide them: the state index
    reads only those (see ``tracker.store.state_index``).
    """
    work = _Fold()
    for event in applied:
        _apply(work, event)
    return _summary(deal, as_of, known_at, description, work)


def _summary(deal: str, as_of: DateTime, known_at: DateTime, description: DealDescribed | None, work: _Fold) -> Summary:
    headline_term = description.headline_term if description else "investment"
    return Summary(
        deal=deal,
        as_of=as_of,
        known_at=known_at,
        name=description.name if description else deal,
        kind=description.kind if description else "deal",
        parties=description.parties if description else (),
        links=description.links if description else (),
        status=work.status,
        headline=_headline(work.claims, headline_term),
        terms=tuple(work.claims),
        proposed=tuple(work.proposed),
        conflicts=_conflicts(work.claims, current=True),
        participants=tuple(work.participants.values()),
        stances=tuple(work.stances.values()),
        last_change=work.last_change,
    )


def status_set_by(event: Event) -> Status | None:
    """The status applying this development sets, if any (it changes nothing if already so)."""
    return event.stage if isinstance(event, DealRestructured) else event.changes_status


# The developments that place a party in the deal, and those that record its stance on a report.
PARTICIPATIONS = (ParticipantInTalks, ParticipantJoined)
STANCES = (NotConfirmed, ReportDenied)


def always_changes(event: Event) -> bool:
    """Whether applying this development changes the state whatever came before it."""
    if isinstance(event, WithTerms):
        return bool(event.terms) or wipes_terms(event)
    return isinstance(event, PARTICIPATIONS + STANCES)


def wipes_terms(event: Event) -> bool:
    """Whether this development replaces the deal's shape: every current term and proposal is superseded."""
    return isinstance(event, DealRestructured)


def term_role(event: Event) -> str | None:
    """How this development's terms meet earlier ones: it proposes, adds an account, or replaces."""
    if not isinstance(event, WithTerms):
        return None
    if isinstance(event, TermsProposed):
        return "proposal"
    return "add" if isinstance(event, TermsReported) else "replace"


def _apply(work: _Fold, event: Event) -> None:
    changed = _apply_status(work, event) | _apply_terms(work, event) | _apply_people(work, event)
    if changed:
        work.last_change = event


def _apply_status(work: _Fold, event: Event) -> bool:
    status = status_set_by(event)
    if status is None or status is work.status:
        return False
    work.status = status
    return True


def _apply_terms(work: _Fold, event: Event) -> bool:
    if not isinstance(event, WithTerms):
        return False
    role, wipes = term_role(event), wipes_terms(event)
    if wipes:
        _supersede(work, work.claims.take(), event)
        _supersede(work, work.proposed.take(), event)
    new = [Claim(term.name, term.value, event) for term in event.terms]
    names = {claim.term for claim in new}
    if role == "proposal":
        _supersede(work, work.proposed.take(names), event)
        work.proposed.add(new)
        return bool(new)
    if role == "replace":
        _supersede(work, work.claims.take(names), event)
    work.claims.add(new)
    return bool(new) or wipes


def _supersede(work: _Fold, retired: list[Claim], by: Event) -> None:
    work.superseded.extend(replace(c, superseded_by=by) for c in retired)


def _apply_people(work: _Fold, event: Event) -> bool:
    if isinstance(event, PARTICIPATIONS):
        stage = "joined" if isinstance(event, ParticipantJoined) else "in_talks"
        work.participants[event.party] = Participant(event.party, event.role, stage, event.amount, event)
        return True
    if isinstance(event, STANCES):
        stance = Attribution.DENIED if isinstance(event, ReportDenied) else Attribution.UNCONFIRMED
        work.stances[event.party] = Stance(event.party, stance, event)
        return True
    return False


def _mark_superseded(timeline: list[Entry], superseded: list[Claim]) -> list[Entry]:
    """An entry is struck through once every term it stated has been replaced."""
    retired: dict[object, list[Claim]] = {}
    for claim in superseded:
        retired.setdefault(claim.event.event_id, []).append(claim)
    marked = []
    for entry in timeline:
        gone = retired.get(entry.event.event_id, [])
        if gone and len(gone) >= len(getattr(entry.event, "terms", ())):
            entry = replace(entry, superseded_by=gone[-1].superseded_by)
        marked.append(entry)
    return marked


def _state(
    deal: str,
    as_of: DateTime,
    known_at: DateTime,
    description: DealDescribed | None,
    work: _Fold,
    timeline: list[Entry],
    event_count: int,
) -> DealState:
    """The summary the state index also answers with, then what only the history gives: past shapes, the timeline."""
    summary = _summary(deal, as_of, known_at, description, work)
    return DealState(
        summary=summary,
        superseded=tuple(work.superseded),
        every_conflict=summary.conflicts + _conflicts(work.superseded, current=False),
        timeline=tuple(timeline),
        last_change=next((e for e in reversed(timeline) if e.event is work.last_change), None),
        sources=_unique_sources(e.event for e in timeline if e.happened is Happened.YES),
        event_count=event_count,
    )


def _headline(claims: Iterable[Claim], term: str) -> Claim | None:
    """The best-attributed claim wins the headline; conflicts stay listed beside it."""
    candidates = [c for c in claims if c.term == term and isinstance(c.value, Amount)]
    if not candidates:
        return None
    return min(candidates, key=lambda c: (c.event.attribution.rank, *_knowledge_order(c.event)))


def _conflicts(claims: Iterable[Claim], current: bool) -> tuple[Conflict, ...]:
    """Claims conflict when they state one term of the same shape of the deal and cannot all be true.

    Proposals under discussion are never in conflict with agreed terms, and
    claims retired by different events belong to different shapes. Checking a
    group is linear in its claims (see ``all_agree``), however many accounts of one term.
    """
    groups: dict[tuple[str, str, bool], list[Claim]] = {}
    for claim in claims:
        era = "" if claim.superseded_by is None else str(claim.superseded_by.event_id)
        groups.setdefault((claim.term, era, isinstance(claim.event, TermsProposed)), []).append(claim)
    return tuple(
        Conflict(term, tuple(group), current)
        for (term, _, _), group in groups.items()
        if not all_agree([claim.value for claim in group])
    )


ABOUT = Decimal("0.1")  # "about $20B" allows any figure within 10% of it


def all_agree(values: Iterable[TermValue]) -> bool:
    """Whether one figure could make every value true: only values that cannot all be true are a dispute.

    A figure (exactly, about, a range) allows an interval, and intervals that
    meet pairwise share a point, so one pass keeps their intersection per
    currency or unit: "about $20B" and "20 milliards de dollars" agree. A cap or
    a floor ("up to $100B") states the deal's limit, not its size: it agrees
    only with the same limit, so "up to $100B" and "$10B" stay a dispute. Figures
    in different currencies, and words, agree only when they are the same.
    """
    spans: dict[object, tuple[Decimal, Decimal]] = {}
    others: set[object] = set()
    for value in values:
        allowed = _allowed(value) if isinstance(value, Amount) else None
        if allowed is None:
            others.add(value_key(value))
            continue
        measure = (type(value), value.currency if isinstance(value, Money) else getattr(value, "unit", None))
        low, high = spans.get(measure, allowed)
        spans[measure] = (max(low, allowed[0]), min(high, allowed[1]))
    return all(low <= high for low, high in spans.values()) and len(spans) + len(others) <= 1


def agree(a: TermValue, b: TermValue) -> bool:
    return all_agree((a, b))


def _allowed(amount: Amount) -> tuple[Decimal, Decimal] | None:
    """The figures an amount allows, or None for a cap or a floor."""
    if amount.qualifier is Qualifier.RANGE:
        assert amount.low is not None and amount.high is not None
        return amount.low, amount.high
    assert amount.value is not None
    if amount.qualifier is Qualifier.EXACTLY:
        return amount.value, amount.value
    if amount.qualifier is Qualifier.ABOUT:
        return amount.value * (1 - ABOUT), amount.value * (1 + ABOUT)
    return None


def value_key(value: TermValue) -> object:
    """Equal keys exactly when ``same_value`` holds: 'up to 100B' and '100B' differ."""
    return value.normalized() if isinstance(value, Amount) else value


def same_value(a: TermValue, b: TermValue) -> bool:
    if isinstance(a, Amount) and isinstance(b, Amount):
        return a.same_claim(b)
    return a == b


def _unique_sources(events: Iterable[Event]) -> tuple[Source, ...]:
    seen: dict[tuple[object, ...], Source] = {}
    for event in events:
        for source in event.sources:
            seen.setdefault((source.publisher, source.title, source.url, source.published_at), source)
    return tuple(seen.values())


def deals_in(events: Iterable[Event]) -> list[str]:
    """Every deal slug mentioned, in first-seen order."""
    return list(dict.fromkeys(e.deal for e in events))
