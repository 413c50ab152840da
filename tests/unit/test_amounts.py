"""Amounts as the news writes them, in French and English, as Decimal."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from tracker.domain.amount_parser import parse_amount
from tracker.domain.amounts import InvalidAmount, Money, Qualifier, Quantity

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
    english = parse_amount("1 billion dollars", "en").value
    assert english is not None
    assert parse_amount("1 billion de dollars", "fr").value == 1000 * english


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


# --- strict reading: nothing left over, nothing guessed -----------------------

M = Decimal(10) ** 6


@pytest.mark.parametrize(
    ("text", "language", "low", "high", "currency"),
    [
        ("$20-30 billion", "en", 20 * B, 30 * B, "USD"),
        ("$20–30 billion", "en", 20 * B, 30 * B, "USD"),
        ("$20 to 30 billion", "en", 20 * B, 30 * B, "USD"),
        ("20 to 30 billion dollars", "en", 20 * B, 30 * B, "USD"),
        ("$10B–$20B", "en", 10 * B, 20 * B, "USD"),
        ("between $10 billion and $20 billion", "en", 10 * B, 20 * B, "USD"),
        ("from 500 million to 2 billion euros", "en", 500 * M, 2 * B, "EUR"),
        ("entre 10 et 20 milliards d'euros", "fr", 10 * B, 20 * B, "EUR"),
        ("de 10 à 20 milliards de dollars", "fr", 10 * B, 20 * B, "USD"),
        ("de 500 millions à 2 milliards de dollars", "fr", 500 * M, 2 * B, "USD"),
        ("20 à 30 milliards de dollars", "fr", 20 * B, 30 * B, "USD"),
    ],
)
def test_ranges_keep_both_ends(text: str, language: str, low: Decimal, high: Decimal, currency: str) -> None:
    money = parse_amount(text, language)
    assert isinstance(money, Money)
    assert (money.qualifier, money.low, money.high, money.currency) == (Qualifier.RANGE, low, high, currency)


@pytest.mark.parametrize(
    ("text", "language", "qualifier", "value", "currency"),
    [
        ("$100B+", "en", Qualifier.AT_LEAST, 100 * B, "USD"),
        ("$100 billion or more", "en", Qualifier.AT_LEAST, 100 * B, "USD"),
        ("$30 billion at least", "en", Qualifier.AT_LEAST, 30 * B, "USD"),
        ("$30 billion, about", "en", Qualifier.ABOUT, 30 * B, "USD"),
        ("30 milliards de dollars environ", "fr", Qualifier.ABOUT, 30 * B, "USD"),
        ("30 milliards de dollars au moins", "fr", Qualifier.AT_LEAST, 30 * B, "USD"),
        ("30 milliards de dollars ou plus", "fr", Qualifier.AT_LEAST, 30 * B, "USD"),
        ("$30 bln", "en", Qualifier.EXACTLY, 30 * B, "USD"),
        ("30 milliards de dollars canadiens", "fr", Qualifier.EXACTLY, 30 * B, "CAD"),
        ("30 Md$", "fr", Qualifier.EXACTLY, 30 * B, "USD"),
        ("30 milliards USD", "fr", Qualifier.EXACTLY, 30 * B, "USD"),
        ("SEK 30bn", "en", Qualifier.EXACTLY, 30 * B, "SEK"),
        ("$30 billion dollars", "en", Qualifier.EXACTLY, 30 * B, "USD"),
        ("1\u202f000,5 euros", "fr", Qualifier.EXACTLY, Decimal("1000.5"), "EUR"),
        ("1.000.000 d'euros", "fr", Qualifier.EXACTLY, 1 * M, "EUR"),
        ("$1,500,000.25", "en", Qualifier.EXACTLY, Decimal("1500000.25"), "USD"),
    ],
)
def test_qualifiers_scales_and_currencies_after_the_number_are_read(
    text: str, language: str, qualifier: Qualifier, value: Decimal, currency: str
) -> None:
    money = parse_amount(text, language)
    assert isinstance(money, Money)
    assert (money.qualifier, money.value, money.currency) == (qualifier, value, currency)


def test_a_plus_after_a_quantity_is_at_least() -> None:
    quantity = parse_amount("10+ GW", "en")
    assert (quantity.qualifier, quantity.value, quantity.human()) == (Qualifier.AT_LEAST, 10, "at least 10 GW")


@pytest.mark.parametrize(
    ("text", "language", "message"),
    [
        # 1. leftover text
        ("3 milliards 500 millions de dollars", "fr", "did not understand '500 millions de dollars'"),
        ("30 milliards de dollars néo-zélandais", "fr", "did not understand 'néo-zélandais'"),
        ("$30 billion in cash", "en", "did not understand 'in cash'"),
        ("about $30B or more", "en", "two qualifiers"),
        ("$10-20 billion or more", "en", "a range cannot also be"),
        ("from $10 billion to $20", "en", "give the scale of the second number"),
        ("entre 10 and 20 milliards de dollars", "fr", "expected 'et'"),
        # 2. the currency belongs to the number
        ("30 milliards de dollars, soit 28 milliards d'euros", "fr", 'did not understand ", soit 28 milliards'),
        ("$30 billion euros", "en", "two currencies"),
        ("$10B–€20B", "en", "two currencies"),
        # 3. no guessing of separators or scale words
        ("3.5 milliards de dollars", "fr", "in French ',' marks decimals; write 3,5"),
        ("$1,5 billion", "en", "in English ',' groups thousands by three; write 1.5"),
        ("$1,50 billion", "en", "write 1.50"),
        ("$1 000 000", "en", "in English ',' groups thousands"),
        ("1,000.5 euros", "fr", "is not a French number"),
        ("10 00 euros", "fr", "is not a French number"),
        ("30 milliards de dollars", "en", "'milliards' is a French scale word"),
        ("30 bn d'euros", "fr", "'bn' is an English scale word"),
        ("$30 mille", "en", "'mille' is a French scale word"),
        ("des billions of dollars", "en", "not an amount"),
        ("1 billion de dollars", "en", "did not understand 'de dollars' (it reads as French"),
        ("1 billion of processors", "fr", "did not understand 'of processors' (it reads as English"),
        ("3 milliards millions", "fr", "did not understand 'millions'"),
        # 4. values no deal can hold
        ("20 trillions de dollars", "fr", "more than 10^16"),
        ("$10,000,000,000,000,001", "en", "more than 10^16"),
        ("$0.0000000000001", "en", "more than 12 decimal places"),
        ("$1.2345678901234567890123456789", "en", "more than 28 digits"),
        ("$1e5000", "en", "did not understand 'e5000'"),
        ("NaN dollars", "en", "not an amount"),
        ("Infinity USD", "en", "not an amount"),
    ],
)
def test_anything_not_understood_is_refused_and_named(text: str, language: str, message: str) -> None:
    with pytest.raises(InvalidAmount, match=re.escape(message)) as refused:
        parse_amount(text, language)
    assert "\n" not in str(refused.value) and repr(text) in str(refused.value)


@pytest.mark.parametrize(
    "number",
    [Decimal("NaN"), Decimal("sNaN"), Decimal("Infinity"), Decimal("1E+5000"), Decimal("1E-5000"), Decimal("1E+17")],
)
def test_numbers_no_deal_can_hold_are_refused_whatever_the_path(number: Decimal) -> None:
    with pytest.raises(InvalidAmount):
        Money(qualifier=Qualifier.EXACTLY, value=number, currency="USD")
    with pytest.raises(InvalidAmount):
        Quantity(qualifier=Qualifier.RANGE, low=Decimal(0), high=number, unit="GW")


def test_the_largest_and_finest_numbers_still_render_exactly() -> None:
    largest = Money(qualifier=Qualifier.EXACTLY, value=Decimal(10) ** 16, currency="USD")
    finest = Money(qualifier=Qualifier.EXACTLY, value=Decimal("9999999999999999.999999999999"), currency="EUR")
    assert parse_amount(largest.human()).same_claim(largest)
    assert parse_amount(finest.human()).same_claim(finest)


def test_a_range_from_below_a_thousand_renders_in_full_so_it_reads_back() -> None:
    money = Money(qualifier=Qualifier.RANGE, low=Decimal(1), high=Decimal(1000), currency="USD")
    assert money.human() == "$1–$1000"  # '$1–$1K' would read as $1K–$1K, like '$20–30B' reads as $20B–$30B
    assert parse_amount(money.human()).same_claim(money)
