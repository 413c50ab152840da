"""The compiled schema validator never accepts what jsonschema, the authority, refuses."""

from __future__ import annotations

from copy import deepcopy as copy_of
from functools import cache
from typing import Any

from hypothesis import event, given
from hypothesis import strategies as st

from tests.conftest import SEEDS
from tests.ingest.test_fuzz import FUZZ, documents, json_values
from tracker.ingest.boundary import Unacceptable, plain
from tracker.ingest.files import parse_yaml
from tracker.ingest.validation import _fast_accepts as fast_accepts
from tracker.ingest.validation import _validator


@FUZZ
@given(documents)
def test_whatever_the_fast_path_accepts_jsonschema_accepts(document: Any) -> None:
    if fast_accepts(document):
        assert _validator().is_valid(document)


def test_the_seeds_take_the_fast_path() -> None:
    for path in sorted(SEEDS.glob("*.yaml")):
        assert fast_accepts(parse_yaml(path.read_text(encoding="utf-8"), path.name)), path


@cache
def _seed_documents() -> list[Any]:
    return [plain(parse_yaml(path.read_text(encoding="utf-8"), path.name)) for path in sorted(SEEDS.glob("*.yaml"))]


def _places(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside a document, the document's own included."""
    inner: list[tuple[Any, ...]] = []
    if isinstance(value, dict):
        inner = [p for key, item in value.items() for p in _places(item, (*path, key))]
    elif isinstance(value, list):
        inner = [p for index, item in enumerate(value) for p in _places(item, (*path, index))]
    return [path, *inner]


def _changed(document: Any, path: tuple[Any, ...], new: Any, drop: bool) -> Any:
    """A copy of ``document`` with the value at ``path`` (never the document itself) replaced, or dropped."""
    copy = copy_of(document)
    parent = copy
    for step in path[:-1]:
        parent = parent[step]
    if drop:
        del parent[path[-1]]
    else:
        parent[path[-1]] = new
    return copy


@FUZZ
@given(st.data(), json_values, st.booleans())
def test_a_seed_changed_in_one_place_is_accepted_fast_only_if_jsonschema_accepts_it(
    data: st.DataObject, new: Any, drop: bool
) -> None:
    """Near-valid documents, where a laxer fast path would show: one value of a seed replaced or dropped."""
    document = data.draw(st.sampled_from(_seed_documents()))
    path = data.draw(st.sampled_from(_places(document)[1:]))
    try:
        changed = plain(_changed(document, path, new, drop))
    except Unacceptable:
        return
    accepted = fast_accepts(changed)
    event("accepted fast" if accepted else "refused fast")
    if accepted:
        assert _validator().is_valid(changed), (path, new, drop)
