"""Domain values to JSON and back, driven by the events' own type hints.

One codec for every event type means adding an event to the catalog needs
no serialization code, and mypy and grep still see every field.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from enum import Enum
from functools import cache, lru_cache
from typing import Any
from uuid import UUID

import pendulum
from pendulum import DateTime

from tracker.domain.amounts import Amount, Money, Quantity
from tracker.domain.dates import FuzzyDate

JSON = Any


def encode(value: object) -> JSON:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, UUID | FuzzyDate):
        return str(value)
    if isinstance(value, DateTime):
        return iso_utc(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [encode(item) for item in value]
    if isinstance(value, Amount):
        kind = "money" if isinstance(value, Money) else "quantity"
        return {"kind": kind, **_fields(value)}
    if dataclasses.is_dataclass(value):
        return _fields(value)
    raise TypeError(f"cannot encode {type(value).__name__}")


def _fields(value: object) -> dict[str, JSON]:
    return {
        f.name: encode(getattr(value, f.name))
        for f in dataclasses.fields(value)  # type: ignore[arg-type]
        if getattr(value, f.name) is not None
    }


def encode_fields(value: object, skip: frozenset[str] = frozenset()) -> dict[str, JSON]:
    """The same JSON as ``encode`` gives a dataclass (without an amount's tag), from a plan worked out once per class.

    Appending encodes every field of every event: walking the type hints once
    instead of asking ``isinstance`` of each value on every row is about 3x faster.
    """
    return _fields_encoder(type(value), skip)(value)


@cache
def _fields_encoder(cls: type, skip: frozenset[str]) -> Callable[[Any], dict[str, JSON]]:
    plan = tuple((name, _encoder(hint)) for name, hint in _hints(cls).items() if name not in skip)

    def encode_plan(value: Any) -> dict[str, JSON]:
        out: dict[str, JSON] = {}
        for name, encoder in plan:
            field = getattr(value, name)
            if field is not None:
                out[name] = encoder(field)
        return out

    return encode_plan


@cache
def _encoder(hint: Any) -> Callable[[Any], JSON]:
    """One encoder per type hint; a value not of the hinted type falls back to ``encode``, which gives the same JSON."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return _union_encoder(tuple(o for o in typing.get_args(hint) if o is not type(None)))
    if origin is tuple:
        item = _encoder(typing.get_args(hint)[0])
        return lambda value: [item(x) for x in value] if type(value) is tuple else encode(value)
    return _plain_encoder(hint)


def _union_encoder(options: tuple[Any, ...]) -> Callable[[Any], JSON]:
    by_type = {option: _encoder(option) for option in options if isinstance(option, type)}

    def encode_union(value: Any) -> JSON:
        chosen = by_type.get(type(value))
        return chosen(value) if chosen is not None else encode(value)

    return encode_union


def _exactly(kind: type, then: Callable[[Any], JSON]) -> Callable[[Any], JSON]:
    return lambda value: then(value) if type(value) is kind else encode(value)


def _plain_encoder(hint: Any) -> Callable[[Any], JSON]:
    if hint in (str, int, bool):
        return _exactly(hint, _as_is)
    simple: dict[object, Callable[[Any], JSON]] = {
        Decimal: lambda value: format(value.normalize(), "f"),
        UUID: str,
        FuzzyDate: str,
        DateTime: iso_utc,
    }
    if hint in simple:
        return _exactly(hint, simple[hint])
    if isinstance(hint, type) and issubclass(hint, Enum):
        return _exactly(hint, lambda value: value.value)
    if isinstance(hint, type) and issubclass(hint, Amount):
        tag = "money" if issubclass(hint, Money) else "quantity"
        fields = _fields_encoder(hint, frozenset())
        return _exactly(hint, lambda value: {"kind": tag, **fields(value)})
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _exactly(hint, _fields_encoder(hint, frozenset()))
    return encode


def iso_utc(moment: datetime) -> str:
    """One spelling per instant, so hashes computed before and after storage agree.

    The spelling is pendulum's (a naive time is UTC), reached through the stdlib
    conversion because every append hashes four instants a row.
    """
    return _spelled(moment)


@lru_cache(maxsize=65536)
def _spelled(moment: datetime) -> str:
    """Cached: a log repeats the same publication days, and equal instants (aware ones compare in UTC) spell alike."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return datetime.astimezone(aware, UTC).isoformat(timespec="microseconds")


@lru_cache(maxsize=65536)
def utc_moment(text: str) -> DateTime:
    """A stored instant; cached because a log repeats the same publication dates many times over."""
    parsed = pendulum.parse(text)
    assert isinstance(parsed, DateTime)
    return parsed.in_tz("UTC")


def decode(hint: object, raw: JSON) -> Any:
    return _decoder(hint)(raw)


@cache
def _decoder(hint: Any) -> Callable[[JSON], Any]:
    """One function per type hint, worked out once: reading a log decodes the same few hints millions of times."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return _union_decoder(typing.get_args(hint))
    if origin is tuple:
        item = _decoder(typing.get_args(hint)[0])
        return lambda raw: tuple(map(item, raw))
    return _plain_decoder(hint)


def _union_decoder(options: tuple[object, ...]) -> Callable[[JSON], Any]:
    concrete = [o for o in options if o is not type(None)]
    only = _decoder(concrete[0]) if len(concrete) == 1 else None

    def decode_union(raw: JSON) -> Any:
        if raw is None:
            return None
        if isinstance(raw, dict) and "kind" in raw:
            return decode_into(Money if raw["kind"] == "money" else Quantity, raw)
        return only(raw) if only else _decoder(typing.cast(Any, type(raw)))(raw)

    return decode_union


def _plain_decoder(hint: Any) -> Callable[[JSON], Any]:
    if hint in (str, int, bool, typing.Any):
        return _as_is
    simple: dict[object, Callable[[JSON], Any]] = {
        Decimal: Decimal,
        UUID: UUID,
        FuzzyDate: FuzzyDate.parse,
        DateTime: utc_moment,
    }
    if hint in simple:
        return simple[hint]
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint
    if dataclasses.is_dataclass(hint):
        return lambda raw: decode_into(hint, raw)  # type: ignore[arg-type]
    raise TypeError(f"cannot decode {hint!r}")


def _as_is(raw: JSON) -> JSON:
    return raw


def decode_into(cls: type, raw: dict[str, JSON], **extra: object) -> Any:
    """Build a dataclass from JSON fields, plus ``extra`` fields kept outside the payload.

    Keys that are not fields (an amount's ``kind`` tag) are skipped; a field that is
    named ``kind`` (a deal's) is a field like any other.
    """
    decoders = _field_decoders(cls)
    fields = {name: decoders[name](value) for name, value in raw.items() if name in decoders}
    return cls(**fields, **extra)


@cache
def _field_decoders(cls: type) -> dict[str, Callable[[JSON], Any]]:
    return {name: _decoder(hint) for name, hint in _hints(cls).items()}


@cache
def _hints(cls: type) -> dict[str, object]:
    return {f.name: typing.get_type_hints(cls)[f.name] for f in dataclasses.fields(cls) if f.init}
