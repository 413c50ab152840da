"""The catalog of reported developments, and every fact about each type.

Every event is a frozen dataclass with a stable ``event_type`` string, which
is what the store writes: renaming a class never breaks stored history.
Events are named in the past tense because they record what was reported.

What a type *is* is declared once, on its class: the status it sets
(``changes_status``), whether it is a correction (it subclasses
``Correction``), whether it is an entry of the timeline (``on_timeline``),
whether a report file may state it (``reportable``), and its ``badge``.
The lists other modules need (``CORRECTIONS``, ``TIMELINE_TYPES``,
``REPORT_TYPES``...) are computed from ``CATALOG`` below, and
tests/unit/test_catalogue.py pins every copy elsewhere (the report schema,
the upcasters) to them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar
from uuid import UUID

from pendulum import DateTime

from tracker.domain.amounts import Money, Quantity
from tracker.domain.dates import FuzzyDate
from tracker.domain.provenance import Attribution, Source


class Status(StrEnum):
    RUMORED = "rumored"
    PROPOSED = "proposed"  # a bid or an unsolicited offer is on the table, not agreed
    IN_TALKS = "in_talks"
    LETTER_OF_INTENT = "letter_of_intent"
    SIGNED = "signed"
    SUSPENDED = "suspended"
    CLOSED = "closed"
    TERMINATED = "terminated"


class ApprovalKind(StrEnum):
    ANTITRUST = "antitrust"
    FOREIGN_INVESTMENT = "foreign_investment"
    REGULATORY = "regulatory"
    SHAREHOLDER = "shareholder"
    COURT = "court"


class ApprovalStatus(StrEnum):
    """Where one authority's review stands: its course, then how it ended."""

    FILED = "filed"
    IN_REVIEW = "in_review"
    IN_DEPTH = "in_depth"
    OBJECTIONS = "objections"
    CLEARED = "cleared"
    CLEARED_WITH_CONDITIONS = "cleared_with_conditions"
    BLOCKED = "blocked"
    APPEALED = "appealed"
    WITHDRAWN = "withdrawn"


class LitigationStatus(StrEnum):
    FILED = "filed"
    TRIAL_SCHEDULED = "trial_scheduled"
    INJUNCTION_GRANTED = "injunction_granted"
    INJUNCTION_DENIED = "injunction_denied"
    STAYED = "stayed"
    SETTLED = "settled"
    DECIDED = "decided"
    APPEALED = "appealed"
    DISMISSED = "dismissed"


# A term is an amount, a date (an outside date, an expected closing) or a word from a documented list.
TermValue = Money | Quantity | FuzzyDate | str


@dataclass(frozen=True)
class Badge:
    """How a type shows in every view: a symbol that reads without colour, a label, and its group.

    The group (status, terms, people, denial, context) names the theme key a
    renderer colours it with (``tracker.badge.<group>``); colours stay there.
    """

    symbol: str
    label: str
    group: str


@dataclass(frozen=True)
class Term:
    """One named term of a deal: investment, tranches, compute, valuation_post, round_size..."""

    name: str
    value: TermValue


@dataclass(frozen=True)
class Party:
    name: str
    role: str


@dataclass(frozen=True)
class DealLink:
    """A deal related to this one: ``part_of`` a funding round, ``related`` to a rival commitment."""

    deal: str
    relation: str


@dataclass(frozen=True, kw_only=True)
class Event:
    """What every development carries: which deal, when it happened, who reported it and when."""

    event_type: ClassVar[str]
    badge: ClassVar[Badge]
    changes_status: ClassVar[Status | None] = None
    on_timeline: ClassVar[bool] = True  # descriptions and corrections change what the timeline shows instead
    reportable: ClassVar[bool] = True  # a report file may state it (deals are described in their own section)
    # Where it stands among developments of one day: a deal is signed before it closes.
    day_order: ClassVar[int] = 50

    event_id: UUID
    deal: str
    occurred: FuzzyDate | None
    reported_at: DateTime
    summary: str
    sources: tuple[Source, ...] = ()
    sequence: int | None = None  # an explicit order among one day's developments, when a report gives it

    @property
    def attribution(self) -> Attribution:
        """The strongest attribution among the sources; an event with none is 'reported'."""
        ranked = sorted((s.attribution for s in self.sources), key=lambda a: a.rank)
        return ranked[0] if ranked else Attribution.REPORTED


@dataclass(frozen=True, kw_only=True)
class WithTerms(Event):
    terms: tuple[Term, ...] = ()


