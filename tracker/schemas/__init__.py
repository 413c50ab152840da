"""The JSON Schemas (draft 2020-12) of the `--json` documents, shipped with the package.

One file per document kind, each naming its version in ``schema``; the shapes
they share (money, dates, sources, event references) live in
defs.schema.json. They install with the package so a script can check what it
reads: ``tracker.schemas.validator("state").validate(document)``.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator

KINDS = (
    *("state", "timeline", "diff", "chart", "deals", "runs", "ingest", "deal-add"),
    *("read", "review-list", "review-stats"),
)
SHARED = "defs"


def load(kind: str) -> dict[str, Any]:
    """The schema of one document kind, or of ``defs``; a fresh dict each time, so callers may change it."""
    if kind not in (*KINDS, SHARED):
        raise ValueError(f"no schema {kind!r}: expected one of {', '.join((*KINDS, SHARED))}")
    return json.loads(_text(kind))


@cache
def _text(kind: str) -> str:
    return files(__name__).joinpath(f"{kind}.schema.json").read_text(encoding="utf-8")


def validator(kind: str) -> Draft202012Validator:
    """A validator for one kind that resolves the shared definitions locally and checks formats."""
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

    shared = Resource.from_contents(load(SHARED))
    registry: Registry[Any] = Registry().with_resource(shared.id() or "", shared)
    return Draft202012Validator(load(kind), registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER)
