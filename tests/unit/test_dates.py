"""Imprecise dates keep their precision and answer 'had it happened by then?' honestly."""

from __future__ import annotations

import re

import pendulum
import pytest

from tracker.domain.dates import FuzzyDate, Happened, InvalidDate, Precision, parse_cutoff

NOW = pendulum.datetime(2026, 11, 22, 12, tz="UTC")


@pytest.mark.parametrize(
    ("text", "precision", "label", "start", "end"),
    [
        ("2025", Precision.YEAR, "2025", "2025-01-01", "2026-01-01"),
        ("2025-09", Precision.MONTH, "Sep 2025", "2025-09-01", "2025-10-01"),
        ("2025-09-22", Precision.DAY, "22 Sep 2025", "2025-09-22", "2025-09-23"),
        ("2026-21", Precision.SEASON, "Spring 2026", "2026-03-01", "2026-06-01"),
        ("2026-24", Precision.SEASON, "Winter 2026", "2026-12-01", "2027-03-01"),
        ("2026-Q1", Precision.QUARTER, "Q1 2026", "2026-01-01", "2026-04-01"),
        ("2026-34", Precision.QUARTER, "Q2 2026", "2026-04-01", "2026-07-01"),
        ("2025-09~", Precision.MONTH, "c. Sep 2025", "2025-09-01", "2025-10-01"),
        ("2025?", Precision.YEAR, "2025?", "2025-01-01", "2026-01-01"),
        ("2025-09%", Precision.MONTH, "c. Sep 2025?", "2025-09-01", "2025-10-01"),
    ],
)
def test_edtf_strings_keep_their_precision(text: str, precision: Precision, label: str, start: str, end: str) -> None:
    date = FuzzyDate.parse(text)
    assert (date.precision, date.label(), date.text) == (precision, label, text)
    assert (date.start.to_date_string(), date.end.to_date_string()) == (start, end)


def test_a_zoned_timestamp_is_an_instant_in_utc() -> None:
    date = FuzzyDate.parse("2026-02-19T08:30:00+01:00")
    assert date.precision is Precision.INSTANT
    assert date.start == pendulum.datetime(2026, 2, 19, 7, 30, tz="UTC")
    assert date.label() == "19 Feb 2026 07:30 UTC"


@pytest.mark.parametrize(
    "text", ["2025-13", "2025-13-45", "2025-02-30", "2025-20", "Sept 2025", "2026-02-19T08:30:00", "", "20250"]
)
def test_invalid_dates_are_refused_with_the_reason(text: str) -> None:
    with pytest.raises(InvalidDate, match=repr(text).strip("'") or "not a date"):
        FuzzyDate.parse(text)


def test_a_month_straddling_the_cutoff_may_have_happened() -> None:
    january = FuzzyDate.parse("2026-01")
    assert january.happened_by(parse_cutoff("2025-12-31", NOW)) is Happened.NO
    assert january.happened_by(parse_cutoff("2026-01-15", NOW)) is Happened.MAYBE
    assert january.happened_by(parse_cutoff("2026-01-31", NOW)) is Happened.YES


def test_approximate_dates_widen_the_window_by_one_unit() -> None:
    around_september = FuzzyDate.parse("2025-09~")
    assert around_september.happened_by(parse_cutoff("2025-08-15", NOW)) is Happened.MAYBE
    assert around_september.happened_by(parse_cutoff("2025-10-15", NOW)) is Happened.MAYBE
    assert around_september.happened_by(parse_cutoff("2025-10-31", NOW)) is Happened.YES


def test_a_cutoff_date_includes_the_whole_day() -> None:
    cutoff = parse_cutoff("2025-09-22", NOW)
    assert FuzzyDate.parse("2025-09-22").happened_by(cutoff) is Happened.YES
    assert FuzzyDate.parse("2025-09-23").happened_by(cutoff) is Happened.NO
    assert parse_cutoff("now", NOW) == NOW


def test_a_cutoff_must_be_exact() -> None:
    with pytest.raises(InvalidDate, match="exact"):
        parse_cutoff("2025~", NOW)


def test_a_report_dated_to_a_month_is_known_from_its_last_day() -> None:
    assert FuzzyDate.parse("2025-09").known_by == pendulum.datetime(2025, 9, 30, tz="UTC")
    assert FuzzyDate.parse("2025-09-22").known_by == pendulum.datetime(2025, 9, 22, tz="UTC")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("0000", "year 0000 is outside 0001-9998"),
        ("9999", "year 9999 is outside 0001-9998"),
        ("9999-12-31", "year 9999 is outside 0001-9998"),
        ("9998~", "'~' widens it beyond the calendar"),
        ("0001~", "'~' widens it beyond the calendar"),
        ("0001-01%", "'%' widens it beyond the calendar"),
        ("0001-01-01~", "'~' widens it beyond the calendar"),
        ("9999-12-31T23:00:00-05:00", "outside 0001-9998"),
        ("0001-01-01T00:30:00+01:00", "outside 0001-9998"),
        ("２０２５", "not a date"),
        ("2025-09-22T10:00:00Z/2025-10-01T00:00:00Z", "not a single timestamp"),
    ],
)
def test_dates_that_could_not_be_projected_are_refused_at_parse(text: str, reason: str) -> None:
    with pytest.raises(InvalidDate, match=re.escape(reason)):
        FuzzyDate.parse(text)


@pytest.mark.parametrize(
    "text", ["0001", "9998", "9998?", "0002~", "9997~", "9998-12", "9998-11~", "0001-02~", "9998-12-31~"]
)
def test_dates_at_the_edges_of_the_calendar_are_accepted_and_have_a_window(text: str) -> None:
    date = FuzzyDate.parse(text)
    assert date.earliest <= date.start < date.end <= date.latest
    assert FuzzyDate.parse(str(date)) == date
