"""The catalog of reported developments.

Every event is a frozen dataclass with a stable ``event_type`` string, which
is what the store writes: renaming a class never breaks stored history.
Events are named in the past tense because they record what was reported.
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
    changes_status: ClassVar[Status | None] = None

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
    name: str
    kind: str = "deal"
    parties: tuple[Party, ...] = ()
    links: tuple[DealLink, ...] = ()
    headline_term: str = "investment"


@dataclass(frozen=True, kw_only=True)
class DealRumored(WithTerms):
    event_type = "deal_rumored"
    changes_status = Status.RUMORED


@dataclass(frozen=True, kw_only=True)
class TalksReported(WithTerms):
    event_type = "talks_reported"
    changes_status = Status.IN_TALKS


@dataclass(frozen=True, kw_only=True)
class LetterOfIntentSigned(WithTerms):
    event_type = "letter_of_intent_signed"
    changes_status = Status.LETTER_OF_INTENT
    binding: bool | None = None


@dataclass(frozen=True, kw_only=True)
class TermsReported(WithTerms):
    """Another account of the terms. With ``regarding`` it describes that event's terms
    and is weighed against them, so two outlets that disagree become a conflict."""

    event_type = "terms_reported"
    regarding: UUID | None = None


@dataclass(frozen=True, kw_only=True)
class TermsProposed(WithTerms):
    """New terms under discussion that do not (yet) replace the current ones."""

    event_type = "terms_proposed"


@dataclass(frozen=True, kw_only=True)
class TermsChanged(WithTerms):
    """The named terms changed; their earlier values become superseded."""

    event_type = "terms_changed"


@dataclass(frozen=True, kw_only=True)
class AgreementSigned(WithTerms):
    event_type = "agreement_signed"
    changes_status = Status.SIGNED


@dataclass(frozen=True, kw_only=True)
class ParticipantInTalks(Event):
    event_type = "participant_in_talks"
    party: str
    role: str = "investor"
    amount: Money | None = None


@dataclass(frozen=True, kw_only=True)
class ParticipantJoined(Event):
    event_type = "participant_joined"
    party: str
    role: str = "investor"
    amount: Money | None = None


@dataclass(frozen=True, kw_only=True)
class DealSuspended(Event):
    """Suspended, on ice, stalled."""

    event_type = "deal_suspended"
    changes_status = Status.SUSPENDED


@dataclass(frozen=True, kw_only=True)
class TalksResumed(WithTerms):
    event_type = "talks_resumed"
    changes_status = Status.IN_TALKS


@dataclass(frozen=True, kw_only=True)
class DealRestructured(WithTerms):
    """A new shape replaces the old: every current term becomes superseded."""

    event_type = "deal_restructured"
    stage: Status = Status.IN_TALKS


@dataclass(frozen=True, kw_only=True)
class DealClosed(WithTerms):
    """Completed; terms given here are the final ones."""

    event_type = "deal_closed"
    changes_status = Status.CLOSED


@dataclass(frozen=True, kw_only=True)
class DealTerminated(Event):
    """Terminated by the parties, or withdrawn by one of them."""

    event_type = "deal_terminated"
    changes_status = Status.TERMINATED
    how: str = "terminated"


@dataclass(frozen=True, kw_only=True)
class ReportDenied(Event):
    event_type = "report_denied"
    party: str
    regarding: UUID | None = None


@dataclass(frozen=True, kw_only=True)
class NotConfirmed(Event):
    """A party has not confirmed (declined to comment, or silent)."""

    event_type = "not_confirmed"
    party: str
    regarding: UUID | None = None


@dataclass(frozen=True, kw_only=True)
class StatementMade(Event):
    event_type = "statement_made"
    party: str
    speaker: str | None = None


@dataclass(frozen=True, kw_only=True)
class ContextNoted(Event):
    """Market facts, plans (an IPO), competition: on the timeline, outside the deal's status."""

    event_type = "context_noted"
    topic: str = "other"
    figures: tuple[Term, ...] = ()


@dataclass(frozen=True, kw_only=True)
class EventRetracted(Event):
    """A correction: the target event should not have been reported. Applies by knowledge time."""

    event_type = "event_retracted"
    target: UUID
    reason: str


@dataclass(frozen=True, kw_only=True)
class EventAmended(Event):
    """A correction that replaces some of the target's fields (terms, summary, date)."""

    event_type = "event_amended"
    target: UUID
    reason: str
    terms: tuple[Term, ...] | None = None
    new_summary: str | None = None
    new_occurred: FuzzyDate | None = None


CORRECTIONS: tuple[type[Event], ...] = (EventRetracted, EventAmended)

CATALOG: dict[str, type[Event]] = {
    cls.event_type: cls
    for cls in (
        DealDescribed, DealRumored, TalksReported, LetterOfIntentSigned, TermsReported,
        TermsProposed, TermsChanged, AgreementSigned, ParticipantInTalks, ParticipantJoined,
        DealSuspended, TalksResumed, DealRestructured, DealClosed, DealTerminated,
        ReportDenied, NotConfirmed, StatementMade, ContextNoted, EventRetracted, EventAmended,
    )
}
