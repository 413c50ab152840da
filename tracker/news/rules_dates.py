"""Dates in a sentence, read against the article's publication date, at the precision they are written.

How each expression resolves (``published`` is the publication instant in the
publisher's own zone, so "jeudi" is that zone's Thursday):

* a day with its year ("le 22 septembre 2025", "April 25, 2022"): that day;
* a period with its year ("septembre 2025", "fin 2026", "au premier trimestre
  2026", "second half of 2023", "mid-2026", "d'ici fin 2026"): read by the
  tracker's own date-term reader (tracker.domain.date_terms), so "fin 2026" is
  2026-Q4 as everywhere else in the tracker;
* a month without a year ("en septembre", "in September", "septembre
  dernier"): the latest such month not after publication; a day and month
  ("le 22 septembre"): the latest such day;
* a quarter or half without a year ("au premier trimestre", "in the first
  quarter"): the latest one that has begun by publication;
* a weekday ("jeudi", "on Thursday"): the latest such day on or before
  publication; "hier"/"yesterday" the day before, "aujourd'hui"/"today" that day;
* "la semaine dernière"/"last week": the Monday of the week before, marked
  uncertain (``?``), since no EDTF period is a week; "le mois dernier"/"last
  month", "l'an dernier"/"last year", "cette année"/"this year": that period.

With a future verb in the sentence ("devrait", "will", "is expected to") a
month, day or quarter without a year is read forward instead (the next one
from publication), and the caller flags the date as a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pendulum import DateTime

from tracker.domain.date_terms import parse_date_term
from tracker.domain.dates import FuzzyDate, InvalidDate
from tracker.news.rules import lexicon

_EN_ABBREVIATIONS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}


@dataclass(frozen=True)
class ReadDate:
    text: str  # the expression, verbatim
    start: int
    end: int
    edtf: str
    precision: str  # day, month, quarter, half, year
    after_publication: bool
    week: bool = False


@cache
def _patterns(language: str) -> list[tuple[str, re.Pattern[str]]]:
    lex = lexicon(language)
    month = "|".join(lex.MONTHS)
    if language == "en":
        month += "|" + "|".join(rf"{a}\.?" for a in _EN_ABBREVIATIONS)
    weekday = "|".join(lex.WEEKDAYS)
    ordinal = "|".join(re.escape(o) for o in lex.ORDINALS)
    year = r"(?P<year>(?:19|20)\d\d)"
    if language == "fr":
        rows = [
            ("day_year", rf"\b(?:le\s+)?(?P<day>\d{{1,2}}|1er)\s+(?P<month>{month})\s+{year}\b"),
            (
                "term",
                rf"\b(?:d'ici (?:à )?(?:la )?fin (?:de l'année |de )?|au plus tard fin |fin (?:de l'année )?|"
                rf"début |mi-|courant |en )(?:(?:{month})\s+)?{year}\b",
            ),
            ("term", rf"\b(?:au |le |du |d'ici le )?(?:{ordinal})\s+(?:trimestre|semestre)\s+(?:de |d')?{year}\b"),
            ("month_year", rf"\b(?P<month>{month})\s+{year}\b"),
            ("day_month", rf"\b(?:le\s+)?(?P<day>\d{{1,2}}|1er)\s+(?P<month>{month})\b"),
            ("month", rf"\b(?:en |fin |début |mi-)?(?P<month>{month})(?:\s+dernier)?\b"),
            ("quarter", rf"\b(?:au |le |du )?(?P<ordinal>{ordinal})\s+(?P<unit>trimestre|semestre)\b"),
            ("weekday", rf"\b(?P<weekday>{weekday})(?:\s+dernier)?\b"),
        ]
    else:
        rows = [
            ("day_year", rf"\b(?P<month>{month})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+{year}\b"),
            ("day_year", rf"\b(?P<day>\d{{1,2}})\s+(?P<month>{month})\s+{year}\b"),
            (
                "term",
                rf"\b(?:by the end of |before the end of |the end of |end of |late |early |mid-|"
                rf"the middle of |year-end |in |by )(?:(?:{month})\s+)?{year}\b",
            ),
            ("term", rf"\b(?:the |in the |by the )?(?:{ordinal})\s+(?:quarter|half)\s+of\s+{year}\b"),
            ("term", rf"\b[QH][1-4]\s+{year}\b"),
            ("month_year", rf"\b(?P<month>{month})\s+{year}\b"),
            ("day_month", rf"\b(?P<month>{month})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b"),
            ("month", rf"\b(?:in |last |since |early |late |mid-|until |by |this |earlier in )(?P<month>{month})\b"),
            ("quarter", rf"\b(?:in |the |in the |during the )(?P<ordinal>{ordinal})\s+(?P<unit>quarter|half)\b"),
            ("weekday", rf"\b(?:on |last |late |early )?(?P<weekday>{weekday})\b"),
        ]
    return [(kind, re.compile(p, re.IGNORECASE)) for kind, p in rows]


def dates_in(text: str, language: str, published: DateTime, forward: bool = False) -> list[ReadDate]:
    """Every date expression in ``text``, left to right, none overlapping another, resolved."""
    lang = "fr" if language == "fr" else "en"
    taken: list[tuple[int, int]] = []
    found: list[ReadDate] = []
    for kind, pattern in _patterns(lang):
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            read = _resolve(kind, match, lang, published, forward)
            if read is not None:
                taken.append((match.start(), match.end()))
                found.append(read)
    found.extend(_relative(text, lang, published, taken))
    return sorted(found, key=lambda d: d.start)


def _resolve(kind: str, match: re.Match[str], lang: str, published: DateTime, forward: bool) -> ReadDate | None:
    groups = match.groupdict()
    local = published
    try:
        if kind == "term":
            edtf = parse_date_term(match.group(0), lang).text
        elif kind == "day_year":
            edtf = f"{int(groups['year']):04d}-{_month(groups['month'], lang):02d}-{_day(groups['day']):02d}"
        elif kind == "month_year":
            edtf = f"{int(groups['year']):04d}-{_month(groups['month'], lang):02d}"
        elif kind == "day_month":
            edtf = _day_month(local, _month(groups["month"], lang), _day(groups["day"]), forward)
        elif kind == "month":
            edtf = _latest_month(local, _month(groups["month"], lang), forward)
        elif kind == "quarter":
            edtf = _latest_part(
                local, lexicon(lang).ORDINALS[groups["ordinal"].lower()], groups["unit"].lower(), forward
            )
        else:
            edtf = _latest_weekday(local, lexicon(lang).WEEKDAYS.index(groups["weekday"].lower()))
        date = FuzzyDate.parse(edtf)
    except (InvalidDate, ValueError, KeyError):
        return None
    return _read(match.group(0), match.start(), match.end(), date, local)


def _read(text: str, start: int, end: int, date: FuzzyDate, local: DateTime, week: bool = False) -> ReadDate:
    day = local.date()
    after = date.start.date() > day
    return ReadDate(text, start, end, date.text, date.precision.value, after, week)


def _month(word: str, lang: str) -> int:
    word = word.lower().rstrip(".")
    months = lexicon(lang).MONTHS
    if word in months:
        return months.index(word) + 1
    return _EN_ABBREVIATIONS[word]


def _day(text: str) -> int:
    return 1 if text.lower() == "1er" else int(text)


def _latest_month(local: DateTime, month: int, forward: bool) -> str:
    """Backward: the latest such month not after publication; forward: the next one from publication."""
    if forward:
        year = local.year if month >= local.month else local.year + 1
    else:
        year = local.year if month <= local.month else local.year - 1
    return f"{year:04d}-{month:02d}"


def _day_month(local: DateTime, month: int, day: int, forward: bool) -> str:
    if forward:
        year = local.year if (month, day) >= (local.month, local.day) else local.year + 1
    else:
        year = local.year if (month, day) <= (local.month, local.day) else local.year - 1
    return f"{year:04d}-{month:02d}-{day:02d}"


def _latest_part(local: DateTime, index: int, unit: str, forward: bool) -> str:
    """The latest quarter or half with this number that has begun by publication (or the next one, forward)."""
    half = unit in ("semestre", "half")
    index = min(index, 2) if half else index
    current = (local.month - 1) // (6 if half else 3) + 1
    year = local.year if index <= current else local.year - 1
    if forward and index < current:
        year = local.year + 1
    elif forward:
        year = local.year
    return f"{year:04d}-{'H' if half else 'Q'}{index}"


def _latest_weekday(local: DateTime, weekday: int) -> str:
    back = (int(local.day_of_week) - weekday) % 7
    return local.subtract(days=back).to_date_string()


def _relative(text: str, lang: str, published: DateTime, taken: list[tuple[int, int]]) -> list[ReadDate]:
    lex = lexicon(lang)
    local = published
    found: list[ReadDate] = []

    def add(match: re.Match[str], edtf: str, week: bool = False) -> None:
        if not any(s < match.end() and match.start() < e for s, e in taken):
            taken.append((match.start(), match.end()))
            found.append(_read(match.group(0), match.start(), match.end(), FuzzyDate.parse(edtf), local, week))

    for word, offset in lex.RELATIVE_DAYS.items():
        for match in re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text, re.IGNORECASE):
            add(match, local.add(days=offset).to_date_string())
    for match in re.finditer(lex.LAST_WEEK, text, re.IGNORECASE):
        add(match, local.start_of("week").subtract(weeks=1).to_date_string() + "?", week=True)
    last_month = local.start_of("month").subtract(months=1)
    for pattern, edtf in (
        (lex.LAST_MONTH, f"{last_month.year:04d}-{last_month.month:02d}"),
        (lex.THIS_MONTH, f"{local.year:04d}-{local.month:02d}"),
        (lex.LAST_YEAR, f"{local.year - 1:04d}"),
        (lex.THIS_YEAR, f"{local.year:04d}"),
    ):
        for match in re.finditer(pattern, text, re.IGNORECASE):
            add(match, edtf)
    return found
