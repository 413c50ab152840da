"""Amounts read from text in the report's language: "jusqu'à 100 milliards de dollars", "up to $10-20bn".

Text is parsed per language because "billion" means 10^9 in English and 10^12
in French ("1,4 billion de dollars" is 1.4e12, "30 milliards" is 3e10), and
vague plurals ("des dizaines de milliards", "tens of billions") become ranges,
never a made-up number.

Reading is strict: every character must be understood, or the amount is
refused with InvalidAmount saying what was not. The rules:

* Numbers follow the report's language. English: "." marks decimals and ","
  groups thousands by three (1,234.5). French: "," marks decimals and a space,
  no-break space, narrow no-break space or "." groups thousands by three
  (1 234,5 or 1.234,5). Anything else ("1,5" in English, "3.5" in French,
  "1 000" in English, "10 00") is refused rather than guessed.
* Scale words are read per language. A word that is a scale only in the other
  language is refused, because it means the report's language is probably
  wrong, and then its "billion" would be read 1000 times off:
  in English reports "mille", "milliard(s)", "md(s)", "mrd(s)", "billiard(s)";
  in French reports "thousand(s)", "mn", "mln", "bn", "bln", "b", "tn", "trn", "t"
  (so "10 t" for tonnes must be spelled "10 tonnes"). "k", "m", "million(s)"
  mean the same in both; "billion" and "trillion" are read per language.
* The currency sits next to the figure: a symbol or code before the number
  ($, US$, C$, €, EUR, any upper-case ISO 4217 code) and/or a name, symbol or
  code right after the number and scale ("de dollars", "d'euros", "USD", "M$").
  Written twice it must be the same currency; "¥" is the yen.
* Qualifiers come before ("up to", "environ", "plus de", "~") or at the very end
  ("+", "or more", "at least", "about", "environ", "au moins", "ou plus"), once.
  Ranges are "N-M scale", "N to M scale", "N à M", "between N and M",
  "from N to M", "entre N et M", "de N à M"; a missing first scale is the second's.
* Qualifiers, range words and the "de"/"d'"/"of" before a currency or unit
  are read per language too: "1 billion de dollars" in an English report is
  refused (and the error says it reads as French), not read as 10^9.
* Without a currency the words left are the unit ("10 GW", "17 %", "des
  millions de processeurs"): letters only, or "%"; a unit holding a currency
  name or symbol is refused.
* Every number is within the limits tracker.domain.amounts sets for every
  amount (finite, at most 10^16, at most 12 decimal places).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import NoReturn

from tracker.domain.amounts import InvalidAmount, Money, Qualifier, Quantity
from tracker.domain.currencies import ISO_4217

_OTHER = {"en": "fr", "fr": "en"}
_LANGUAGE_NAMES = {"en": "English", "fr": "French"}
_ARTICLES = {"en": "an", "fr": "a"}
_SCALES = {
    "en": {
        "thousand": 3,
        "thousands": 3,
        "k": 3,
        "million": 6,
        "millions": 6,
        "m": 6,
        "mn": 6,
        "mln": 6,
        "billion": 9,
        "billions": 9,
        "bn": 9,
        "bln": 9,
        "b": 9,
        "trillion": 12,
        "trillions": 12,
        "tn": 12,
        "trn": 12,
        "t": 12,
    },
    "fr": {
        "mille": 3,
        "k": 3,
        "million": 6,
        "millions": 6,
        "m": 6,
        "milliard": 9,
        "milliards": 9,
        "md": 9,
        "mds": 9,
        "mrd": 9,
        "mrds": 9,
        "billion": 12,
        "billions": 12,
        "billiard": 15,
        "billiards": 15,
        "trillion": 18,
        "trillions": 18,
    },
}
_VAGUE_SCALES = frozenset({"millions", "billions", "trillions", "milliards", "billiards"})
_VAGUE_PREFIXES = {
    "en": {"tens of": 1, "hundreds of": 2},
    "fr": {"des dizaines de": 1, "dizaines de": 1, "des centaines de": 2, "centaines de": 2, "des": 0},
}
_QUALIFIERS_BEFORE = {
    "en": {
        Qualifier.UP_TO: ("up to", "as much as", "no more than", "at most"),
        Qualifier.AT_LEAST: ("at least", "more than", "over", "upwards of"),
        Qualifier.ABOUT: ("about", "around", "approximately", "roughly", "nearly", "almost", "some", "~", "c."),
    },
    "fr": {
        Qualifier.UP_TO: ("jusqu'à", "jusqu'a", "au plus", "au maximum"),
        Qualifier.AT_LEAST: ("au moins", "plus de", "plus d'", "au minimum"),
        Qualifier.ABOUT: ("environ", "près de", "pres de", "quelque", "quelques", "autour de", "~"),
    },
}
_QUALIFIERS_AFTER = {
    "en": {
        Qualifier.AT_LEAST: ("+", "or more", "and more", "at least", "minimum"),
        Qualifier.UP_TO: ("or less", "at most", "maximum"),
        Qualifier.ABOUT: ("about", "approximately", "roughly", "or so"),
    },
    "fr": {
        Qualifier.AT_LEAST: ("+", "ou plus", "et plus", "au moins", "au minimum", "minimum"),
        Qualifier.UP_TO: ("ou moins", "au plus", "au maximum", "maximum"),
        Qualifier.ABOUT: ("environ",),
    },
}
_RANGE_OPENERS = {"en": {"between": "and", "from": "to"}, "fr": {"entre": "et", "de": "à"}}
_RANGE_DASHES = {"en": ("-", "–", "—", "to"), "fr": ("-", "–", "—", "à")}
_LINKS = {"en": ("of ",), "fr": ("de ", "d'", "des ")}
_CURRENCY_WORDS = (
    ("USD", ("us$", "$", "usd", "dollars américains", "dollars us", "us dollars", "dollars", "dollar")),
    ("CAD", ("c$", "ca$", "dollars canadiens", "dollar canadien", "canadian dollars", "canadian dollar")),
    ("AUD", ("a$", "au$", "dollars australiens", "dollar australien", "australian dollars", "australian dollar")),
    ("HKD", ("hk$", "dollars de hong kong", "hong kong dollars")),
    ("EUR", ("eur", "€", "euros", "euro")),
    ("GBP", ("gbp", "£", "livres sterling", "livre sterling", "pounds sterling", "pounds", "pound")),
    ("JPY", ("jpy", "¥", "yens", "yen")),
    ("CHF", ("chf", "francs suisses", "franc suisse", "swiss francs", "swiss franc")),
    ("CNY", ("cny", "rmb", "yuans", "yuan", "renminbi")),
)
_CURRENCY_BY_WORD = {word: code for code, words in _CURRENCY_WORDS for word in words}
_UNIT_SPELLINGS = {
    "gw": "GW",
    "gigawatt": "GW",
    "gigawatts": "GW",
    "mw": "MW",
    "megawatts": "MW",
    "mégawatts": "MW",
    "processeurs": "processors",
    "puces": "chips",
}
_UNIT = r"%|[^\W\d_]+(?:[ '\-/][^\W\d_]+)*"
_NUMBER_RUN = r"[0-9](?:[0-9.,' ]*[0-9])?"
_NUMBER_FORMS = {
    "en": re.compile(r"(?:0|[1-9][0-9]{0,2}(?:,[0-9]{3})+|[1-9][0-9]*)(?:\.[0-9]+)?"),
    "fr": re.compile(r"(?:0|[1-9][0-9]{0,2}(?:(?: [0-9]{3})+|(?:\.[0-9]{3})+)|[1-9][0-9]*)(?:,[0-9]+)?"),
}
_MAX_DIGITS = 28
_EXAMPLES = {"en": "'$100 billion', 'up to $10-20bn'", "fr": "'30 milliards de dollars', 'jusqu'à 1,4 billion d'euros'"}


def _phrases(phrases: Iterable[str]) -> str:
    """A regex alternation, longest first, where a phrase ending in a letter must end a word."""
    ordered = sorted(phrases, key=len, reverse=True)
    return "|".join(re.escape(p) + (r"(?![^\W\d_])" if p[-1].isalpha() else "") for p in ordered)


_TRAILING_PHRASES = {lang: _phrases(p for ps in by.values() for p in ps) for lang, by in _QUALIFIERS_AFTER.items()}
_CURRENCY_PATTERN = re.compile(_phrases(_CURRENCY_BY_WORD), re.IGNORECASE)
_ISO_CODE = re.compile(r"[A-Z]{3}(?![^\W\d_])")


@dataclass(frozen=True)
class _Figure:
    """One number as written: '$20', '30 milliards', '10+'."""

    number: Decimal
    exponent: int | None
    currency: str | None
    plus: bool

    def scaled(self, exponent: int | None = None) -> Decimal:
        return self.number.scaleb(self.exponent if self.exponent is not None else exponent or 0)


@dataclass
class _Reader:
    """What is left to read of one amount; every refusal quotes the whole original text."""

    rest: str
    lang: str
    original: str

    def take(self, pattern: str | re.Pattern[str], flags: int = re.IGNORECASE) -> re.Match[str] | None:
        """Consume ``pattern`` at the start, and the spaces after it."""
        match = re.match(pattern, self.rest, flags) if isinstance(pattern, str) else pattern.match(self.rest)
        if match:
            self.rest = self.rest[match.end() :].lstrip()
        return match

    def fail(self, why: str) -> NoReturn:
        raise InvalidAmount(f"{self.original!r}: {why}")

    def take_qualifier_before(self) -> Qualifier | None:
        for qualifier, phrases in _QUALIFIERS_BEFORE[self.lang].items():
            if self.take(_phrases(phrases)):
                return qualifier
        return None

    def take_qualifier_after(self) -> Qualifier | None:
        """'or more', 'environ', '+' at the very end; a comma before them is fine."""
        for qualifier, phrases in _QUALIFIERS_AFTER[self.lang].items():
            for phrase in sorted(phrases, key=len, reverse=True):
                head, tail = self.rest[: -len(phrase)], self.rest[-len(phrase) :]
                if tail.lower() == phrase and (phrase == "+" or head.endswith((" ", ","))):
                    self.rest = head.rstrip(" ,")
                    return qualifier
        return None

    def take_currency(self) -> str | None:
        """A currency symbol, name or code right here; ISO codes only in capitals ('CUP' yes, 'cup' no)."""
        match = _CURRENCY_PATTERN.match(self.rest)
        if match:
            self.take(_CURRENCY_PATTERN)
            return _CURRENCY_BY_WORD[match.group(0).lower()]
        code = _ISO_CODE.match(self.rest)
        if code and code.group(0) in ISO_4217:
            self.take(_ISO_CODE)
            return code.group(0)
        return None

    def at_figure(self) -> bool:
        """Whether a number or a currency written before one comes next."""
        code = _ISO_CODE.match(self.rest)
        return bool(
            re.match(_NUMBER_RUN, self.rest)
            or _CURRENCY_PATTERN.match(self.rest)
            or (code and code.group(0) in ISO_4217)
        )

    def take_currency_after(self) -> str | None:
        """'dollars', 'de dollars', 'd'euros', 'of euros', 'USD', '$' after the number and scale."""
        saved = self.rest
        self.take(_phrases(_LINKS[self.lang]))
        currency = self.take_currency()
        if currency is None:
            self.rest = saved
        return currency

    def take_scale(self) -> tuple[str, int] | None:
        """'billion', 'Md', 'bn.'; a scale word of the other language is refused, not read as a unit."""
        match = re.match(r"([^\W\d_]+)(?:\.(?![^\W\d_]))?", self.rest)
        word = match.group(1).lower() if match else ""
        if match and word in _SCALES[self.lang]:
            self.rest = self.rest[match.end() :].lstrip()
            return word, _SCALES[self.lang][word]
        if word in _SCALES[_OTHER[self.lang]]:
            self.fail(_foreign_scale(word, self.lang))
        return None

    def take_unit(self) -> str:
        """The words left once number, scale and currency are read: 'GW', 'de processeurs', '%'."""
        self.take(_phrases(_LINKS[self.lang]))
        if not _is_unit(self.rest, self.lang):
            self.fail(f"did not understand {self.rest!r}")
        unit, self.rest = self.rest.lower(), ""
        return _UNIT_SPELLINGS.get(unit, unit)


