"""The projected state of a deal: plain values the fold produces and the edges render."""

from __future__ import annotations

from dataclasses import dataclass

from pendulum import DateTime

from tracker.domain.amounts import Money
from tracker.domain.dates import Happened
from tracker.domain.events import (
    ApprovalKind,
    ApprovalStatus,
    DealLink,
    Event,
    LitigationStatus,
    Party,
    Status,
    TermValue,
)
from tracker.domain.provenance import Attribution, Source


@dataclass(frozen=True)
class Claim:
    """One event's statement of one term. ``superseded_by`` is set once a later shape replaced it."""

    term: str
    value: TermValue
    event: Event
    superseded_by: Event | None = None


@dataclass(frozen=True)
class Conflict:
    """Reports that disagree on one term. All claims are kept; none silently wins."""

    term: str
    claims: tuple[Claim, ...]
    current: bool


@dataclass(frozen=True)
class Participant:
    party: str
    role: str
    stage: str  # "in_talks" or "joined"
    amount: Money | None
    event: Event


@dataclass(frozen=True)
class Stance:
    """A party's public position on the deal: unconfirmed, denied."""

    party: str
    attribution: Attribution
    event: Event


@dataclass(frozen=True)
class Approval:
    """Where one authority's review stands: its last reported step."""

    authority: str
    kind: ApprovalKind
    status: ApprovalStatus
    remedies: str | None
    event: Event


@dataclass(frozen=True)
class Lawsuit:
    """Where one lawsuit about the deal stands: its last reported step."""

    case: str
    court: str
    parties: tuple[str, ...]
    status: LitigationStatus
    aim: str | None
    outcome: str | None
    event: Event


@dataclass(frozen=True)
class Contest:
    """A party contesting the current status; ``contested`` is the development that set it (the other side)."""

    party: str
    event: Event
    contested: Event | None


@dataclass(frozen=True)
class Position:
    """A party's position on a bid: rejected it, recommended for or against, adopted a defence."""

    party: str
    position: str
    event: Event


@dataclass(frozen=True)
class Flag:
    """Something in the current terms a reader should check: ``code`` is stable, ``message`` says what."""

    code: str
    message: str


@dataclass(frozen=True)
class Entry:
    """One development on the timeline, with what later knowledge says about it.

    ``amended_by`` is the latest amendment applied; ``amendments`` lists every
    applied one in knowledge order, because each may have changed other fields.
    ``anchor`` is the development a report about another one's terms is weighed at.
    """

    event: Event
    happened: Happened
    retracted_by: Event | None = None
    amended_by: Event | None = None
    superseded_by: Event | None = None
    amendments: tuple[Event, ...] = ()
    anchor: Event | None = None
    also_reported: tuple[Event, ...] = ()  # other outlets' reports of this same development

    @property
    def sources(self) -> tuple[Source, ...]:
        """Every outlet that reported this development: its own report's, then the others'."""
        return tuple(s for event in (self.event, *self.also_reported) for s in event.sources)

    @property
    def dated(self) -> Event:
        """The event whose date places this entry in world time: its anchor, else itself."""
        return self.anchor or self.event


@dataclass(frozen=True)
class DealState:
    """A deal's state at a cut: its summary, and the history behind it that the summary leaves out.

    ``every_conflict`` holds past conflicts beside the current ones the summary
    lists; ``last_change`` is the summary's last change as it stands on the timeline.
    """

    summary: Summary
    superseded: tuple[Claim, ...]
    every_conflict: tuple[Conflict, ...]
    timeline: tuple[Entry, ...]
    last_change: Entry | None
    sources: tuple[Source, ...]
    event_count: int

    @property
    def may_have_happened(self) -> tuple[Entry, ...]:
        """Developments whose reported window straddles the as-of date."""
        return tuple(e for e in self.timeline if e.happened is Happened.MAYBE)


@dataclass(frozen=True)
class Summary:
    """A deal's state at a cut without the history behind it: what a big deal can answer in milliseconds.

    Left out, because each grows with the whole history: the timeline, its
    sources, superseded claims, past conflicts and what may have happened.
    """

    deal: str
    as_of: DateTime
    known_at: DateTime
    name: str
    kind: str
    parties: tuple[Party, ...]
    links: tuple[DealLink, ...]
    status: Status | None
    headline: Claim | None
    terms: tuple[Claim, ...]
    proposed: tuple[Claim, ...]
    conflicts: tuple[Conflict, ...]
    participants: tuple[Participant, ...]
    stances: tuple[Stance, ...]
    last_change: Event | None
    approvals: tuple[Approval, ...] = ()
    litigation: tuple[Lawsuit, ...] = ()
    contests: tuple[Contest, ...] = ()
    positions: tuple[Position, ...] = ()
    firm: Claim | None = None
    contingent: Claim | None = None
    flags: tuple[Flag, ...] = ()

    @property
    def contested_by(self) -> tuple[str, ...]:
        """The parties contesting the current status, each once."""
        return tuple(dict.fromkeys(c.party for c in self.contests))

    @property
    def blocked(self) -> tuple[Approval, ...]:
        """The authorities that blocked the deal, as they stand: what a reader must see first."""
        return tuple(a for a in self.approvals if a.status is ApprovalStatus.BLOCKED)
