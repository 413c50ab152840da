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

    jsonschema is the authority: a document the compiled one refuses is judged
    again by jsonschema, so the compiled one may be stricter, never laxer.
    """
    if _fast_accepts(document):
        return None
    import jsonschema

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


def _fast_accepts(document: Any) -> bool:
    try:
        return bool(_fast_validator().is_valid(document))
    except ValueError:  # what it cannot read as JSON (a key that is not text): for jsonschema to judge
        return False


@cache
def _fast_validator() -> Any:
    """The same schema compiled by jsonschema-rs (in Rust): about ten times fastjsonschema's speed on a report.

    It resolves only the schema's own ``$defs``: nothing is fetched.
    """
    import jsonschema_rs

    return jsonschema_rs.validator_for(_schema())


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