def _is_unit(words: str, lang: str) -> bool:
    """Letters or '%', and nothing that would read differently once rendered: no currency, no scale
    word in front, no qualifier at the end, no 'de'/'of' of the other language (a mislabelled report)."""
    first = words.split(" ")[0].lower()
    return bool(
        re.fullmatch(_UNIT, words)
        and first not in _SCALES["en"]
        and first not in _SCALES["fr"]
        and not re.match(_phrases(_LINKS[_OTHER[lang]]), words, re.IGNORECASE)
        and not re.search(rf"(?<![^\W\d_])(?:{_CURRENCY_PATTERN.pattern})", words, re.IGNORECASE)
        and not re.search(rf"(?<![^\W\d_])(?:{_TRAILING_PHRASES[lang]})$", words, re.IGNORECASE)
    )


def _foreign_scale(word: str, lang: str) -> str:
    other, name, other_name = _OTHER[lang], _LANGUAGE_NAMES[lang], _LANGUAGE_NAMES[_OTHER[lang]]
    return (
        f"{word!r} is {_ARTICLES[other]} {other_name} scale word (10^{_SCALES[other][word]}) but this text is read "
        f"as {name}; write the {name} word or set language: {other}"
    )


def parse_amount(text: str, language: str = "en", currency: str | None = None) -> Money | Quantity:
    """Read '$100 billion', 'jusqu'à 100 milliards de dollars', 'des dizaines de
    milliards de dollars', '1,4 billion de dollars', 'au moins 10 gigawatts'.

    With no currency in the text the amount is a Quantity whose unit is the
    remaining words; with neither a currency nor a unit it is money in the
    given default ``currency`` if there is one, else refused. Anything not
    understood is refused (see the module docstring for the rules).
    """
    lang = "fr" if language.lower().startswith("fr") else "en"
    try:
        amount = _parse(text, lang)
    except InvalidAmount as error:
        raise InvalidAmount(f"{error}{_language_hint(text, lang)}") from None
    if isinstance(amount, Quantity) and amount.unit == "" and currency:
        fields = {k: getattr(amount, k) for k in ("qualifier", "value", "low", "high")}
        return Money(currency=currency, **fields)
    if isinstance(amount, Quantity) and amount.unit == "":
        raise InvalidAmount(f"{text!r} has neither a currency nor a unit")
    return amount