@dataclass(frozen=True, kw_only=True)
class DealDescribed(Event):
    """Names a deal and its parties; the first one opens the deal's stream."""

    event_type = "deal_described"
    badge = Badge("·", "DESCRIBED", "context")
    on_timeline = False
    reportable = False
    name: str
    kind: str = "deal"
    parties: tuple[Party, ...] = ()
    links: tuple[DealLink, ...] = ()
    headline_term: str = "investment"


@dataclass(frozen=True, kw_only=True)
class DealRumored(WithTerms):
    event_type = "deal_rumored"
    badge = Badge("~", "RUMOR", "status")
    changes_status = Status.RUMORED
    day_order = 10


@dataclass(frozen=True, kw_only=True)
class TalksReported(WithTerms):
    event_type = "talks_reported"
    badge = Badge("…", "TALKS", "status")
    changes_status = Status.IN_TALKS
    day_order = 20


@dataclass(frozen=True, kw_only=True)
class LetterOfIntentSigned(WithTerms):
    event_type = "letter_of_intent_signed"
    badge = Badge("✎", "LETTER OF INTENT", "status")
    changes_status = Status.LETTER_OF_INTENT
    day_order = 30
    binding: bool | None = None


@dataclass(frozen=True, kw_only=True)
class TermsReported(WithTerms):
    """Another account of the terms. With ``regarding`` it describes that event's terms
    and is weighed against them, so two outlets that disagree become a conflict."""

    event_type = "terms_reported"
    badge = Badge("≡", "TERMS", "terms")
    regarding: UUID | None = None


@dataclass(frozen=True, kw_only=True)
class TermsProposed(WithTerms):
    """New terms under discussion that do not (yet) replace the current ones."""

    event_type = "terms_proposed"
    badge = Badge("?", "PROPOSED", "terms")


@dataclass(frozen=True, kw_only=True)
class TermsChanged(WithTerms):
    """The named terms changed; their earlier values become superseded."""

    event_type = "terms_changed"
    badge = Badge("Δ", "TERMS CHANGED", "terms")


@dataclass(frozen=True, kw_only=True)
class AgreementSigned(WithTerms):
    event_type = "agreement_signed"
    badge = Badge("✔", "SIGNED", "status")
    changes_status = Status.SIGNED
    day_order = 40


@dataclass(frozen=True)
class Participation:
    """One participant of a report that names several ("co-led by A, B and C"), each with its role and amount."""

    party: str
    role: str = "investor"
    amount: Money | None = None


@dataclass(frozen=True, kw_only=True)
class Participating(Event):
    """A party (or several, in ``others``) taking part; ``party`` is the first named."""

    party: str
    role: str = "investor"
    amount: Money | None = None
    others: tuple[Participation, ...] | None = None  # None, not (): a payload without it is spelled as before

    @property
    def participations(self) -> tuple[Participation, ...]:
        return (Participation(self.party, self.role, self.amount), *(self.others or ()))


@dataclass(frozen=True, kw_only=True)
class ParticipantInTalks(Participating):
    event_type = "participant_in_talks"
    badge = Badge("+", "MAY JOIN", "people")


@dataclass(frozen=True, kw_only=True)
class ParticipantJoined(Participating):
    event_type = "participant_joined"
    badge = Badge("+", "JOINED", "people")


@dataclass(frozen=True, kw_only=True)
class DealSuspended(Event):
    """Suspended, on ice, stalled."""

    event_type = "deal_suspended"
    badge = Badge("‖", "ON ICE", "status")
    changes_status = Status.SUSPENDED
    day_order = 48  # before the same day's other news: "on ice; a smaller stake is discussed instead"


@dataclass(frozen=True, kw_only=True)
class TalksResumed(WithTerms):
    event_type = "talks_resumed"
    badge = Badge("▶", "RESUMED", "status")
    changes_status = Status.IN_TALKS
    day_order = 65


@dataclass(frozen=True, kw_only=True)
class DealRestructured(WithTerms):
    """A new shape replaces the old: the terms it names in ``replaces`` (every current term when None) are superseded.

    ``stage`` is the status the new shape is at when the report says so; when
    it does not, the fold keeps an agreed deal agreed (see ``fold.status_after``).
    """

    event_type = "deal_restructured"
    badge = Badge("↻", "RESTRUCTURED", "status")
    changes_status = Status.IN_TALKS  # unless the deal was agreed: the fold decides, the stage overrides
    day_order = 70
    stage: Status | None = None
    replaces: tuple[str, ...] | None = None


