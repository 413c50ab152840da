"""The use cases as function calls, on real SQLite and PostgreSQL: what the CLI and the viewer stand on."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pendulum
import pytest

from tests.builders import moment
from tests.conftest import SEEDS
from tracker.app import commands, queries
from tracker.app.errors import InvalidOption, Refused, UnknownDeal
from tracker.bootstrap import App, open_app
from tracker.domain.amounts import Amount
from tracker.domain.events import Status, TermValue
from tracker.domain.fold import project
from tracker.domain.state import DealState
from tracker.ingest.runner import Plan
from tracker.store.eventstore import ConcurrencyConflict, EventStore

TODAY = moment("2026-11-22")
DEAL = "nvidia-openai"
CUTS = [
    ("2025-09-01", "2026-11-22"),
    ("2025-10-15", "2026-11-22"),
    ("2026-02-15", "2025-12-31"),
    ("2026-02-28", "2026-02-28"),
    ("now", "2025-09-22"),
    ("now", "now"),
]


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[App]:
    app = open_app(database_url, clock=lambda: TODAY)
    result = commands.ingest(app, Plan(paths=(SEEDS,)), lambda outcome: None, tmp_path / "ingest.lock")
    assert result.exit_code == 0
    yield app
    app.store.engine.dispose()


def test_a_cut_reads_the_clock_once_so_now_is_one_instant_on_both_axes(app: App) -> None:
    readings: list[pendulum.DateTime] = []

    def ticking() -> pendulum.DateTime:
        readings.append(pendulum.now("UTC"))
        return readings[-1]

    at = queries.cut(App(app.store, app.read_models, ticking, app.url, app.say))
    assert len(readings) == 1 and at.as_of == at.known_at == readings[0]


def test_a_cut_that_does_not_parse_names_its_option(app: App) -> None:
    with pytest.raises(InvalidOption) as refused:
        queries.cut(app, "2025-10-15", "last tuesday")
    assert refused.value.option == "known_at"


def test_the_state_carries_the_deals_version(app: App) -> None:
    answer = queries.deal_state(app, DEAL, queries.cut(app, "2025-10-15"))
    assert isinstance(answer.state, DealState)
    assert answer.state.summary.status is Status.LETTER_OF_INTENT
    assert answer.version == app.store.version_of(DEAL) == len(app.store.read([DEAL]))


@pytest.mark.parametrize(("as_of", "known_at"), CUTS)
def test_the_summary_from_the_index_is_the_folds(app: App, as_of: str, known_at: str) -> None:
    at = queries.cut(app, as_of, known_at)
    summary = queries.deal_summary(app, DEAL, at)
    folded = queries.deal_state(app, DEAL, at).state
    assert isinstance(folded, DealState)
    assert summary.state == folded.summary
    assert summary.version == app.store.version_of(DEAL)


@pytest.mark.parametrize(("as_of", "known_at"), [*CUTS, ("now", "2020-01-01")])
def test_the_deal_list_is_every_known_deals_folded_summary(app: App, as_of: str, known_at: str) -> None:
    at = queries.cut(app, as_of, known_at)
    events = app.store.read()
    folded = [project(events, deal, at.as_of, at.known_at) for deal in app.store.streams()]
    assert queries.deal_list(app, at) == [state.summary for state in folded if state.event_count]


def test_no_deal_is_listed_before_anything_was_reported(app: App) -> None:
    assert queries.deal_list(app, queries.cut(app, "now", "2020-01-01")) == []


def test_the_deal_list_reads_the_read_models_not_the_log(app: App, monkeypatch: pytest.MonkeyPatch) -> None:
    queries.deal_list(app, queries.cut(app))  # the read models catch up once, reading what is new

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("the deal list read the whole log")

    monkeypatch.setattr(EventStore, "read", refuse)
    listed = queries.deal_list(app, queries.cut(app), party="nvidia")
    assert [s.deal for s in listed] == ["nvidia-anthropic", "nvidia-openai", "openai-funding-round"]  # a participant


def test_an_unknown_deal_is_refused_with_the_deals_there_are(app: App) -> None:
    for ask in (queries.deal_state, queries.deal_summary, queries.deal_chart):
        with pytest.raises(UnknownDeal, match="known deals: amazon-openai, "):
            ask(app, "nvidia-opneai", queries.cut(app))


def test_the_timeline_filters_and_counts_what_happened_later(app: App) -> None:
    at = queries.cut(app, "2025-12-31")
    everything = queries.deal_timeline(app, DEAL, at, queries.timeline_filter(), show_later=False)
    assert everything.later == () and everything.hidden_later > 0
    shown = queries.deal_timeline(app, DEAL, at, queries.timeline_filter(), show_later=True)
    assert len(shown.later) == everything.hidden_later and shown.hidden_later == 0
    suspended = queries.deal_timeline(
        app, DEAL, queries.cut(app), queries.timeline_filter(types=["deal_suspended"]), show_later=False
    )
    assert [e.event.event_type for e in suspended.entries] == ["deal_suspended"]


@pytest.mark.parametrize(
    ("options", "option"),
    [
        ({"types": ["deal_described"]}, "types"),
        ({"types": [","]}, "types"),
        ({"since": "soon"}, "since"),
        ({"since": "2026-02", "until": "2025-12"}, "since"),
    ],
)
def test_a_bad_filter_names_its_option(options: dict, option: str) -> None:
    with pytest.raises(InvalidOption) as refused:
        queries.timeline_filter(**options)
    assert refused.value.option == option


def test_a_diff_moves_one_axis_and_refuses_ends_the_wrong_way_round(app: App) -> None:
    world = queries.deal_diff(app, DEAL, "world", "2025-10-15", "2026-02-15")
    assert world.before.summary.status is Status.LETTER_OF_INTENT and world.after.summary.status is Status.SUSPENDED
    assert world.before.summary.known_at == world.after.summary.known_at and world.changes
    with pytest.raises(InvalidOption) as refused:
        queries.deal_diff(app, DEAL, "knowledge", "2026-02-28", "2025-12-31")
    assert refused.value.option == "from"


def amount(value: TermValue) -> Amount:
    assert isinstance(value, Amount)
    return value


def test_the_chart_steps_through_the_headline(app: App) -> None:
    steps = queries.deal_chart(app, DEAL, queries.cut(app)).steps
    assert [str(amount(s.claim.value).value) for s in steps if s.claim][:1] == ["100000000000"]


def development(**changes: object) -> commands.Development:
    fields: dict = {
        "deal": DEAL,
        "type": "deal_suspended",
        "occurred": "2026-03",
        "summary": "Talks stall again",
        "publisher": "Reuters",
        "published_at": "2026-03-20",
    } | changes
    return commands.Development(**fields)


def test_record_appends_once_and_guards_the_version(app: App) -> None:
    version = app.store.version_of(DEAL)
    first = commands.record(app, development(report_id="stall-1"), expected_version=version)
    assert len(first.appended) == 1 and app.store.version_of(DEAL) == version + 1
    again = commands.record(app, development(report_id="stall-1"))
    assert again.appended == () and [e.event_id for e in again.duplicates] == [first.appended[0].event_id]
    with pytest.raises(ConcurrencyConflict):
        commands.record(app, development(summary="Another stall"), expected_version=version)
    with pytest.raises(Refused, match="no deal 'nobody'"):
        commands.record(app, development(deal="nobody"))


def test_retract_then_retract_the_retraction_restores(app: App) -> None:
    target = commands.record(app, development()).appended[0]
    done = commands.retract(app, str(target.event_id)[:8], "The outlet withdrew it")
    assert done.target == target and done.restored is None
    with pytest.raises(Refused, match="already retracted"):
        commands.retract(app, str(target.event_id), "Again")
    undone = commands.retract(app, str(done.retraction.event_id), "That retraction was a mistake")
    assert undone.restored == target.event_id and not undone.still_retracted
    with pytest.raises(InvalidOption) as refused:
        commands.retract(app, "%", "anything")
    assert refused.value.option == "event_id"


def test_an_export_imports_into_an_empty_database_with_the_same_chain(app: App, sqlite_url: str) -> None:
    exported = io.StringIO()
    summary = commands.export_log(app, exported)
    copy = open_app(sqlite_url.replace("tracker.db", "copy.db"), clock=lambda: TODAY)
    assert commands.import_log(copy, io.StringIO(exported.getvalue()).readlines(), "export") == summary
    assert copy.store.read() == app.store.read() and commands.verify(copy).broken is None


def test_the_runs_list_the_seed_ingest(app: App) -> None:
    [run] = queries.recent_runs(app, 5)
    assert run["status"] == "ok" and run["appended"] == len(app.store.read())
