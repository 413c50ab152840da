"""Money and physical quantities as reported: exact, about, up to, at most, less than, at least, or a range.

Amounts are Decimal, and a vague plural ("tens of billions") is a range,
never a made-up number. Every number, however it arrives, is finite, at most
10^16 (no deal is larger; a bigger figure is a wrong scale) and has at most 12
decimal places, so at most 28 significant digits: Decimal's default precision,
which keeps arithmetic, normalize() and rendering exact.

Qualifiers: ``exactly``, ``about`` (within 10% for agreement), ``up_to`` (a
commitment's cap: "up to $100B", "jusqu'à"), ``at_most`` ("at most", "no more
than", "au plus", "pas plus de"), ``less_than`` ("less than", "under",
"moins de"), ``at_least`` (a floor: "at least", "more than", "plus de"), and
``range``. Caps and floors are limits, not figures.

Vague amounts are ranges of a documented width, 10^e being the scale (10^9 for
"billion", 10^8 for "hundred million", 10^10 for "tens of billions"):

* "tens of billions", "des centaines de millions", "millions": [10^e, 10 x 10^e]
  (``vague`` is None: the bounds alone say it, as a power of ten and ten times it);
* "a few" / "quelques": [2 x 10^e, 5 x 10^e], ``vague=Vague.A_FEW``;
* "several" / "plusieurs": [3 x 10^e, 9 x 10^e], ``vague=Vague.SEVERAL``.

A few and several carry ``vague`` so that they render back in words ("several
billion dollars") while an explicit "$3B-$9B" keeps rendering as figures; the
marker must match the bounds, 10^6 <= 10^e <= 10^14.

A price per unit of account, ``Money(per="share")`` ("$54.20 a share", "54,20
euros par action"), is never a total: its ``measure`` differs from a total's in
the same currency, so the two never agree or conflict as one figure, and it
renders in full with its cents ("$54.20 a share", never "$54.2" or "$0.05K").

Reading amounts from text, per language, is tracker.domain.amount_parser.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from decimal import Decimal
from enum import StrEnum

from tracker.domain.currencies import ISO_4217


class InvalidAmount(ValueError):
    """An amount that cannot be read without guessing."""


class Qualifier(StrEnum):
    EXACTLY = "exactly"
    ABOUT = "about"
    UP_TO = "up_to"
    AT_MOST = "at_most"
    LESS_THAN = "less_than"
    AT_LEAST = "at_least"
    RANGE = "range"


class Vague(StrEnum):
    """Words that name a range of a documented width (see the module docstring)."""

    A_FEW = "a_few"
    SEVERAL = "several"


VAGUE_SPANS = {Vague.A_FEW: (2, 5), Vague.SEVERAL: (3, 9)}  # low and high, in units of the scale
PER_UNITS = ("share",)  # what a price may be per: "$54.20 a share"


@dataclass(frozen=True, kw_only=True)
class Amount:
    """A number as the news states it. ``value`` for a point, ``low``/``high`` for a range.

    ``vague`` names a range in words ("a few", "several"); it must match the bounds.
    """

    qualifier: Qualifier
    value: Decimal | None = None
    low: Decimal | None = None
    high: Decimal | None = None
    vague: Vague | None = None

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
        if self.vague is not None:
            _check_vague(self.vague, self.low, self.high)

    @property
    def measure(self) -> tuple[object, ...]:
        """What the number counts: figures agree or conflict only within one measure."""
        return (type(self).__name__,)

    def same_claim(self, other: Amount) -> bool:
        """Equal as statements: 'up to 100B' and '100B' are different claims."""
        return self.claim_key() == other.claim_key()

    def claim_key(self) -> tuple[object, ...]:
        """Equal exactly for the same statement: the class and every field, numbers without trailing zeros
        ('100.0' and '100' are one figure). A tuple, not a normalized copy: a fold asks it of every claim."""
        names = _FIELD_NAMES.get(type(self))
        if names is None:
            names = _FIELD_NAMES[type(self)] = tuple(f.name for f in fields(self))
        values = (getattr(self, name) for name in names)
        return (type(self), *(_norm(v) if isinstance(v, Decimal) else v for v in values))

    def magnitude_text(self, number: str | None = None) -> str:
        if self.qualifier is Qualifier.RANGE:
            assert self.low is not None and self.high is not None
            named = self.range_words()
            return named[0] if named else "–".join(_range_ends(self.low, self.high))
        return _QUALIFIER_WORDS[self.qualifier] + (number or compact(self.value or Decimal(0)))

    def range_words(self) -> tuple[str, str] | None:
        """A vague range in words and what joins its currency or unit: ('tens of billions', ' of '),
        ('several billion', ' '); None for a range written as figures."""
        if self.qualifier is not Qualifier.RANGE or self.low is None or self.high is None:
            return None
        if self.vague is not None:
            return _vague_words(self.vague, self.low)
        name = vague_range_name(self.low, self.high)
        return (name, " of ") if name else None


@dataclass(frozen=True, kw_only=True)
class Money(Amount):
    """Money in an ISO 4217 currency; ``per="share"`` makes it a price per share, never a total."""

    currency: str
    per: str | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.currency not in ISO_4217:
            raise InvalidAmount(f"{self.currency!r} is not an ISO 4217 currency code")
        if self.per is not None and self.per not in PER_UNITS:
            raise InvalidAmount(f"a price per {self.per!r}: expected per one of {', '.join(PER_UNITS)}")
        if self.per is not None and self.vague is not None:
            raise InvalidAmount(f"a price per {self.per} is a figure, not {self.vague.value.replace('_', ' ')!r}")

    @property
    def measure(self) -> tuple[object, ...]:
        """('Money', 'USD', None) for a total, ('Money', 'USD', 'share') for a price per share."""
        return ("Money", self.currency, self.per)

    def human(self) -> str:
        """'up to $100B', 'about €30M', 'tens of billions of dollars', 'several billion dollars',
        '$54.20 a share'."""
        if self.per is not None:
            return self._price()
        if self.qualifier is Qualifier.RANGE:
            assert self.low is not None and self.high is not None
            named = self.range_words()
            if named:
                return f"{named[0]}{named[1]}{_CURRENCY_NAMES.get(self.currency, self.currency)}"
            return "–".join(self._with_symbol(end) for end in _range_ends(self.low, self.high))
        assert self.value is not None
        return self.magnitude_text(self._with_symbol(compact(self.value)))

    def _price(self) -> str:
        """A price per share in full, with its cents: '$54.20 a share', 'about €12 a share', '$50–$55.50 a share'."""
        if self.qualifier is Qualifier.RANGE:
            assert self.low is not None and self.high is not None
            figures = "–".join(self._with_symbol(_price_figure(end)) for end in (self.low, self.high))
        else:
            assert self.value is not None
            figures = _QUALIFIER_WORDS[self.qualifier] + self._with_symbol(_price_figure(self.value))
        return f"{figures} a {self.per}"

    def _with_symbol(self, number: str) -> str:
        symbol = _CURRENCY_SYMBOLS.get(self.currency)
        return f"{symbol}{number}" if symbol else f"{self.currency} {number}"


@dataclass(frozen=True, kw_only=True)
class Quantity(Amount):
    """A physical or countable quantity: 10 GW, millions of processors, 10 tranches."""

    unit: str

    @property
    def measure(self) -> tuple[object, ...]:
        return ("Quantity", self.unit)

    def human(self) -> str:
        named = self.range_words()
        return f"{self.magnitude_text()}{named[1] if named else ' '}{self.unit}"


_QUALIFIER_WORDS = {
    Qualifier.EXACTLY: "",
    Qualifier.ABOUT: "about ",
    Qualifier.UP_TO: "up to ",
    Qualifier.AT_MOST: "at most ",
    Qualifier.LESS_THAN: "less than ",
    Qualifier.AT_LEAST: "at least ",
}
_CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}
_CURRENCY_NAMES = {"USD": "dollars", "EUR": "euros", "GBP": "pounds", "JPY": "yen"}
_SCALE_SUFFIXES = ((Decimal(10) ** 12, "T"), (Decimal(10) ** 9, "B"), (Decimal(10) ** 6, "M"), (Decimal(10) ** 3, "K"))
_PLURAL_NAMES = {6: "millions", 9: "billions", 12: "trillions"}
_SINGULAR_NAMES = {6: "million", 9: "billion", 12: "trillion"}
_VAGUE_WORDS = {Vague.A_FEW: "a few", Vague.SEVERAL: "several"}
VAGUE_EXPONENTS = range(6, 15)  # "a few million" .. "several hundred trillion"


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


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}  # each amount class's fields, looked up once


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


def _vague_scale(vague: Vague, low: Decimal) -> int | None:
    """The e of 10^e when ``low`` is the vague range's low end at that scale."""
    scale = (low / VAGUE_SPANS[vague][0]).normalize()
    exponent = scale.adjusted()
    return exponent if scale == Decimal(10) ** exponent and exponent in VAGUE_EXPONENTS else None


