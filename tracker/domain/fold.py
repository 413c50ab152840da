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
from dataclasses import dataclass, field, fields, replace
from decimal import Decimal
from typing import NamedTuple, TypeVar
from uuid import UUID

from pendulum import DateTime

from tracker.domain.amounts import Amount, Money, Qualifier
from tracker.domain.dates import Happened
from tracker.domain.events import (
    AgreementReinstated,
    AgreementSigned,
    AlsoReported,
    ApprovalUpdated,
    BidRaised,
    BidRejected,
    BoardRecommended,
    ConditionMet,
    DealClosed,
    DealDescribed,
    DealRestructured,
    DefenceAdopted,
    Event,
    EventAmended,
    EventRetracted,
    LetterOfIntentSigned,
    LitigationUpdated,
    NotConfirmed,
    ParticipantInTalks,
    ParticipantJoined,
    Participating,
    ReportConfirmed,
    ReportDenied,
    Status,
    StatusContested,
    TermsProposed,
    TermsReported,
    TermValue,
    WithTerms,
)
from tracker.domain.provenance import Attribution, Source
from tracker.domain.state import (
    Approval,
    Claim,
    Conflict,
    Contest,
    DealState,
    Entry,
    Flag,
    Lawsuit,
    Participant,
    Position,
    Stance,
    Summary,
)

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
    signers: frozenset[str] = frozenset()  # the deal's parties: a signing lifts their stances
    status_event: Event | None = None  # the development that set the current status
    approvals: dict[str, Approval] = field(default_factory=dict)
    litigation: dict[str, Lawsuit] = field(default_factory=dict)
    contests: list[Contest] = field(default_factory=list)
    positions: dict[str, Position] = field(default_factory=dict)


class Placed(NamedTuple):
    """A development as one moment's knowledge places it: amended, anchored in world time, perhaps retracted.

    A named tuple, not a frozen dataclass: a fold places every development, and a tuple builds in a quarter of the time.
    """

    event: Event
    anchor: Event
    world_key: SortKey
    retracted_by: EventRetracted | None
    amendments: tuple[EventAmended, ...]
    also_reported: tuple[AlsoReported, ...] = ()

    @property
    def surely_by(self) -> DateTime:
        return surely_by(self.anchor)

    def happened(self, as_of: DateTime) -> Happened:
        occurred = self.anchor.occurred
        if occurred is None:
            return Happened.YES if self.anchor.reported_at <= as_of else Happened.NO
        return occurred.happened_by(as_of)


def surely_by(anchor: Event) -> DateTime:
    """From this instant of world time on, a development weighed at ``anchor`` has surely happened."""
    occurred = anchor.occurred
    return occurred.surely_by if occurred else anchor.reported_at


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
    description = descriptions[-1] if descriptions else None
    work, later = _Fold(signers=_signers(description)), []
    shown: list[tuple[Placed, Happened]] = []
    for placed in developments:
        happened = placed.happened(as_of)
        if happened is Happened.NO:
            later.append(placed)
            continue
        if happened is Happened.YES and placed.retracted_by is None:
            _apply(work, placed.event)
        shown.append((placed, happened))
    timeline = _entries(shown, work.superseded)
    seconded = sum(len(p.also_reported) for p in developments)
    count = len(timeline) + len(known) - len(developments) - seconded  # a development told twice counts once
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
    standing = [e for e in known if e.event_id not in removed] if removed else known
    retractions = _latest_by_target(e for e in known if isinstance(e, EventRetracted) and e.event_id not in removed)
    amendments = _all_by_target(e for e in standing if isinstance(e, EventAmended))
    seconds = _all_by_target(e for e in standing if isinstance(e, AlsoReported))
    corrected = retractions.keys() | amendments.keys() | seconds.keys()  # most developments: none of them
    descriptions = [e for e in standing if isinstance(e, DealDescribed)]
    developments = [
        amended(e, amendments[e.event_id]) if amendments and e.event_id in amendments else e
        for e in known
        if e.on_timeline
    ]
    by_id = {e.event_id: e for e in developments}
    placed = []
    for e in developments:
        anchor = _anchor(e, by_id)
        world_key, event_id = _world_order(e, anchor), e.event_id
        if event_id not in corrected:
            placed.append(Placed(e, anchor, world_key, None, ()))
            continue
        placed.append(
            Placed(
                e,
                anchor,
                world_key,
                retractions.get(event_id),
                amendments.get(event_id, ()),
                seconds.get(event_id, ()),
            )
        )
    return descriptions, sorted(placed, key=_world_key)


