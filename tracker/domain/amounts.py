"""Money and physical quantities as reported: exact, about, up to, at least, or a range.

Amounts are Decimal, and a vague plural ("tens of billions") is a range,
never a made-up number. Every number, however it arrives, is finite, at most
10^16 (no deal is larger; a bigger figure is a wrong scale) and has at most 12
decimal places, so at most 28 significant digits: Decimal's default precision,
which keeps arithmetic, normalize() and rendering exact.

Reading amounts from text, per language, is tracker.domain.amount_parser.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
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
        for number in (self.value, self.low, self.high):
            if number is not None:
                _check_number(number)
        if self.qualifier is Qualifier.RANGE:
            if self.low is None or self.high is None or self.value is not None:
                raise InvalidAmount("a range needs low and high and no value")
            if not 0 <= self.low <= self.high:
                raise InvalidAmount(f"range {_plain(self.low)}..{_plain(self.high)} is empty or negative")
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
            return vague_range_name(self.low, self.high) or "–".join(_range_ends(self.low, self.high))
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
            return "–".join(self._with_symbol(end) for end in _range_ends(self.low, self.high))
        assert self.value is not None
        return self.magnitude_text(self._with_symbol(compact(self.value)))

    def _with_symbol(self, number: str) -> str:
        symbol = _CURRENCY_SYMBOLS.get(self.currency)
        return f"{symbol}{number}" if symbol else f"{self.currency} {number}"


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


MAX_MAGNITUDE = Decimal(10) ** 16
MAX_DECIMAL_PLACES = 12


def _check_number(number: Decimal) -> None:
    """Refuse numbers that storage, arithmetic or rendering would later choke on."""
    if not number.is_finite():
        raise InvalidAmount(f"{number} is not a finite number")
    if number.copy_abs() > MAX_MAGNITUDE:
        raise InvalidAmount(f"{number} is more than 10^16, larger than any deal: check the scale word")
    # Counting places past their trailing zeros is needed only when the exponent allows too many.
    if _exponent(number) < -MAX_DECIMAL_PLACES and _decimal_places(number) > MAX_DECIMAL_PLACES:
        raise InvalidAmount(f"{number} has more than {MAX_DECIMAL_PLACES} decimal places")


def _exponent(number: Decimal) -> int:
    exponent = number.as_tuple().exponent
    assert isinstance(exponent, int)
    return exponent


def _decimal_places(number: Decimal) -> int:
    """Places after the point once trailing zeros go, without normalize() (which rounds past 28 digits)."""
    _, digits, exponent = number.as_tuple()
    assert isinstance(exponent, int)
    significant = "".join(map(str, digits)).rstrip("0")
    return max(0, -(exponent + len(digits) - len(significant))) if significant else 0


def _norm(number: Decimal | None) -> Decimal | None:
    return None if number is None else number.normalize()


def compact(number: Decimal) -> str:
    """100000000000 -> '100B', 1.4e12 -> '1.4T', 2500 -> '2.5K'."""
    for scale, suffix in _SCALE_SUFFIXES:
        if abs(number) >= scale:
            return f"{_plain(number.scaleb(-scale.adjusted()))}{suffix}"
    return _plain(number)


def _plain(number: Decimal) -> str:
    text = format(number, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _range_ends(low: Decimal, high: Decimal) -> tuple[str, str]:
    """'20B', '30B'; but '1', '1000', since '$1–$1K' reads as $1K–$1K like '$20–30B' reads as $20B–$30B."""
    if compact(low) == _plain(low) and compact(high) != _plain(high):
        return _plain(low), _plain(high)
    return compact(low), compact(high)


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