@dataclass(frozen=True, kw_only=True)
class DealClosed(WithTerms):
    """Completed; terms given here are the final ones."""

    event_type = "deal_closed"
    badge = Badge("■", "CLOSED", "status")
    changes_status = Status.CLOSED
    day_order = 90


@dataclass(frozen=True, kw_only=True)
class DealTerminated(Event):
    """Terminated by the parties, or withdrawn by one of them; with the termination or break fee when reported."""

    event_type = "deal_terminated"
    badge = Badge("✖", "TERMINATED", "status")
    changes_status = Status.TERMINATED
    day_order = 95
    how: str = "terminated"
    by: str | None = None
    fee: Money | None = None
    fee_status: str | None = None  # "paid", "owed" or "disputed"
    fee_payer: str | None = None


@dataclass(frozen=True, kw_only=True)
class ReportDenied(Event):
    """A party denies a report, or several (``covers``), and may say what it did mean (``said``: "less than $100B")."""

    event_type = "report_denied"
    badge = Badge("✗", "DENIED", "denial")
    party: str
    regarding: UUID | None = None
    covers: tuple[UUID, ...] | None = None  # None, not (): a payload without them is spelled as before
    said: tuple[Term, ...] | None = None


@dataclass(frozen=True, kw_only=True)
class NotConfirmed(Event):
    """A party has not confirmed (declined to comment, or silent)."""

    event_type = "not_confirmed"
    badge = Badge("∅", "NOT CONFIRMED", "denial")
    party: str
    regarding: UUID | None = None


@dataclass(frozen=True, kw_only=True)
class ReportConfirmed(Event):
    """A party confirms a report: its stance is lifted."""

    event_type = "report_confirmed"
    badge = Badge("✓", "CONFIRMED", "people")
    party: str
    regarding: UUID | None = None


@dataclass(frozen=True, kw_only=True)
class StatementMade(Event):
    event_type = "statement_made"
    badge = Badge("❝", "STATEMENT", "context")
    party: str
    speaker: str | None = None


@dataclass(frozen=True, kw_only=True)
class ContextNoted(Event):
    """Market facts, plans (an IPO), competition: on the timeline, outside the deal's status."""

    event_type = "context_noted"
    badge = Badge("·", "CONTEXT", "context")
    topic: str = "other"
    figures: tuple[Term, ...] = ()


@dataclass(frozen=True, kw_only=True)
class BidMade(WithTerms):
    """An offer by a named bidder, solicited or not, binding or not: a tender offer, a proposal."""

    event_type = "bid_made"
    badge = Badge("⇢", "BID", "status")
    changes_status = Status.PROPOSED
    day_order = 25
    bidder: str
    form: str = "offer"  # offer, tender_offer, exchange_offer, proposal
    unsolicited: bool | None = None
    binding: bool | None = None


@dataclass(frozen=True, kw_only=True)
class BidRaised(WithTerms):
    """The bidder improves its offer: the terms it names replace the bid's."""

    event_type = "bid_raised"
    badge = Badge("⇡", "BID RAISED", "terms")
    bidder: str


@dataclass(frozen=True, kw_only=True)
class BidRejected(Event):
    """The target's board (or its shareholders) turns a bid down; the bidder may press on."""

    event_type = "bid_rejected"
    badge = Badge("⊘", "BID REJECTED", "denial")
    party: str
    bidder: str | None = None


@dataclass(frozen=True, kw_only=True)
class BidWithdrawn(Event):
    event_type = "bid_withdrawn"
    badge = Badge("↩", "BID WITHDRAWN", "status")
    changes_status = Status.TERMINATED
    day_order = 95
    bidder: str


@dataclass(frozen=True, kw_only=True)
class DefenceAdopted(Event):
    """A defence against a bid: a poison pill (shareholder rights plan), a white knight sought."""

    event_type = "defence_adopted"
    badge = Badge("⛨", "DEFENCE", "people")
    party: str
    defence: str


@dataclass(frozen=True, kw_only=True)
class BoardRecommended(Event):
    """A board's recommendation to its shareholders: for, against, or neutral."""

    event_type = "board_recommended"
    badge = Badge("☞", "BOARD", "people")
    party: str
    recommendation: str  # for, against, neutral