def _language_hint(text: str, lang: str) -> str:
    """A refused amount that reads fine in the other language most likely carries the wrong language tag."""
    other = _OTHER[lang]
    try:
        _parse(text, other)
    except InvalidAmount:
        return ""
    return f" (it reads as {_LANGUAGE_NAMES[other]}: is the language {other}?)"


def _parse(text: str, lang: str) -> Money | Quantity:
    reader = _Reader(_clean(text), lang, text)
    if not reader.rest:
        reader.fail(f"empty: expected an amount like {_EXAMPLES[lang]}")
    before = reader.take_qualifier_before()
    after = reader.take_qualifier_after()
    opener = reader.take(rf"(?:{_phrases(_RANGE_OPENERS[lang])})(?=\s)")
    if opener or reader.at_figure():
        figures = _read_figures(reader, opener.group(0).lower() if opener else None)
        numbers = _figure_numbers(reader, figures)
    else:
        figures, numbers = [], _read_vague(reader)
    currency = _one_currency(reader, [f.currency for f in figures] + [reader.take_currency_after()])
    if currency and reader.rest:
        reader.fail(f"did not understand {reader.rest!r}")
    unit = "" if currency or not reader.rest else reader.take_unit()
    qualifier = _one_qualifier(reader, [before, after, *(Qualifier.AT_LEAST for f in figures if f.plus)], numbers)
    return _build(reader, qualifier, currency, unit, numbers)