def placed_alone(event: Event) -> Placed:
    """A development that refers to nothing and that nothing corrects: placed by its own date alone."""
    return Placed(event, event, _world_order(event, event), None, ())


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


C = TypeVar("C", EventAmended, AlsoReported)


def _all_by_target(corrections: Iterable[C]) -> dict[UUID, tuple[C, ...]]:
    """Every standing amendment (or second report) of each target, in knowledge order."""
    grouped: dict[UUID, list[C]] = {}
    for correction in corrections:
        grouped.setdefault(correction.target, []).append(correction)
    return {target: tuple(group) for target, group in grouped.items()}


def _knowledge_order(event: Event) -> SortKey:
    return (event.reported_at, str(event.event_id))


def amended(event: Event, amendments: Iterable[EventAmended]) -> Event:
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


def _world_order(event: Event, anchor: Event) -> SortKey:
    own = _own_order(event)
    return (*own, False, *own) if anchor is event else (*_own_order(anchor), True, *own)


def _own_order(event: Event) -> SortKey:
    """By date; on one date, a report's explicit ``sequence`` first, then the type's place in a deal's life.

    So a deal signed and closed on one day reads signed, then closed, whatever
    the reports' ids; the ranks are fixed-width text so the index sorts them alike. The id is the
    UUID itself, which orders as its text does (fixed-width hex) and the index spells as that text.
    """
    occurred = event.occurred
    start, end = (occurred.start, occurred.end) if occurred else (event.reported_at, event.reported_at)
    explicit = f"{event.sequence:04d}" if event.sequence is not None else "9999"
    return (start, end, explicit, f"{event.day_order:03d}", event.reported_at, event.event_id)


def summarize(
    deal: str, as_of: DateTime, known_at: DateTime, description: DealDescribed | None, applied: Iterable[Event]
) -> Summary:
    """The summary of the state the developments ``applied`` (in world order) leave.

    It holds just as well for a part of them that keeps, for the status, every
    term and every party, the developments that decide them: the state index
    reads only those (see ``tracker.store.state_index``).
    """
    work = _Fold(signers=_signers(description))
    for event in applied:
        _apply(work, event)
    return _summary(deal, as_of, known_at, description, work)


def _signers(description: DealDescribed | None) -> frozenset[str]:
    return frozenset(p.name for p in description.parties) if description else frozenset()


def _summary(deal: str, as_of: DateTime, known_at: DateTime, description: DealDescribed | None, work: _Fold) -> Summary:
    headline_term = canonical_term(description.headline_term if description else "investment")
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
        approvals=tuple(work.approvals.values()),
        litigation=tuple(work.litigation.values()),
        contests=tuple(work.contests),
        positions=tuple(work.positions.values()),
        firm=_headline(work.claims, "firm"),
        contingent=_headline(work.claims, "contingent"),
        flags=valuation_flags(work.claims),
    )


def status_set_by(event: Event) -> Status | None:
    """The status applying this development sets whatever came before, if any (it changes nothing if already so).

    None too for a restructuring that names no stage: its status depends on the
    one before (``status_after``).
    """
    if isinstance(event, DealRestructured):
        return event.stage
    return event.changes_status


AGREED = (Status.SIGNED, Status.CLOSED)


def sets_status(event: Event) -> bool:
    """Whether this development decides the status (alone, or with the status before it)."""
    return event.changes_status is not None


def status_after(event: Event, current: Status | None) -> Status | None:
    """The status once this development applies: a restructuring that names no stage keeps an agreed deal agreed."""
    if isinstance(event, DealRestructured) and event.stage is None:
        return current if current in AGREED else Status.IN_TALKS
    return status_set_by(event)


