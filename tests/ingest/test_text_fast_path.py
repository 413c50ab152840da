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


def _copy_of(value: object) -> object:
    if isinstance(value, dict):
        return {key: _copy_of(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy_of(item) for item in value]
    return value


def _reference_walk(value: object) -> object:
    """The walk as it was: every level copied, each text cleaned."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_text(str(key)): _reference_walk(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_reference_walk(item) for item in value]
    return value


DOCUMENTS = st.recursive(
    TEXT.filter(lambda text: not lone_surrogate(text)) | st.integers(-(10**9), 10**9) | st.none() | st.booleans(),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(TEXT.filter(lambda text: not lone_surrogate(text)), inner, max_size=4)
    ),
    max_leaves=16,
)


@given(DOCUMENTS)
def test_a_document_is_handed_on_as_cleaned_and_the_input_is_never_changed(document: object) -> None:
    before = _copy_of(document)
    assert plain(document) == _reference_walk(document)
    assert document == before


def test_a_document_that_needs_no_cleaning_is_handed_back_itself() -> None:
    document = {"reports": [{"id": "r1", "sources": [{"quote": "« jusqu'à 100 milliards »"}]}]}
    assert plain(document) is document
    dirty = {"reports": [{"id": "r1", "summary": "a\x1bb"}], "deals": []}
    cleaned = plain(dirty)
    assert cleaned == {"reports": [{"id": "r1", "summary": "ab"}], "deals": []}
    assert dirty["reports"][0]["summary"] == "a\x1bb" and cleaned["deals"] is dirty["deals"]
