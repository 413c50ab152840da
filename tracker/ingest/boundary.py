"""The first look at a parsed document: only plain, bounded values that every database can store get past.

YAML and JSON parsers hand back more than a report needs: NaN and infinity,
integers of thousands of digits, exponents that expand to a billion zeros,
lone surrogates no database can encode, binary values, nesting deep enough to
exhaust the stack. Each is refused here with the path to it, before the
schema, the amount parser or the database ever sees it.
"""

from __future__ import annotations

import math
from decimal import Decimal
from itertools import islice
from typing import Any

from tracker.domain.text import clean_text, lone_surrogate

MAX_DEPTH = 32  # a report document is at most about eight levels deep
MAX_DIGITS = 18  # no amount, count or year a report gives comes near 10^18
MAX_TEXT = 20_000  # the longest text field the report format documents

Path = tuple[str | int, ...]


class Unacceptable(ValueError):
    """A value no report may hold; ``path`` says where it is in the document."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message


def plain(value: Any, path: Path = ()) -> Any:
    """The document with control characters stripped from all text, or Unacceptable at the first bad value.

    What needs no stripping is handed back as it came, not copied: callers read the document, never change it.

    The walk carries no path: a refusal gathers it on its way out, a level at a
    time, so an accepted document (nearly every one) builds none.
    """
    try:
        return _plain(value, len(path))
    except _Refused as refused:
        raise Unacceptable((*path, *reversed(refused.inner)), refused.message) from None


class _Refused(Exception):
    def __init__(self, message: str) -> None:
        self.message = message
        self.inner: list[str | int] = []  # the keys and indexes from the refused value out to the top


def _plain(value: Any, depth: int) -> Any:
    if depth > MAX_DEPTH:
        raise _Refused(f"nested deeper than {MAX_DEPTH} levels: expected a report document")
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, dict):
        return _mapping(value, depth)
    if isinstance(value, list):
        return _list(value, depth)
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int | float | Decimal):
        return _number(value)
    raise _Refused(f"expected text, a number, a list or a mapping, found {type(value).__name__}")


def _list(value: list[Any], depth: int) -> list[Any]:
    """The list itself when no item changes (nearly always), else a copy from the first item that does."""
    cleaned: list[Any] | None = None
    for index, item in enumerate(value):
        try:
            plain_item = _plain(item, depth + 1)
        except _Refused as refused:
            refused.inner.append(index)
            raise
        if cleaned is None and plain_item is not item:
            cleaned = value[:index]
        if cleaned is not None:
            cleaned.append(plain_item)
    return value if cleaned is None else cleaned


def _mapping(value: dict[Any, Any], depth: int) -> dict[str, Any]:
    """The mapping itself when no key or value changes (nearly always), else a copy: copying every level of
    every document was half the walk's time."""
    cleaned: dict[str, Any] | None = None
    for index, (key, item) in enumerate(value.items()):
        name = _text(key if type(key) is str else str(key))
        try:
            plain_item = _plain(item, depth + 1)
        except _Refused as refused:
            refused.inner.append(name)
            raise
        if cleaned is None and (plain_item is not item or name is not key):
            cleaned = dict(islice(value.items(), index))
        if cleaned is not None:
            cleaned[name] = plain_item
    return value if cleaned is None else cleaned


def _text(value: str) -> str:
    if value.isprintable() and len(value) <= MAX_TEXT:
        return value  # the common case, checked in C: no control character and no surrogate (neither prints)
    surrogate = lone_surrogate(value)
    if surrogate:
        raise _Refused(f"contains a lone surrogate {surrogate}: expected valid Unicode text")
    if len(value) > MAX_TEXT:
        raise _Refused(f"expected at most {MAX_TEXT} characters, found {len(value)}")
    return clean_text(value)


def _number(value: int | float | Decimal) -> int | float | Decimal:
    if isinstance(value, int):
        if abs(value) >= 10**MAX_DIGITS:
            raise _Refused(f"expected a whole number of at most {MAX_DIGITS} digits")
        return value
    if isinstance(value, float) and not math.isfinite(value):
        raise _Refused(f"expected a finite number, found {value}")
    problem = number_problem(value if isinstance(value, Decimal) else Decimal(str(value)))
    if problem:
        raise _Refused(problem)
    return value


def number_problem(number: Decimal) -> str | None:
    """Why a number cannot be stored as written, if it cannot: 1e999999999 would print a billion digits."""
    if not number.is_finite():
        return f"expected a finite number, found {number}"
    if number and number.adjusted() >= MAX_DIGITS:
        return f"expected a number below 10^{MAX_DIGITS}"
    too_fine = bool(number) and number.adjusted() < -MAX_DIGITS
    if too_fine or len(number.as_tuple().digits) > 2 * MAX_DIGITS:
        return f"expected at most {2 * MAX_DIGITS} significant digits and {MAX_DIGITS} decimal places"
    return None
