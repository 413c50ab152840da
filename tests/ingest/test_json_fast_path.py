"""msgspec reads report JSON, and every document reads as the stdlib alone reads it: the same values, the same
refusals in the same words."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.ingest.test_fuzz import FUZZ, json_values
from tracker.ingest import files
from tracker.ingest.reports import ReportError


def _read(text: str) -> str:
    try:
        return repr(files._parse_json(text, "f.json"))
    except ReportError as error:
        return str(error)


def _refused(text: str) -> Any:
    raise ValueError("the fast path is off")


def _read_by_the_stdlib(text: str) -> str:
    """What deal-tracker read before msgspec: the fast path refusing everything leaves the stdlib alone."""
    with mock.patch.object(files, "_fast_json", lambda: _refused):
        return _read(text)


numbers = st.decimals(allow_nan=False, allow_infinity=False).map(str) | st.integers().map(str)
number_texts = st.lists(numbers, min_size=1, max_size=5).map(lambda items: f"[{', '.join(items)}]")


@FUZZ
@given(json_values, st.booleans())
def test_a_document_reads_as_the_stdlib_reads_it(value: Any, ascii_only: bool) -> None:
    text = json.dumps(value, ensure_ascii=ascii_only)
    assert _read(text) == _read_by_the_stdlib(text)


@FUZZ
@given(number_texts)
def test_numbers_read_into_the_same_decimals_and_integers(text: str) -> None:
    assert _read(text) == _read_by_the_stdlib(text)


@pytest.mark.parametrize(
    "text",
    [
        '{"a": NaN}',
        "[Infinity, -Infinity]",
        '["\\ud800"]',  # a lone surrogate: msgspec refuses it, the stdlib reads it (and the boundary refuses it)
        "[" + "9" * 5000 + "]",  # past Python's 4,300 digits
        "[" * 2000 + "]" * 2000,
        '["a\nb"]',
        "[01]",
        "[1] x",
        "",
        '{"a": 1, "a": 2}',
        '["a\\u0000b"]',
        "[1.0e400, -0.0, 1E2, 1.40]",
        "[12345678901234567890123]",
    ],
)
def test_what_msgspec_refuses_the_stdlib_decides(text: str) -> None:
    assert _read(text) == _read_by_the_stdlib(text)


def test_the_fast_path_reads_an_ordinary_report() -> None:
    report = '{"id": "r1", "deal": "acme", "summary": "Émis à 1,5 milliard", "value": 1.50, "n": 3}'
    assert files._fast_json()(report) == json.loads(report, parse_float=Decimal)
