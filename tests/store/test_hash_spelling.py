"""The append's fast spellings are the reference ones, byte for byte.

Appends encode payloads from a plan per class, spell the hashed JSON with
orjson and bind SQLite instants as text themselves. Every stored chain was
hashed with the stdlib spelling that ``row_hash`` (and so ``tracker verify``)
still uses: these properties pin the two together for every event type, so a
chain written today verifies like one written before, and the other way round.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from enum import Enum
from typing import Any, Literal
from uuid import UUID

import pendulum
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine
from sqlalchemy.dialects import sqlite

from tests.unit.test_value_properties import money, quantities
from tracker.domain.amounts import Money, Qualifier, Quantity
from tracker.domain.dates import FuzzyDate
from tracker.domain.events import CATALOG, Event
from tracker.store import codec
from tracker.store.codec import canonical_fields, encode, iso_utc
from tracker.store.eventstore import EventStore, NewEvent
from tracker.store.hashing import GENESIS, canonical_json, row_hash
from tracker.store.instants import bound_instant, sqlite_instant
from tracker.store.mapper import payload_of, prepare, to_row
from tracker.store.tables import UTCDateTime

EXAMPLES = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NOW = pendulum.datetime(2026, 12, 2, 9, 30, 15, 123456, tz="UTC")

# Text as reports may carry it once the boundary let it in: accents, quotes, backslashes, tabs and newlines,
# symbols beyond the BMP; and the C0 controls the stdlib escapes, so the two encoders meet every escape.
SURROGATES: tuple[Literal["Cs"]] = ("Cs",)
TEXT = st.text(st.characters(exclude_categories=SURROGATES), max_size=40)
OFFSETS = st.integers(-(14 * 60), 14 * 60).map(lambda minutes: timezone(timedelta(minutes=minutes)))
INSTANTS = st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 12, 31), timezones=OFFSETS).map(
    pendulum.instance
)
DATES = st.sampled_from(
    ["2025", "2025-09", "2025-09-22", "2025-09~", "2026-21", "2026-Q1", "2025?", "2025-10-01%"]
).map(FuzzyDate.parse) | INSTANTS.map(lambda moment: FuzzyDate.parse(moment.isoformat()))


def values(hint: Any, text: st.SearchStrategy[str]) -> st.SearchStrategy[Any]:
    """Any value of a field's type hint, built from the hint as the codec reads it."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(hint)
        return st.one_of(*(st.none() if option is type(None) else values(option, text) for option in options))
    if origin is tuple:
        return st.lists(values(typing.get_args(hint)[0], text), max_size=3).map(tuple)
    simple: dict[Any, st.SearchStrategy[Any]] = {
        str: text,
        bool: st.booleans(),
        int: st.integers(-(2**63), 2**63 - 1),
        UUID: st.uuids(),
        FuzzyDate: DATES,
        pendulum.DateTime: INSTANTS,
        Money: money,
        Quantity: quantities,
    }
    if hint in simple:
        return simple[hint]
    if isinstance(hint, type) and issubclass(hint, Enum):
        return st.sampled_from(list(hint))
    assert dataclasses.is_dataclass(hint), hint
    return instances(typing.cast(type, hint), text)


def instances(cls: type, text: st.SearchStrategy[str]) -> st.SearchStrategy[Any]:
    hints = typing.get_type_hints(cls)
    strategies = {f.name: _later(hints[f.name], text) for f in dataclasses.fields(cls)}
    return st.fixed_dictionaries(strategies).map(lambda fields: cls(**fields))


def _later(hint: Any, text: st.SearchStrategy[str]) -> st.SearchStrategy[Any]:
    """Deferred, since events hold values that hold values: each strategy is built when first drawn."""
    return st.deferred(lambda: values(hint, text))


def events(text: st.SearchStrategy[str] = TEXT) -> st.SearchStrategy[Event]:
    return st.sampled_from(sorted(CATALOG)).flatmap(lambda name: instances(CATALOG[name], text))


EVENTS = events()
# What the boundary lets through to a database: no C0 controls but newline and tab (PostgreSQL refuses NUL).
UNSTORABLE: tuple[Literal["Cs"], Literal["Cc"]] = ("Cs", "Cc")
STORABLE = st.text(st.characters(exclude_categories=UNSTORABLE) | st.sampled_from("\n\t"), max_size=40)


