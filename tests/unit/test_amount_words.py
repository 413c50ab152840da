"""Amounts in words, in English and French: numbers, vague ranges, caps, a scale word of the wrong language,
and the words a term may be instead of an amount."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pendulum
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker import schemas
from tracker.domain.amount_parser import mentions_a_figure, parse_amount
from tracker.domain.amounts import VAGUE_SPANS, InvalidAmount, Money, Qualifier, Quantity, Vague
from tracker.domain.term_words import TERM_WORDS, is_term_word
from tracker.ingest.reports import ReportError, build_batch
from tracker.store.codec import decode_into, encode

ROOT = Path(__file__).resolve().parents[2]
NOW = pendulum.datetime(2026, 11, 22, tz="UTC")
M = Decimal(10) ** 6
B = Decimal(10) ** 9

# --- numbers in words -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "value", "currency"),
    [
        ("un milliard de dollars", "fr", 1 * B, "USD"),
        ("deux milliards de dollars", "fr", 2 * B, "USD"),
        ("trente milliards d'euros", "fr", 30 * B, "EUR"),
        ("cent millions de dollars", "fr", 100 * M, "USD"),
        ("dix millions d'euros", "fr", 10 * M, "EUR"),
        ("vingt et un milliards de dollars", "fr", 21 * B, "USD"),
        ("vingt-deux milliards de dollars", "fr", 22 * B, "USD"),
        ("soixante-dix millions de dollars", "fr", 70 * M, "USD"),
        ("soixante et onze millions de dollars", "fr", 71 * M, "USD"),
        ("quatre-vingts millions de dollars", "fr", 80 * M, "USD"),
        ("quatre-vingt-dix-neuf milliards de dollars", "fr", 99 * B, "USD"),
        ("nonante milliards de francs suisses", "fr", 90 * B, "CHF"),
        ("deux cents millions de dollars", "fr", 200 * M, "USD"),
        ("deux cent cinquante millions d'euros", "fr", 250 * M, "EUR"),
        ("un billion de dollars", "fr", 1000 * B, "USD"),
        ("dix euros", "fr", Decimal(10), "EUR"),
        ("one billion dollars", "en", 1 * B, "USD"),
        ("a billion dollars", "en", 1 * B, "USD"),
        ("an estimated", "en", None, None),
        ("two billion dollars", "en", 2 * B, "USD"),
        ("thirty billion dollars", "en", 30 * B, "USD"),
        ("a hundred million dollars", "en", 100 * M, "USD"),
        ("a million euros", "en", 1 * M, "EUR"),
        ("twenty-five billion dollars", "en", 25 * B, "USD"),
        ("ninety nine million pounds", "en", 99 * M, "GBP"),
        ("two hundred and fifty million dollars", "en", 250 * M, "USD"),
        ("one hundred billion dollars", "en", 100 * B, "USD"),
        ("$ten billion", "en", 10 * B, "USD"),
        ("ten dollars", "en", Decimal(10), "USD"),
        ("one trillion dollars", "en", 1000 * B, "USD"),
    ],
)
def test_numbers_in_words_are_read_in_each_language(
    text: str, language: str, value: Decimal | None, currency: str | None
) -> None:
    if value is None:
        with pytest.raises(InvalidAmount):
            parse_amount(text, language)
        return
    money = parse_amount(text, language)
    assert isinstance(money, Money)
    assert (money.qualifier, money.value, money.currency) == (Qualifier.EXACTLY, value, currency)


def test_numbers_in_words_make_ranges_qualifiers_and_take_the_default_currency() -> None:
    assert parse_amount("between two and three billion dollars").low == 2 * B
    assert parse_amount("entre deux et trois milliards de dollars", "fr").high == 3 * B
    assert parse_amount("jusqu'à cent milliards de dollars", "fr").human() == "up to $100B"
    assert parse_amount("up to a hundred billion dollars").same_claim(parse_amount("up to $100 billion"))
    assert parse_amount("deux milliards", "fr", currency="EUR").human() == "€2B"
    assert parse_amount("deux milliards de processeurs", "fr").human() == "2B processors"  # a scale word: fine
    assert parse_amount("two to three million processors").low == 2 * M


@pytest.mark.parametrize(
    ("text", "language", "message"),
    [
        ("deux tranches", "fr", "a number in words is read only before a scale word or a currency"),
        ("un accord", "fr", "not before 'accord'"),
        ("ten gigawatts", "en", "not before 'GW': write the number in digits"),
        ("two to three gigawatts", "en", "not before 'GW'"),
        ("un milliard et demi de dollars", "fr", "did not understand 'et demi de dollars'"),
        ("two billion three hundred million dollars", "en", "did not understand"),
        ("twenty billion dollars", "fr", "(it reads as English: is the language en?)"),
        ("deux milliards de dollars", "en", "(it reads as French: is the language fr?)"),
        ("a dollars", "en", "not an amount"),
    ],
)
def test_numbers_in_words_that_do_not_read_are_refused(text: str, language: str, message: str) -> None:
    with pytest.raises(InvalidAmount, match=re.escape(message)) as refused:
        parse_amount(text, language)
    assert "\n" not in str(refused.value)


# --- vague amounts: a few, several -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "vague", "exponent", "human"),
    [
        ("a few billion dollars", "en", Vague.A_FEW, 9, "a few billion dollars"),
        ("several billion dollars", "en", Vague.SEVERAL, 9, "several billion dollars"),
        ("a few hundred million dollars", "en", Vague.A_FEW, 8, "a few hundred million dollars"),
        ("several hundred million euros", "en", Vague.SEVERAL, 8, "several hundred million euros"),
        ("several tens of billions of dollars", "en", Vague.SEVERAL, 10, "several tens of billions of dollars"),
        ("quelques milliards de dollars", "fr", Vague.A_FEW, 9, "a few billion dollars"),
        ("plusieurs milliards d'euros", "fr", Vague.SEVERAL, 9, "several billion euros"),
        ("quelques centaines de millions de dollars", "fr", Vague.A_FEW, 8, "a few hundred million dollars"),
        ("plusieurs centaines de millions d'euros", "fr", Vague.SEVERAL, 8, "several hundred million euros"),
        ("plusieurs dizaines de milliards de dollars", "fr", Vague.SEVERAL, 10, "several tens of billions of dollars"),
        ("quelques billions de dollars", "fr", Vague.A_FEW, 12, "a few trillion dollars"),
    ],
)
def test_a_few_and_several_are_documented_ranges_rendered_in_words(
    text: str, language: str, vague: Vague, exponent: int, human: str
) -> None:
    money = parse_amount(text, language)
    low, high = VAGUE_SPANS[vague]
    assert (money.qualifier, money.vague) == (Qualifier.RANGE, vague)
    assert (money.low, money.high) == (low * Decimal(10) ** exponent, high * Decimal(10) ** exponent)
    assert money.human() == human
    assert parse_amount(human).same_claim(money)


def test_the_ranges_are_two_to_five_and_three_to_nine_times_the_scale() -> None:
    assert VAGUE_SPANS == {Vague.A_FEW: (2, 5), Vague.SEVERAL: (3, 9)}
    quantity = parse_amount("several million processors")
    assert isinstance(quantity, Quantity)
    assert (quantity.low, quantity.high, quantity.human()) == (3 * M, 9 * M, "several million processors")


def test_an_explicit_range_with_the_same_bounds_keeps_rendering_as_figures() -> None:
    explicit = parse_amount("$3-9 billion")
    assert explicit.vague is None and explicit.human() == "$3B–$9B"
    assert not explicit.same_claim(parse_amount("several billion dollars"))


def test_quelques_before_a_figure_is_still_about() -> None:
    assert parse_amount("quelque 30 milliards de dollars", "fr").qualifier is Qualifier.ABOUT
    assert parse_amount("quelques 30 milliards de dollars", "fr").qualifier is Qualifier.ABOUT


@pytest.mark.parametrize(
    ("low", "high", "vague"),
    [("2", "9", Vague.A_FEW), ("3", "5", Vague.SEVERAL), ("0.002", "0.005", Vague.A_FEW), ("2E9", "5E9", Vague.A_FEW)],
)
def test_a_vague_word_must_match_its_bounds(low: str, high: str, vague: Vague) -> None:
    """Two to five, three to nine times 10^e, and 10^6 <= 10^e <= 10^14 ('several thousand' is not a deal's size)."""
    with pytest.raises(InvalidAmount, match="x 10"):
        Money(qualifier=Qualifier.RANGE, low=Decimal(low) * M, high=Decimal(high) * M, currency="USD", vague=vague)


@pytest.mark.parametrize(
    ("text", "language", "message"),
    [
        ("a few billion dollars or more", "en", "a range cannot also be"),
        ("several milliards de dollars", "en", "'milliards' is a French scale word"),
        ("plusieurs billiards de dollars", "fr", "'several' is the range 3-9 x 10^e"),
        ("a few bn dollars", "en", "not an amount"),
    ],
)
def test_vague_words_that_do_not_read_are_refused(text: str, language: str, message: str) -> None:
    with pytest.raises(InvalidAmount, match=re.escape(message)):
        parse_amount(text, language)


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(Vague),
    st.integers(6, 14),
    st.sampled_from(["USD", "EUR", "GBP", "JPY", "SEK"]),
    st.sampled_from([None, "processors", "GW"]),
)
def test_any_vague_range_reads_back_from_its_words_and_the_store(
    vague: Vague, exponent: int, currency: str, unit: str | None
) -> None:
    low, high = (Decimal(n).scaleb(exponent) for n in VAGUE_SPANS[vague])
    fields: dict[str, Any] = {"qualifier": Qualifier.RANGE, "low": low, "high": high, "vague": vague}
    amount = Quantity(unit=unit, **fields) if unit else Money(currency=currency, **fields)
    assert parse_amount(amount.human()).same_claim(amount), amount.human()
    stored = encode(amount)
    assert decode_into(type(amount), stored) == amount


