"""A report document against report.schema.json: accepted fast, or refused with the path and what was expected.

This says what is wrong and where inside the document; the caller names the
file and decides what a refusal means.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any


@dataclass(frozen=True)
class SchemaProblem:
    path: str  # 'reports[0].terms.valuation', or '' for the document as a whole
    expected: str
    missing: str | None = None  # the required field that is not there, which the path (its parent) does not name


def schema_problem(document: Any) -> SchemaProblem | None:
    """A compiled validator accepts good reports fast; jsonschema words the error for a bad one.

    jsonschema is the authority: the compiled one may only be stricter (it checks
    ``format: uri``), so a document it refuses is judged again by jsonschema.
    """
    import fastjsonschema
    import jsonschema

    try:
        _fast_validator()(document)
        return None
    except fastjsonschema.JsonSchemaException:
        pass
    errors = sorted(_validator().iter_errors(document), key=lambda e: (list(e.absolute_path), e.message))
    if not errors:
        return None
    error = jsonschema.exceptions.best_match(errors)
    return SchemaProblem(path_text(error.absolute_path), _expected(error), _missing(error))


def _missing(error: Any) -> str | None:
    if error.validator != "required" or not isinstance(error.instance, dict):
        return None
    return next((name for name in error.validator_value if name not in error.instance), None)


def path_text(parts: Any) -> str:
    """('reports', 0, 'terms') -> 'reports[0].terms'."""
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


@cache
def _schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(
        resources.files("tracker.ingest").joinpath("report.schema.json").read_text("utf-8")
    )
    return schema


@cache
def _validator() -> Any:
    import jsonschema

    return jsonschema.Draft202012Validator(_schema())


@cache
def _fast_validator() -> Any:
    """The same schema compiled to Python; it uses only keywords draft 7 already had.

    It only says yes or no (jsonschema words the refusal), so it skips building
    detailed errors: each report fails about ten ``if`` branches on its way, and
    spelling each failure was a fifth of validating. That mode cannot compile
    ``const`` (fastjsonschema 2.22), so each is given as the one-value ``enum`` the
    specification defines it to be.
    """
    import fastjsonschema

    draft7 = _const_as_enum(_schema()) | {"$schema": "http://json-schema.org/draft-07/schema#"}
    return fastjsonschema.compile(draft7, detailed_exceptions=False)


def _const_as_enum(schema: Any) -> Any:
    """A schema, its subschemas too, with ``const: x`` as ``enum: [x]``; names and values are left as they are."""
    if isinstance(schema, list):
        return [_const_as_enum(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key == "const":
            out["enum"] = [value]
        elif key in _NAMED_SUBSCHEMAS:
            out[key] = {name: _const_as_enum(subschema) for name, subschema in value.items()}
        elif key in ("enum", "default", "examples"):
            out[key] = value
        else:
            out[key] = _const_as_enum(value)
    return out


_NAMED_SUBSCHEMAS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")


def _expected(error: Any) -> str:
    if error.validator == "additionalProperties":
        return f"{error.message}; expected only the fields the report format documents"
    if error.validator == "enum":
        return f"{error.instance!r} is not one of {', '.join(map(str, error.validator_value))}"
    if error.validator == "oneOf" and isinstance(error.instance, dict | str):
        return "expected an amount as text ('up to $100 billion') or {qualifier, value, currency or unit}"
    if error.validator == "pattern" and "description" in error.schema:
        return f"{error.instance!r}: expected {error.schema['description']}"  # words, not the regular expression
    return error.message
