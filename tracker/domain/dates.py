"""Dates that keep their precision.

News gives "en septembre", "in January", "spring 2026". Turning those into
a day would invent facts, so a development's date is an interval with the
precision it was reported at, parsed from EDTF level-1 strings (plus the
level-2 quarter codes 33-36 and the friendlier ``2026-Q1``, and the level-2
semestral codes 40-41 for half-years, friendlier as ``2026-H1``) or from a
full timestamp with a time zone. Calendar dates are UTC days.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum, StrEnum
from functools import cached_property, lru_cache

import pendulum
from pendulum import DateTime


class InvalidDate(ValueError):
    """A date string that is not EDTF level 1 nor a zoned timestamp."""


class Precision(StrEnum):
    INSTANT = "instant"
    DAY = "day"
    MONTH = "month"
    SEASON = "season"
    QUARTER = "quarter"
    HALF = "half"
    YEAR = "year"


class Happened(Enum):
    """Whether a development had happened by a given cutoff."""

    YES = "yes"
    MAYBE = "maybe"
    NO = "no"


_EDTF = re.compile(r"(?P<year>[0-9]{4})(?:-(?P<sub>[0-9]{2}|Q[1-4]|H[12])(?:-(?P<day>[0-9]{2}))?)?(?P<qual>[~?%])?")
_ZONED = re.compile(r"T.*(Z|[+-][0-9]{2}(:?[0-9]{2})?)$")
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
# Meteorological (northern hemisphere) seasons: code -> (first month, name).
_SEASONS = {21: (3, "Spring"), 22: (6, "Summer"), 23: (9, "Autumn"), 24: (12, "Winter")}
_QUARTERS = {33: 1, 34: 2, 35: 3, 36: 4}
# EDTF level 2 semestral codes: 40 is the first half-year, 41 the second.
_HALVES = {40: 1, 41: 2}
_TICK = pendulum.duration(microseconds=1)
# How far ``~`` widens a window on each side: one unit of its precision.
_SLACK = {
    Precision.INSTANT: pendulum.duration(days=1),
    Precision.DAY: pendulum.duration(days=1),
    Precision.MONTH: pendulum.duration(months=1),
    Precision.SEASON: pendulum.duration(months=3),
    Precision.QUARTER: pendulum.duration(months=3),
    Precision.HALF: pendulum.duration(months=6),
    Precision.YEAR: pendulum.duration(years=1),
}
# A year's window ends at the next 1 January, which must still be a date.
_FIRST_YEAR, _LAST_YEAR = 1, 9998


@dataclass(frozen=True)
class FuzzyDate:
    """A reported date: the interval [start, end) it names, and how sure it is.

    ``approximate`` (EDTF ``~``) widens the window in which the development
    may have happened by one unit of its precision on each side;
    ``uncertain`` (``?``) keeps the window but is shown as doubtful.
    """

    text: str
    start: DateTime
    end: DateTime
    precision: Precision
    approximate: bool = False
    uncertain: bool = False

    @classmethod
    def parse(cls, text: str | int) -> FuzzyDate:
        """Read EDTF or a zoned timestamp, refusing anything whose window leaves the calendar.

        Checking the window here, once, means projection and rendering never
        meet a date they cannot widen or print.
        """
        return _parsed(str(text).strip())

    @classmethod
    def _parse_edtf(cls, raw: str) -> FuzzyDate:
        match = _EDTF.fullmatch(raw)
        if not match:
            raise InvalidDate(
                f"{raw!r} is not a date: expected EDTF like 2025, 2025-09, "
                "2025-09-22, 2025-09~, 2025?, 2026-21 (spring), 2026-Q1, 2026-H2 (second half), "
                "or a timestamp with a time zone"
            )
        year = int(match["year"])
        _check_year(raw, year)
        qual = match["qual"] or ""
        try:
            start, end, precision = _interval(year, match["sub"], match["day"])
        except ValueError as error:
            raise InvalidDate(f"{raw!r} is not a real date: {error}") from None
        return cls(raw, start, end, precision, approximate=qual in ("~", "%"), uncertain=qual in ("?", "%"))

    @classmethod
    def _parse_timestamp(cls, raw: str) -> FuzzyDate:
        if not _ZONED.search(raw):
            raise InvalidDate(f"{raw!r} has no time zone: add Z or an offset like +01:00")
        try:
            moment = pendulum.parse(raw, strict=True)
            utc = moment.in_tz("UTC") if isinstance(moment, DateTime) else None
        except (ValueError, OverflowError, pendulum.parsing.exceptions.ParserError) as error:
            reason = (
                "its year is outside 0001-9998: expected a year from 0001 to 9998"
                if isinstance(error, OverflowError)
                else error
            )
            raise InvalidDate(f"{raw!r} is not a timestamp: {reason}") from None
        if utc is None:
            raise InvalidDate(f"{raw!r} is not a single timestamp: expected one like 2026-02-19T08:30:00+01:00")
        _check_year(raw, utc.year)
        return cls(raw, utc, utc, Precision.INSTANT)

    def _check_window(self) -> None:
        """``~`` widens the window by one unit; at the calendar's edges that unit does not exist."""
        try:
            self.earliest, self.latest  # noqa: B018 - computed only to see that they exist
        except (ValueError, OverflowError):
            mark = "%" if self.uncertain else "~"
            raise InvalidDate(
                f"{self.text!r}: {mark!r} widens it beyond the calendar (0001-01-01 to 9999-12-31); "
                "drop the mark or give a finer date"
            ) from None

    @classmethod
    def at(cls, moment: DateTime) -> FuzzyDate:
        """An exact instant, e.g. the time a correction was recorded."""
        utc = moment.in_tz("UTC")
        return cls(utc.isoformat(), utc, utc, Precision.INSTANT)

    # The window's edges are asked for by every fold, and pendulum arithmetic is
    # slow; a FuzzyDate never changes, so each edge is computed once.
    @cached_property
    def earliest(self) -> DateTime:
        return self.start - _SLACK[self.precision] if self.approximate else self.start

    @cached_property
    def latest(self) -> DateTime:
        return self.end + _SLACK[self.precision] if self.approximate else self.end

    @cached_property
    def surely_by(self) -> DateTime:
        """The window's last instant: from then on the development has surely happened."""
        return self.latest if self.latest == self.earliest else self.latest - _TICK

    def happened_by(self, as_of: DateTime) -> Happened:
        """YES if the whole window lies at or before ``as_of``, MAYBE if ``as_of`` falls inside it."""
        if self.surely_by <= as_of:
            return Happened.YES
        if self.earliest <= as_of:
            return Happened.MAYBE
        return Happened.NO

    @cached_property
    def known_by(self) -> DateTime:
        """The moment a report dated this way surely existed: its window's last day.

        A report dated only "September 2025" counts as known from 30 September.
        """
        if self.precision is Precision.INSTANT:
            return self.start
        return max(self.start, self.end - pendulum.duration(days=1))

    def label(self) -> str:
        """Honest rendering: "22 Sep 2025", "Sep 2025", "Spring 2026", "Q1 2026", "H2 2023", "c. 2025", "2025?"."""
        text = _label(self.start, self.precision)
        if self.approximate:
            text = f"c. {text}"
        return f"{text}?" if self.uncertain else text

    def __str__(self) -> str:
        return self.text


