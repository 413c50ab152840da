"""Amounts in a sentence, read by the tracker's own parser, and what each one is.

Finding: from every figure (a digit, a currency sign, a vague "dizaines" or
"tens of"), the shortest run of words that tracker.domain.amount_parser reads
as money (or as a quantity in a unit a deal speaks of: GW, tranches,
processors, %) is the amount; a qualifier just before it ("jusqu'à",
"environ", "plus de", "up to", "about") is read with it, as is a range opener
("entre", "between"). "pourrait s'élever à" / "could reach" are caps the
parser has no word for: the figure is read and then made ``up_to``. A figure
with a scale word or a currency that no run reads is kept, with the parser's
reason, never guessed.

Naming: the nearest telling words before the figure name it (valuation after
"valorise ... à"/"valued at", round_size after "cycle de financement"/"funding
round"/"recherche", investment after "investir"/"invest", price_per_share for
"par action"/"a share", fee, price, commitments); a unit names a quantity
(compute for GW, chips, tranches); a percentage is a stake when the words say
so, and a market move ("ont chuté de 17 %") is not a term at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from tracker.domain.amount_parser import parse_amount
from tracker.domain.amounts import InvalidAmount, Money, Qualifier, Quantity
from tracker.news.rules import lexicon

_QUALIFIERS = {
    "fr": (
        "jusqu'à",
        "jusqu'a",
        "environ",
        "près de",
        "plus de",
        "plus d'",
        "moins de",
        "moins d'",
        "au moins",
        "au plus",
        "au maximum",
        "pas plus de",
        "tout au plus",
        "autour de",
        "quelque",
        "entre",
        "de",
    ),
    "en": (
        "up to",
        "as much as",
        "about",
        "around",
        "approximately",
        "roughly",
        "nearly",
        "almost",
        "some",
        "more than",
        "over",
        "at least",
        "less than",
        "under",
        "below",
        "no more than",
        "at most",
        "nothing like",
        "between",
        "from",
    ),
}
_VAGUE_WORDS = {
    "fr": r"(?:des )?(?:dizaines|centaines) d[e']|quelques|plusieurs|des millions|des milliards",
    "en": r"tens of|hundreds of|a few|several|a hundred|a billion|a million",
}
_SCALE_OR_CURRENCY = re.compile(
    r"(?i)\b(?:milliards?|millions?|billions?|trillions?|bn|mds?|mrds?|md|dollars?|euros?|livres?|pounds?|yens?|"
    r"francs?)\b|[$€£¥]|(?-i:\b[A-Z]{3}\b)"  # a currency code is written in capitals: "USD", never "the"
)
_ANOTHER_FIGURE = re.compile(r"[^\W\d_]{2,}\W+(?:.*\W)?[\d$€£¥]")  # a word, then a figure: a second amount
_UNIT_NAMES = {
    "GW": "compute",
    "MW": "compute",
    "gigawatts": "compute",
    "processors": "chips",
    "chips": "chips",
    "tranches": "tranches",
    "actions": "shares",
    "shares": "shares",
    "%": "percent",
}
_MAX_WORDS = 8


@dataclass(frozen=True)
class ReadAmount:
    text: str  # verbatim, qualifier included
    start: int
    end: int
    amount: Money | Quantity | None
    problem: str | None = None
    name: str | None = None  # what it is; None when it is no term of a deal (a market move)


def amounts_in(text: str, language: str) -> list[ReadAmount]:
    """Every amount in a sentence (offsets into ``text``), left to right, each named."""
    lang = "fr" if language == "fr" else "en"
    found: list[ReadAmount] = []
    position = 0
    for anchor in _anchors(lang).finditer(text):
        if anchor.start() < position:
            continue
        read = _read_at(text, anchor.start(), lang)
        if read is None:
            continue
        named = replace(read, name=_name(text, read, lang, found))
        found.append(named)
        position = read.end
    return found


@cache
def _anchors(lang: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w'])(?:US\$|C\$|A\$|[$€£¥]|\d|(?:{_VAGUE_WORDS[lang]})\b)", re.IGNORECASE)


def _words_after(text: str, start: int) -> list[int]:
    """Ends of the runs of 1..N words from ``start``, stopping at a clause's end (a comma not inside a number)."""
    ends: list[int] = []
    for match in re.finditer(r"\S+", text[start:]):
        word = match.group(0)
        stripped = word.rstrip('.,;:)!?»"”')
        if stripped:
            ends.append(start + match.start() + len(stripped))
        if stripped != word or len(ends) >= _MAX_WORDS:
            break
    return ends