def _check_vague(vague: Vague, low: Decimal | None, high: Decimal | None) -> None:
    lo, hi = VAGUE_SPANS[vague]
    exponent = _vague_scale(vague, low) if low is not None and low > 0 else None
    if high is None or exponent is None or high != hi * Decimal(10) ** exponent:
        raise InvalidAmount(
            f"{vague.value.replace('_', ' ')!r} is the range {lo}-{hi} x 10^e (6 <= e <= 14), "
            f"not {_plain(low or Decimal(0))}..{_plain(high or Decimal(0))}"
        )


def _vague_words(vague: Vague, low: Decimal) -> tuple[str, str]:
    """('several billion', ' '), ('a few hundred million', ' '), ('several tens of billions', ' of ')."""
    exponent = _vague_scale(vague, low)
    assert exponent is not None
    base, extra = exponent - exponent % 3, exponent % 3
    words = _VAGUE_WORDS[vague]
    if extra == 1:
        return f"{words} tens of {_PLURAL_NAMES[base]}", " of "
    return f"{words} {'hundred ' if extra == 2 else ''}{_SINGULAR_NAMES[base]}", " "


def _price_figure(number: Decimal) -> str:
    """A price per share in full, never compacted: 54.2 -> '54.20', 54 -> '54', 0.125 -> '0.125'."""
    text = _plain(number)
    whole, _, cents = text.partition(".")
    return f"{whole}.{cents.ljust(2, '0')}" if cents else whole
