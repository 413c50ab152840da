"""References between reports: a correction or a denial must name something that exists and can be changed.

A correction of nothing, of another deal's event, of a deal description or
of another correction would be stored and then silently ignored by the
fold: the input would say it did something it did not.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from uuid import UUID

UNCORRECTABLE = frozenset({"deal_described", "event_retracted", "event_amended"})


@dataclass(frozen=True)
class Reference:
    place: str  # "file: reports[3].target", for the error line
    field: str  # "target" (corrections) or "regarding"
    written: str  # as the report wrote it: a report id or an event id
    event_id: UUID
    deal: str  # the deal the referring report is filed under


@dataclass(frozen=True)
class Referenced:
    deal: str
    event_type: str


class BadReference(ValueError):
    def __init__(self, place: str, message: str) -> None:
        super().__init__(message)
        self.place = place
        self.message = message


def correction_problem(event_type: str) -> str | None:
    """Why an event of this type cannot be corrected, if it cannot."""
    if event_type in UNCORRECTABLE:
        article = "an" if event_type[0] in "aeiou" else "a"
        return f"it is {article} {event_type} event, which a correction cannot change: expected a reported development"
    return None


def check_references(references: tuple[Reference, ...], known: Mapping[UUID, Referenced]) -> None:
    """Raise BadReference for the first reference to something missing, foreign or uncorrectable."""
    for reference in references:
        found = known.get(reference.event_id)
        written = repr(reference.written)
        if found is None:
            raise BadReference(reference.place, f"{written} names no stored report or event: expected the id of a "
                                                "report ingested before or in this input, or an event id")
        if reference.field != "target":
            continue
        if found.deal != reference.deal:
            raise BadReference(reference.place, f"{written} is an event of deal {found.deal!r}: expected one of "
                                                f"{reference.deal!r}, the deal this correction is filed under")
        problem = correction_problem(found.event_type)
        if problem:
            raise BadReference(reference.place, f"{written}: {problem}")