@dataclass(frozen=True, kw_only=True)
class ApprovalUpdated(Event):
    """One step of one authority's review: filed, opened, in depth, objections, cleared, blocked..."""

    event_type = "approval_updated"
    badge = Badge("⚖", "APPROVAL", "approval")
    day_order = 45
    authority: str
    kind: ApprovalKind
    status: ApprovalStatus
    remedies: str | None = None


@dataclass(frozen=True, kw_only=True)
class LitigationUpdated(Event):
    """One step of a lawsuit about the deal, between parties or brought by a regulator."""

    event_type = "litigation_updated"
    badge = Badge("§", "LAWSUIT", "approval")
    day_order = 55
    case: str  # how reports name it: "Twitter v. Musk"
    court: str
    parties: tuple[str, ...]
    status: LitigationStatus
    aim: str | None = None  # block, enforce, damages...
    outcome: str | None = None


@dataclass(frozen=True, kw_only=True)
class StatusContested(Event):
    """A party contests the deal's status (a termination it calls invalid): the status stands, contested."""

    event_type = "status_contested"
    badge = Badge("⚔", "CONTESTED", "denial")
    day_order = 96
    party: str
    regarding: UUID | None = None


@dataclass(frozen=True, kw_only=True)
class AgreementReinstated(WithTerms):
    """The signed agreement stands again: the bidder agrees to close on its terms, a court orders completion."""

    event_type = "agreement_reinstated"
    badge = Badge("⟲", "REINSTATED", "status")
    changes_status = Status.SIGNED
    day_order = 97


@dataclass(frozen=True, kw_only=True)
class ConditionMet(WithTerms):
    """A condition of a commitment was met: its terms (the firm and contingent parts) replace the earlier ones."""

    event_type = "condition_met"
    badge = Badge("✓", "CONDITION MET", "terms")
    condition: str


@dataclass(frozen=True, kw_only=True)
class Correction(Event):
    """Changes how an earlier event stands rather than reporting a development; applies by knowledge time."""

    on_timeline = False
    target: UUID
    reason: str


@dataclass(frozen=True, kw_only=True)
class EventRetracted(Correction):
    """A correction: the target event should not have been reported."""

    event_type = "event_retracted"
    badge = Badge("✗", "RETRACTION", "denial")


@dataclass(frozen=True, kw_only=True)
class AlsoReported(Correction):
    """Another outlet's report of a development already logged: its sources join that entry, nothing else changes."""

    event_type = "also_reported"
    badge = Badge("+", "ALSO REPORTED", "context")
    reason: str = ""


@dataclass(frozen=True, kw_only=True)
class EventAmended(Correction):
    """A correction that replaces some of the target's fields (terms, summary, date)."""

    event_type = "event_amended"
    badge = Badge("Δ", "AMENDMENT", "terms")
    terms: tuple[Term, ...] | None = None
    new_summary: str | None = None
    new_occurred: FuzzyDate | None = None


CATALOG: dict[str, type[Event]] = {
    cls.event_type: cls
    for cls in (
        DealDescribed,
        DealRumored,
        TalksReported,
        LetterOfIntentSigned,
        TermsReported,
        TermsProposed,
        TermsChanged,
        AgreementSigned,
        ParticipantInTalks,
        ParticipantJoined,
        DealSuspended,
        TalksResumed,
        DealRestructured,
        DealClosed,
        DealTerminated,
        ReportDenied,
        NotConfirmed,
        StatementMade,
        ContextNoted,
        BidMade,
        BidRaised,
        BidRejected,
        BidWithdrawn,
        DefenceAdopted,
        BoardRecommended,
        ApprovalUpdated,
        LitigationUpdated,
        StatusContested,
        AgreementReinstated,
        ConditionMet,
        ReportConfirmed,
        EventRetracted,
        EventAmended,
        AlsoReported,
    )
}

# --- what the declarations above say, as the lists other modules read ----------------------

CORRECTIONS: tuple[type[Correction], ...] = tuple(c for c in CATALOG.values() if issubclass(c, Correction))
CORRECTION_TYPES: frozenset[str] = frozenset(c.event_type for c in CORRECTIONS)
# The developments: what the fold places in world time and the timeline lists, one entry each.
TIMELINE_TYPES: frozenset[str] = frozenset(t for t, c in CATALOG.items() if c.on_timeline)
# The report file's ``type`` values, in catalogue order (report.schema.json lists the same).
REPORT_TYPES: tuple[str, ...] = tuple(t for t, c in CATALOG.items() if c.reportable)
