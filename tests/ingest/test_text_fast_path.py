"""Printable text skips the boundary's scans; what it hands on is what the scans would have made of it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.domain.text import clean_text, lone_surrogate
from tracker.ingest.boundary import MAX_TEXT, Unacceptable, plain

# Every code point, surrogates and controls included, and the French and typographic text reports carry.
TEXT = st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=())) | st.text(
    "éèàç’«» \x1b\x00\x85\u2028\ud800"
)


@given(TEXT)
def test_plain_text_is_the_scanned_text(value: str) -> None:
    if lone_surrogate(value):
        with pytest.raises(Unacceptable, match="lone surrogate"):
            plain(value)
    else:
        assert plain(value) == clean_text(value)


def test_printable_text_longer_than_the_format_allows_is_still_refused() -> None:
    with pytest.raises(Unacceptable, match=f"at most {MAX_TEXT} characters"):
        plain("é" * (MAX_TEXT + 1))
