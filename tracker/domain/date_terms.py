"""Terms whose value is a date: an outside date, an expected closing, read from EDTF or the news's words.

"Expected to close in H2 2023", "d'ici fin 2026", "long-stop date of
31 December 2026": these are dates, not amounts and not free words, so a
term named in ``DATE_TERMS`` is read by ``parse_date_term`` into a
``FuzzyDate`` at the precision the report gives, and a later report that
names the same term (a ``terms_changed``: the outside date extended)
replaces it like any other term.

Words are read in the report's language, English or French (accents and
case do not matter); EDTF (``2026-12``, ``2023-H2``, ``2027-Q1``,
``2026-12-31``, ``2026~``) and the codes ``H2 2023`` / ``Q1 2027`` read in
both. What each phrase means, as the window a reader would draw:

* a period named outright is that period: ``H2 2023``, ``second half of
  2023``, ``second semestre 2023``, ``S2 2023`` -> ``2023-H2``; ``Q1 2027``,
  ``first quarter of 2027``, ``premier trimestre 2027``, ``T1 2027`` ->
  ``2027-Q1``; ``September 2026``, ``septembre 2026`` -> ``2026-09``;
  ``December 31, 2026``, ``31 décembre 2026`` -> ``2026-12-31``; ``2026``,
  ``en 2026``, ``courant 2026`` -> ``2026``.
* "end of" / "late" / "fin" is the last part of the period, one grain finer:
  ``end of 2026``, ``late 2026``, ``fin 2026`` -> ``2026-Q4`` (a reader of
  "fin 2026" pictures the last months, not 31 December, and no more than
  a quarter is said); the end of a half-year is its last quarter
  (``fin du premier semestre 2026`` -> ``2026-Q2``), of a quarter its last
  month, of a month that month (a day would be invented).
* "early" / "beginning of" / "début" is the first part, the same way:
  ``early 2027``, ``début 2027`` -> ``2027-Q1``.
* "mid" / "mi-" of a year is ``2026-06~`` ("c. Jun 2026": May to July once
  widened), the nearest window around 1 July, which no EDTF period holds;
  of a quarter its middle month; of a month that month.
* a deadline ("by", "no later than", "before the end of", "d'ici", "au
  plus tard", "avant la fin de") is the whole period it ends: ``by the end
  of 2026``, ``d'ici fin 2026``, ``d'ici la fin de 2026`` -> ``2026``: the
  deal may close any time up to 31 December, so the window is the year, not
  its last quarter; ``by mid-2026`` -> ``2026-H1``; ``by September 2026`` ->
  ``2026-09``. "before" / "avant" alone ("avant 2027") is refused: it
  names the end of the period before, which is better written outright.

Anything else (a relative date like "next year", a fiscal year "FY2027", a
two-digit year "H2 23", an amount) is refused with ``InvalidDate`` naming
what is expected. Only a term in ``DATE_TERMS`` is read as a date, and a
date term is never read as an amount.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Literal, TypeVar

from tracker.domain.dates import FuzzyDate, InvalidDate

DATE_TERMS: Mapping[str, str] = {
    "expected_close": "when the parties expect the deal to close: 'expected to close in H2 2023'",
    "outside_date": "the date after which either party may walk away if the deal has not closed",
    "long_stop_date": "the same deadline under its British name: the long-stop date",
    "closing_date": "the date set for closing, or the date it closed",
    "completion_date": "closing under its British name: the date set for completion, or the date it completed",
    "expected_completion": "when completion is expected: 'completion expected in early 2027'",
}

Language = Literal["en", "fr"]
Kind = Literal["year", "half", "quarter", "month", "day"]
Position = Literal["first", "last", "mid"]
Deadline = Literal["by", "before", "before_end"]
_M = TypeVar("_M", Position, Deadline)


@dataclass(frozen=True)
class _Period:
    """A calendar period a phrase names outright: ``index`` is the half (1-2), quarter (1-4) or month (1-12)."""

    kind: Kind
    year: int
    index: int = 0
    day: int = 0

    def edtf(self) -> str:
        if self.kind == "year":
            return f"{self.year:04d}"
        if self.kind == "half":
            return f"{self.year:04d}-H{self.index}"
        if self.kind == "quarter":
            return f"{self.year:04d}-Q{self.index}"
        if self.kind == "month":
            return f"{self.year:04d}-{self.index:02d}"
        return f"{self.year:04d}-{self.index:02d}-{self.day:02d}"


def parse_date_term(text: str, language: str = "en") -> FuzzyDate:
    """A date term's value: EDTF as it is, else the words of ``language`` (English, or French for ``fr...``)."""
    raw = str(text).strip()
    try:
        return FuzzyDate.parse(raw)
    except InvalidDate as error:
        edtf_error = error
    lang: Language = "fr" if language.lower().startswith("fr") else "en"
    words = _normal(raw)
    try:
        return _from_words(raw, words, lang)
    except _NotRead:
        pass
    if _LOOKS_EDTF.fullmatch(raw):
        raise edtf_error  # 2025-13, 2026-02-30: the EDTF reader says what is wrong
    other: Language = "en" if lang == "fr" else "fr"
    try:
        _from_words(raw, words, other)
        hint = f" (it reads as {_NAMES[other]}: is the language {other}?)"
    except (_NotRead, InvalidDate):
        hint = ""
    raise InvalidDate(
        f"{raw!r} is not a date: expected EDTF like 2026, 2026-12, 2026-12-31, 2023-H2 or 2027-Q1, "
        f"or {_NAMES[lang]} words like {_EXAMPLES[lang]}{hint}"
    )