# --- caps and floors -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "qualifier", "human"),
    [
        ("less than $100 billion", "en", Qualifier.LESS_THAN, "less than $100B"),
        ("under $100 billion", "en", Qualifier.LESS_THAN, "less than $100B"),
        ("below $100 billion", "en", Qualifier.LESS_THAN, "less than $100B"),
        ("nothing like $100 billion", "en", Qualifier.LESS_THAN, "less than $100B"),
        ("fewer than 10 tranches", "en", Qualifier.LESS_THAN, "less than 10 tranches"),
        ("at most $100 billion", "en", Qualifier.AT_MOST, "at most $100B"),
        ("no more than $100 billion", "en", Qualifier.AT_MOST, "at most $100B"),
        ("$100 billion or less", "en", Qualifier.AT_MOST, "at most $100B"),
        ("$100 billion at most", "en", Qualifier.AT_MOST, "at most $100B"),
        ("moins de 100 milliards de dollars", "fr", Qualifier.LESS_THAN, "less than $100B"),
        ("moins d'un milliard de dollars", "fr", Qualifier.LESS_THAN, "less than $1B"),
        ("au plus 100 milliards de dollars", "fr", Qualifier.AT_MOST, "at most $100B"),
        ("au maximum 100 milliards de dollars", "fr", Qualifier.AT_MOST, "at most $100B"),
        ("pas plus de 100 milliards de dollars", "fr", Qualifier.AT_MOST, "at most $100B"),
        ("pas plus d'un milliard de dollars", "fr", Qualifier.AT_MOST, "at most $1B"),
        ("100 milliards de dollars au plus", "fr", Qualifier.AT_MOST, "at most $100B"),
        ("10 gigawatts ou moins", "fr", Qualifier.AT_MOST, "at most 10 GW"),
        # readings that stay as they were
        ("up to $100 billion", "en", Qualifier.UP_TO, "up to $100B"),
        ("jusqu'à 100 milliards de dollars", "fr", Qualifier.UP_TO, "up to $100B"),
        ("more than $100 billion", "en", Qualifier.AT_LEAST, "at least $100B"),
        ("plus de 100 milliards de dollars", "fr", Qualifier.AT_LEAST, "at least $100B"),
        ("pas moins de 100 milliards de dollars", "fr", Qualifier.AT_LEAST, "at least $100B"),
    ],
)
def test_caps_and_floors_are_read_and_rendered(text: str, language: str, qualifier: Qualifier, human: str) -> None:
    amount = parse_amount(text, language)
    assert (amount.qualifier, amount.human()) == (qualifier, human)
    assert parse_amount(human).same_claim(amount)