# The developments that place a party in the deal, and those that record its stance on a report.
PARTICIPATIONS = (ParticipantInTalks, ParticipantJoined)
STANCES = (NotConfirmed, ReportDenied, ReportConfirmed)
_STANCE_OF = {
    NotConfirmed: Attribution.UNCONFIRMED,
    ReportDenied: Attribution.DENIED,
    ReportConfirmed: Attribution.CONFIRMED,
}
# A signing lifts the signers' stances: who signs has confirmed.
SIGNINGS = (LetterOfIntentSigned, AgreementSigned, AgreementReinstated, DealClosed)
POSITIONS = (BidRejected, BoardRecommended, DefenceAdopted)
# What each of these records is a part of the state of its own, kept per authority, case or party.
_RECORDS = (ApprovalUpdated, LitigationUpdated, StatusContested, *POSITIONS)


def always_changes(event: Event) -> bool:
    """Whether applying this development changes the state whatever came before it."""
    if isinstance(event, WithTerms):
        return bool(event.terms) or wipes_terms(event) or bool(replaced_terms(event))
    return isinstance(event, PARTICIPATIONS + STANCES + _RECORDS)


def wipes_terms(event: Event) -> bool:
    """Whether this development replaces the deal's shape: every current term and proposal is superseded."""
    return isinstance(event, DealRestructured) and event.replaces is None


def replaced_terms(event: Event) -> tuple[str, ...]:
    """The terms a partial restructuring names as replaced, beyond those it states anew."""
    if isinstance(event, DealRestructured) and event.replaces is not None:
        return tuple(canonical_term(name) for name in event.replaces)
    return ()


_TERM_NAMES = {"valuation": "valuation_post"}  # a plain "valued at" is post-money unless the source says otherwise


def told_once(cls: type[Event]) -> bool:
    """Whether a second outlet's report of this development joins the first's entry instead of standing apart.

    Developments that set a status or a record (a signing, a blocking, a lawsuit's
    step, a party joining, a raised bid) happen once, however many outlets tell
    them. Accounts of terms, statements, context and stances stay apart: weighing
    them is what ``terms_reported regarding`` and the conflicts are for.
    """
    return (
        cls.on_timeline
        and (cls.changes_status is not None or issubclass(cls, _RECORDS + PARTICIPATIONS + (BidRaised, ConditionMet)))
        and not issubclass(cls, StatusContested)
    )


_NOT_WHAT_HAPPENED = {"event_id", "occurred", "reported_at", "summary", "sources", "sequence", "terms"}


def same_development(new: Event, told: Event) -> bool:
    """Whether ``new`` is another outlet's report of the development ``told`` already did: same deal and type,
    what it says of who and what the same, dates that can meet, and no term it gives that ``told`` lacks or
    contradicts.

    A report known earlier than ``told`` is not taken as its second telling: it would
    be hidden at the knowledge times when it alone was known.
    """
    if type(new) is not type(told) or new.deal != told.deal or new.event_id == told.event_id:
        return False
    if not told_once(type(new)) or new.reported_at < told.reported_at or _same_outlet(new, told):
        return False
    if not _can_meet(new, told) or _what_happened(new) != _what_happened(told):
        return False
    stated = {canonical_term(t.name): t.value for t in getattr(told, "terms", ())}
    return all(
        canonical_term(t.name) in stated and agree(t.value, stated[canonical_term(t.name)])
        for t in getattr(new, "terms", ())
    )


def _same_outlet(a: Event, b: Event) -> bool:
    """One outlet's two reports are two reports: only another outlet's telling joins an entry."""
    return bool({s.publisher for s in a.sources} & {s.publisher for s in b.sources})


def _what_happened(event: Event) -> dict[str, object]:
    return {f.name: getattr(event, f.name) for f in fields(event) if f.name not in _NOT_WHAT_HAPPENED}


