"""Every list of event types elsewhere says what the catalogue declares on the event classes.

The classes in tracker.domain.events are the one declaration of what a type
is (the status it sets, whether it corrects, whether the timeline shows it,
whether a report may state it, its badge). These tests pin each copy or
derivation (the fold's rules, the index keys, the reference checks, the
report schema, the upcasters, the theme) to it, so adding or changing a type
in one place and forgetting another fails here.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest

from tests.builders import make, moment
from tracker.domain import events as catalogue
from tracker.domain.decisive import keys_of
from tracker.domain.events import (
    CATALOG,
    CORRECTION_TYPES,
    CORRECTIONS,
    REPORT_TYPES,
    TIMELINE_TYPES,
    ApprovalKind,
    ApprovalStatus,
    ApprovalUpdated,
    Correction,
    DealDescribed,
    DealRestructured,
    Event,
    LitigationStatus,
    LitigationUpdated,
    Participating,
    Status,
)
from tracker.domain.fold import project, sets_status, status_set_by
from tracker.domain.versions import Version
from tracker.ingest.references import correction_problem
from tracker.render.theme import STATUS_LABELS, THEME, badge
from tracker.store.upcasting import AMOUNT_CARRYING, UPCASTERS

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "tracker" / "ingest" / "report.schema.json").read_text())
REPORT = SCHEMA["$defs"]["report"]
_REQUIRED_VALUES: dict[str, Any] = {
    "name": "Acme",
    "party": "Acme",
    "reason": "wrong",
    "target": uuid4(),
    "bidder": "Bidco",
    "condition": "a product milestone",
    "defence": "poison pill",
    "recommendation": "against",
    "authority": "UK CMA",
    "kind": ApprovalKind.ANTITRUST,
    "case": "Acme v. Bidco",
    "court": "Delaware Court of Chancery",
    "parties": ("Acme", "Bidco"),
}
_STATUS_OF = {ApprovalUpdated: ApprovalStatus.CLEARED, LitigationUpdated: LitigationStatus.FILED}


def _required(cls: type[Event]) -> set[str]:
    event_fields = {f.name for f in dataclasses.fields(Event)}
    return {
        f.name
        for f in dataclasses.fields(cls)
        if f.name not in event_fields and f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    }


def _value(cls: type[Event], name: str) -> Any:
    return _STATUS_OF[cls] if name == "status" else _REQUIRED_VALUES[name]


def one_of(cls: type[Event]) -> Any:
    """An event of this type with its required fields filled in, and nothing else."""
    return make(cls, **{name: _value(cls, name) for name in _required(cls)})


def test_every_event_class_in_the_module_is_in_the_catalogue_under_its_own_type() -> None:
    declared = {
        c for c in vars(catalogue).values() if isinstance(c, type) and issubclass(c, Event) and "event_type" in vars(c)
    }
    assert declared == set(CATALOG.values())
    assert all(event_type == cls.event_type for event_type, cls in CATALOG.items())


@pytest.mark.parametrize("event_type", sorted(CATALOG))
def test_every_type_declares_its_own_badge_and_the_theme_can_colour_its_group(event_type: str) -> None:
    cls = CATALOG[event_type]
    assert "badge" in vars(cls), f"{event_type} inherits its badge instead of declaring one"
    assert cls.badge.symbol and cls.badge.label
    assert f"tracker.badge.{cls.badge.group}" in THEME.styles
    assert badge(one_of(cls)) == (cls.badge.symbol, cls.badge.label, cls.badge.group)


def test_every_label_names_one_type_so_views_tell_them_apart() -> None:
    labels = [cls.badge.label for cls in CATALOG.values()]
    assert len(set(labels)) == len(labels)


def test_every_status_has_a_label_and_nothing_else_does() -> None:
    assert set(STATUS_LABELS) == {None, *Status}


def test_corrections_are_the_subclasses_of_correction_and_stay_off_the_timeline() -> None:
    assert set(CORRECTIONS) == {c for c in CATALOG.values() if issubclass(c, Correction)}
    assert {c.event_type for c in CORRECTIONS} == CORRECTION_TYPES
    assert {"event_retracted", "event_amended", "also_reported"} == CORRECTION_TYPES
    assert set(CATALOG) - CORRECTION_TYPES - {DealDescribed.event_type} == TIMELINE_TYPES


def test_the_timeline_shows_exactly_the_timeline_types() -> None:
    described = make(DealDescribed, occurred=None, name="Acme")
    every = [described, *(one_of(cls) for cls in CATALOG.values() if cls is not DealDescribed)]
    state = project(every, described.deal, moment("2030-01-01"), moment("2030-01-01"))
    assert {entry.event.event_type for entry in state.timeline} == TIMELINE_TYPES


@pytest.mark.parametrize("event_type", sorted(TIMELINE_TYPES))
def test_the_status_a_development_sets_is_the_one_its_class_declares(event_type: str) -> None:
    event = one_of(CATALOG[event_type])
    declared = event.stage if isinstance(event, DealRestructured) else CATALOG[event_type].changes_status
    assert status_set_by(event) == declared
    version = Version(event, event.reported_at, None, event.reported_at, ())
    assert ("status" in keys_of(version)) == sets_status(event) == (CATALOG[event_type].changes_status is not None)
    assert ("status:own" in keys_of(version)) == (declared is not None)


@pytest.mark.parametrize("target", sorted(CATALOG))
def test_what_a_correction_may_change_follows_the_catalogue(target: str) -> None:
    may_retract = target in TIMELINE_TYPES | CORRECTION_TYPES
    assert (correction_problem("event_retracted", target) is None) == may_retract
    assert (correction_problem("event_amended", target) is None) == (target in TIMELINE_TYPES)


def test_the_report_schema_lists_the_reportable_types_in_catalogue_order() -> None:
    assert REPORT["properties"]["type"]["enum"] == list(REPORT_TYPES)
    assert DealDescribed.event_type not in REPORT_TYPES  # deals are described in the file's "deals" section


_JSON_VALUES = {**_REQUIRED_VALUES, "target": "some-report", "kind": "antitrust", "parties": ["Acme", "Bidco"]}
_JSON_STATUS = {"approval_updated": "cleared", "litigation_updated": "filed"}


def _minimal_report(event_type: str) -> dict[str, Any]:
    cls = CATALOG[event_type]
    report: dict[str, Any] = {"deal": "acme", "type": event_type, "summary": "s"}
    if not issubclass(cls, Correction):
        report["occurred"] = "2025-09"
    if not issubclass(cls, Correction) or event_type == "also_reported":
        report["sources"] = [{"publisher": "Reuters", "published_at": "2025-09-22"}]
    for name in _required(cls):
        report[name] = _JSON_STATUS[event_type] if name == "status" else _JSON_VALUES[name]
    return report


@pytest.mark.parametrize("event_type", REPORT_TYPES)
def test_the_report_schema_asks_each_type_for_exactly_the_fields_its_class_requires(event_type: str) -> None:
    import jsonschema

    validator = jsonschema.Draft202012Validator(SCHEMA)
    report = _minimal_report(event_type)
    assert not list(validator.iter_errors({"reports": [report]}))
    for name in _required(CATALOG[event_type]):
        if name == "party" and issubclass(CATALOG[event_type], Participating):
            continue  # a report of several participants names them in "participants" instead
        missing = {k: v for k, v in report.items() if k != name}
        assert list(validator.iter_errors({"reports": [missing]})), f"{event_type} without {name} was accepted"


def test_the_report_schema_takes_exactly_the_fields_of_the_reportable_types() -> None:
    envelope_only = {"id", "type", "language", "currency", "participants"}  # about the report, not fields of an event
    fields = {f.name for t in REPORT_TYPES for f in dataclasses.fields(CATALOG[t])}
    assert set(REPORT["properties"]) - envelope_only == fields - {"event_id", "others"}  # "participants" fill others
    assert REPORT["properties"]["stage"]["enum"] == [status.value for status in Status]


def test_upcasters_name_catalogue_types_and_the_amount_step_only_types_that_carry_amounts() -> None:
    assert UPCASTERS.event_types() <= set(CATALOG)
    for event_type in AMOUNT_CARRYING:
        names = {f.name for f in dataclasses.fields(CATALOG[event_type])}
        assert names & {"terms", "figures", "amount"}, event_type
