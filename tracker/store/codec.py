"""Domain values to JSON and back, driven by the events' own type hints.

One codec for every event type means adding an event to the catalog needs
no serialization code, and mypy and grep still see every field.
"""

from __future__ import annotations

import dataclasses
import json
import operator
import types
import typing
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from enum import Enum
from functools import cache, lru_cache
from typing import Any
from uuid import UUID

import orjson
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
    kind: Any = type(value)
    dated = _dated_fields(kind)
    return {
        f.name: _tagged_date(field) if f.name in dated and type(field) is FuzzyDate else encode(field)
        for f in dataclasses.fields(value)  # type: ignore[arg-type]
        if (field := getattr(value, f.name)) is not None
    }


def tagged(value: object) -> JSON:
    """A term's value as the log spells one: a date tagged, so it is not read back as words."""
    return _tagged_date(value) if type(value) is FuzzyDate else encode(value)


def _tagged_date(date: FuzzyDate) -> JSON:
    """A date where text could stand too (a term's value): tagged, so it reads back as a date, not as words."""
    return {"kind": "date", "text": date.text}


@cache
def _dated_fields(cls: type) -> frozenset[str]:
    """The fields whose type lets a date and text share it (``Term.value``): there a date is spelled tagged.

    Everywhere else (an event's ``occurred``, a citation's date) a date is its EDTF text, as it always was.
    """
    if not dataclasses.is_dataclass(cls):
        return frozenset()
    return frozenset(name for name, hint in _hints(cls).items() if _date_or_text(hint))


def _date_or_text(hint: object) -> bool:
    options = typing.get_args(hint) if typing.get_origin(hint) in (typing.Union, types.UnionType) else ()
    return FuzzyDate in options and str in options


def encode_fields(value: object, skip: frozenset[str] = frozenset()) -> dict[str, JSON]:
    """The same JSON as ``encode`` gives a dataclass (without an amount's tag), from a plan worked out once per class.

    Appending encodes every field of every event: walking the type hints once
    instead of asking ``isinstance`` of each value on every row is about 3x faster.
    """
    kind: Any = type(value)
    return _fields_encoder(kind, skip)(value)