def test_a_cap_is_a_different_claim_from_the_figure_and_from_another_cap() -> None:
    less = parse_amount("less than $100 billion")
    assert not less.same_claim(parse_amount("$100 billion"))
    assert not less.same_claim(parse_amount("at most $100 billion"))
    assert less.same_claim(parse_amount("moins de 100 milliards de dollars", "fr"))


def test_the_schemas_list_every_qualifier() -> None:
    values = [q.value for q in Qualifier]
    assert schemas.load("defs")["$defs"]["qualifier"]["enum"] == values
    report = json.loads((ROOT / "tracker/ingest/report.schema.json").read_text(encoding="utf-8"))
    structured = [form for form in report["$defs"]["amount"]["oneOf"] if "qualifier" in form.get("properties", {})]
    assert structured[0]["properties"]["qualifier"]["enum"] == values


# --- a scale word of the wrong language -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "20 billion dollars",
            "'billion' without 'de' before what it counts is English usage, where 'billion' is 10^9",
        ),
        ("20 billions dollars", "in French it is 10^12 and takes 'de'"),
        ("$20 billion", "a currency before the number is English usage"),
        ("USD 1,4 billion", "a currency before the number is English usage"),
        ("2 trillion euros", "'trillion' without 'de'"),
        ("2 billion processeurs", "'billion' without 'de'"),
    ],
)
def test_english_word_order_with_billion_in_a_french_report_is_refused(text: str, message: str) -> None:
    with pytest.raises(InvalidAmount, match=re.escape(message)) as refused:
        parse_amount(text, "fr")
    assert "set language: en" in str(refused.value) and "\n" not in str(refused.value)