def _can_meet(a: Event, b: Event) -> bool:
    if a.occurred is None or b.occurred is None:
        return a.occurred is b.occurred
    low, high = max(a.occurred.start, b.occurred.start), min(a.occurred.end, b.occurred.end)
    instant = a.occurred.start == a.occurred.end or b.occurred.start == b.occurred.end
    return low < high or (low == high and instant)


def canonical_term(name: str) -> str:
    """The name a term is kept under: ``valuation`` is ``valuation_post``."""
    return _TERM_NAMES.get(name, name)


def approval_key(event: ApprovalUpdated) -> str:
    return event.authority


def case_key(event: LitigationUpdated) -> str:
    return event.case


def term_role(event: Event) -> str | None:
    """How this development's terms meet earlier ones: it proposes, adds an account, or replaces."""
    if not isinstance(event, WithTerms):
        return None
    if isinstance(event, TermsProposed):
        return "proposal"
    return "add" if isinstance(event, TermsReported) else "replace"


def _apply(work: _Fold, event: Event) -> None:
    changed = (
        _apply_status(work, event)
        | _apply_terms(work, event)
        | _apply_people(work, event)
        | _apply_records(work, event)
    )
    if changed:
        work.last_change = event


def _apply_status(work: _Fold, event: Event) -> bool:
    """Any status development ends the contests of the status before it (not a change by itself)."""
    if not sets_status(event):
        return False
    work.status_event = event
    work.contests.clear()
    if isinstance(event, SIGNINGS):
        _lift_stances(work, event)
    status = status_after(event, work.status)
    if status is None or status is work.status:
        return False
    work.status = status
    return True


def _lift_stances(work: _Fold, signing: Event) -> None:
    for party in work.signers & work.stances.keys():
        work.stances[party] = Stance(party, Attribution.CONFIRMED, signing)


def _apply_terms(work: _Fold, event: Event) -> bool:
    if not isinstance(event, WithTerms):
        return False
    role, wipes = term_role(event), wipes_terms(event)
    if wipes:
        _supersede(work, work.claims.take(), event)
        _supersede(work, work.proposed.take(), event)
    new = [Claim(canonical_term(term.name), term.value, event) for term in event.terms]
    names = {claim.term for claim in new} | set(replaced_terms(event))
    if role == "proposal":
        _supersede(work, work.proposed.take(names), event)
        work.proposed.add(new)
        return bool(new)
    if role == "replace":
        _supersede(work, work.claims.take(names), event)
    work.claims.add(new)
    return bool(names) or wipes


def _supersede(work: _Fold, retired: list[Claim], by: Event) -> None:
    work.superseded.extend(Claim(c.term, c.value, c.event, by) for c in retired)


def _apply_people(work: _Fold, event: Event) -> bool:
    if isinstance(event, Participating):
        stage = "joined" if isinstance(event, ParticipantJoined) else "in_talks"
        for p in event.participations:
            work.participants[p.party] = Participant(p.party, p.role, stage, p.amount, event)
        return True
    if isinstance(event, STANCES):
        work.stances[event.party] = Stance(event.party, _STANCE_OF[type(event)], event)
        return True
    return False


def _apply_records(work: _Fold, event: Event) -> bool:
    """Approvals per authority, lawsuits per case, contests of the current status, positions per party."""
    if isinstance(event, ApprovalUpdated):
        work.approvals[approval_key(event)] = Approval(event.authority, event.kind, event.status, event.remedies, event)
    elif isinstance(event, LitigationUpdated):
        work.litigation[case_key(event)] = Lawsuit(
            event.case, event.court, event.parties, event.status, event.aim, event.outcome, event
        )
    elif isinstance(event, StatusContested):
        work.contests.append(Contest(event.party, event, work.status_event))
    elif isinstance(event, POSITIONS):
        work.positions[event.party] = Position(event.party, position_of(event), event)
    else:
        return False
    return True


def position_of(event: Event) -> str:
    """The position a party takes on a bid, as a word the JSON and the views share."""
    if isinstance(event, BidRejected):
        return "rejected"
    if isinstance(event, BoardRecommended):
        return f"recommends_{event.recommendation}" if event.recommendation != "neutral" else "neutral"
    assert isinstance(event, DefenceAdopted)
    return "defence"


