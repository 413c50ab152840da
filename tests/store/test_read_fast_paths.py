"""Reading builds values by shortcuts; each gives what the plain constructors give."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from decimal import Decimal
from uuid import UUID, uuid4

import pytest

from tracker.domain.amounts import InvalidAmount, Money, Qualifier
from tracker.domain.provenance import Source
from tracker.store.codec import decode_into
from tracker.store.mapper import stored_id


def test_a_stored_id_is_the_uuid_it_spells() -> None:
    for _ in range(200):
        plain = uuid4()
        read = stored_id(str(plain))
        assert read == plain and hash(read) == hash(plain) and not read < plain
        assert (str(read), repr(read), read.hex, read.version) == (str(plain), repr(plain), plain.hex, plain.version)
        assert type(pickle.loads(pickle.dumps(read))) is UUID and copy.deepcopy(read) == plain


def test_a_stored_id_in_another_spelling_is_still_spelled_canonically() -> None:
    plain = uuid4()
    assert str(stored_id(str(plain).upper())) == str(plain)
    assert str(stored_id("{" + str(plain) + "}")) == str(plain)
    with pytest.raises(ValueError):
        stored_id("not-a-uuid")


def test_a_decoded_source_is_what_its_constructor_makes() -> None:
    raw = {"publisher": "Reuters", "published_at": "2025-09-22T08:00:00+00:00", "language": "en"}
    built = decode_into(Source, raw | {"attribution": "reported"})
    made = Source(
        publisher="Reuters",
        published_at=built.published_at,
        language="en",
        attribution=built.attribution,
    )
    assert type(built) is Source and built == made and repr(built) == repr(made) and hash(built) == hash(made)
    with pytest.raises(dataclasses.FrozenInstanceError):
        built.publisher = "x"  # type: ignore[misc]


def test_a_decoded_dataclass_missing_a_field_is_refused_as_before() -> None:
    with pytest.raises(TypeError):
        decode_into(Source, {})


def test_money_is_still_checked_when_decoded() -> None:
    with pytest.raises(InvalidAmount):
        decode_into(Money, {"kind": "money", "qualifier": "exactly", "value": "-1", "currency": "USD"})


def test_a_normalized_amount_is_the_one_replace_built() -> None:
    money = Money(qualifier=Qualifier.RANGE, low=Decimal("1.50"), high=Decimal("2E+3"), currency="EUR")
    twin = money.normalized()
    expected = dataclasses.replace(money, low=Decimal("1.5"), high=Decimal("2E+3").normalize())
    assert type(twin) is Money and twin == expected and repr(twin) == repr(expected)
    assert str(twin.low) == "1.5" and money.low is not None and str(money.low) == "1.50"
