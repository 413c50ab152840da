"""Domain values to JSON and back, driven by the events' own type hints.

One codec for every event type means adding an event to the catalog needs
no serialization code, and mypy and grep still see every field.
"""

from __future__ import annotations

import dataclasses
import types
import typing
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


def iso_utc(moment: DateTime) -> str:
    """One spelling per instant, so hashes computed before and after storage agree."""
    return pendulum.instance(moment).in_tz("UTC").isoformat(timespec="microseconds")


@lru_cache(maxsize=65536)
def utc_moment(text: str) -> DateTime:
    """A stored instant; cached because a log repeats the same publication dates many times over."""
    parsed = pendulum.parse(text)
    assert isinstance(parsed, DateTime)
    return parsed.in_tz("UTC")


def decode(hint: object, raw: JSON) -> Any:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return _decode_union(typing.get_args(hint), raw)
    if origin is tuple:
        item_hint = typing.get_args(hint)[0]
        return tuple(decode(item_hint, item) for item in raw)
    return _decode_plain(hint, raw)


def _decode_union(options: tuple[object, ...], raw: JSON) -> Any:
    if raw is None:
        return None
    if isinstance(raw, dict) and "kind" in raw:
        return decode_into(Money if raw["kind"] == "money" else Quantity, raw)
    concrete = [o for o in options if o is not type(None)]
    return decode(concrete[0] if len(concrete) == 1 else type(raw), raw)


def _decode_plain(hint: Any, raw: JSON) -> Any:
    if hint in (str, int, bool, typing.Any):
        return raw
    if hint is Decimal:
        return Decimal(raw)
    if hint is UUID:
        return UUID(raw)
    if hint is FuzzyDate:
        return FuzzyDate.parse(raw)
    if hint is DateTime:
        return utc_moment(raw)
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint(raw)
    if dataclasses.is_dataclass(hint):
        return decode_into(hint, raw)  # type: ignore[arg-type]
    raise TypeError(f"cannot decode {hint!r}")


def decode_into(cls: type, raw: dict[str, JSON], **extra: object) -> Any:
    """Build a dataclass from JSON fields, plus ``extra`` fields kept outside the payload.

    Keys that are not fields (an amount's ``kind`` tag) are skipped; a field that is
    named ``kind`` (a deal's) is a field like any other.
    """
    hints = _hints(cls)
    fields = {name: decode(hints[name], value) for name, value in raw.items() if name in hints}
    return cls(**fields, **extra)


@cache
def _hints(cls: type) -> dict[str, object]:
    return {f.name: typing.get_type_hints(cls)[f.name] for f in dataclasses.fields(cls) if f.init}