def _entries(shown: list[tuple[Placed, Happened]], superseded: list[Claim]) -> list[Entry]:
    """The timeline's entries, each struck through once every term it stated has been replaced."""
    retired: dict[UUID, list[Claim]] = {}
    for claim in superseded:
        retired.setdefault(claim.event.event_id, []).append(claim)
    entries = []
    for placed, happened in shown:
        event, applied = placed.event, placed.amendments
        gone = retired.get(event.event_id)
        struck = gone[-1].superseded_by if gone and len(gone) >= len(getattr(event, "terms", ())) else None
        entries.append(
            Entry(
                event,
                happened,
                retracted_by=placed.retracted_by,
                amended_by=applied[-1] if applied else None,
                superseded_by=struck,
                amendments=applied,
                anchor=placed.anchor if placed.anchor is not event else None,
                also_reported=placed.also_reported,
            )
        )
    return entries


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
        sources=_unique_sources(s for e in timeline if e.happened is Happened.YES for s in e.sources),
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
    groups: dict[tuple[str, UUID | None, bool], list[Claim]] = {}
    for claim in claims:
        era = None if claim.superseded_by is None else claim.superseded_by.event_id
        groups.setdefault((claim.term, era, isinstance(claim.event, TermsProposed)), []).append(claim)
    return tuple(
        Conflict(term, tuple(group), current)
        for (term, _, _), group in groups.items()
        if len(group) > 1 and not all_agree([claim.value for claim in group])  # one claim agrees with itself
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
        if allowed is None or not isinstance(value, Amount):
            others.add(value_key(value))
            continue
        measure = value.measure
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
    return value.claim_key() if isinstance(value, Amount) else value


def same_value(a: TermValue, b: TermValue) -> bool:
    if isinstance(a, Amount) and isinstance(b, Amount):
        return a.same_claim(b)
    return a == b


_PRE, _ROUND, _POST = "valuation_pre", "round_size", "valuation_post"


def valuation_flags(claims: Iterable[Claim]) -> tuple[Flag, ...]:
    """Pre-money plus the round should make post-money, within the rounding of the reports; a flag if not."""
    claims = list(claims)
    pre, size, post = (_headline(claims, term) for term in (_PRE, _ROUND, _POST))
    values = [c.value for c in (pre, size, post) if c is not None]
    if len(values) < 3 or not all(isinstance(v, Money) and _allowed(v) and v.per is None for v in values):
        return ()
    if len({v.currency for v in values if isinstance(v, Money)}) > 1:
        return ()
    (pre_low, pre_high), (size_low, size_high), (post_low, post_high) = (_rounded(v) for v in values)  # type: ignore[arg-type]
    if pre_low + size_low <= post_high and post_low <= pre_high + size_high:
        return ()
    text = [v.human() for v in values if isinstance(v, Money)]
    return (
        Flag(
            "valuation_mismatch",
            f"pre-money {text[0]} plus a round of {text[1]} does not make the post-money {text[2]}",
        ),
    )


def _rounded(amount: Money) -> tuple[Decimal, Decimal]:
    """The figures an amount allows once its own rounding is counted: "$150B" is anything that rounds to it."""
    low, high = _allowed(amount) or (Decimal(0), Decimal(0))
    if amount.qualifier is Qualifier.EXACTLY and amount.value is not None:
        half = Decimal(1).scaleb(amount.value.normalize().as_tuple().exponent) / 2  # type: ignore[arg-type]
        return low - half, high + half
    return low, high


def _unique_sources(sources: Iterable[Source]) -> tuple[Source, ...]:
    seen: dict[tuple[object, ...], Source] = {}
    for source in sources:
        seen.setdefault((source.publisher, source.title, source.url, source.published_at), source)
    return tuple(seen.values())


def deals_in(events: Iterable[Event]) -> list[str]:
    """Every deal slug mentioned, in first-seen order."""
    return list(dict.fromkeys(e.deal for e in events))
