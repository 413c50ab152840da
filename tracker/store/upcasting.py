"""Old payloads read as today's events: a chain of upcasters per event type.

Stored events are never rewritten (triggers refuse UPDATE and DELETE, and the
hash chain covers the stored bytes), so a change to an event's payload shape
is made here instead: bump the type's version by registering a function that
turns a payload of version ``n`` into one of version ``n + 1``. Reading a row
applies every step from its ``schema_version`` to the current one, as the
eventsourcing library's ``upcast_v1_v2`` methods do. Writing always uses the
current version, so each row says which shape its bytes are in.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Payload = dict[str, Any]
Upcaster = Callable[[Payload], Payload]


class UnknownSchemaVersion(LookupError):
    """A payload newer than this deal-tracker reads: it was written by a later release."""


class Upcasters:
    """A registry of (event type, from version) -> step; each type's steps run 1, 2, 3... without gaps.

    A step returns a new payload and leaves its argument as it was, so reading
    never changes the row that was read (copying only what a step touches is
    cheaper than copying every old payload whole).
    """

    def __init__(self) -> None:
        self._steps: dict[tuple[str, int], Upcaster] = {}

    def add(self, event_type: str, from_version: int, step: Upcaster) -> None:
        """Steps are added in version order, so a gap or a second step for one version is a mistake caught here."""
        if (event_type, from_version) in self._steps:
            raise ValueError(f"{event_type} already has an upcaster from version {from_version}")
        if from_version != self.current_version(event_type):
            raise ValueError(
                f"{event_type} is at version {self.current_version(event_type)}: "
                f"an upcaster from version {from_version} would leave a gap"
            )
        self._steps[(event_type, from_version)] = step

    def current_version(self, event_type: str) -> int:
        """The version new events of this type are written in: one past the last step."""
        version = 1
        while (event_type, version) in self._steps:
            version += 1
        return version

    def event_types(self) -> set[str]:
        return {event_type for event_type, _ in self._steps}

    def upcast(self, event_type: str, version: int, payload: Payload) -> Payload:
        """The payload in today's shape; the stored one is left as it was."""
        current = self.current_version(event_type)
        if version > current:
            raise UnknownSchemaVersion(
                f"{event_type} version {version} is newer than this deal-tracker reads (up to {current}): "
                "upgrade deal-tracker"
            )
        if version < 1:
            raise UnknownSchemaVersion(f"{event_type} version {version} does not exist (versions start at 1)")
        result = payload
        for step_from in range(version, current):
            result = self._steps[(event_type, step_from)](result)
        return result


# --- the history of the payload shapes ------------------------------------------

# The types whose payloads held amounts (terms, figures, one amount) when the tag became
# required. A type added later writes the tag from its first version and needs no step.
AMOUNT_CARRYING = (
    "deal_rumored",
    "talks_reported",
    "letter_of_intent_signed",
    "terms_reported",
    "terms_proposed",
    "terms_changed",
    "agreement_signed",
    "talks_resumed",
    "deal_restructured",
    "deal_closed",
    "event_amended",
    "context_noted",
    "participant_in_talks",
    "participant_joined",
)


def tag_amount_kinds(payload: Payload) -> Payload:
    """Version 1 -> 2: every stored amount names its kind.

    In version 1 an amount could be written without ``"kind"``, and a reader
    had to tell money from a quantity by whether it had a currency. A term's
    value may also be plain text, so the tag is what lets the codec decode a
    union without guessing. Version 1 rows that already carry the tag keep it.
    """
    result = dict(payload)
    for key in ("terms", "figures"):
        if result.get(key):
            result[key] = [{**term, "value": _tagged(term.get("value"))} for term in result[key]]
    if "amount" in result:
        result["amount"] = _tagged(result["amount"])
    return result


def _tagged(value: Any) -> Any:
    if not isinstance(value, dict) or "kind" in value:
        return value
    return {"kind": "money" if "currency" in value else "quantity", **value}


def default_upcasters() -> Upcasters:
    """Every step deal-tracker's payloads have been through, in order."""
    upcasters = Upcasters()
    for event_type in AMOUNT_CARRYING:
        upcasters.add(event_type, 1, tag_amount_kinds)
    return upcasters


UPCASTERS = default_upcasters()
