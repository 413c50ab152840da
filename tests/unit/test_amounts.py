"""Amounts as the news writes them, in French and English, as Decimal."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tracker.domain.amounts import InvalidAmount, Money, Qualifier, Quantity, parse_amount

B = Decimal(10) ** 9


@pytest.mark.parametrize(
    ("text", "language", "qualifier", "value", "human"),
    [
        ("1,4 billion de dollars", "fr", Qualifier.EXACTLY, Decimal("1.4") * 1000 * B, "$1.4T"),
        ("30 milliards de dollars", "fr", Qualifier.EXACTLY, 30 * B, "$30B"),
        ("jusqu'à 100 milliards de dollars", "fr", Qualifier.UP_TO, 100 * B, "up to $100B"),
        ("jusqu’à 100 milliards de dollars", "fr", Qualifier.UP_TO, 100 * B, "up to $100B"),
        ("environ 830 milliards de dollars", "fr", Qualifier.ABOUT, 830 * B, "about $830B"),
        ("plus de 100 milliards de dollars", "fr", Qualifier.AT_LEAST, 100 * B, "at least $100B"),
        ("$1.4 trillion", "en", Qualifier.EXACTLY, Decimal("1.4") * 1000 * B, "$1.4T"),
        ("up to $100 billion", "en", Qualifier.UP_TO, 100 * B, "up to $100B"),
        ("about $30B", "en", Qualifier.ABOUT, 30 * B, "about $30B"),
        ("1 000,5 euros", "fr", Qualifier.EXACTLY, Decimal("1000.5"), "€1.0005K"),
        ("EUR 2.5 million", "en", Qualifier.EXACTLY, Decimal("2500000"), "€2.5M"),
    ],
)
def test_money_is_read_with_the_languages_scale(text, language, qualifier, value, human) -> None:
    money = parse_amount(text, language)
    assert isinstance(money, Money)
    assert (money.qualifier, money.value, money.currency, money.human()) == (qualifier, value, money.currency, human)
    assert isinstance(money.value, Decimal)


def test_billion_means_a_thousand_times_more_in_french() -> None:
    assert parse_amount("1 billion de dollars", "fr").value == 1000 * parse_amount("1 billion dollars", "en").value


@pytest.mark.parametrize(
    ("text", "language", "low", "human"),
    [
        ("des dizaines de milliards de dollars", "fr", 10 * B, "tens of billions of dollars"),
        ("tens of billions of dollars", "en", 10 * B, "tens of billions of dollars"),
        ("des centaines de millions d'euros", "fr", Decimal(10) ** 8, "hundreds of millions of euros"),
    ],
)
def test_vague_plurals_are_ranges_not_numbers(text, language, low, human) -> None:
    money = parse_amount(text, language)
    assert (money.qualifier, money.value, money.low, money.high) == (Qualifier.RANGE, None, low, low * 10)
    assert money.human() == human


def test_between_gives_an_explicit_range() -> None:
    money = parse_amount("entre 10 et 20 milliards de dollars", "fr")
    assert (money.low, money.high, money.human()) == (10 * B, 20 * B, "$10B–$20B")


@pytest.mark.parametrize(
    ("text", "qualifier", "unit", "human"),
    [
        ("au moins 10 gigawatts", Qualifier.AT_LEAST, "GW", "at least 10 GW"),
        ("jusqu'à 10 gigawatts", Qualifier.UP_TO, "GW", "up to 10 GW"),
        ("des millions de processeurs", Qualifier.RANGE, "processors", "millions of processors"),
        ("10 tranches", Qualifier.EXACTLY, "tranches", "10 tranches"),
    ],
)
def test_physical_quantities_are_quantities_not_money(text, qualifier, unit, human) -> None:
    quantity = parse_amount(text, "fr")
    assert isinstance(quantity, Quantity)
    assert (quantity.qualifier, quantity.unit, quantity.human()) == (qualifier, unit, human)


def test_a_bare_figure_takes_the_default_currency() -> None:
    assert parse_amount("30 milliards", "fr", currency="USD").value == 30 * B


@pytest.mark.parametrize("text", ["beaucoup d'argent", "30 milliards", "", "abc dollars"])
def test_unreadable_amounts_are_refused(text: str) -> None:
    with pytest.raises(InvalidAmount):
        parse_amount(text, "fr")


def test_negative_amounts_and_unknown_currencies_are_refused() -> None:
    with pytest.raises(InvalidAmount, match="negative"):
        Money(qualifier=Qualifier.EXACTLY, value=Decimal(-1), currency="USD")
    with pytest.raises(InvalidAmount, match="ISO 4217"):
        Money(qualifier=Qualifier.EXACTLY, value=Decimal(1), currency="USS")


def test_same_claim_compares_statements_not_magnitudes() -> None:
    assert parse_amount("up to $100 billion").same_claim(parse_amount("jusqu'à 100 milliards de dollars", "fr"))
    assert not parse_amount("up to $100 billion").same_claim(parse_amount("$100 billion"))
    assert not parse_amount("$10 billion").same_claim(parse_amount("up to $100 billion"))