def _read_figures(reader: _Reader, opener: str | None) -> list[_Figure]:
    """One figure, or two joined by a dash, 'to', 'à', or the opener's 'and'/'et'/'to'/'à'."""
    first = _read_figure(reader)
    if opener:
        closer = _RANGE_OPENERS[reader.lang][opener]
        if not reader.take(_phrases([closer])):
            reader.fail(f"expected {closer!r} after the first number of '{opener} ...'")
    elif not reader.take(_phrases(_RANGE_DASHES[reader.lang])):
        return [first]
    return [first, _read_figure(reader)]


def _read_figure(reader: _Reader) -> _Figure:
    currency = reader.take_currency()
    match = reader.take(_NUMBER_RUN, flags=0)
    if match is None:
        reader.fail(f"expected a number at {reader.rest!r}" if reader.rest else "expected a number at the end")
    number = _read_number(match.group(0), reader)
    plus = reader.take(r"\+") is not None
    scale = reader.take_scale()
    plus = reader.take(r"\+") is not None or plus
    return _Figure(number, scale[1] if scale else None, currency, plus)


def _figure_numbers(reader: _Reader, figures: list[_Figure]) -> dict[str, Decimal]:
    """A point's value, or a range whose first figure borrows the second's scale ('$20-30 billion')."""
    if len(figures) == 1:
        return {"value": figures[0].scaled()}
    first, second = figures
    if first.exponent is not None and second.exponent is None:
        reader.fail("give the scale of the second number too, e.g. '10 billion to 20 billion'")
    return {"low": first.scaled(second.exponent), "high": second.scaled()}


