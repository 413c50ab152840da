"""Untrusted text is cleaned once, where it enters the system, and made one line where it leaves in a message."""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, and C1 controls (which include CSI and OSC).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Everything that could break a message line, move a cursor, reorder it, or fail to encode: controls,
# line and paragraph separators, direction marks and overrides, and lone surrogates (what Python
# makes of a file name that is not UTF-8).
_UNPRINTABLE = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    r"\ud800-\udfff]"
)
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def clean_text(text: str) -> str:
    """Strip terminal control characters so a title can never move the cursor or open a link."""
    return _CONTROL.sub("", text)


def one_line(text: str) -> str:
    """Escape what could split, recolour or garble a message, so an error stays one honest line."""
    return _UNPRINTABLE.sub(_escaped, text)


def lone_surrogate(text: str) -> str | None:
    """The first lone surrogate in the text, escaped, if any: no database or terminal can store one."""
    found = _SURROGATE.search(text)
    return _escaped(found) if found else None


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    return _NAMED.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")
