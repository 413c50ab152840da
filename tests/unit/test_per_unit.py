"""Prices per share: money with a unit of account, shown with its cents, stored only when set, never a total."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from tracker import schemas
from tracker.domain.amount_parser import parse_amount
from tracker.domain.amounts import InvalidAmount, Money, Qualifier, Quantity, Vague
from tracker.domain.events import Term
from tracker.ingest.reports import ReportError, build_batch
from tracker.render.json import amount_json
from tracker.store.codec import canonical_fields, decode_into, encode, encode_fields

NOW = pendulum.datetime(2026, 11, 22, tz="UTC")


def price(value: str, currency: str = "USD", qualifier: Qualifier = Qualifier.EXACTLY) -> Money:
    return Money(qualifier=qualifier, value=Decimal(value), currency=currency, per="share")


@pytest.mark.parametrize(
    ("text", "language", "value", "currency", "human"),
    [
        ("$54.20 a share", "en", "54.20", "USD", "$54.20 a share"),
        ("$54.20 per share", "en", "54.20", "USD", "$54.20 a share"),
        ("US$54.20/share", "en", "54.20", "USD", "$54.20 a share"),
        ("€12 per share", "en", "12", "EUR", "€12 a share"),
        ("54,20 dollars par action", "fr", "54.20", "USD", "$54.20 a share"),
        ("12 € par action", "fr", "12", "EUR", "€12 a share"),
        ("54,20 euros l'action", "fr", "54.20", "EUR", "€54.20 a share"),
        ("SEK 1,234.5 a share", "en", "1234.5", "SEK", "SEK 1234.50 a share"),
    ],
)
def test_a_price_per_share_is_read_in_both_languages(
    text: str, language: str, value: str, currency: str, human: str
) -> None:
    money = parse_amount(text, language)
    assert isinstance(money, Money)
    assert (money.per, money.value, money.currency, money.qualifier) == ("share", Decimal(value), currency, "exactly")
    assert money.human() == human
    assert parse_amount(human).same_claim(money)


@pytest.mark.parametrize(
    ("text", "language", "qualifier", "human"),
    [
        ("up to $54.20 a share", "en", Qualifier.UP_TO, "up to $54.20 a share"),
        ("about €12 per share", "en", Qualifier.ABOUT, "about €12 a share"),
        ("moins de 12 euros par action", "fr", Qualifier.LESS_THAN, "less than €12 a share"),
        ("au moins 54,2 dollars par action", "fr", Qualifier.AT_LEAST, "at least $54.20 a share"),
    ],
)
def test_a_price_per_share_keeps_its_qualifier(text: str, language: str, qualifier: Qualifier, human: str) -> None:
    money = parse_amount(text, language)
    assert (money.qualifier, money.human()) == (qualifier, human)


def test_a_price_keeps_its_cents_and_is_never_compacted() -> None:
    assert price("54.2").human() == "$54.20 a share"  # the store keeps 54.2: the cents come back
    assert price("54").human() == "$54 a share"
    assert price("0.125").human() == "$0.125 a share"
    assert price("1234567.5").human() == "$1234567.50 a share"  # never "$1.2345675M"
    assert Money(qualifier=Qualifier.EXACTLY, value=Decimal("54.2"), currency="USD").human() == "$54.2"


def test_a_price_range_per_share_is_read_and_rendered_with_both_ends() -> None:
    money = parse_amount("$50-55.5 a share")
    assert isinstance(money, Money)
    assert (money.low, money.high, money.per) == (Decimal(50), Decimal("55.5"), "share")
    assert money.human() == "$50–$55.50 a share"
    assert parse_amount(money.human()).same_claim(money)


def test_a_bare_price_per_share_takes_the_reports_currency() -> None:
    money = parse_amount("54,20 par action", "fr", currency="EUR")
    assert isinstance(money, Money)
    assert (money.currency, money.per, money.human()) == ("EUR", "share", "€54.20 a share")


@pytest.mark.parametrize(
    ("text", "language", "message"),
    [
        ("54,20 par action", "fr", "a price per share needs a currency"),
        ("€12 per share", "fr", "did not understand 'per share' (it reads as English: is the language en?)"),
        ("12 € par action", "en", "(it reads as French: is the language fr?)"),
        ("$54.20 a share a share", "en", "did not understand"),
    ],
)
def test_a_price_per_share_that_does_not_read_is_refused(text: str, language: str, message: str) -> None:
    with pytest.raises(InvalidAmount, match=re.escape(message)):
        parse_amount(text, language)


def test_per_is_share_only_and_never_a_vague_range() -> None:
    with pytest.raises(InvalidAmount, match="per 'unit'"):
        Money(qualifier=Qualifier.EXACTLY, value=Decimal(1), currency="USD", per="unit")
    with pytest.raises(InvalidAmount, match="is a figure"):
        Money(
            qualifier=Qualifier.RANGE,
            low=Decimal("3e9"),
            high=Decimal("9e9"),
            currency="USD",
            per="share",
            vague=Vague.SEVERAL,
        )


def test_a_price_per_share_and_a_total_are_different_measures_and_claims() -> None:
    total = Money(qualifier=Qualifier.EXACTLY, value=Decimal("54.2"), currency="USD")
    assert price("54.20").measure == ("Money", "USD", "share") != total.measure == ("Money", "USD", None)
    assert not price("54.20").same_claim(total)
    assert price("54.20").same_claim(parse_amount("54,2 dollars par action", "fr"))
    assert Quantity(qualifier=Qualifier.EXACTLY, value=Decimal(10), unit="GW").measure == ("Quantity", "GW")


# --- storage: an amount without per is spelled as before -----------------------------------


def test_an_amount_without_per_is_stored_byte_for_byte_as_before() -> None:
    total = Term("investment", Money(qualifier=Qualifier.UP_TO, value=Decimal("1E+11"), currency="USD"))
    before = (
        b'{"name":"investment","value":{"currency":"USD","kind":"money","qualifier":"up_to","value":"100000000000"}}'
    )
    assert canonical_fields(total) == before
    assert (
        json.dumps(encode_fields(total), sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode() == before
    )


def test_a_price_per_share_is_stored_with_per_and_reads_back() -> None:
    term = Term("price", price("54.20"))
    spelled = (
        b'{"name":"price","value":{"currency":"USD","kind":"money","per":"share","qualifier":"exactly","value":"54.2"}}'
    )
    assert canonical_fields(term) == spelled
    assert (
        json.dumps(encode_fields(term), sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode() == spelled
    )
    stored = encode(price("54.20"))
    assert decode_into(Money, stored) == price("54.20")
    assert decode_into(Money, stored).human() == "$54.20 a share"


@settings(max_examples=100, deadline=None)
@given(
    st.decimals(min_value=0, max_value=10**6, places=4),
    st.sampled_from([q for q in Qualifier if q is not Qualifier.RANGE]),
    st.sampled_from(["USD", "EUR", "GBP", "CHF", "SEK"]),
)
def test_any_price_per_share_survives_rendering_and_the_store(value: Decimal, qualifier: Qualifier, code: str) -> None:
    money = Money(qualifier=qualifier, value=value, currency=code, per="share")
    assert parse_amount(money.human()).same_claim(money), money.human()
    assert decode_into(Money, encode(money)) == money


# --- the public JSON ---------------------------------------------------------------------


def _definition(name: str) -> Draft202012Validator:
    shared = Resource.from_contents(schemas.load("defs"))
    uri = shared.id() or ""
    registry: Registry[Any] = Registry().with_resource(uri, shared)
    return Draft202012Validator({"$ref": f"{uri}#/$defs/{name}"}, registry=registry)


def test_the_json_money_shape_has_per_only_for_a_price() -> None:
    shaped = amount_json(price("54.2"))
    assert shaped == {
        "value": "54.2",
        "currency": "USD",
        "per": "share",
        "qualifier": "exactly",
        "text": "$54.20 a share",
    }
    total = amount_json(Money(qualifier=Qualifier.EXACTLY, value=Decimal("54.2"), currency="USD"))
    assert "per" not in total
    validator = _definition("money")
    assert not list(validator.iter_errors(shaped)) and not list(validator.iter_errors(total))
    assert list(validator.iter_errors({**shaped, "per": "unit"}))
    quantity = {"value": "5", "unit": "GW", "qualifier": "exactly", "text": "5 GW"}
    assert not list(_definition("amount").iter_errors(quantity))
    assert list(_definition("amount").iter_errors({**quantity, "per": "share"}))  # per needs a currency


# --- reports: the structured form gains per ---------------------------------------------------


def _report(terms: dict[str, Any], language: str = "en") -> list[tuple[str, Any]]:
    report = {
        "deal": "acme",
        "type": "terms_reported",
        "occurred": "2025-09-22",
        "summary": "Terms",
        "language": language,
        "terms": terms,
        "sources": [{"publisher": "Wire", "published_at": "2025-09-22"}],
    }
    return [("r.yaml", {"deals": [{"slug": "acme", "name": "Acme"}], "reports": [report]})]


def test_a_report_states_a_price_per_share_as_text_or_structured() -> None:
    batch = build_batch(
        _report(
            {
                "offer": "$54.20 a share",
                "bid": {"qualifier": "exactly", "value": "54.2", "currency": "USD", "per": "share"},
            }
        ),
        NOW,
    )
    offer, bid = batch.events[1].event.terms  # type: ignore[attr-defined]
    assert offer.value == bid.value == price("54.20")


@pytest.mark.parametrize(
    ("term", "message"),
    [
        ({"qualifier": "exactly", "value": 5, "unit": "GW", "per": "share"}, "terms.bid: a price per share is money"),
        ({"qualifier": "exactly", "value": 5, "currency": "USD", "per": "unit"}, "terms.bid"),
    ],
)
def test_a_structured_price_per_share_that_is_not_money_is_refused(term: dict[str, Any], message: str) -> None:
    with pytest.raises(ReportError, match=re.escape(message)) as refused:
        build_batch(_report({"bid": term}), NOW)
    assert "\n" not in str(refused.value)
