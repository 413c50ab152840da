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
    IN_TALKS = "in_talks"
    LETTER_OF_INTENT = "letter_of_intent"
    SIGNED = "signed"
    SUSPENDED = "suspended"
    CLOSED = "closed"
    TERMINATED = "terminated"


TermValue = Money | Quantity | str


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

    event_id: UUID
    deal: str
    occurred: FuzzyDate | None
    reported_at: DateTime
    summary: str
    sources: tuple[Source, ...] = ()

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


@dataclass(frozen=True, kw_only=True)
class TalksReported(WithTerms):
    event_type = "talks_reported"
    badge = Badge("…", "TALKS", "status")
    changes_status = Status.IN_TALKS


@dataclass(frozen=True, kw_only=True)
class LetterOfIntentSigned(WithTerms):
    event_type = "letter_of_intent_signed"
    badge = Badge("✎", "LETTER OF INTENT", "status")
    changes_status = Status.LETTER_OF_INTENT
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


@dataclass(frozen=True, kw_only=True)
class ParticipantInTalks(Event):
    event_type = "participant_in_talks"
    badge = Badge("+", "MAY JOIN", "people")
    party: str
    role: str = "investor"
    amount: Money | None = None


@dataclass(frozen=True, kw_only=True)
class ParticipantJoined(Event):
    event_type = "participant_joined"
    badge = Badge("+", "JOINED", "people")
    party: str
    role: str = "investor"
    amount: Money | None = None


@dataclass(frozen=True, kw_only=True)
class DealSuspended(Event):
    """Suspended, on ice, stalled."""

    event_type = "deal_suspended"
    badge = Badge("‖", "ON ICE", "status")
    changes_status = Status.SUSPENDED


@dataclass(frozen=True, kw_only=True)
class TalksResumed(WithTerms):
    event_type = "talks_resumed"
    badge = Badge("▶", "RESUMED", "status")
    changes_status = Status.IN_TALKS


@dataclass(frozen=True, kw_only=True)
class DealRestructured(WithTerms):
    """A new shape replaces the old: every current term becomes superseded."""

    event_type = "deal_restructured"
    badge = Badge("↻", "RESTRUCTURED", "status")
    stage: Status = Status.IN_TALKS


@dataclass(frozen=True, kw_only=True)
class DealClosed(WithTerms):
    """Completed; terms given here are the final ones."""

    event_type = "deal_closed"
    badge = Badge("■", "CLOSED", "status")
    changes_status = Status.CLOSED


@dataclass(frozen=True, kw_only=True)
class DealTerminated(Event):
    """Terminated by the parties, or withdrawn by one of them."""

    event_type = "deal_terminated"
    badge = Badge("✖", "TERMINATED", "status")
    changes_status = Status.TERMINATED
    how: str = "terminated"


@dataclass(frozen=True, kw_only=True)
class ReportDenied(Event):
    event_type = "report_denied"
    badge = Badge("✗", "DENIED", "denial")
    party: str
    regarding: UUID | None = None


@dataclass(frozen=True, kw_only=True)
class NotConfirmed(Event):
    """A party has not confirmed (declined to comment, or silent)."""

    event_type = "not_confirmed"
    badge = Badge("∅", "NOT CONFIRMED", "denial")
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
        EventRetracted,
        EventAmended,
    )
}

# --- what the declarations above say, as the lists other modules read ----------------------

CORRECTIONS: tuple[type[Correction], ...] = tuple(c for c in CATALOG.values() if issubclass(c, Correction))
CORRECTION_TYPES: frozenset[str] = frozenset(c.event_type for c in CORRECTIONS)
# The developments: what the fold places in world time and the timeline lists, one entry each.
TIMELINE_TYPES: frozenset[str] = frozenset(t for t, c in CATALOG.items() if c.on_timeline)
# The report file's ``type`` values, in catalogue order (report.schema.json lists the same).
REPORT_TYPES: tuple[str, ...] = tuple(t for t, c in CATALOG.items() if c.reportable)
