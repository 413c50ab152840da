"""Money and physical quantities as reported: exact, about, up to, at least, or a range.

Amounts are Decimal. Text is parsed per language because "billion" means
10^9 in English and 10^12 in French ("1,4 billion de dollars" is 1.4e12,
"30 milliards" is 3e10), and vague plurals ("des dizaines de milliards",
"tens of billions") become ranges, never a made-up number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from tracker.domain.currencies import ISO_4217


class InvalidAmount(ValueError):
    """An amount that cannot be read without guessing."""


class Qualifier(StrEnum):
    EXACTLY = "exactly"
    ABOUT = "about"
    UP_TO = "up_to"
    AT_LEAST = "at_least"
    RANGE = "range"


@dataclass(frozen=True, kw_only=True)
class Amount:
    """A number as the news states it. ``value`` for a point, ``low``/``high`` for a range."""

    qualifier: Qualifier
    value: Decimal | None = None
    low: Decimal | None = None
    high: Decimal | None = None

    def __post_init__(self) -> None:
        if self.qualifier is Qualifier.RANGE:
            if self.low is None or self.high is None or self.value is not None:
                raise InvalidAmount("a range needs low and high and no value")
            if not 0 <= self.low <= self.high:
                raise InvalidAmount(f"range {self.low}..{self.high} is empty or negative")
        elif self.value is None or self.low is not None or self.high is not None:
            raise InvalidAmount(f"an amount {self.qualifier.value!r} needs a value, not a range")
        elif self.value < 0:
            raise InvalidAmount(f"amount {self.value} is negative")

    def same_claim(self, other: Amount) -> bool:
        """Equal as statements: 'up to 100B' and '100B' are different claims."""
        return type(self) is type(other) and self.normalized() == other.normalized()

    def normalized(self) -> Amount:
        return replace(
            self,
            value=_norm(self.value),
            low=_norm(self.low),
            high=_norm(self.high),
        )

    def magnitude_text(self, number: str | None = None) -> str:
        if self.qualifier is Qualifier.RANGE:
            assert self.low is not None and self.high is not None
            return vague_range_name(self.low, self.high) or f"{compact(self.low)}–{compact(self.high)}"
        return _QUALIFIER_WORDS[self.qualifier] + (number or compact(self.value or Decimal(0)))


@dataclass(frozen=True, kw_only=True)
class Money(Amount):
    currency: str

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.currency not in ISO_4217:
            raise InvalidAmount(f"{self.currency!r} is not an ISO 4217 currency code")

    def human(self) -> str:
        """'up to $100B', 'about €30M', 'tens of billions of dollars'."""
        if self.qualifier is Qualifier.RANGE:
            assert self.low is not None and self.high is not None
            name = vague_range_name(self.low, self.high)
            if name:
                return f"{name} of {_CURRENCY_NAMES.get(self.currency, self.currency)}"
            return f"{self._with_symbol(self.low)}–{self._with_symbol(self.high)}"
        assert self.value is not None
        return self.magnitude_text(self._with_symbol(self.value))

    def _with_symbol(self, number: Decimal) -> str:
        symbol = _CURRENCY_SYMBOLS.get(self.currency)
        return f"{symbol}{compact(number)}" if symbol else f"{self.currency} {compact(number)}"


@dataclass(frozen=True, kw_only=True)
class Quantity(Amount):
    """A physical or countable quantity: 10 GW, millions of processors, 10 tranches."""

    unit: str

    def human(self) -> str:
        joiner = " of " if self.qualifier is Qualifier.RANGE and vague_range_name(*self._bounds()) else " "
        return f"{self.magnitude_text()}{joiner}{self.unit}"

    def _bounds(self) -> tuple[Decimal, Decimal]:
        return self.low or Decimal(0), self.high or Decimal(0)


_QUALIFIER_WORDS = {
    Qualifier.EXACTLY: "",
    Qualifier.ABOUT: "about ",
    Qualifier.UP_TO: "up to ",
    Qualifier.AT_LEAST: "at least ",
}
_CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}
_CURRENCY_NAMES = {"USD": "dollars", "EUR": "euros", "GBP": "pounds", "JPY": "yen"}
_SCALE_SUFFIXES = ((Decimal(10) ** 12, "T"), (Decimal(10) ** 9, "B"), (Decimal(10) ** 6, "M"), (Decimal(10) ** 3, "K"))
_PLURAL_NAMES = {6: "millions", 9: "billions", 12: "trillions"}


def _norm(number: Decimal | None) -> Decimal | None:
    return None if number is None else number.normalize()


def compact(number: Decimal) -> str:
    """100000000000 -> '100B', 1.4e12 -> '1.4T', 2500 -> '2.5K'."""
    for scale, suffix in _SCALE_SUFFIXES:
        if abs(number) >= scale:
            return f"{_plain(number / scale)}{suffix}"
    return _plain(number)


def _plain(number: Decimal) -> str:
    text = format(number.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def vague_range_name(low: Decimal, high: Decimal) -> str | None:
    """'tens of billions' for [1e10, 1e11): the ranges vague plurals name."""
    if low <= 0 or high != low * 10:
        return None
    exponent = low.normalize().adjusted()
    if low.normalize() != Decimal(10) ** exponent or exponent < 6:
        return None
    base = exponent - exponent % 3
    if base not in _PLURAL_NAMES:
        return None
    prefix = {0: "", 1: "tens of ", 2: "hundreds of "}[exponent - base]
    return prefix + _PLURAL_NAMES[base]


# --- parsing -----------------------------------------------------------------

_SCALES = {
    "en": {
        "thousand": 3, "k": 3, "million": 6, "millions": 6, "m": 6, "mn": 6, "mln": 6,
        "billion": 9, "billions": 9, "bn": 9, "b": 9, "trillion": 12, "trillions": 12, "tn": 12, "t": 12,
    },
    "fr": {
        "mille": 3, "k": 3, "million": 6, "millions": 6, "m": 6, "milliard": 9, "milliards": 9,
        "md": 9, "mds": 9, "mrd": 9, "mrds": 9, "billion": 12, "billions": 12, "billiard": 15,
        "billiards": 15, "trillion": 18, "trillions": 18,
    },
}
_VAGUE = {
    "en": {"tens of": 1, "hundreds of": 2, "": 0},
    "fr": {"des dizaines de": 1, "dizaines de": 1, "des centaines de": 2, "centaines de": 2, "des": 0, "": 0},
}
_QUALIFIER_PHRASES = (
    (Qualifier.UP_TO, ("up to", "as much as", "no more than", "at most", "jusqu'à", "jusqu'a", "au plus",
                       "au maximum")),
    (Qualifier.AT_LEAST, ("at least", "more than", "over", "upwards of", "au moins", "plus de", "au minimum",
                          "plus d'")),
    (Qualifier.ABOUT, ("about", "around", "approximately", "roughly", "nearly", "almost", "some", "environ",
                       "près de", "pres de", "quelque", "quelques", "autour de", "~", "c.")),
)
_CURRENCY_WORDS = (
    ("USD", ("us$", "usd", "$", "dollars américains", "dollars us", "dollars", "dollar")),
    ("EUR", ("eur", "€", "euros", "euro")),
    ("GBP", ("gbp", "£", "livres sterling", "pounds sterling", "pounds", "pound")),
    ("JPY", ("jpy", "¥", "yens", "yen")),
    ("CHF", ("chf", "francs suisses", "swiss francs")),
    ("CNY", ("cny", "rmb", "yuans", "yuan")),
)
_UNIT_SPELLINGS = {
    "gw": "GW", "gigawatt": "GW", "gigawatts": "GW", "mw": "MW", "megawatts": "MW", "mégawatts": "MW",
    "processeurs": "processors", "puces": "chips",
}
_NUMBER = r"\d[\d\s\u00a0\u202f.,']*"


def parse_amount(text: str, language: str = "en", currency: str | None = None) -> Money | Quantity:
    """Read '$100 billion', 'jusqu'à 100 milliards de dollars', 'des dizaines de
    milliards de dollars', '1,4 billion de dollars', 'au moins 10 gigawatts'.

    With no currency in the text the amount is a Quantity whose unit is the
    remaining words; with neither a currency nor a unit it is money in the
    given default ``currency`` if there is one, else refused.
    """
    amount = _parse(text, language)
    if isinstance(amount, Quantity) and amount.unit == "" and currency:
        fields = {k: getattr(amount, k) for k in ("qualifier", "value", "low", "high")}
        return Money(currency=currency, **fields)
    if isinstance(amount, Quantity) and amount.unit == "":
        raise InvalidAmount(f"{text!r} has neither a currency nor a unit")
    return amount


def _parse(text: str, language: str) -> Money | Quantity:
    lang = "fr" if language.lower().startswith("fr") else "en"
    rest = _clean(text)
    qualifier, rest = _take_qualifier(rest)
    currency, rest = _take_currency(rest)
    if rest.startswith(("between", "from", "entre", "de ")):
        currency = currency or _symbol_currency(rest)
    between = re.match(
        rf"^(?:between|from|entre|de)\s+\W?({_NUMBER})\s*(\w*)\s+(?:and|to|et|à|a|-|–)\s+\W?(.*)$", rest
    )
    if between:
        return _range_between(between, lang, currency, text)
    number = re.match(rf"^({_NUMBER})\s*(.*)$", rest)
    if number:
        value_text, rest = number.group(1).strip(), number.group(2)
        exponent, rest = _take_scale(rest, lang)
        currency = currency or _take_currency(rest)[0]
        rest = _take_currency(rest)[1] if currency else rest
        value = _read_number(value_text, lang, text) * Decimal(10) ** exponent
        return _build(qualifier or Qualifier.EXACTLY, currency, rest, text, value=value)
    return _vague(rest, lang, currency, text)


def _range_between(match: re.Match[str], lang: str, currency: str | None, text: str) -> Money | Quantity:
    low_exponent, _ = _take_scale(match.group(2), lang)
    high_text = re.match(rf"^({_NUMBER})\s*(.*)$", match.group(3))
    if not high_text:
        raise InvalidAmount(f"{text!r}: expected a number after 'and'")
    high_exponent, rest = _take_scale(high_text.group(2), lang)
    low_exponent = low_exponent or high_exponent
    currency = currency or _take_currency(rest)[0]
    rest = _take_currency(rest)[1] if currency else rest
    low = _read_number(match.group(1).strip(), lang, text) * Decimal(10) ** low_exponent
    high = _read_number(high_text.group(1).strip(), lang, text) * Decimal(10) ** high_exponent
    return _build(Qualifier.RANGE, currency, rest, text, low=low, high=high)


def _vague(rest: str, lang: str, currency: str | None, text: str) -> Money | Quantity:
    for phrase, tens in sorted(_VAGUE[lang].items(), key=lambda item: -len(item[0])):
        if phrase and not rest.startswith(phrase + " "):
            continue
        after = rest[len(phrase):].strip()
        exponent, remainder = _take_scale(after, lang)
        if exponent:
            low = Decimal(10) ** (exponent + tens)
            currency = currency or _take_currency(remainder)[0]
            remainder = _take_currency(remainder)[1] if currency else remainder
            return _build(Qualifier.RANGE, currency, remainder, text, low=low, high=low * 10)
    raise InvalidAmount(
        f"{text!r} is not an amount: expected a number like '$100 billion' or '30 milliards de dollars'"
    )


def _build(qualifier: Qualifier, currency: str | None, unit: str, text: str, **numbers: Decimal) -> Money | Quantity:
    unit = re.sub(r"^(de|d'|of)\s*", "", unit.strip()).strip(" .")
    unit = _UNIT_SPELLINGS.get(unit, unit)
    if currency:
        return Money(qualifier=qualifier, currency=currency, **numbers)
    return Quantity(qualifier=qualifier, unit=unit, **numbers)


def _clean(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u00a0", " ").replace("\u202f", " ")
    return re.sub(r"\s+", " ", text.strip().lower())


def _take_qualifier(rest: str) -> tuple[Qualifier | None, str]:
    for qualifier, phrases in _QUALIFIER_PHRASES:
        for phrase in sorted(phrases, key=len, reverse=True):
            if rest.startswith(phrase) and (not phrase[-1].isalpha() or rest[len(phrase):][:1] in (" ", "")):
                return qualifier, rest[len(phrase):].strip()
    return None, rest


def _take_currency(rest: str) -> tuple[str | None, str]:
    for code, words in _CURRENCY_WORDS:
        for word in sorted(words, key=len, reverse=True):
            for form in (word, "de " + word, "d'" + word, "of " + word):
                if rest.startswith(form) and _word_ends(rest, len(form)):
                    return code, rest[len(form):].strip()
                if rest.endswith(" " + form) or rest == form:
                    return code, rest[: len(rest) - len(form)].strip()
    return None, rest


def _symbol_currency(rest: str) -> str | None:
    symbol = re.search(r"[$€£¥]", rest)
    return _take_currency(symbol.group(0))[0] if symbol else None


def _word_ends(text: str, index: int) -> bool:
    return index >= len(text) or not text[index].isalnum() or not text[index - 1].isalnum()


def _take_scale(rest: str, lang: str) -> tuple[int, str]:
    match = re.match(r"^([a-z]+)\b\.?\s*(.*)$", rest)
    if match and match.group(1) in _SCALES[lang]:
        return _SCALES[lang][match.group(1)], match.group(2)
    return 0, rest


def _read_number(raw: str, lang: str, text: str) -> Decimal:
    """French: '1,4' and '1 000,5'; English: '1.4' and '1,000.5'."""
    digits = re.sub(r"[\s']", "", raw).rstrip(".,")
    digits = digits.replace(".", "").replace(",", ".") if lang == "fr" else digits.replace(",", "")
    try:
        return Decimal(digits)
    except InvalidOperation:
        raise InvalidAmount(f"{text!r}: {raw!r} is not a number") from None