def _read_vague(reader: _Reader) -> dict[str, Decimal]:
    """'des dizaines de milliards', 'tens of billions', 'millions': a range of one order of magnitude."""
    prefixes = _VAGUE_PREFIXES[reader.lang]
    prefix = reader.take(rf"(?:{_phrases(prefixes)})(?=\s)")
    scale = reader.take_scale()
    if scale is None or scale[0] not in _VAGUE_SCALES:
        reader.fail(f"not an amount: expected a number like {_EXAMPLES[reader.lang]}")
    low = Decimal(10) ** (scale[1] + (prefixes[prefix.group(0).lower()] if prefix else 0))
    return {"low": low, "high": low * 10}


def _one_currency(reader: _Reader, mentioned: list[str | None]) -> str | None:
    named = sorted({code for code in mentioned if code})
    if len(named) > 1:
        reader.fail(f"two currencies, {' and '.join(named)}: an amount has one")
    return named[0] if named else None


def _one_qualifier(reader: _Reader, stated: list[Qualifier | None], numbers: dict[str, Decimal]) -> Qualifier:
    said = [q for q in stated if q]
    if len(said) > 1:
        reader.fail("two qualifiers: an amount is one of exactly, about, up to, at least, or a range")
    if "low" in numbers:
        if said:
            reader.fail(f"a range cannot also be {said[0].value.replace('_', ' ')!r}")
        return Qualifier.RANGE
    return said[0] if said else Qualifier.EXACTLY


def _build(
    reader: _Reader, qualifier: Qualifier, currency: str | None, unit: str, numbers: dict[str, Decimal]
) -> Money | Quantity:
    try:
        if currency:
            return Money(qualifier=qualifier, currency=currency, **numbers)
        return Quantity(qualifier=qualifier, unit=unit, **numbers)
    except InvalidAmount as error:
        reader.fail(str(error))


def _clean(text: str) -> str:
    """One kind of apostrophe and single plain spaces (no-break and narrow no-break spaces group French digits)."""
    text = re.sub(r"[\u2019\u2018\u02bc]", "'", text)
    return re.sub(r"\s+", " ", text).strip()


def _read_number(raw: str, reader: _Reader) -> Decimal:
    """English '1,234.5', French '1 234,5' or '1.234,5'; anything else is refused, never guessed."""
    if not _NUMBER_FORMS[reader.lang].fullmatch(raw):
        reader.fail(_number_error(raw, reader.lang))
    if sum(ch.isdigit() for ch in raw.lstrip("0.,")) > _MAX_DIGITS:
        reader.fail(f"{raw!r} has more than {_MAX_DIGITS} digits")
    if reader.lang == "en":
        return Decimal(raw.replace(",", ""))
    return Decimal(raw.replace(" ", "").replace(".", "").replace(",", "."))


def _number_error(raw: str, lang: str) -> str:
    """Name the rule broken, and the fix when there is an obvious one."""
    if lang == "en" and re.fullmatch(r"[0-9]+,(?:[0-9]{1,2}|[0-9]{4,})", raw):
        return f"in English ',' groups thousands by three; write {raw.replace(',', '.')}"
    if lang == "fr" and re.fullmatch(r"[0-9]+\.(?:[0-9]{1,2}|[0-9]{4,})", raw):
        return f"in French ',' marks decimals; write {raw.replace('.', ',')}"
    if lang == "en":
        return f"{raw!r} is not an English number: in English ',' groups thousands by three and '.' marks decimals"
    return f"{raw!r} is not a French number: in French spaces or '.' group thousands by three and ',' marks decimals"
