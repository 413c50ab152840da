"""The compiled schema validator never accepts what jsonschema, the authority, refuses."""

from __future__ import annotations

from typing import Any

import fastjsonschema
import pytest
from hypothesis import given

from tests.conftest import SEEDS
from tests.ingest.test_fuzz import FUZZ, documents
from tracker.ingest.files import parse_yaml
from tracker.ingest.validation import _const_as_enum, _fast_validator, _validator


def fast_accepts(document: Any) -> bool:
    try:
        _fast_validator()(document)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


@FUZZ
@given(documents)
def test_whatever_the_fast_path_accepts_jsonschema_accepts(document: Any) -> None:
    if fast_accepts(document):
        assert _validator().is_valid(document)


def test_the_seeds_take_the_fast_path() -> None:
    for path in sorted(SEEDS.glob("*.yaml")):
        assert fast_accepts(parse_yaml(path.read_text(encoding="utf-8"), path.name)), path


def test_each_const_is_compiled_as_its_one_value_enum_and_nothing_else_changes() -> None:
    schema = {
        "properties": {"const": {"const": "a"}, "enum": {"type": "string"}},
        "allOf": [{"if": {"properties": {"type": {"const": "b"}}}, "then": {"required": ["const"]}}],
        "enum": [{"const": 1}],
        "default": {"const": 2},
    }
    assert _const_as_enum(schema) == {
        "properties": {"const": {"enum": ["a"]}, "enum": {"type": "string"}},
        "allOf": [{"if": {"properties": {"type": {"enum": ["b"]}}}, "then": {"required": ["const"]}}],
        "enum": [{"const": 1}],
        "default": {"const": 2},
    }
    fast = fastjsonschema.compile(_const_as_enum({"properties": {"const": {"const": "a"}}}), detailed_exceptions=False)
    assert fast({"const": "a"}) == {"const": "a"}
    with pytest.raises(fastjsonschema.JsonSchemaException):
        fast({"const": "b"})