def _check_year(raw: str, year: int) -> None:
    """Year 9999 would end in year 10000, which no datetime can hold."""
    if not _FIRST_YEAR <= year <= _LAST_YEAR:
        span = f"{_FIRST_YEAR:04d}-{_LAST_YEAR:04d}"
        raise InvalidDate(
            f"{raw!r}: year {year:04d} is outside {span}, the years a window can be built for: "
            f"expected a year from {_FIRST_YEAR:04d} to {_LAST_YEAR:04d}"
        )


def _interval(year: int, sub: str | None, day: str | None) -> tuple[DateTime, DateTime, Precision]:
    if sub is None:
        start = pendulum.datetime(year, 1, 1, tz="UTC")
        return start, start.add(years=1), Precision.YEAR
    if sub.startswith("Q"):
        sub = str(32 + int(sub[1]))
    elif sub.startswith("H"):
        sub = str(39 + int(sub[1]))
    code = int(sub)
    if day is not None:
        start = pendulum.datetime(year, code, int(day), tz="UTC")
        return start, start.add(days=1), Precision.DAY
    if 1 <= code <= 12:
        start = pendulum.datetime(year, code, 1, tz="UTC")
        return start, start.add(months=1), Precision.MONTH
    if code in _SEASONS:
        start = pendulum.datetime(year, _SEASONS[code][0], 1, tz="UTC")
        return start, start.add(months=3), Precision.SEASON
    if code in _QUARTERS:
        start = pendulum.datetime(year, 3 * _QUARTERS[code] - 2, 1, tz="UTC")
        return start, start.add(months=3), Precision.QUARTER
    if code in _HALVES:
        start = pendulum.datetime(year, 6 * _HALVES[code] - 5, 1, tz="UTC")
        return start, start.add(months=6), Precision.HALF
    raise ValueError(f"month {code:02d} is neither 01-12, a season 21-24, a quarter 33-36 nor a half-year 40-41")


def _label(start: DateTime, precision: Precision) -> str:
    month = _MONTHS[start.month - 1]
    if precision is Precision.INSTANT:
        return f"{start.day} {month} {start.year} {start:%H:%M} UTC"
    if precision is Precision.DAY:
        return f"{start.day} {month} {start.year}"
    if precision is Precision.MONTH:
        return f"{month} {start.year}"
    if precision is Precision.SEASON:
        name = next(name for first, name in _SEASONS.values() if first == start.month)
        return f"{name} {start.year}"
    if precision is Precision.QUARTER:
        return f"Q{(start.month - 1) // 3 + 1} {start.year}"
    if precision is Precision.HALF:
        return f"H{(start.month - 1) // 6 + 1} {start.year}"
    return str(start.year)


def parse_cutoff(text: str, now: DateTime) -> DateTime:
    """Turn an ``--as-of``/``--known-at`` value into the last instant it includes.

    A calendar date means "by the end of it": ``2025-10-15`` includes all of
    15 October, ``2025-09`` all of September. A timestamp is taken as is.
    An empty value is refused, not read as now: a script's unset variable must not pass for "now".
    """
    if not text.strip():
        raise InvalidDate(f"{text!r} is empty: expected a date like 2025-10-15 or 2026-01, a timestamp, or now")
    if text.strip().lower() in ("now", "today"):
        return now
    moment = FuzzyDate.parse(text)
    if moment.approximate or moment.uncertain:
        raise InvalidDate(f"{text!r}: a cutoff must be exact, without ~ or ?")
    return moment.end - _TICK if moment.precision is not Precision.INSTANT else moment.start


@lru_cache(maxsize=65536)
def _parsed(raw: str) -> FuzzyDate:
    """Dates are immutable values and a log repeats the same few thousand of them: read each once."""
    date = FuzzyDate._parse_timestamp(raw) if "T" in raw else FuzzyDate._parse_edtf(raw)
    date._check_window()
    return date
