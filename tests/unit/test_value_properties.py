"""Properties of the values reports carry: what we render or store reads back the same, and no text crashes a parser.

Every amount and date we accept must survive ``human()``/``str()`` and the
codec, or a deal that stored it could no longer be shown. And a parser fed
anything either reads it or refuses it with InvalidAmount/InvalidDate, which
ingestion turns into a one-line error; any other exception would be a traceback.

The default profile keeps these fast; TRACKER_LONG=1 (see docs/reliability.md) runs many more examples.
"""

from __future__ import annotations

import calendar
import os
from datetime import datetime
from decimal import Decimal

import pendulum
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tracker.domain.amount_parser import parse_amount
from tracker.domain.amounts import (
    MAX_DECIMAL_PLACES,
    MAX_MAGNITUDE,
    Amount,
    InvalidAmount,
    Money,
    Qualifier,
    Quantity,
)
from tracker.domain.currencies import ISO_4217
from tracker.domain.dates import FuzzyDate, InvalidDate, Precision
from tracker.store.codec import decode_into, encode

settings.register_profile("values", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("values-long", parent=settings.get_profile("values"), max_examples=20_000)
PROFILE = settings.get_profile("values-long" if os.environ.get("TRACKER_LONG") == "1" else "values")
NOW = pendulum.datetime(2026, 11, 22, tz="UTC")

# --- amounts ---------------------------------------------------------------


@st.composite
def numbers(draw: st.DrawFn) -> Decimal:
    """Any number an Amount accepts, with round figures as likely as ragged ones."""
    places = draw(st.integers(0, MAX_DECIMAL_PLACES))
    top = int(MAX_MAGNITUDE.scaleb(places))
    coefficient = draw(st.one_of(st.integers(0, top), st.integers(0, 999).map(lambda n: n * 10 ** (places + 6))))
    return Decimal(min(coefficient, top)).scaleb(-places)


@st.composite
def amount_fields(draw: st.DrawFn) -> dict[str, object]:
    qualifier = draw(st.sampled_from(Qualifier))
    if qualifier is not Qualifier.RANGE:
        return {"qualifier": qualifier, "value": draw(numbers())}
    if draw(st.booleans()):
        low = Decimal(10) ** draw(st.integers(6, 15))  # a vague plural: 'tens of billions'
        return {"qualifier": qualifier, "low": low, "high": low * 10}
    low, high = sorted([draw(numbers()), draw(numbers())])
    return {"qualifier": qualifier, "low": low, "high": high}


money = st.builds(
    lambda fields, currency: Money(currency=currency, **fields), amount_fields(), st.sampled_from(sorted(ISO_4217))
)
quantities = st.builds(
    lambda fields, unit: Quantity(unit=unit, **fields),
    amount_fields(),
    st.sampled_from(["GW", "MW", "processors", "tranches", "%"]),
)


@PROFILE
@given(money)
def test_money_reads_back_from_its_rendering(amount: Money) -> None:
    assert parse_amount(amount.human(), "en").same_claim(amount), amount.human()


@PROFILE
@given(quantities)
def test_quantities_read_back_from_their_rendering(amount: Quantity) -> None:
    assert parse_amount(amount.human(), "en").same_claim(amount), amount.human()


@PROFILE
@given(st.one_of(money, quantities))
def test_amounts_read_back_from_what_the_store_keeps(amount: Amount) -> None:
    stored = encode(amount)
    assert decode_into(Money if stored["kind"] == "money" else Quantity, stored) == amount


def _grouped(digits: str, separator: str) -> str:
    head = len(digits) % 3 or 3
    return separator.join([digits[:head], *(digits[i : i + 3] for i in range(head, len(digits), 3))])


@PROFILE
@given(
    whole=st.integers(0, 10**12),
    fraction=st.one_of(st.none(), st.integers(0, 10**6).map(str)),
    separator=st.sampled_from(["", " ", "\u00a0", "\u202f", "."]),
    scale=st.sampled_from([("", 0), (" millions", 6), (" milliards", 9), (" Md", 9), (" billion", 12)]),
)
def test_french_figures_read_with_french_separators(
    whole: int, fraction: str | None, separator: str, scale: tuple[str, int]
) -> None:
    value = Decimal(f"{whole}.{fraction or 0}").scaleb(scale[1])
    assume(value <= MAX_MAGNITUDE)
    number = _grouped(str(whole), separator) + (f",{fraction}" if fraction else "")
    assert parse_amount(f"{number}{scale[0]} de dollars", "fr").value == value


@PROFILE
@given(
    whole=st.integers(0, 10**12),
    fraction=st.one_of(st.none(), st.integers(0, 10**6).map(str)),
    separator=st.sampled_from(["", ","]),
    scale=st.sampled_from([("", 0), (" million", 6), ("bn", 9), (" billion", 9), ("T", 12)]),
)
def test_english_figures_read_with_english_separators(
    whole: int, fraction: str | None, separator: str, scale: tuple[str, int]
) -> None:
    value = Decimal(f"{whole}.{fraction or 0}").scaleb(scale[1])
    assume(value <= MAX_MAGNITUDE)
    number = _grouped(str(whole), separator) + (f".{fraction}" if fraction else "")
    assert parse_amount(f"${number}{scale[0]}", "en").value == value


AMOUNT_WORDS = [
    "30",
    "1,5",
    "1.5",
    "1 000",
    "1,000",
    "10 000,5",
    "0",
    "1e5",
    "-3",
    "+",
    "$",
    "€",
    "US$",
    "C$",
    "USD",
    "CUP",
    "eur",
    "de",
    "d'",
    "of",
    "dollars",
    "euros",
    "canadiens",
    "milliards",
    "milliard",
    "billion",
    "billions",
    "bn",
    "Md",
    "k",
    "m",
    "t",
    "tens of",
    "des dizaines de",
    "des",
    "millions",
    "up to",
    "jusqu'à",
    "about",
    "environ",
    "au moins",
    "or more",
    "ou plus",
    "entre",
    "et",
    "between",
    "and",
    "from",
    "to",
    "à",
    "-",
    "–",
    "GW",
    "%",
    "processeurs",
    ",",
    ".",
    "~",
    "c.",
    "NaN",
    "Infinity",
    "9" * 30,
]
amount_texts = st.one_of(
    st.text(max_size=40),
    st.lists(st.sampled_from(AMOUNT_WORDS), max_size=8).map(" ".join),
    st.lists(st.sampled_from(AMOUNT_WORDS), max_size=8).map("".join),
)


@PROFILE
@given(amount_texts, st.sampled_from(["en", "fr"]), st.sampled_from([None, "USD"]))
def test_any_text_is_read_or_refused_as_an_amount(text: str, language: str, currency: str | None) -> None:
    try:
        amount = parse_amount(text, language, currency)
    except InvalidAmount as refused:
        assert "\n" not in str(refused)
        return
    assert decode_into(type(amount), encode(amount)) == amount
    if language == "en":  # human() is English: a French unit such as 'to' would read as a range
        assert parse_amount(amount.human(), "en").same_claim(amount), amount.human()


# --- dates -----------------------------------------------------------------


@st.composite
def edtf_texts(draw: st.DrawFn) -> tuple[str, Precision]:
    """Valid-looking EDTF: every precision, every qualifier, years across the whole range."""
    year = draw(st.integers(1, 9998))
    mark = draw(st.sampled_from(["", "~", "?", "%"]))
    kind = draw(st.sampled_from(list(Precision)[1:]))
    if kind is Precision.YEAR:
        return f"{year:04d}{mark}", kind
    if kind is Precision.SEASON:
        return f"{year:04d}-{draw(st.integers(21, 24))}{mark}", kind
    if kind is Precision.QUARTER:
        code = draw(st.one_of(st.integers(33, 36).map(str), st.integers(1, 4).map(lambda q: f"Q{q}")))
        return f"{year:04d}-{code}{mark}", kind
    if kind is Precision.HALF:
        code = draw(st.one_of(st.integers(40, 41).map(str), st.integers(1, 2).map(lambda h: f"H{h}")))
        return f"{year:04d}-{code}{mark}", kind
    month = draw(st.integers(1, 12))
    if kind is Precision.MONTH:
        return f"{year:04d}-{month:02d}{mark}", kind
    day = draw(st.integers(1, calendar.monthrange(year, month)[1]))
    return f"{year:04d}-{month:02d}-{day:02d}{mark}", kind


@PROFILE
@given(edtf_texts())
def test_dates_read_back_from_their_text_with_their_precision(case: tuple[str, Precision]) -> None:
    text, precision = case
    try:
        date = FuzzyDate.parse(text)
    except InvalidDate:
        assert text[:4] in ("0001", "9998") and text[-1] in "~%", f"{text} refused"
        return
    assert (str(date), date.precision) == (text, precision)
    assert FuzzyDate.parse(str(date)) == date
    _usable(date)


@PROFILE
@given(
    st.datetimes(min_value=pendulum.datetime(1, 1, 2).naive(), max_value=pendulum.datetime(9998, 12, 30).naive()),
    st.integers(-14 * 60, 14 * 60),
)
def test_timestamps_read_back_as_the_same_instant(moment: datetime, offset_minutes: int) -> None:
    zone = pendulum.FixedTimezone(offset_minutes * 60)
    zoned = pendulum.instance(moment, tz=zone)
    date = FuzzyDate.parse(zoned.isoformat())
    assert (date.precision, date.start) == (Precision.INSTANT, zoned)
    assert FuzzyDate.parse(str(date)) == date
    assert FuzzyDate.parse(str(FuzzyDate.at(zoned))) == FuzzyDate.at(zoned)
    _usable(date)


DATE_WORDS = [
    "2025",
    "0000",
    "0001",
    "9998",
    "9999",
    "-",
    "09",
    "13",
    "21",
    "33",
    "Q1",
    "Q5",
    "22",
    "30",
    "~",
    "?",
    "%",
    "T",
    "10:00",
    ":00",
    "Z",
    "+01:00",
    "-05:00",
    "/",
    ".5",
    "W01",
    " ",
]
date_texts = st.one_of(
    st.text(max_size=30),
    st.lists(st.sampled_from(DATE_WORDS), max_size=8).map("".join),
    st.integers(-(10**6), 10**6),
)


@PROFILE
@given(date_texts)
def test_any_text_is_read_or_refused_as_a_date(text: str | int) -> None:
    try:
        date = FuzzyDate.parse(text)
    except InvalidDate as refused:
        assert "\n" not in str(refused)
        return
    assert FuzzyDate.parse(str(date)) == date
    _usable(date)


def _usable(date: FuzzyDate) -> None:
    """What projection and rendering ask of a date."""
    assert date.earliest <= date.start <= date.end <= date.latest
    assert date.label()
    assert date.known_by >= date.start
    date.happened_by(NOW)
