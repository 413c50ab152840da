"""`describe_deal`, the use case under `tracker deal add`, on real SQLite and PostgreSQL.

A deal described from flags is a report file's `deals:` entry: the same
checks, the same idempotency key and event, so adding it twice, or adding it
and ingesting the equivalent file, stores it once.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.builders import moment
from tracker.app import commands, queries
from tracker.app.commands import DealDescription, Development, describe_deal
from tracker.app.errors import InvalidOption
from tracker.bootstrap import App, open_app
from tracker.domain.events import DealDescribed, DealLink, Party
from tracker.domain.state import DealState, Summary
from tracker.ingest.runner import Plan

TODAY = moment("2026-11-22")
ACME = DealDescription(
    slug="acme-beta",
    name="Acme–Beta merger",
    kind="merger",
    parties=(("Acme", "acquirer"), ("Beta: The Company", "target")),
    links=(("acme-gamma", "related"),),
)


@pytest.fixture
def app(database_url: str) -> Iterator[App]:
    app = open_app(database_url, clock=lambda: TODAY)
    yield app
    app.store.engine.dispose()


def ingest_file(app: App, path: Path, document: dict[str, Any]) -> int:
    """Ingest one report file holding the document; the number of events it appended."""
    path.write_text(json.dumps(document), encoding="utf-8")
    result = commands.ingest(app, Plan(paths=(path,)), lambda outcome: None, path.with_suffix(".lock"))
    assert result.exit_code == 0, [o.error for o in result.outcomes]
    return sum(o.appended for o in result.outcomes)


def standing(app: App, known_at: str = "now") -> Summary:
    """What the fold says of the deal now, as known at ``known_at``."""
    state = queries.deal_state(app, "acme-beta", queries.cut(app, "now", known_at)).state
    assert isinstance(state, DealState)
    return state.summary


def test_a_new_slug_opens_a_deal_named_as_described(app: App) -> None:
    done = describe_deal(app, ACME)
    assert done.appended and done.new_deal and done.names_the_deal
    assert isinstance(done.event, DealDescribed) and done.event.reported_at == TODAY
    assert app.store.streams() == ["acme-beta"]
    summary = standing(app)
    assert (summary.name, summary.kind) == ("Acme–Beta merger", "merger")
    assert summary.parties == (Party("Acme", "acquirer"), Party("Beta: The Company", "target"))
    assert summary.links == (DealLink("acme-gamma", "related"),)
    assert [s.deal for s in queries.deal_list(app, queries.cut(app))] == ["acme-beta"]


def test_the_same_description_twice_appends_nothing_the_second_time(app: App) -> None:
    first = describe_deal(app, ACME)
    again = describe_deal(app, DealDescription(**{**ACME.__dict__}))
    assert not again.appended and not again.new_deal and again.names_the_deal
    assert again.event == first.event
    assert len(app.store.read()) == 1


def test_it_is_the_event_the_equivalent_file_stores_so_either_order_stores_it_once(app: App, tmp_path: Path) -> None:
    entry = ACME.as_entry()
    assert ingest_file(app, tmp_path / "acme.json", {"deals": [entry]}) == 1
    stored = app.store.read()
    done = describe_deal(app, ACME)
    assert not done.appended and done.event == stored[0]
    other = DealDescription(slug="delta-epsilon", name="Delta–Epsilon", parties=(("Delta", "buyer"),))
    added = describe_deal(app, other)
    assert ingest_file(app, tmp_path / "delta.json", {"deals": [other.as_entry()]}) == 0
    assert [e.event_id for e in app.store.read(["delta-epsilon"])] == [added.event.event_id]


def test_another_name_for_a_known_deal_renames_it_from_now(app: App) -> None:
    describe_deal(app, ACME)
    later = App(app.store, app.read_models, lambda: moment("2026-11-25"), app.url, app.say)
    renamed = describe_deal(later, DealDescription(slug="acme-beta", name="Acme–Beta (called off)"))
    assert renamed.appended and not renamed.new_deal and renamed.names_the_deal
    assert renamed.event.reported_at == moment("2026-11-25")
    now = standing(later)
    assert (now.name, now.parties) == ("Acme–Beta (called off)", ())  # a description is whole: no parties given
    before = standing(later, "2026-11-23")
    assert before.name == "Acme–Beta merger"


def test_described_at_dates_the_rename_and_an_earlier_one_does_not_name_the_deal(app: App) -> None:
    describe_deal(app, DealDescription(slug="acme-beta", name="Acme–Beta", described_at="2026-03-01"))
    renamed = describe_deal(app, DealDescription(slug="acme-beta", name="Acme–Beta II", described_at="2026-06-01"))
    assert renamed.appended and renamed.names_the_deal
    older = describe_deal(app, DealDescription(slug="acme-beta", name="Acme–Beta 0", described_at="2026-01-01"))
    assert older.appended and not older.names_the_deal
    again = describe_deal(app, DealDescription(slug="acme-beta", name="Acme–Beta", described_at="2026-03-01"))
    assert not again.appended and not again.names_the_deal  # stored before, and a later description names it
    names = {known_at: standing(app, known_at).name for known_at in ("2026-01-15", "2026-04-01", "2026-07-01")}
    assert names == {"2026-01-15": "Acme–Beta 0", "2026-04-01": "Acme–Beta", "2026-07-01": "Acme–Beta II"}


def test_record_adds_developments_to_a_deal_added_so(app: App) -> None:
    describe_deal(app, DealDescription(slug="acme-beta", name="Acme–Beta", described_at="2026-01-01"))
    development = Development(
        deal="acme-beta",
        type="talks_reported",
        occurred="2026-02",
        summary="Acme and Beta are in talks",
        publisher="Wire",
        published_at="2026-02-10",
        terms=(("investment", "$2 billion"),),
    )
    recorded = commands.record(app, development)
    assert len(recorded.appended) == 1
    summary = standing(app)
    assert summary.name == "Acme–Beta" and summary.headline is not None


@pytest.mark.parametrize(
    ("fields", "option", "said"),
    [
        ({"slug": "Acme Beta"}, "slug", "'Acme Beta' is not a deal slug: expected up to 100 lower-case letters"),
        ({"slug": "a" * 101}, "slug", "is not a deal slug"),
        ({"name": ""}, "name", "'' should be non-empty"),
        ({"name": "x" * 201}, "name", "201 characters is too long: expected at most 200"),
        ({"kind": ""}, "kind", "should be non-empty"),
        ({"headline_term": "t" * 300}, "headline_term", "300 characters is too long"),
        ({"described_at": "soon"}, "described_at", "'soon' is not a date"),
        ({"parties": (("Acme", "r" * 201),)}, "party", "(NAME:ROLE): 201 characters is too long"),
        ({"links": (("acme-gamma", "friend"),)}, "link", "'friend' is not one of part_of, has_part, related"),
        ({"links": (("Acme Gamma", "related"),)}, "link", "'Acme Gamma' is not a deal slug"),
    ],
)
def test_what_a_file_could_not_hold_is_refused_naming_the_field_and_nothing_is_written(
    app: App, fields: dict[str, Any], option: str, said: str
) -> None:
    with pytest.raises(InvalidOption) as refused:
        DealDescription(**{"slug": "acme-beta", "name": "Acme–Beta", **fields})
    assert refused.value.option == option and said in refused.value.message, refused.value.message
    assert "deals[0]" not in refused.value.message and "^[" not in refused.value.message
    assert app.store.read() == []