def _read_at(text: str, start: int, lang: str) -> ReadAmount | None:
    ends = _words_after(text, start)
    before = text[:start]
    extra = _extra_qualifier(before, lang)
    qualifier = re.search(rf"(?:{'|'.join(re.escape(q) for q in _QUALIFIERS[lang])})\s*$", before, re.IGNORECASE)
    starts = ([qualifier.start()] if qualifier and not extra else []) + [start]
    for begin in starts:
        read = _longest_money_or_shortest_quantity(text, begin, ends, lang)
        if read is None:
            continue
        end, amount = _per_share(text, begin, read[0], read[1], lang)
        if extra and amount.qualifier is Qualifier.EXACTLY:
            amount = replace(amount, qualifier=Qualifier(extra[1]))
            begin = extra[0]
        return ReadAmount(text[begin:end], begin, end, amount)
    return _refused(text, start, ends, lang)


def _longest_money_or_shortest_quantity(
    text: str, begin: int, ends: list[int], lang: str
) -> tuple[int, Money | Quantity] | None:
    """Money takes its scale and currency ('$68.7 billion', not '$68.7'); a quantity takes one unit word."""
    quantity: tuple[int, Money | Quantity] | None = None
    money: tuple[int, Money | Quantity] | None = None
    for end in ends:
        amount = _parse(text[begin:end], lang)
        if isinstance(amount, Money):
            money = (end, amount)
        elif amount is not None and quantity is None and money is None and _acceptable(amount):
            quantity = (end, amount)
    return money or quantity


def _parse(span: str, lang: str) -> Money | Quantity | None:
    try:
        return parse_amount(span, lang)
    except InvalidAmount:
        return None


def _acceptable(amount: Money | Quantity) -> bool:
    return isinstance(amount, Money) or amount.unit in _UNIT_NAMES


def _per_share(text: str, begin: int, end: int, amount: Money | Quantity, lang: str) -> tuple[int, Money | Quantity]:
    """'54,20 dollars par action': the run that reads as money may go on to a price per share."""
    if not isinstance(amount, Money):
        return end, amount
    for longer in _words_after(text, end)[:2]:
        wider = _parse(text[begin:longer], lang)
        if isinstance(wider, Money) and wider.per:
            return longer, wider
    return end, amount


def _extra_qualifier(before: str, lang: str) -> tuple[int, str] | None:
    for pattern, qualifier in lexicon(lang).EXTRA_QUALIFIERS:
        match = re.search(pattern, before, re.IGNORECASE)
        if match:
            return match.start(), qualifier
    return None


def _refused(text: str, start: int, ends: list[int], lang: str) -> ReadAmount | None:
    """A digit with a scale word or currency that no run reads: kept with the parser's reason."""
    if not text[start].isdigit() and text[start] not in "$€£¥":
        return None
    own = [end for end in ends[:6] if not _ANOTHER_FIGURE.search(text[start:end])]  # stop before the next figure
    telling = [end for end in own if _SCALE_OR_CURRENCY.search(text[start:end].split()[-1])]
    if not telling:
        return None
    end = telling[-1]
    try:
        parse_amount(text[start:end], lang)
    except InvalidAmount as error:
        return ReadAmount(text[start:end], start, end, None, problem=str(error))
    return None


def _name(text: str, read: ReadAmount, lang: str, earlier: list[ReadAmount]) -> str | None:
    amount = read.amount
    if isinstance(amount, Money) and amount.per:
        return "price_per_share"
    lex = lexicon(lang)
    floor = max([a.end for a in earlier] + [0])
    window = text[max(floor, read.start - 90) : read.start]
    if isinstance(amount, Quantity):
        if amount.unit != "%":
            return _UNIT_NAMES[amount.unit]
        if re.search(lex.MARKET_MOVE, window[-30:], re.IGNORECASE) and not re.search(r"up to\s*$", window):
            return None
        around = window[-50:] + text[read.end : read.end + 40]
        return "stake" if re.search(lex.STAKE_WORDS, around, re.IGNORECASE) else None
    best: tuple[int, str] | None = None
    for name, pattern in lex.AMOUNT_CUES:
        for match in _cue(pattern).finditer(window):
            if best is None or match.end() > best[0]:
                best = (match.end(), name)
    return best[1] if best else "amount"


@cache
def _cue(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern.replace("$", ""), re.IGNORECASE)
