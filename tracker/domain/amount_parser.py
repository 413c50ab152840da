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
* Numbers may be written in words where that is unambiguous: the cardinals
  one to ninety-nine and "a"/"one".."nine" "hundred" ["and" ...] in English
  ("thirty billion", "a hundred million", "two hundred and fifty million",
  "a billion" with "a"/"an" only before a scale word), "un" to
  "quatre-vingt-dix-neuf" (also "septante", "huitante", "nonante") and
  "cent", "deux cents", "deux cent cinquante" in French ("un milliard", "trente
  milliards", "cent millions"); hyphens or spaces between the parts. A number
  in words must come before a scale word or a currency ("deux milliards",
  "ten dollars"): "deux tranches" or "un accord" is refused, and so is "un
  milliard et demi" (write 1,5 milliard).
* Vague amounts are ranges (see tracker.domain.amounts for the widths):
  "tens of billions", "des centaines de millions", "millions" span one power of
  ten; "a few" / "quelques" is 2 to 5 and "several" / "plusieurs" 3 to 9 times
  the scale, which may be "hundred" / "centaines de" or "tens of" / "dizaines
  de" a spelled-out million or more: "a few billion", "several hundred
  million", "quelques milliards", "plusieurs dizaines de milliards". They
  render back in words ("several billion dollars").
* Qualifiers come before ("up to", "environ", "plus de", "~") or at the very end
  ("+", "or more", "at least", "about", "environ", "au moins", "ou plus"), once:
  up to ("up to", "as much as", "jusqu'à"); at most ("at most", "no more
  than", "au plus", "au maximum", "pas plus de"; after: "or less", "maximum",
  "ou moins"); less than ("less than", "under", "below", "nothing like",
  "moins de"); at least ("at least", "more than", "over", "plus de", "au
  moins"; after: "+", "or more", "ou plus"); about ("about", "some", "environ",
  "près de", "quelque").
  Ranges are "N-M scale", "N to M scale", "N à M", "between N and M",
  "from N to M", "entre N et M", "de N à M"; a missing first scale is the second's.
* A price per share ends with "a share", "per share", "/share" (English) or
  "par action", "l'action", "/action" (French): "$54.20 a share", "US$54.20/share",
  "54,20 dollars par action", "12 € par action". It is money (it needs a
  currency, or the report's default one), ``per="share"``, never a total.
* Qualifiers, range words and the "de"/"d'"/"of" before a currency or unit
  are read per language too: "1 billion de dollars" in an English report is
  refused (and the error says it reads as French), not read as 10^9. In a
  French report "billion"/"trillion" must take "de" and no currency before
  the number: "20 billion dollars" and "$20 billion" are English usage (10^9),
  a thousand times less than the French reading, and are refused.
* Without a currency the words left are the unit ("10 GW", "17 %", "des
  millions de processeurs"): letters only, or "%"; a unit holding a currency
  name or symbol is refused.
* Every number is within the limits tracker.domain.amounts sets for every
  amount (finite, at most 10^16, at most 12 decimal places).
* A report's term is an amount read here or one of the words of
  tracker.domain.term_words.TERM_WORDS ("equity stake", "cash and stock",
  "non divulgué"). Text that mentions a figure (``mentions_a_figure``: a digit,
  a currency, a number or scale word) and does not read is refused with this
  parser's reason; any other text is refused as not a listed word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, lru_cache
from typing import NoReturn

from tracker.domain.amounts import VAGUE_SPANS, InvalidAmount, Money, Qualifier, Quantity, Vague
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
        Qualifier.UP_TO: ("up to", "as much as"),
        Qualifier.AT_MOST: ("no more than", "not more than", "at most", "at the most"),
        Qualifier.LESS_THAN: ("less than", "fewer than", "under", "below", "nothing like"),
        Qualifier.AT_LEAST: ("at least", "no less than", "not less than", "more than", "over", "upwards of"),
        Qualifier.ABOUT: ("about", "around", "approximately", "roughly", "nearly", "almost", "some", "~", "c."),
    },
    "fr": {
        Qualifier.UP_TO: ("jusqu'à", "jusqu'a"),
        Qualifier.AT_MOST: ("tout au plus", "au plus", "au maximum", "pas plus de", "pas plus d'"),
        Qualifier.LESS_THAN: ("moins de", "moins d'"),
        Qualifier.AT_LEAST: ("au moins", "pas moins de", "pas moins d'", "plus de", "plus d'", "au minimum"),
        Qualifier.ABOUT: ("environ", "près de", "pres de", "quelque", "quelques", "autour de", "~"),
    },
}
_QUALIFIERS_AFTER = {
    "en": {
        Qualifier.AT_LEAST: ("+", "or more", "and more", "at least", "minimum"),
        Qualifier.AT_MOST: ("or less", "at most", "at the most", "maximum"),
        Qualifier.ABOUT: ("about", "approximately", "roughly", "or so"),
    },
    "fr": {
        Qualifier.AT_LEAST: ("+", "ou plus", "et plus", "au moins", "au minimum", "minimum"),
        Qualifier.AT_MOST: ("ou moins", "tout au plus", "au plus", "au maximum", "maximum"),
        Qualifier.ABOUT: ("environ",),
    },
}
_FEW = {
    "en": {"a few": Vague.A_FEW, "several": Vague.SEVERAL},
    "fr": {"quelques": Vague.A_FEW, "plusieurs": Vague.SEVERAL},
}
_FEW_TIMES = {  # between "several" and the scale word: how many powers of ten more
    "en": {"tens of": 1, "hundred": 2, "hundreds of": 2},
    "fr": {"dizaines de": 1, "dizaines d'": 1, "centaines de": 2, "centaines d'": 2},
}
_PER = {"en": ("a share", "per share", "/share", "/ share"), "fr": ("par action", "l'action", "/action", "/ action")}
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
    return _alternation(tuple(phrases))


@cache
def _compiled(pattern: str, flags: int) -> re.Pattern[str]:
    return re.compile(pattern, flags)


@cache
def _longest_first(phrases: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(phrases, key=len, reverse=True))


@cache
def _alternation(phrases: tuple[str, ...]) -> str:
    """Worked out once per list of phrases: reading an amount asks for the same dozen alternations each time."""
    return "|".join(re.escape(p) + (r"(?![^\W\d_])" if p[-1].isalpha() else "") for p in _longest_first(phrases))


_TRAILING_ENDINGS = {lang: tuple(p for ps in by.values() for p in ps) for lang, by in _QUALIFIERS_AFTER.items()}
_TRAILING_PHRASES = {lang: _phrases(p for ps in by.values() for p in ps) for lang, by in _QUALIFIERS_AFTER.items()}
_CURRENCY_PATTERN = re.compile(_phrases(_CURRENCY_BY_WORD), re.IGNORECASE)
_ISO_CODE = re.compile(r"[A-Z]{3}(?![^\W\d_])")

# --- numbers in words: 'deux milliards', 'a hundred million', 'thirty billion' -----------------

_EN_ONES = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_EN_TEENS = (
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
)
_EN_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_FR_ONES = ("un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf")
_FR_TEENS = ("dix", "onze", "douze", "treize", "quatorze", "quinze", "seize", "dix-sept", "dix-huit", "dix-neuf")
_FR_TENS = ("vingt", "trente", "quarante", "cinquante", "soixante", "septante", "huitante", "nonante")


def _english_cardinals() -> dict[str, int]:
    """'one' .. 'ninety-nine', hyphens standing for a hyphen or a space."""
    words = {w: i + 1 for i, w in enumerate(_EN_ONES)} | {w: i + 10 for i, w in enumerate(_EN_TEENS)}
    for i, tens in enumerate(_EN_TENS):
        words[tens] = 20 + 10 * i
        words.update({f"{tens}-{one}": 21 + 10 * i + j for j, one in enumerate(_EN_ONES)})
    return words


def _french_cardinals() -> dict[str, int]:
    """'un' .. 'quatre-vingt-dix-neuf' (and the Belgian and Swiss 'septante', 'huitante', 'nonante')."""
    words = {w: i + 1 for i, w in enumerate(_FR_ONES)} | {w: i + 10 for i, w in enumerate(_FR_TEENS)}
    for i, tens in enumerate(_FR_TENS):
        words[tens] = 20 + 10 * i
        words[f"{tens}-et-un"] = 21 + 10 * i
        words.update({f"{tens}-{one}": 21 + 10 * i + j for j, one in enumerate(_FR_ONES) if j})
    for j, teen in enumerate(_FR_TEENS):  # soixante-dix .. soixante-dix-neuf, quatre-vingt-dix .. -dix-neuf
        words[f"soixante-{teen}"] = 70 + j
        words[f"quatre-vingt-{teen}"] = 90 + j
    words["soixante-et-onze"] = 71
    words["quatre-vingt"] = words["quatre-vingts"] = 80
    words.update({f"quatre-vingt-{one}": 81 + j for j, one in enumerate(_FR_ONES)})
    return words


_CARDINALS = {"en": _english_cardinals(), "fr": _french_cardinals()}
_HUNDREDS = {"en": r"(?:(?P<times>an?|%s)[ -]hundred)", "fr": r"(?:(?:(?P<times>%s)[ -])?cents?)"}
_HUNDRED_LINK = {"en": r"(?:[ -]and)?[ -]", "fr": r"[ -]"}


def _words_pattern(phrases: Iterable[str]) -> str:
    """Like _phrases, a hyphen in a phrase matching a hyphen or a space."""
    ordered = sorted(phrases, key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\-", "[ -]") + r"(?![^\W\d_])" for p in ordered)


def _number_words(lang: str) -> re.Pattern[str]:
    """'thirty', 'a hundred', 'two hundred and fifty', 'deux cent cinquante', 'quatre-vingt-dix';
    'a'/'an' alone only right before a scale word ('a billion')."""
    below = _words_pattern(_CARDINALS[lang])
    times = _words_pattern(_EN_ONES if lang == "en" else _FR_ONES[1:])
    hundreds = _HUNDREDS[lang] % times
    article = (
        r"(?P<article>an?)(?= (?:thousand|million|billion|trillion)s?(?![^\W\d_]))"
        if lang == "en"
        else "(?P<article>(?!))"
    )
    return re.compile(
        rf"(?:{hundreds}(?:{_HUNDRED_LINK[lang]}(?P<rest>{below}))?(?![^\W\d_])|(?P<alone>{below})|{article})",
        re.IGNORECASE,
    )


_NUMBER_WORDS = {lang: _number_words(lang) for lang in ("en", "fr")}


def _words_value(match: re.Match[str], lang: str) -> Decimal:
    def cardinal(text: str | None) -> int:
        return _CARDINALS[lang][re.sub(r"[ -]+", "-", text.lower())] if text else 0

    if match.group("article") or match.group("alone"):
        return Decimal(cardinal(match.group("alone")) or 1)
    times = (match.group("times") or "").lower()
    return Decimal(100 * (1 if times in ("", "a", "an") else cardinal(times)) + cardinal(match.group("rest")))


def _figure_words() -> frozenset[str]:
    """Words that mean a text was written as an amount: numbers, scales, currencies ('a'/'an'/'un' are articles)."""
    words = {part for lang in _CARDINALS for word in _CARDINALS[lang] for part in word.split("-")} - {"et", "un"}
    words |= {"hundred", "hundreds", "cent", "cents", "dizaines", "centaines"}
    words |= {word for scales in _SCALES.values() for word in scales if len(word) > 1}
    words |= {word for word in _CURRENCY_BY_WORD if word.isalpha() and len(word) > 2}
    return frozenset(words)


_FIGURE_WORDS = _figure_words()
_SPELLED_SCALES = frozenset(word for scales in _SCALES.values() for word in scales if len(word) > 4)


def mentions_a_figure(text: str) -> bool:
    """Whether ``text`` was meant as an amount: a digit, a currency symbol, or a number, scale or currency word.

    Such a text that does not read is refused with the parser's reason, never taken as a term in words.
    """
    if any(ch.isdigit() or ch in "$€£¥" for ch in text):
        return True
    return any(word in _FIGURE_WORDS for word in re.findall(r"[^\W\d_]+", text.lower()))


@dataclass(frozen=True)
class _Figure:
    """One number as written: '$20', '30 milliards', '10+'."""

    number: Decimal
    exponent: int | None
    currency: str | None
    plus: bool
    words: bool = False  # 'deux milliards', not '2 milliards'
    scale_word: str | None = None

    def scaled(self, exponent: int | None = None) -> Decimal:
        return self.number.scaleb(self.exponent if self.exponent is not None else exponent or 0)


@dataclass
class _Reader:
    """What is left to read of one amount; every refusal quotes the whole original text."""

    rest: str
    lang: str
    original: str
    linked: bool = False  # whether the currency or unit after the figure came after 'de'/'of'

    def take(self, pattern: str | re.Pattern[str], flags: int = re.IGNORECASE) -> re.Match[str] | None:
        """Consume ``pattern`` at the start, and the spaces after it."""
        match = (_compiled(pattern, flags) if isinstance(pattern, str) else pattern).match(self.rest)
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
        if not self.rest.lower().endswith(_TRAILING_ENDINGS[self.lang]):  # as most amounts: no phrase to look for
            return None
        for qualifier, phrases in _QUALIFIERS_AFTER[self.lang].items():
            for phrase in _longest_first(phrases):
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
        """Whether a number (in digits or words) or a currency written before one comes next."""
        code = _ISO_CODE.match(self.rest)
        return bool(
            re.match(_NUMBER_RUN, self.rest)
            or _NUMBER_WORDS[self.lang].match(self.rest)
            or _CURRENCY_PATTERN.match(self.rest)
            or (code and code.group(0) in ISO_4217)
        )

    def take_currency_after(self) -> str | None:
        """'dollars', 'de dollars', 'd'euros', 'of euros', 'USD', '$' after the number and scale."""
        saved = self.rest
        linked = self.take(_phrases(_LINKS[self.lang])) is not None
        currency = self.take_currency()
        if currency is None:
            self.rest = saved
        else:
            self.linked = linked
        return currency

    def take_few(self) -> tuple[Vague, int] | None:
        """'a few billion', 'several hundred million', 'quelques milliards', 'plusieurs dizaines de milliards':
        the vague word and the power of ten it counts in; None (and nothing read) if this is not one."""
        saved = self.rest
        few = self.take(rf"(?:{_phrases(_FEW[self.lang])})(?=\s)")
        times = self.take(rf"(?:{_phrases(_FEW_TIMES[self.lang])})(?=\s)") if few else None
        scale = self.take_scale() if few else None
        if few is None or scale is None or len(scale[0]) < 5 or scale[1] < 6:
            self.rest = saved
            return None
        extra = _FEW_TIMES[self.lang][times.group(0).lower()] if times else 0
        return _FEW[self.lang][few.group(0).lower()], scale[1] + extra

    def take_per(self) -> str | None:
        """'a share', 'per share', '/share', 'par action', 'l'action' as all that is left: a price per share."""
        if re.fullmatch(_phrases(_PER[self.lang]), self.rest, re.IGNORECASE):
            self.rest = ""
            return "share"
        return None

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
        self.linked = self.take(_phrases(_LINKS[self.lang])) is not None
        if not _is_unit(self.rest, self.lang):
            self.fail(f"did not understand {self.rest!r}")
        unit, self.rest = self.rest.lower(), ""
        return _UNIT_SPELLINGS.get(unit, unit)


def _is_unit(words: str, lang: str) -> bool:
    """Letters or '%', and nothing that would read differently once rendered: no currency, no scale
    word in front or a spelled-out one anywhere ('cinq cents millions'), no number word in front, no
    qualifier at the end, no 'de'/'of' in front: of the other language it is a mislabelled report, of
    its own a second one ('20 of of processors') that the rendering would drop."""
    first = words.split(" ")[0].lower()
    return bool(
        re.fullmatch(_UNIT, words)
        and first not in _SCALES["en"]
        and first not in _SCALES["fr"]
        and not _NUMBER_WORDS["en"].match(words)
        and not _NUMBER_WORDS["fr"].match(words)
        and not any(word in _SPELLED_SCALES for word in re.findall(r"[^\W\d_]+", words.lower()))
        and not re.match(_phrases((*_LINKS["en"], *_LINKS["fr"])), words, re.IGNORECASE)
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
        amount = _parsed(text, lang, currency)
    except InvalidAmount as error:
        raise InvalidAmount(f"{error}{_language_hint(text, lang, currency)}") from None
    if isinstance(amount, Quantity) and amount.unit == "":
        raise InvalidAmount(f"{text!r} has neither a currency nor a unit")
    return amount


@lru_cache(maxsize=8192)
def _parsed(text: str, lang: str, currency: str | None) -> Money | Quantity:
    """Amounts are immutable values and a deal's reports repeat the same figures: each text is read once.

    Reading one takes about 14 µs (a dozen patterns tried in turn), some 7% of an
    ingest on the benchmark's feed; a refusal is not kept and is read again.
    """
    return _parse(text, lang, currency)


def _language_hint(text: str, lang: str, currency: str | None) -> str:
    """A refused amount that reads fine in the other language most likely carries the wrong language tag."""
    other = _OTHER[lang]
    try:
        _parse(text, other, currency)
    except InvalidAmount:
        return ""
    return f" (it reads as {_LANGUAGE_NAMES[other]}: is the language {other}?)"


def _parse(text: str, lang: str, default_currency: str | None = None) -> Money | Quantity:
    reader = _Reader(_clean(text), lang, text)
    if not reader.rest:
        reader.fail(f"empty: expected an amount like {_EXAMPLES[lang]}")
    after = reader.take_qualifier_after()
    few = reader.take_few()
    before = None if few else reader.take_qualifier_before()
    opener = None if few else reader.take(rf"(?:{_phrases(_RANGE_OPENERS[lang])})(?=\s)")
    vague = None
    if few:
        (vague, exponent), figures = few, []
        low, high = (Decimal(n).scaleb(exponent) for n in VAGUE_SPANS[vague])
        numbers = {"low": low, "high": high}
    elif opener or reader.at_figure():
        figures = _read_figures(reader, opener.group(0).lower() if opener else None)
        numbers = _figure_numbers(reader, figures)
    else:
        figures, numbers = [], _read_vague(reader)
    currency = _one_currency(reader, [f.currency for f in figures] + [reader.take_currency_after()])
    per = reader.take_per()
    if currency and reader.rest:
        reader.fail(f"did not understand {reader.rest!r}")
    unit = "" if currency or per or not reader.rest else reader.take_unit()
    _refuse_english_order(reader, figures, currency, unit)
    if unit and figures and figures[-1].exponent is None and any(f.words for f in figures):
        reader.fail(
            "a number in words is read only before a scale word or a currency ('deux milliards', 'ten dollars'), "
            f"not before {unit!r}: write the number in digits"
        )
    currency = currency or (None if unit else default_currency)
    if per and not currency:
        reader.fail(f"a price per {per} needs a currency, e.g. {_PER_EXAMPLES[lang]}")
    qualifier = _one_qualifier(reader, [before, after, *(Qualifier.AT_LEAST for f in figures if f.plus)], numbers)
    return _build(reader, qualifier, currency, unit, numbers, vague=vague, per=per)


_PER_EXAMPLES = {"en": "'$54.20 a share'", "fr": "'54,20 euros par action'"}
_SCALE_IN_BOTH = frozenset(w for w, e in _SCALES["fr"].items() if w in _SCALES["en"] and _SCALES["en"][w] != e)


def _refuse_english_order(reader: _Reader, figures: list[_Figure], currency: str | None, unit: str) -> None:
    """In French 'billion' is 10^12 and takes 'de' ('1,4 billion de dollars'); '20 billion dollars' and '$20 billion'
    are English, where it is 10^9. Read as French they would be a thousand times too large, so they are refused."""
    if reader.lang != "fr":
        return
    for figure in figures:
        word = figure.scale_word
        if word not in _SCALE_IN_BOTH:
            continue
        if figure.currency or ((currency or unit) and not reader.linked):
            usage = (
                "a currency before the number" if figure.currency else f"{word!r} without 'de' before what it counts"
            )
            reader.fail(
                f"{usage} is English usage, where {word!r} is 10^{_SCALES['en'][word]}; in French it is "
                f"10^{_SCALES['fr'][word]} and takes 'de' ('1,4 billion de dollars'): write it so or set language: en"
            )


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
    words = None if match else reader.take(_NUMBER_WORDS[reader.lang])
    if match is None and words is None:
        reader.fail(f"expected a number at {reader.rest!r}" if reader.rest else "expected a number at the end")
    number = _read_number(match.group(0), reader) if match else _words_value(words, reader.lang)  # type: ignore[arg-type]
    plus = reader.take(r"\+") is not None
    scale = reader.take_scale()
    plus = reader.take(r"\+") is not None or plus
    exponent, scale_word = (scale[1], scale[0]) if scale else (None, None)
    return _Figure(number, exponent, currency, plus, words=words is not None, scale_word=scale_word)


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
        reader.fail(
            "two qualifiers: an amount is one of exactly, about, up to, at most, less than, at least, or a range"
        )
    if "low" in numbers:
        if said:
            reader.fail(f"a range cannot also be {said[0].value.replace('_', ' ')!r}")
        return Qualifier.RANGE
    return said[0] if said else Qualifier.EXACTLY


def _build(
    reader: _Reader,
    qualifier: Qualifier,
    currency: str | None,
    unit: str,
    numbers: dict[str, Decimal],
    *,
    vague: Vague | None,
    per: str | None,
) -> Money | Quantity:
    try:
        if currency:
            return Money(qualifier=qualifier, currency=currency, vague=vague, per=per, **numbers)
        return Quantity(qualifier=qualifier, unit=unit, vague=vague, **numbers)
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