def test_billion_with_de_or_alone_is_still_french_and_english_order_is_fine_in_english() -> None:
    assert parse_amount("1,4 billion de dollars", "fr").value == Decimal("1.4") * 1000 * B
    assert parse_amount("1,4 billion d'euros", "fr").same_claim(parse_amount("€1.4 trillion"))
    assert parse_amount("1,4 billion", "fr", currency="USD").value == Decimal("1.4") * 1000 * B
    assert parse_amount("20 milliards dollars", "fr").value == 20 * B  # no other language's scale: not ambiguous
    assert parse_amount("20 billion dollars", "en").value == 20 * B
    assert parse_amount("$20 billion", "en").value == 20 * B


# --- terms in words ---------------------------------------------------------------------------


def _report(value: Any, language: str = "fr") -> list[tuple[str, Any]]:
    report = {
        "deal": "acme",
        "type": "terms_reported",
        "occurred": "2025-09-22",
        "summary": "Terms",
        "language": language,
        "terms": {"form": value},
        "sources": [{"publisher": "Wire", "published_at": "2025-09-22"}],
    }
    return [("r.yaml", {"deals": [{"slug": "acme", "name": "Acme"}], "reports": [report]})]


def _term(value: Any, language: str = "fr") -> Any:
    return build_batch(_report(value, language), NOW).events[1].event.terms[0].value  # type: ignore[attr-defined]


def _refusal(value: Any, language: str = "fr") -> str:
    with pytest.raises(ReportError) as refused:
        build_batch(_report(value, language), NOW)
    assert "\n" not in str(refused.value)
    return str(refused.value)


@pytest.mark.parametrize("word", TERM_WORDS)
def test_every_listed_word_is_kept_as_written(word: str) -> None:
    assert _term(word) == word
    assert _term(word.upper(), "en") == word.upper()


def test_listed_words_match_up_to_case_accents_hyphens_and_spaces() -> None:
    assert all(is_term_word(w) for w in ["All cash", "ALL-STOCK", "non divulgue", "Non  Divulgué", "cash-and-stock"])
    assert not any(is_term_word(w) for w in ["beaucoup", "cash stock", "equity stakes", ""])