class _NotRead(Exception):
    """The words are none of the phrases of one language."""


_NAMES: dict[Language, str] = {"en": "English", "fr": "French"}
_EXAMPLES: dict[Language, str] = {
    "en": "'H2 2023', 'second half of 2023', 'Q1 2027', 'end of 2026', 'by the end of 2026', "
    "'early 2027', 'mid-2026', 'September 2026', 'December 31, 2026'",
    "fr": "'S2 2023', 'second semestre 2023', 'premier trimestre 2027', 'fin 2026', 'd'ici fin 2026', "
    "'début 2027', 'mi-2026', 'septembre 2026', '31 décembre 2026'",
}
_LOOKS_EDTF = re.compile(r"[0-9]{4}-[0-9A-Za-z]{2}(?:-[0-9]{2})?[~?%]?|[0-9]{4}[~?%]|[0-9]{4}-.*T.*")


def _normal(text: str) -> str:
    """Lower case, without accents or typographic apostrophes, one space between words.

    'D’ici Fin  2026' -> "d'ici fin 2026".
    """
    return " ".join(text.lower().translate(_PLAIN).split())


# The letters French dates are written with, and the typography around them ("1ᵉʳ", "d’ici", no-break spaces).
_PLAIN = str.maketrans(
    {
        **dict.fromkeys("àâä", "a"),
        **dict.fromkeys("éèêë", "e"),
        **dict.fromkeys("îï", "i"),
        **dict.fromkeys("ôö", "o"),
        **dict.fromkeys("ùûü", "u"),
        "ç": "c",
        "ᵉ": "e",
        "ʳ": "r",
        "\u2019": "'",
        "\u2018": "'",
        "\u2011": "-",
        "\u2010": "-",
    }
)


def _from_words(raw: str, words: str, lang: Language) -> FuzzyDate:
    rest = _strip(words, lang)
    deadline, rest = _take(_DEADLINES[lang], rest, lang)
    if deadline == "before_end":
        position: Position | None = "last"
    else:
        position, rest = _take(_POSITIONS[lang], rest, lang)
        if deadline == "before" and position != "last":
            raise InvalidDate(
                f"{raw!r}: 'before' a period means by the end of the one before it: "
                "write that period, e.g. 'by the end of 2026' or 'd'ici fin 2026'"
            )
    period = _period(rest, lang)
    if not 1 <= period.year <= 9998:
        raise InvalidDate(f"{raw!r}: year {period.year:04d} is outside 0001-9998: expected a year from 0001 to 9998")
    if period.kind == "day":
        try:
            date(period.year, period.index, period.day)
        except ValueError as error:
            raise InvalidDate(f"{raw!r} is not a real date: {error}") from None
    return FuzzyDate.parse(_edtf(raw, period, position, deadline is not None))