def reference_payload(event: Event) -> dict[str, Any]:
    """How payloads were encoded before the plans: ``encode`` on every field, asking each value its type."""
    envelope = {"event_id", "deal", "occurred", "reported_at"}
    return {
        f.name: encode(getattr(event, f.name))
        for f in dataclasses.fields(event)
        if f.name not in envelope and getattr(event, f.name) is not None
    }


@EXAMPLES
@given(EVENTS)
def test_the_payload_plan_encodes_every_event_as_the_generic_encoder_did(event: Event) -> None:
    assert payload_of(event) == reference_payload(event)


@EXAMPLES
@given(EVENTS, st.integers(1, 2**40), st.integers(1, 2**31), TEXT)
def test_the_appended_hash_is_the_reference_hash(event: Event, position: int, version: int, key: str) -> None:
    placed = {"position": position, "version": version}
    prev = row_hash(to_row(event, "previous") | placed | {"recorded_at": NOW}, GENESIS)
    prepared = prepare(event, key, "sqlite")
    fast = prepared.hashed.digest(prev, position, version, canonical_json(iso_utc(NOW)))
    assert fast == row_hash(to_row(event, key) | placed | {"recorded_at": NOW}, prev)
    assert json.loads(prepared.payload) == reference_payload(event)  # the stored text reads back the same


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**64 - 1) | TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=20,
)


@EXAMPLES
@given(JSON_VALUES)
def test_canonical_json_is_the_stdlib_spelling(value: Any) -> None:
    assert (
        canonical_json(value) == json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    )


def test_an_integer_orjson_refuses_is_spelled_by_the_stdlib() -> None:
    assert canonical_json({"n": 2**70}) == b'{"n":1180591620717411303424}'


@EXAMPLES
@given(INSTANTS)
def test_sqlite_instants_are_bound_as_sqlalchemy_stores_them(moment: datetime) -> None:
    dialect = sqlite.dialect()
    process = UTCDateTime().dialect_impl(dialect).bind_processor(dialect)
    assert process is not None
    assert bound_instant(moment, "sqlite") == process(moment)


@EXAMPLES
@given(INSTANTS)
def test_sqlite_instants_read_back_as_sqlalchemy_reads_them(moment: datetime) -> None:
    dialect = sqlite.dialect()
    text = bound_instant(moment, "sqlite")
    assert isinstance(text, str)
    process = UTCDateTime().dialect_impl(dialect).result_processor(dialect, None)
    assert process is not None
    via_sqlalchemy = process(text)
    assert sqlite_instant(text) == via_sqlalchemy == moment and sqlite_instant(text).tzinfo == via_sqlalchemy.tzinfo


@settings(
    max_examples=1, deadline=None, phases=[Phase.generate], suppress_health_check=list(HealthCheck)
)  # one fresh database, one draw
@given(st.lists(events(STORABLE), min_size=30, max_size=30, unique_by=lambda event: event.event_id))
def test_a_chain_appended_by_the_fast_path_verifies_with_the_reference_spelling(
    engine: Engine, drawn: list[Event]
) -> None:
    """Events of every type through the real store, on each engine: read back equal; the stdlib recomputes each hash."""
    store = EventStore(engine, lambda: NOW)
    appended = [dataclasses.replace(event, deal=f"deal-{i % 3}") for i, event in enumerate(drawn)]
    store.append([NewEvent(event, f"k{i}") for i, event in enumerate(appended)])
    store.append([NewEvent(appended[0], "k0"), NewEvent(dataclasses.replace(appended[1], event_id=UUID(int=1)), "new")])
    verification = store.verify()
    assert verification.broken is None and verification.checked == 31
    assert store.read()[:30] == appended


def test_decimal_normalization_is_kept() -> None:
    assert encode(Decimal("1.500")) == "1.5" and canonical_json(encode(Decimal("100E2"))) == b'"10000"'


def test_ctrl_c_while_encoding_is_not_taken_for_a_value_to_spell_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """orjson hands on what its ``default`` raised as an encoding error: a KeyboardInterrupt must stay one.

    Taken for a value orjson refused, it sent the payload to the stdlib
    encoder and the append went on: a Ctrl-C during an ingest was lost.
    """

    def interrupted(value: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setitem(codec._SPELLERS, Decimal, interrupted)
    with pytest.raises(KeyboardInterrupt):
        canonical_fields(Money(qualifier=Qualifier.EXACTLY, value=Decimal("1.5"), currency="USD"))
