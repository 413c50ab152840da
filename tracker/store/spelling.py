"""The state's values spelled as JSON by their type hints, an event by whatever reference the caller keeps.

Read models that keep what the fold gave (a deal's head, the summary at a
state head) spell it here: the state's own classes field by field, an event
as a reference (its id, or the id of the version it stood as), any other
value as the log spells it, a term's value tagged when it is a date. A field
added to one of the state's classes is kept without a line here.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable
from functools import cache
from typing import Any

from tracker.domain.events import Event, TermValue
from tracker.domain.state import (
    Approval,
    Claim,
    Conflict,
    Contest,
    Entry,
    Flag,
    Lawsuit,
    Participant,
    Position,
    Stance,
    Summary,
)
from tracker.domain.views import Head, History
from tracker.store.codec import JSON, decoder, encode, tagged

STATE_CLASSES = (
    Summary,
    History,
    Claim,
    Conflict,
    Entry,
    Participant,
    Stance,
    Approval,
    Lawsuit,
    Contest,
    Position,
    Flag,
)


@cache
def spelling_version() -> str:
    """A digest of every state class's fields and their types: a row spelled by other classes is not read back.

    Kept rows are read models: when a class gains, loses or retypes a field,
    rows spelled before no longer match and are made again by the next reader.
    """
    import hashlib

    classes = (*STATE_CLASSES, Head)
    shapes = [f"{cls.__name__}:{name}:{hint!r}" for cls in classes for name, hint in field_hints(cls).items()]
    return hashlib.sha256("\n".join(shapes).encode()).hexdigest()[:16]


@cache
def field_hints(cls: type) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    return {f.name: hints[f.name] for f in dataclasses.fields(cls)}


@cache
def _shape(hint: Any) -> tuple[str, Any]:
    """How a hint is spelled: an event (a reference), a state class (field by field), a tuple, optional, or plain."""
    if hint == TermValue:
        return "term", None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [o for o in typing.get_args(hint) if o is not type(None)]
        assert len(options) == 1, f"a kept field's type may only be optional: {hint!r}"
        return "optional", options[0]
    if origin is tuple:
        return "tuple", typing.get_args(hint)[0]
    if isinstance(hint, type) and issubclass(hint, Event):
        return "event", None
    if hint in STATE_CLASSES:
        return "state", field_hints(hint)
    return "plain", hint


def spell(value: Any, hint: Any, event: Callable[[Event], JSON]) -> JSON:
    """``value`` (of type ``hint``) as JSON, each event as ``event`` spells a reference to it."""
    if value is None:
        return None
    shape, detail = _shape(hint)
    if shape == "event":
        return event(value)
    if shape == "state":
        return {name: spell(getattr(value, name), field, event) for name, field in detail.items()}
    if shape == "tuple":
        return [spell(item, detail, event) for item in value]
    if shape == "optional":
        return spell(value, detail, event)
    return tagged(value) if shape == "term" else encode(value)


Resolve = Callable[[Any], Event]


def read(raw: JSON, hint: Any, event: Resolve) -> Any:
    """The value ``spell`` spelled, each event reference resolved by ``event``."""
    return _reader(hint)(raw, event)


@cache
def _reader(hint: Any) -> Callable[[JSON, Resolve], Any]:
    """One function per hint, worked out once: a deal list reads a thousand summaries of the same few classes."""
    shape, detail = _shape(hint)
    if shape == "event":
        return lambda raw, event: None if raw is None else event(raw)
    if shape == "state":
        fields = [(name, _reader(field)) for name, field in detail.items()]
        return lambda raw, event: None if raw is None else hint(**{n: r(raw[n], event) for n, r in fields})
    if shape == "tuple":
        item = _reader(detail)
        return lambda raw, event: None if raw is None else tuple(item(x, event) for x in raw)
    if shape == "optional":
        return _reader(detail)
    plain = decoder(TermValue if shape == "term" else detail)
    return lambda raw, _: None if raw is None else plain(raw)