def canonical_fields(value: object, skip: frozenset[str] = frozenset()) -> bytes:
    """``encode_fields(value, skip)`` spelled as canonical JSON (keys sorted, no spaces, UTF-8), in one pass.

    orjson writes text, numbers, enums, UUIDs, lists and tuples itself and asks
    ``_orjson_default`` only for the dataclasses, decimals and instants, so the
    JSON comes out without building the dictionaries first. An integer past 64
    bits, which orjson refuses, goes through ``encode_fields`` and the stdlib.
    """
    kind: Any = type(value)
    names, values_of = _top_level(kind, skip)
    top = {name: field for name, field in zip(names, values_of(value), strict=True) if field is not None}
    for name in _dated_fields(kind) & top.keys():
        if type(top[name]) is FuzzyDate:
            top[name] = _tagged_date(top[name])
    try:
        return orjson.dumps(top, default=_orjson_default, option=_ORJSON_OPTIONS)
    except orjson.JSONEncodeError as error:
        if not isinstance(error.__cause__, Exception | None):
            raise error.__cause__ from None  # Ctrl-C in ``_orjson_default``, which orjson hands on as a refusal
        plain = encode_fields(value, skip)
        return json.dumps(plain, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


_ORJSON_OPTIONS = orjson.OPT_SORT_KEYS | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_DATETIME


def _orjson_default(value: Any) -> JSON:
    """What ``encode`` gives the values orjson does not write itself, one level at a time."""
    kind = type(value)
    spell = _SPELLERS.get(kind)
    if spell is None:
        spell = _SPELLERS[kind] = _speller(kind)
    return spell(value)


_SPELLERS: dict[type, Callable[[Any], JSON]] = {}


def _speller(kind: type) -> Callable[[Any], JSON]:
    if issubclass(kind, FuzzyDate | UUID):
        return str
    if issubclass(kind, Decimal):
        return lambda value: format(value.normalize(), "f")
    if issubclass(kind, DateTime):
        return iso_utc
    if dataclasses.is_dataclass(kind):
        names = _field_names(kind)
        values_of = _values_getter(names)
        tag = ("money" if issubclass(kind, Money) else "quantity") if issubclass(kind, Amount) else None
        dated = _dated_fields(kind)

        if not tag and not dated:
            return lambda value: {
                n: field for n, field in zip(names, values_of(value), strict=True) if field is not None
            }

        def spell(value: Any) -> JSON:
            out = {name: field for name, field in zip(names, values_of(value), strict=True) if field is not None}
            if tag:
                out["kind"] = tag
            for name in dated:
                if type(out.get(name)) is FuzzyDate:
                    out[name] = _tagged_date(out[name])
            return out

        return spell

    def refuse(value: Any) -> JSON:
        raise TypeError(f"cannot encode {kind.__name__}")

    return refuse


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


@cache
def _top_level(cls: Any, skip: frozenset[str]) -> tuple[tuple[str, ...], Callable[[Any], tuple[Any, ...]]]:
    names = tuple(name for name in _field_names(cls) if name not in skip)
    return names, _values_getter(names)


def _values_getter(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """All the fields at once, in C (attrgetter of one name returns the value, not a tuple)."""
    if len(names) == 1:
        return lambda value: (getattr(value, names[0]),)
    return operator.attrgetter(*names)


@cache
def _fields_encoder(cls: Any, skip: frozenset[str]) -> Callable[[Any], dict[str, JSON]]:
    planned = [(name, hint) for name, hint in _hints(cls).items() if name not in skip]
    names = tuple(name for name, _ in planned)
    encoders = tuple(None if hint in _NATIVE else _encoder(hint) for _, hint in planned)
    values_of = _values_getter(names)

    def encode_plan(value: Any) -> dict[str, JSON]:
        out: dict[str, JSON] = {}
        for name, encoder, field in zip(names, encoders, values_of(value), strict=True):
            if field is None:
                continue
            if encoder is None and type(field) in _NATIVE:
                out[name] = field
            else:
                out[name] = encode(field) if encoder is None else encoder(field)
        return out

    return encode_plan


_NATIVE = (str, int, bool)


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
    if FuzzyDate in by_type and str in by_type:
        by_type[FuzzyDate] = _tagged_date  # a term's date must not read back as the word '2026-12'

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
        fields = _fields_encoder(typing.cast(Any, hint), frozenset())
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


def decoder(hint: object) -> Callable[[JSON], Any]:
    """The function ``decode`` calls for ``hint``, for a caller that decodes many values of one type."""
    return _decoder(hint)


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
    no_extra: dict[str, object] = {}

    def decode_union(raw: JSON) -> Any:
        if raw is None:
            return None
        if isinstance(raw, dict) and "kind" in raw:
            if raw["kind"] == "date":
                return FuzzyDate.parse(raw["text"])
            amount = Money if raw["kind"] == "money" else Quantity
            return _builder(amount)(raw, no_extra)  # looked up here: an amount's own fields are unions too
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
        members = dict(hint._value2member_map_)  # a lookup instead of the enum's call; anything else still goes there
        return lambda raw: members.get(raw) or hint(raw)
    if dataclasses.is_dataclass(hint):
        build = _builder(hint)  # type: ignore[arg-type]
        no_extra: dict[str, object] = {}
        return lambda raw: build(raw, no_extra)
    raise TypeError(f"cannot decode {hint!r}")


def _as_is(raw: JSON) -> JSON:
    return raw


def decode_into(cls: type, raw: dict[str, JSON], **extra: object) -> Any:
    """Build a dataclass from JSON the store wrote, plus ``extra`` fields kept outside the payload.

    Keys that are not fields (an amount's ``kind`` tag) are skipped; a field that is
    named ``kind`` (a deal's) is a field like any other. The values were checked
    when they were made, before they were stored: decoding does not check them
    again (an amount's bounds, its currency, which were a tenth of a long read).
    """
    return _builder(cls)(raw, extra)


@cache
def _builder(cls: type) -> Callable[[dict[str, JSON], dict[str, object]], Any]:
    """The function that builds ``cls`` from JSON, written once per class as dataclasses writes ``__init__``.

    Each field costs one membership test and at most one decoder call: a long
    read builds the same few classes a hundred thousand times, and a loop
    looking up each payload key among the fields was a fifth of its decoding.
    The fields are set as ``__init__`` sets them, one ``object.__setattr__``
    each in their declared order (so the instance keeps the compact layout
    Python gives objects whose attributes come in one order, which the fold's
    attribute reads rely on), without the call, its keyword dictionary, or
    ``__post_init__``'s checks. A field left out takes its default; a
    required one missing, or a name that is no field, goes through
    ``__init__`` for its usual error.
    """
    decoders = _field_decoders(cls)
    declared = {f.name: f for f in dataclasses.fields(cls)}
    if hasattr(cls, "__slots__") or not all(f.init for f in declared.values()):
        return _through_init(cls, decoders)
    namespace: dict[str, Any] = {"new": object.__new__, "put": object.__setattr__, "cls": cls}
    namespace.update(names=frozenset(decoders), through_init=_through_init(cls, decoders))
    lines = ["def build(raw, extra):", "    if not extra.keys() <= names:", "        return through_init(raw, extra)"]
    lines.append("    built = new(cls)")
    for number, (name, decoder) in enumerate(decoders.items()):
        value = f"raw[{name!r}]"
        if decoder is not None:
            namespace[f"decode_{number}"] = decoder
            value = f"decode_{number}({value})"
        lines.append(f"    if {name!r} in extra:\n        put(built, {name!r}, extra[{name!r}])")
        lines.append(f"    elif {name!r} in raw:\n        put(built, {name!r}, {value})")
        default, factory = _default_of(declared[name])
        if default is _REQUIRED:
            lines.append("    else:\n        return through_init(raw, extra)")
        else:
            namespace[f"default_{number}"] = default
            made = f"default_{number}()" if factory else f"default_{number}"
            lines.append(f"    else:\n        put(built, {name!r}, {made})")
    lines.append("    return built")
    exec("\n".join(lines), namespace)  # the text is made of field names (identifiers) and nothing else
    return typing.cast(Callable[[dict[str, JSON], dict[str, object]], Any], namespace["build"])


def _through_init(
    cls: type, decoders: dict[str, Callable[[JSON], Any] | None]
) -> Callable[[dict[str, JSON], dict[str, object]], Any]:
    """The same build through ``cls(...)``: for a refusal's error, and for a class not filled in field by field."""

    def build(raw: dict[str, JSON], extra: dict[str, object]) -> Any:
        fields = {
            name: raw[name] if decoder is None else decoder(raw[name])
            for name, decoder in decoders.items()
            if name in raw and name not in extra
        }
        return cls(**fields, **extra)

    return build


_REQUIRED = object()


def _default_of(field: dataclasses.Field[Any]) -> tuple[Any, bool]:
    """A field's default, and whether it is a factory to call for each object (as ``__init__`` calls it)."""
    if field.default_factory is not dataclasses.MISSING:
        return field.default_factory, True
    return (_REQUIRED if field.default is dataclasses.MISSING else field.default), False


@cache
def _field_decoders(cls: type) -> dict[str, Callable[[JSON], Any] | None]:
    """None for a field JSON already holds as it is (text, numbers, booleans): nothing to call."""
    decoders = {name: _decoder(hint) for name, hint in _hints(cls).items()}
    return {name: None if decoder is _as_is else decoder for name, decoder in decoders.items()}


@cache
def _hints(cls: type) -> dict[str, object]:
    """Resolved once per class: each ``get_type_hints`` call evaluates every annotation of the class and its bases."""
    hints = typing.get_type_hints(cls)
    return {f.name: hints[f.name] for f in dataclasses.fields(cls) if f.init}
