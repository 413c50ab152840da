"""Dates as terms: half-years, the news's words in English and French, and the reports that carry them."""

from __future__ import annotations

from typing import Any

import pendulum
import pytest

from tracker.domain.date_terms import DATE_TERMS, parse_date_term
from tracker.domain.dates import FuzzyDate, Happened, InvalidDate, Precision, parse_cutoff
from tracker.ingest.reports import ReportError, build_batch

NOW = pendulum.datetime(2026, 11, 22, 12, tz="UTC")

# --- half-years --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "label", "start", "end"),
    [
        ("2023-H1", "H1 2023", "2023-01-01", "2023-07-01"),
        ("2023-H2", "H2 2023", "2023-07-01", "2024-01-01"),
        ("2023-40", "H1 2023", "2023-01-01", "2023-07-01"),
        ("2023-41", "H2 2023", "2023-07-01", "2024-01-01"),
        ("2023-H2?", "H2 2023?", "2023-07-01", "2024-01-01"),
        ("2023-41~", "c. H2 2023", "2023-07-01", "2024-01-01"),
    ],
)
def test_a_half_year_is_a_six_month_window_at_its_own_precision(text: str, label: str, start: str, end: str) -> None:
    date = FuzzyDate.parse(text)
    assert (date.precision, date.label(), date.text) == (Precision.HALF, label, text)
    assert (date.start.to_date_string(), date.end.to_date_string()) == (start, end)
    assert FuzzyDate.parse(str(date)) == date


def test_an_approximate_half_year_widens_by_a_half_each_side_like_a_quarter_by_a_quarter() -> None:
    around = FuzzyDate.parse("2023-H2~")
    assert (around.earliest.to_date_string(), around.latest.to_date_string()) == ("2023-01-01", "2024-07-01")
    assert around.happened_by(parse_cutoff("2022-12-31", NOW)) is Happened.NO
    assert around.happened_by(parse_cutoff("2024-03-31", NOW)) is Happened.MAYBE
    assert around.happened_by(parse_cutoff("2024-06-30", NOW)) is Happened.YES
    exact = FuzzyDate.parse("2023-H2")
    assert exact.happened_by(parse_cutoff("2023-09-30", NOW)) is Happened.MAYBE
    assert exact.happened_by(parse_cutoff("2023-12-31", NOW)) is Happened.YES
    assert exact.known_by == pendulum.datetime(2023, 12, 31, tz="UTC")


@pytest.mark.parametrize(("text", "reason"), [("2023-H3", "not a date"), ("2023-42", "half-year 40-41")])
def test_only_two_halves_exist(text: str, reason: str) -> None:
    with pytest.raises(InvalidDate, match=reason):
        FuzzyDate.parse(text)


def test_a_half_year_at_the_calendar_edge_cannot_be_widened() -> None:
    with pytest.raises(InvalidDate, match="widens it beyond the calendar"):
        FuzzyDate.parse("0001-H1~")


# --- the words of a date term --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "edtf"),
    [
        ("H2 2023", "2023-H2"),
        ("2023 H2", "2023-H2"),
        ("2H 2023", "2023-H2"),
        ("second half of 2023", "2023-H2"),
        ("the first half of 2024", "2024-H1"),
        ("in the second half of 2023", "2023-H2"),
        ("latter half of 2023", "2023-H2"),
        ("Q1 2027", "2027-Q1"),
        ("1Q 2027", "2027-Q1"),
        ("first quarter of 2027", "2027-Q1"),
        ("the last quarter of 2026", "2026-Q4"),
        ("end of 2026", "2026-Q4"),
        ("the end of 2026", "2026-Q4"),
        ("late 2026", "2026-Q4"),
        ("year-end 2026", "2026-Q4"),
        ("by the end of 2026", "2026"),
        ("before the end of 2026", "2026"),
        ("by 2026", "2026"),
        ("early 2027", "2027-Q1"),
        ("beginning of 2027", "2027-Q1"),
        ("mid-2026", "2026-06~"),
        ("mid 2026", "2026-06~"),
        ("the middle of 2026", "2026-06~"),
        ("by mid-2026", "2026-H1"),
        ("end of H1 2026", "2026-Q2"),
        ("early H2 2026", "2026-Q3"),
        ("end of Q1 2027", "2027-03"),
        ("mid-Q3 2026", "2026-08"),
        ("September 2026", "2026-09"),
        ("Sept. 2026", "2026-09"),
        ("mid-September 2026", "2026-09"),
        ("no later than September 2026", "2026-09"),
        ("December 31, 2026", "2026-12-31"),
        ("31 December 2026", "2026-12-31"),
        ("the 31st of December 2026", "2026-12-31"),
        ("in 2026", "2026"),
        ("  SECOND   HALF of 2023 ", "2023-H2"),
    ],
)
def test_english_words_name_the_window_a_reader_means(text: str, edtf: str) -> None:
    date = parse_date_term(text, "en")
    assert date.text == edtf and date == FuzzyDate.parse(edtf)


