"""References between reports: a correction or a denial must name something that exists and can be changed.

A correction of nothing, of another deal's event or of a deal description
would be stored and then silently ignored by the fold: the input would say it
did something it did not. A retraction may undo a mistaken correction (a
retraction or an amendment), which the fold honours; an amendment changes
only a reported development, since amending a correction means nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from uuid import UUID

from tracker.domain.events import CORRECTION_TYPES, TIMELINE_TYPES, EventRetracted


@dataclass(frozen=True)
class Reference:
    place: str  # "file: reports[3].target", for the error line
    field: str  # "target" (corrections) or "regarding"
    written: str  # as the report wrote it: a report id or an event id
    event_id: UUID
    deal: str  # the deal the referring report is filed under
    kind: str  # the referring report's type: event_retracted, event_amended, ...


@dataclass(frozen=True)
class Referenced:
    deal: str
    event_type: str


class BadReference(ValueError):
    def __init__(self, place: str, message: str) -> None:
        super().__init__(message)
        self.place = place
        self.message = message


def correction_problem(correction: str, event_type: str) -> str | None:
    """Why a correction of this kind cannot change an event of this type, if it cannot."""
    retraction = correction == EventRetracted.event_type
    if event_type in TIMELINE_TYPES or (retraction and event_type in CORRECTION_TYPES):
        return None
    article = "an" if event_type[0] in "aeiou" else "a"
    which = "a retraction" if retraction else "an amendment"
    expected = "a reported development or a correction" if retraction else "a reported development"
    return f"it is {article} {event_type} event, which {which} cannot change: expected {expected}"


def check_references(references: tuple[Reference, ...], known: Mapping[UUID, Referenced]) -> None:
    """Raise BadReference for the first reference to something missing, foreign or uncorrectable."""
    for reference in references:
        found = known.get(reference.event_id)
        written = repr(reference.written)
        if found is None:
            raise BadReference(
                reference.place,
                f"{written} names no stored report or event: expected the id of a "
                "report ingested before or in this input, or an event id",
            )
        if reference.field != "target":
            continue
        if found.deal != reference.deal:
            raise BadReference(
                reference.place,
                f"{written} is an event of deal {found.deal!r}: expected one of "
                f"{reference.deal!r}, the deal this correction is filed under",
            )
        problem = correction_problem(reference.kind, found.event_type)
        if problem:
            raise BadReference(reference.place, f"{written}: {problem}")