def _edtf(raw: str, period: _Period, position: Position | None, deadline: bool) -> str:
    """The window a reader means (see the module's docstring for each rule)."""
    if position is None or (deadline and position == "last"):
        return period.edtf()
    if position == "mid":
        if period.kind == "year":
            return _Period("half", period.year, 1).edtf() if deadline else f"{period.year:04d}-06~"
        if period.kind == "quarter":
            return _Period("month", period.year, 3 * period.index - 1).edtf()
        if period.kind == "month":
            return period.edtf()
        raise InvalidDate(f"{raw!r}: the middle of a {period.kind} names no window: name the quarter or the month")
    first = position == "first"
    if period.kind == "year":
        return _Period("quarter", period.year, 1 if first else 4).edtf()
    if period.kind == "half":
        return _Period("quarter", period.year, 2 * period.index - (1 if first else 0)).edtf()
    if period.kind == "quarter":
        return _Period("month", period.year, 3 * period.index - (2 if first else 0)).edtf()
    if period.kind == "month":
        return period.edtf()
    raise InvalidDate(f"{raw!r}: a day has no {'start' if first else 'end'} to name: give the day alone")


# --- the phrases ------------------------------------------------------------------

_YEAR = r"(?P<year>[0-9]{4})"
_FILLERS: dict[Language, re.Pattern[str]] = {
    "en": re.compile(r"^(?:in|during|the|of|at|sometime in) "),
    "fr": re.compile(
        r"^(?:en|au cours du|au cours de|dans le courant de|dans le courant du|courant|au(?! plus tard)|a|le|la|du|de) "
        r"|^(?:l'|d'(?!ici\b))"
    ),
}
_DEADLINES: dict[Language, list[tuple[re.Pattern[str], Deadline]]] = {
    "en": [
        (re.compile(r"before (?:the )?end of (?P<rest>.+)"), "before_end"),
        (re.compile(r"(?:by|no later than|not later than) (?P<rest>.+)"), "by"),
        (re.compile(r"before (?P<rest>.+)"), "before"),
    ],
    "fr": [
        (re.compile(r"avant (?:la )?fin (?P<rest>.+)"), "before_end"),
        (re.compile(r"(?:d'ici(?: a)?|au plus tard(?: a| en)?) (?P<rest>.+)"), "by"),
        (re.compile(r"avant (?P<rest>.+)"), "before"),
    ],
}
_POSITIONS: dict[Language, list[tuple[re.Pattern[str], Position]]] = {
    "en": [
        (re.compile(r"(?:end|close) of (?P<rest>.+)"), "last"),
        (re.compile(r"year[- ]end (?P<rest>[0-9]{4})"), "last"),
        (re.compile(r"late[- ](?P<rest>.+)"), "last"),
        (re.compile(r"(?:beginning|start) of (?P<rest>.+)"), "first"),
        (re.compile(r"early[- ](?P<rest>.+)"), "first"),
        (re.compile(r"middle of (?P<rest>.+)"), "mid"),
        (re.compile(r"mid[- ]?(?P<rest>.+)"), "mid"),
    ],
    "fr": [
        (re.compile(r"fin (?P<rest>.+)"), "last"),
        (re.compile(r"debut (?P<rest>.+)"), "first"),
        (re.compile(r"milieu (?P<rest>.+)"), "mid"),
        (re.compile(r"mi[- ]?(?P<rest>.+)"), "mid"),
    ],
}


def _strip(words: str, lang: Language) -> str:
    """Drop the prepositions and articles around a date: 'au deuxième semestre 2023', 'in the first half of 2024'."""
    filler = _FILLERS[lang]
    while (match := filler.match(words)) and match.end() < len(words):
        words = words[match.end() :]
    return words


def _take(patterns: list[tuple[re.Pattern[str], _M]], words: str, lang: Language) -> tuple[_M | None, str]:
    """The meaning of the first pattern the words match whole, and the words it leaves; else none and the words."""
    for pattern, meaning in patterns:
        match = pattern.fullmatch(words)
        if match:
            return meaning, _strip(match["rest"], lang)
    return None, words


_EN_MONTHS = [
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
]  # fmt: skip
_FR_MONTHS = [
    "janvier", "fevrier", "mars", "avril", "mai", "juin",
    "juillet", "aout", "septembre", "octobre", "novembre", "decembre",
]  # fmt: skip
_EN_SHORT = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10}
_EN_SHORT |= {"nov": 11, "dec": 12}
_FR_SHORT = {"janv": 1, "fevr": 2, "fev": 2, "avr": 4, "juil": 7, "sept": 9, "oct": 10, "nov": 11, "dec": 12}
_MONTH_NUMBERS: dict[Language, dict[str, int]] = {
    "en": {name: i + 1 for i, name in enumerate(_EN_MONTHS)} | _EN_SHORT,
    "fr": {name: i + 1 for i, name in enumerate(_FR_MONTHS)} | _FR_SHORT,
}
_ORDINALS: dict[Language, dict[str, int]] = {
    "en": {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4},
    "fr": {
        "premier": 1, "1er": 1, "1e": 1, "deuxieme": 2, "second": 2, "2nd": 2, "2e": 2, "2eme": 2,
        "troisieme": 3, "3e": 3, "3eme": 3, "quatrieme": 4, "4e": 4, "4eme": 4,
    },
}  # fmt: skip
_LAST: dict[Language, tuple[str, ...]] = {"en": ("last", "final", "latter"), "fr": ("dernier",)}