@pytest.mark.parametrize(
    ("text", "edtf"),
    [
        ("fin 2026", "2026-Q4"),
        ("fin de l'année 2026", "2026-Q4"),
        ("fin d'année 2026", "2026-Q4"),
        ("d'ici fin 2026", "2026"),
        ("d'ici la fin de 2026", "2026"),
        ("D’ici la fin de l’année 2026", "2026"),
        ("au plus tard fin 2026", "2026"),
        ("avant la fin 2026", "2026"),
        ("premier trimestre 2027", "2027-Q1"),
        ("au 1er trimestre 2027", "2027-Q1"),
        ("dernier trimestre 2026", "2026-Q4"),
        ("T1 2027", "2027-Q1"),
        ("Q1 2027", "2027-Q1"),
        ("au deuxième semestre 2023", "2023-H2"),
        ("au deuxieme semestre 2023", "2023-H2"),
        ("second semestre 2023", "2023-H2"),
        ("au cours du second semestre 2023", "2023-H2"),
        ("2e semestre de 2023", "2023-H2"),
        ("S2 2023", "2023-H2"),
        ("H2 2023", "2023-H2"),
        ("fin du premier semestre 2026", "2026-Q2"),
        ("début 2027", "2027-Q1"),
        ("debut 2027", "2027-Q1"),
        ("mi-2026", "2026-06~"),
        ("d'ici mi-2026", "2026-H1"),
        ("septembre 2026", "2026-09"),
        ("en septembre 2026", "2026-09"),
        ("fin septembre 2026", "2026-09"),
        ("31 décembre 2026", "2026-12-31"),
        ("le 31 décembre 2026", "2026-12-31"),
        ("1er janvier 2027", "2027-01-01"),
        ("courant 2026", "2026"),
        ("en 2026", "2026"),
    ],
)
def test_french_words_name_the_window_a_reader_means(text: str, edtf: str) -> None:
    date = parse_date_term(text, "fr")
    assert date.text == edtf and date == FuzzyDate.parse(edtf)


@pytest.mark.parametrize("text", ["2026-12-31", "2023-H2", "2023-41", "2024-Q1", "2026-12", "2026~", "2026-06?"])
@pytest.mark.parametrize("language", ["en", "fr", "de"])
def test_edtf_is_read_as_it_is_in_any_language(text: str, language: str) -> None:
    assert parse_date_term(text, language) == FuzzyDate.parse(text)


def test_a_date_term_shows_as_a_reader_says_it() -> None:
    assert [parse_date_term(text, "en").label() for text in ("H2 2023", "end of 2026", "mid-2026")] == [
        "H2 2023",
        "Q4 2026",
        "c. Jun 2026",
    ]


