"""Decoding fills objects in without ``__init__``; they must be the objects ``__init__`` makes.

And the collector's pause around long reads moves what it leaves alive to the
oldest generation without freezing anything for good.
"""

from __future__ import annotations

import dataclasses
import gc
import weakref
from decimal import Decimal
from typing import Any

import pytest

from tests.builders import make, source, terms
from tracker.domain.amounts import Money, Qualifier
from tracker.domain.events import TalksReported
from tracker.domain.provenance import Source
from tracker.store.codec import decode_into, encode, encode_fields
from tracker.store.eventstore import paused_gc


def test_a_decoded_event_is_the_event_its_constructor_makes() -> None:
    event = make(TalksReported, terms=terms(investment="$100 billion"), sources=(source(title="Talks"),))
    envelope = {"event_id", "deal", "occurred", "reported_at"}
    extra = {name: getattr(event, name) for name in envelope}
    decoded = decode_into(type(event), encode_fields(event, frozenset(envelope)), **extra)
    assert decoded == event
    assert hash(decoded.terms) == hash(event.terms)
    assert decoded.sources[0] == event.sources[0]
    assert vars(decoded).keys() == {f.name for f in dataclasses.fields(event)}


def test_fields_left_out_of_the_json_take_their_defaults() -> None:
    stored = encode(Money(qualifier=Qualifier.EXACTLY, value=Decimal("5"), currency="EUR"))
    assert "per" not in stored and "low" not in stored
    decoded = decode_into(Money, stored)
    assert (decoded.per, decoded.low, decoded.high, decoded.vague) == (None, None, None, None)
    assert vars(decoded).keys() == {f.name for f in dataclasses.fields(Money)}


def test_a_missing_required_field_is_refused_as_the_constructor_refuses_it() -> None:
    with pytest.raises(TypeError, match="publisher"):
        decode_into(Source, {"language": "fr", "attribution": "reported"})


def test_a_name_that_is_no_field_is_refused_as_the_constructor_refuses_it() -> None:
    stored = encode(source())
    with pytest.raises(TypeError, match="colour"):
        decode_into(Source, stored, colour="red")


def test_what_a_long_lived_pause_leaves_alive_is_in_the_oldest_generation() -> None:
    with paused_gc(long_lived=True):
        kept = [source(publisher=f"outlet {n}") for n in range(3)]
    oldest = {id(o) for o in gc.get_objects(generation=2)}
    assert all(id(o) in oldest for o in kept)
    assert not gc.get_freeze_count()


def test_cyclic_garbage_made_during_a_pause_is_still_collected() -> None:
    class Node:
        pass

    with paused_gc(long_lived=True):
        node = Node()
        node.self = node  # type: ignore[attr-defined]
        gone = weakref.ref(node)
        del node
    assert gone() is not None
    gc.collect()
    assert gone() is None


def test_young_garbage_from_before_a_long_lived_pause_is_freed_not_kept_for_a_full_collection() -> None:
    class Node:
        pass

    gc.collect()
    node = Node()
    node.self = node  # type: ignore[attr-defined]
    gone = weakref.ref(node)
    del node
    with paused_gc(long_lived=True):
        pass
    assert gone() is None


def test_a_field_with_a_default_factory_gets_a_new_value_each_time() -> None:
    @dataclasses.dataclass(frozen=True)
    class Tagged:
        name: str
        tags: Any = dataclasses.field(default_factory=dict)

    first, second = decode_into(Tagged, {"name": "a"}), decode_into(Tagged, {"name": "b"})
    assert first == Tagged("a") and first.tags == {} and first.tags is not second.tags