def _alternation(names: object) -> str:
    return "|".join(sorted(map(re.escape, names), key=len, reverse=True))  # type: ignore[call-overload]


def _coded(letter: str, digit: str) -> tuple[str, ...]:
    """'H2 2023', '2023 H2', '2023-H2' and '2H 2023' (S for semestre, T for trimestre in French)."""
    n = f"(?P<n>{digit})"
    return (f"{letter}{n} {_YEAR}", f"{_YEAR}[- ]{letter}{n}", f"{n}{letter} {_YEAR}")


def _patterns(lang: Language) -> list[tuple[re.Pattern[str], Callable[[re.Match[str]], _Period]]]:
    months = _alternation(_MONTH_NUMBERS[lang])
    ordinal = f"(?P<ord>{_alternation([*_ORDINALS[lang], *_LAST[lang]])})"
    month = rf"(?P<month>{months})\.?"
    day = r"(?P<day>[0-9]{1,2})"

    def with_ordinal(kind: Kind, count: int) -> Callable[[re.Match[str]], _Period]:
        def make(match: re.Match[str]) -> _Period:
            word = match["ord"]
            index = count if word in _LAST[lang] else _ORDINALS[lang][word]
            if index > count:
                raise _NotRead  # "third half"
            return _Period(kind, int(match["year"]), index)

        return make

    def coded(kind: Kind) -> Callable[[re.Match[str]], _Period]:
        return lambda match: _Period(kind, int(match["year"]), int(match["n"]))

    def calendar(match: re.Match[str]) -> _Period:
        number = _MONTH_NUMBERS[lang][match["month"]]
        if match.groupdict().get("day"):
            return _Period("day", int(match["year"]), number, int(match["day"]))
        return _Period("month", int(match["year"]), number)

    # Codes read in either language: H2 2023, 2023 H2, 2H 2023; Q1 2027, 2027-Q1, 1Q 2027.
    codes: list[tuple[str, Callable[[re.Match[str]], _Period]]] = [
        *((pattern, coded("half")) for pattern in _coded("h", "[12]")),
        *((pattern, coded("quarter")) for pattern in _coded("q", "[1-4]")),
    ]
    if lang == "en":
        spelled = [
            (rf"{ordinal} half(?: of)? {_YEAR}", with_ordinal("half", 2)),
            (rf"{ordinal} quarter(?: of)? {_YEAR}", with_ordinal("quarter", 4)),
            (rf"{month} {day}(?:st|nd|rd|th)?,? {_YEAR}", calendar),
            (rf"(?:the )?{day}(?:st|nd|rd|th)?(?: of)? {month},? {_YEAR}", calendar),
            (rf"{month}(?: of)? {_YEAR}", calendar),
            (rf"(?:the )?(?:year )?{_YEAR}", lambda match: _Period("year", int(match["year"]))),
        ]
    else:
        spelled = [
            *((pattern, coded("half")) for pattern in _coded("s", "[12]")),
            *((pattern, coded("quarter")) for pattern in _coded("t", "[1-4]")),
            (rf"{ordinal} semestre (?:de |d')?(?:l'annee )?{_YEAR}", with_ordinal("half", 2)),
            (rf"{ordinal} trimestre (?:de |d')?(?:l'annee )?{_YEAR}", with_ordinal("quarter", 4)),
            (rf"(?:le )?(?:(?P<day>[0-9]{{1,2}})(?:er)?) {month} (?:de |d')?{_YEAR}", calendar),
            (rf"(?:le mois de )?{month} (?:de |d')?{_YEAR}", calendar),
            (rf"(?:l'annee |annee )?{_YEAR}", lambda match: _Period("year", int(match["year"]))),
        ]
    return [(re.compile(pattern), make) for pattern, make in (*codes, *spelled)]


_PERIODS = {lang: _patterns(lang) for lang in ("en", "fr")}


def _period(words: str, lang: Language) -> _Period:
    for pattern, make in _PERIODS[lang]:
        match = pattern.fullmatch(words)
        if match:
            return make(match)
    raise _NotRead