@pytest.mark.parametrize(
    ("text", "language", "reason"),
    [
        ("next year", "en", "not a date: expected EDTF like 2026"),
        ("FY2027", "en", "not a date"),
        ("H2 23", "en", "'H2 2023'"),
        ("$10B", "en", "not a date"),
        ("up to $100 billion", "en", "not a date"),
        ("10 milliards de dollars", "fr", "French words like 'S2 2023'"),
        ("third half of 2023", "en", "not a date"),
        ("before 2027", "en", "'before' a period means by the end of the one before it"),
        ("avant 2027", "fr", "'before' a period means by the end of the one before it"),
        ("31 February 2026", "en", "not a real date: day is out of range"),
        ("31 février 2026", "fr", "not a real date"),
        ("2025-13", "en", "month 13 is neither"),
        ("2026-12-31T10:00:00", "en", "no time zone"),
        ("early 31 December 2026", "en", "a day has no start"),
        ("mid-H1 2026", "en", "the middle of a half names no window"),
        ("", "en", "not a date"),
        ("9999", "en", "outside 0001-9998"),
    ],
)
def test_anything_else_is_refused_naming_what_is_expected(text: str, language: str, reason: str) -> None:
    with pytest.raises(InvalidDate, match=reason.replace("$", r"\$").replace("(", r"\(")):
        parse_date_term(text, language)


@pytest.mark.parametrize(("text", "language", "other"), [("fin 2026", "en", "fr"), ("end of 2026", "fr", "en")])
def test_words_of_the_other_language_are_refused_with_a_hint(text: str, language: str, other: str) -> None:
    with pytest.raises(InvalidDate, match=f"is the language {other}\\?"):
        parse_date_term(text, language)


def test_the_date_terms_are_named_and_documented() -> None:
    assert set(DATE_TERMS) == {
        "expected_close",
        "outside_date",
        "long_stop_date",
        "closing_date",
        "completion_date",
        "expected_completion",
    }
    assert all(DATE_TERMS.values())


# --- in a report -------------------------------------------------------------------


def _report(terms: dict[str, Any], language: str = "en") -> list[tuple[str, Any]]:
    report = {
        "deal": "acme",
        "type": "agreement_signed",
        "occurred": "2023-03-14",
        "summary": "Signed",
        "language": language,
        "terms": terms,
        "sources": [{"publisher": "Wire", "published_at": "2023-03-14"}],
    }
    return [("r.yaml", {"deals": [{"slug": "acme", "name": "Acme"}], "reports": [report]})]


def _terms(terms: dict[str, Any], language: str = "en") -> dict[str, Any]:
    event = build_batch(_report(terms, language), NOW).events[1].event
    return {term.name: term.value for term in event.terms}  # type: ignore[attr-defined]


def _refusal(terms: dict[str, Any], language: str = "en") -> ReportError:
    with pytest.raises(ReportError) as refused:
        build_batch(_report(terms, language), NOW)
    assert "\n" not in str(refused.value)
    return refused.value


def test_a_date_term_in_a_report_is_a_date_read_in_the_report_language() -> None:
    read = _terms({"price": "2,1 milliards de dollars", "expected_close": "H2 2023", "outside_date": "fin 2024"}, "fr")
    assert read["expected_close"] == FuzzyDate.parse("2023-H2")
    assert read["outside_date"] == FuzzyDate.parse("2024-Q4")
    assert not isinstance(read["price"], FuzzyDate)


def test_a_date_term_may_be_written_with_its_own_language() -> None:
    read = _terms({"long_stop_date": {"text": "d'ici la fin de 2026", "language": "fr"}})
    assert read["long_stop_date"] == FuzzyDate.parse("2026")


def test_a_date_term_in_the_future_is_no_mistyped_year() -> None:
    assert _terms({"outside_date": "2031-06-30"})["outside_date"] == FuzzyDate.parse("2031-06-30")


def test_a_date_term_never_reads_as_an_amount() -> None:
    refused = _refusal({"expected_close": "$10 billion"})
    assert refused.place.endswith(".terms.expected_close") and "not a date" in str(refused)
    structured = _refusal({"outside_date": {"qualifier": "exactly", "value": 10, "currency": "USD"}})
    assert structured.place.endswith(".terms.outside_date") and "expected a date" in str(structured)


def test_a_date_under_an_amount_term_is_refused_naming_the_date_terms() -> None:
    refused = _refusal({"investment": "H2 2023"})
    assert refused.place.endswith(".terms.investment")
    assert "is a date" in str(refused) and "expected_close" in str(refused) and "outside_date" in str(refused)


def test_a_date_term_outside_the_years_a_report_may_name_is_refused() -> None:
    refused = _refusal({"outside_date": "0999"})
    assert refused.place.endswith(".terms.outside_date") and "between year 1000 and 9000" in str(refused)