def test_the_word_valued_terms_of_the_seeds_and_fixtures_are_all_listed() -> None:
    files = [ROOT / "seeds/nvidia-openai.yaml", *sorted((ROOT / "tests/fixtures").rglob("*.yaml"))]
    words = set()
    for path in files:
        for document in yaml.safe_load_all(path.read_text(encoding="utf-8")):
            reports = document.get("reports", []) if isinstance(document, dict) else document or []
            for report in reports if isinstance(reports, list) else []:
                for terms in (report.get("terms") or {}, report.get("figures") or {}):
                    words |= {v for v in terms.values() if isinstance(v, str) and not mentions_a_figure(v)}
    assert words >= {"equity stake", "asset purchase"}
    assert all(is_term_word(w) for w in words), sorted(w for w in words if not is_term_word(w))


@pytest.mark.parametrize("text", ["beaucoup", "une prise de participation", "a deal", "???"])
def test_a_word_that_is_not_listed_is_refused_naming_the_field_and_the_list(text: str) -> None:
    message = _refusal(text)
    assert f"reports[0].terms.form: {text!r} is neither an amount nor a listed word" in message
    assert "tracker/domain/term_words.py" in message and "docs/input-format.md" in message


@pytest.mark.parametrize(
    ("text", "language", "reason"),
    [
        ("deux tranches", "fr", "a number in words is read only before a scale word or a currency"),
        ("20 billion dollars", "fr", "English usage"),
        ("twenty billion dollars", "fr", "not an amount: expected a number like"),
        ("beaucoup de dollars", "fr", "not an amount"),
        ("deux milliards cinq cents millions", "fr", "did not understand 'cinq cents millions'"),
        ("$30 billion in cash", "en", "did not understand 'in cash'"),
    ],
)
def test_text_that_looks_like_an_amount_gets_the_parsers_reason(text: str, language: str, reason: str) -> None:
    message = _refusal(text, language)
    assert f"reports[0].terms.form: {text!r}" in message and reason in message
    assert "listed word" not in message


def test_what_mentions_a_figure() -> None:
    assert all(mentions_a_figure(t) for t in ["3 tranches", "$", "deux tranches", "des milliards", "dollars", "thirty"])
    assert not any(mentions_a_figure(t) for t in ["equity stake", "un accord", "a deal", "beaucoup", "cash and stock"])


def test_the_words_are_documented_where_the_error_says() -> None:
    documented = (ROOT / "docs/input-format.md").read_text(encoding="utf-8")
    section = documented[documented.index("**Amounts**") :]
    assert all(f"`{word}`" in section for word in TERM_WORDS), [w for w in TERM_WORDS if f"`{w}`" not in section]


# --- whatever the words, an amount is read or refused in one line ----------------------------

NEW_WORDS = [
    *("a few", "several", "quelques", "plusieurs", "hundred", "tens of", "centaines de", "dizaines de"),
    *("a", "one", "two", "thirty", "twenty-five", "un", "deux", "trente", "vingt et un", "cent", "cents"),
    *("less than", "under", "at most", "no more than", "moins de", "au plus", "pas plus de", "or less"),
    *("a share", "per share", "/share", "par action", "l'action"),
    *("million", "billion", "milliards", "billions", "de", "d'", "of", "dollars", "euros", "$", "€", "USD"),
    *("20", "54,20", "54.20", "et", "and", "between", "entre", "to", "à", "-", "tranches", "GW"),
]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(NEW_WORDS), min_size=1, max_size=7).map(" ".join),
    st.sampled_from(["en", "fr"]),
    st.sampled_from([None, "EUR"]),
)
def test_any_words_are_read_or_refused_in_one_line(text: str, language: str, currency: str | None) -> None:
    try:
        amount = parse_amount(text, language, currency)
    except InvalidAmount as refused:
        assert "\n" not in str(refused)
        return
    assert decode_into(type(amount), encode(amount)) == amount
    if language == "en":
        assert parse_amount(amount.human(), "en").same_claim(amount), (text, amount.human())
