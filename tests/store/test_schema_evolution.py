"""Old databases keep working: upcasters for old payloads, every migration on real old data, downgrades.

tests/fixtures/schema_0001.sqlite holds the seed saga as written at the first
schema revision, in version-1 payloads (scripts/make_schema_fixture.py made it).
On SQLite a copy of that file is upgraded; on PostgreSQL its rows are loaded
into a fresh schema at revision 0001 and upgraded there. If the seeds or the
way they are read change on purpose, run that script again.
"""

from __future__ import annotations

import copy
import shutil
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Engine, func, insert, inspect, select

from tests.builders import make, terms
from tests.conftest import ROOT, SEEDS
from tracker.bootstrap import open_app
from tracker.domain.amounts import Money, Qualifier, Quantity
from tracker.domain.events import CATALOG, DealDescribed, ParticipantJoined, Term, TermsChanged, TermsReported
from tracker.domain.fold import deals_in, project
from tracker.ingest.service import ingest
from tracker.store.database import SCHEMA_HEAD
from tracker.store.engine import WRITE, make_engine
from tracker.store.eventstore import EventStore, NewEvent
from tracker.store.hashing import row_hash
from tracker.store.mapper import UnreadablePayload, from_row, payload_of, to_row
from tracker.store.migrate import current_revision, script_location, upgrade
from tracker.store.tables import events
from tracker.store.upcasting import AMOUNT_CARRYING, UPCASTERS, UnknownSchemaVersion, Upcasters, tag_amount_kinds

FIXTURE = ROOT / "tests" / "fixtures" / "schema_0001.sqlite"
SEED = SEEDS / "nvidia-openai.yaml"
NOW = pendulum.datetime(2026, 2, 20, 8, tz="UTC")
LATER = pendulum.datetime(2030, 1, 1, tz="UTC")
SEED_EVENTS = 30
ABOUT_30B = Money(qualifier=Qualifier.ABOUT, value=Decimal("3E10"), currency="USD")


# --- helpers -----------------------------------------------------------------------


def stored_rows(engine: Engine) -> list[dict[str, Any]]:
    """The rows exactly as stored: what the hash chain covers."""
    with engine.connect() as connection:
        return [dict(row._mapping) for row in connection.execute(select(events).order_by(events.c.position))]


def downgrade(engine: Engine, revision: str) -> None:
    from alembic.config import Config

    from alembic import command

    config = Config()
    config.set_main_option("script_location", str(script_location()))
    with engine.connect() as connection:
        connection.execution_options(**WRITE)
        with connection.begin():
            config.attributes["connection"] = connection
            command.downgrade(config, revision)


def append_raw(engine: Engine, row: dict[str, Any]) -> None:
    """Append a hand-made row as an older writer would have: chained, but in its own payload shape."""
    with engine.connect() as connection:
        connection.execution_options(**WRITE)
        with connection.begin():
            head = connection.execute(select(events).order_by(events.c.position.desc()).limit(1)).first()
            in_stream = select(func.count()).where(events.c.stream_id == row["stream_id"])
            row = row | {
                "position": head.position + 1 if head else 1,
                "version": (connection.scalar(in_stream) or 0) + 1,
                "recorded_at": NOW,
                "prev_hash": head.hash if head else "0" * 64,
            }
            row["hash"] = row_hash(row, row["prev_hash"])
            connection.execute(insert(events), [row])


def tables(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        return set(inspect(connection).get_table_names())


def untagged(payload: Any) -> Any:
    """The version-1 spelling of amounts, as the fixture script writes it."""
    if isinstance(payload, dict):
        amount = "qualifier" in payload
        return {k: untagged(v) for k, v in payload.items() if not (amount and k == "kind")}
    if isinstance(payload, list):
        return [untagged(item) for item in payload]
    return payload


@pytest.fixture
def old_database(database_url: str, tmp_path: Path) -> Iterator[str]:
    """A database at revision 0001 holding the fixture's rows: the file itself on SQLite, a copy on PostgreSQL."""
    if database_url.startswith("sqlite"):
        shutil.copyfile(FIXTURE, database_url.removeprefix("sqlite:///"))
        yield database_url
        return
    copy = shutil.copyfile(FIXTURE, tmp_path / "fixture-copy.sqlite")  # opening switches a file to WAL
    source = make_engine(f"sqlite:///{copy}")
    rows = stored_rows(source)
    source.dispose()
    engine = make_engine(database_url)
    upgrade(engine, "0001")
    with engine.begin() as connection:
        connection.execute(insert(events), rows)
    engine.dispose()
    yield database_url


@pytest.fixture
def fresh_store(tmp_path: Path) -> Iterator[EventStore]:
    """The seeds ingested today, into a new database at the newest revision."""
    app = open_app(f"sqlite:///{tmp_path / 'fresh.db'}", lambda: NOW)
    [outcome] = ingest(app.store, [SEED], NOW)
    assert (outcome.error, outcome.appended) == (None, SEED_EVENTS)
    yield app.store
    app.store.engine.dispose()


# --- the fixture really is old ----------------------------------------------------


def test_the_fixture_is_at_revision_0001_with_version_one_payloads(tmp_path: Path) -> None:
    copy = tmp_path / "copy.sqlite"
    shutil.copyfile(FIXTURE, copy)
    engine = make_engine(f"sqlite:///{copy}")
    rows = stored_rows(engine)
    assert current_revision(engine) == "0001"
    assert tables(engine) == {"alembic_version", "events"}
    assert len(rows) == SEED_EVENTS and {r["schema_version"] for r in rows} == {1}
    terms_rows = [r for r in rows if r["event_type"] == "terms_reported"]
    assert terms_rows and all("kind" not in t["value"] for r in terms_rows for t in r["payload"]["terms"])
    assert EventStore(engine, lambda: NOW).verify().broken is None
    engine.dispose()


def test_the_committed_fixture_is_what_its_script_makes(tmp_path: Path) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_schema_fixture", ROOT / "scripts" / "make_schema_fixture.py")
    assert spec and spec.loader
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert script.make_fixture(tmp_path / "made.sqlite") == SEED_EVENTS
    shutil.copyfile(FIXTURE, tmp_path / "committed.sqlite")
    made, committed = (make_engine(f"sqlite:///{tmp_path / name}") for name in ("made.sqlite", "committed.sqlite"))
    assert stored_rows(made) == stored_rows(committed), "run scripts/make_schema_fixture.py again"
    made.dispose()
    committed.dispose()


def test_version_one_payloads_cannot_be_read_without_their_upcaster(tmp_path: Path) -> None:
    copy = tmp_path / "copy.sqlite"
    shutil.copyfile(FIXTURE, copy)
    engine = make_engine(f"sqlite:///{copy}")
    row = next(r for r in stored_rows(engine) if r["event_type"] == "terms_reported")
    engine.dispose()
    with pytest.raises(TypeError, match="cannot decode"):
        from_row(row, Upcasters())
    assert isinstance(from_row(row), TermsReported)


# --- upgrading the old database keeps everything -------------------------------------


def test_the_old_database_upgrades_through_every_migration_with_all_its_data(
    old_database: str, fresh_store: EventStore
) -> None:
    engine = make_engine(old_database)
    before = stored_rows(engine)
    engine.dispose()

    app = open_app(old_database, lambda: NOW)  # what any command does on start-up
    upgraded = app.store
    assert current_revision(upgraded.engine) == SCHEMA_HEAD
    assert stored_rows(upgraded.engine) == before, "a migration changed stored events"
    verification = upgraded.verify()
    assert (verification.checked, verification.broken) == (SEED_EVENTS, None)

    old_events, new_events = upgraded.read(), fresh_store.read()
    assert old_events == new_events
    assert [payload_of(e) for e in old_events] == [r["payload"] for r in stored_rows(fresh_store.engine)]
    for deal in deals_in(new_events):
        for moment in (pendulum.datetime(2025, 10, 1, tz="UTC"), pendulum.datetime(2026, 2, 1, tz="UTC"), LATER):
            assert project(old_events, deal, moment, moment) == project(new_events, deal, moment, moment), deal
    assert project(old_events, "nvidia-openai", LATER, LATER).summary.headline is not None
    upgraded.engine.dispose()


def test_after_upgrading_the_seeds_are_duplicates_and_new_events_use_current_versions(old_database: str) -> None:
    app = open_app(old_database, lambda: NOW)
    [again] = ingest(app.store, [SEED], NOW)
    assert (again.error, again.appended, again.duplicates) == (None, 0, SEED_EVENTS)

    new = make(TermsChanged, deal="nvidia-openai", terms=terms(investment="$30 billion"))
    app.store.append([NewEvent(new, "id:after-upgrade")])
    rows = stored_rows(app.store.engine)
    assert [r["schema_version"] for r in rows[-2:]] == [1, 2]
    assert app.store.read()[-1] == new
    verification = app.store.verify()
    assert (verification.checked, verification.broken) == (SEED_EVENTS + 1, None)
    app.store.engine.dispose()


@pytest.mark.parametrize("tag", [False, True], ids=["untagged", "already-tagged"])
def test_synthetic_version_one_rows_inserted_by_sql_read_as_todays_events(database_url: str, tag: bool) -> None:
    """Types the fixture lacks, and version-1 rows that a release before the tag already wrote tagged."""
    engine = make_engine(database_url)
    upgrade(engine)
    joined = make(ParticipantJoined, party="SoftBank", amount=ABOUT_30B)
    changed = make(TermsChanged, terms=terms(compute="10 GW", investment="up to $100 billion", form="equity"))
    for index, event in enumerate((joined, changed)):
        row = to_row(event, f"synthetic-{index}", upcasters=Upcasters())
        append_raw(engine, row | {"payload": row["payload"] if tag else untagged(row["payload"])})
    store = EventStore(engine, lambda: NOW)
    assert store.read() == [joined, changed]
    assert store.verify().broken is None
    engine.dispose()


# --- reading rows the upcasters cannot -------------------------------------------------


def test_a_payload_from_a_newer_release_is_refused_in_one_clear_line() -> None:
    row = to_row(make(TermsReported, terms=terms(investment="$1 billion")), "k") | {"position": 7}
    with pytest.raises(
        UnreadablePayload,
        match=r"^event at position 7: terms_reported version 3 is newer .*"
        r"\(up to 2\): upgrade deal-tracker$",
    ):
        from_row(row | {"schema_version": 3})


def test_the_command_line_reports_a_too_new_payload_in_one_line(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from tracker.cli.main import cli

    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    engine = make_engine(url)
    upgrade(engine)
    row = to_row(make(TermsReported, deal="nvidia-openai", terms=terms(investment="$1 billion")), "k")
    append_raw(engine, row | {"schema_version": 3})
    engine.dispose()
    result = CliRunner().invoke(cli, ["timeline", "nvidia-openai", "--db", url])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "tracker: error: event at position 1: terms_reported version 3 is newer than this deal-tracker reads "
        "(up to 2): upgrade deal-tracker"
    ]


# --- the registry ----------------------------------------------------------------------


def test_upcasters_chain_in_order_from_the_stored_version_and_leave_the_stored_payload_alone() -> None:
    registry = Upcasters()
    registry.add("thing_happened", 1, lambda p: {**p, "steps": [*p.get("steps", []), "1->2"]})
    registry.add("thing_happened", 2, lambda p: {"renamed": p["old"], "steps": [*p["steps"], "2->3"]})
    stored = {"old": "x"}
    assert registry.current_version("thing_happened") == 3
    assert registry.upcast("thing_happened", 1, stored) == {"renamed": "x", "steps": ["1->2", "2->3"]}
    assert registry.upcast("thing_happened", 2, {"old": "y", "steps": []}) == {"renamed": "y", "steps": ["2->3"]}
    assert registry.upcast("thing_happened", 3, {"renamed": "z"}) == {"renamed": "z"}
    assert stored == {"old": "x"}
    assert registry.current_version("other_thing") == 1


def test_a_gap_or_a_second_step_for_one_version_is_refused() -> None:
    registry = Upcasters()
    with pytest.raises(ValueError, match="would leave a gap"):
        registry.add("thing_happened", 2, dict)
    registry.add("thing_happened", 1, dict)
    with pytest.raises(ValueError, match="already has an upcaster from version 1"):
        registry.add("thing_happened", 1, dict)
    with pytest.raises(UnknownSchemaVersion, match="versions start at 1"):
        registry.upcast("thing_happened", 0, {})


def test_every_upcast_type_is_a_known_type_that_carries_amounts() -> None:
    assert UPCASTERS.event_types() == set(AMOUNT_CARRYING) <= set(CATALOG)
    amount_fields = {"terms", "figures", "amount"}
    assert all(amount_fields & set(CATALOG[name].__dataclass_fields__) for name in AMOUNT_CARRYING)
    assert {UPCASTERS.current_version(name) for name in AMOUNT_CARRYING} == {2}


@pytest.mark.parametrize(
    "event",
    [
        make(TermsReported, terms=terms(investment="$1 billion", compute="10 GW")),
        make(ParticipantJoined, party="SoftBank", amount=ABOUT_30B),
    ],
    ids=["terms", "amount"],
)
def test_reading_an_old_row_leaves_its_stored_payload_and_so_its_hash_alone(event: Any) -> None:
    row = to_row(event, "k") | {"position": 1, "version": 1, "recorded_at": NOW, "schema_version": 1}
    row["payload"] = untagged(row["payload"])
    before = (copy.deepcopy(row["payload"]), row_hash(row, "0" * 64))
    assert from_row(row) == event
    assert (row["payload"], row_hash(row, "0" * 64)) == before


_decimals = st.decimals(min_value=0, max_value=Decimal("1e13"), allow_nan=False, places=2)
_currencies = st.sampled_from(["USD", "EUR"])
_units = st.sampled_from(["GW", "%", "tranches"])
_amounts = st.one_of(
    st.builds(lambda v, c: Money(qualifier=Qualifier.ABOUT, value=v, currency=c), _decimals, _currencies),
    st.builds(lambda v, u: Quantity(qualifier=Qualifier.UP_TO, value=v, unit=u), _decimals, _units),
    st.builds(lambda low: Money(qualifier=Qualifier.RANGE, low=low, high=low * 10, currency="USD"), _decimals),
    st.text(min_size=1, max_size=12),
)


@given(st.lists(st.tuples(st.sampled_from(["investment", "compute", "form"]), _amounts), max_size=5))
def test_untagging_then_upcasting_gives_back_todays_payload(named: list[tuple[str, Any]]) -> None:
    event = make(TermsReported, terms=tuple(Term(name, value) for name, value in named))
    payload = payload_of(event)
    assert tag_amount_kinds(untagged(payload)) == payload
    row = to_row(event, "k") | {"position": 1, "schema_version": 1, "payload": untagged(payload)}
    assert from_row(row) == event


# --- downgrades --------------------------------------------------------------------------


def _revisions_with_a_predecessor() -> list[str]:
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory(str(script_location()))
    return sorted(s.revision for s in scripts.walk_revisions() if s.down_revision is not None)


@pytest.mark.parametrize("revision", _revisions_with_a_predecessor())
def test_each_migration_downgrades_and_upgrades_again_keeping_every_event(old_database: str, revision: str) -> None:
    app = open_app(old_database, lambda: NOW)
    ingest(app.store, [SEED], NOW)  # bookkeeping rows for the downgrade to drop
    engine = app.store.engine
    before = stored_rows(engine)
    from alembic.script import ScriptDirectory

    below = ScriptDirectory(str(script_location())).get_revision(revision).down_revision
    assert isinstance(below, str)
    downgrade(engine, below)
    assert current_revision(engine) == below
    assert stored_rows(engine) == before
    assert app.store.verify().broken is None
    upgrade(engine)
    assert current_revision(engine) == SCHEMA_HEAD
    assert stored_rows(engine) == before and app.store.read() == [from_row(r) for r in before]
    [again] = ingest(app.store, [SEED], NOW)
    assert again.appended == 0
    engine.dispose()


def test_the_0002_downgrade_drops_only_the_bookkeeping_tables(old_database: str) -> None:
    engine = make_engine(old_database)
    upgrade(engine)
    assert {"ingest_runs", "processed_inputs", "http_sources"} <= tables(engine)
    downgrade(engine, "0001")
    assert tables(engine) == {"alembic_version", "events"}
    engine.dispose()


def test_downgrading_below_0001_is_refused_while_events_exist(old_database: str) -> None:
    engine = make_engine(old_database)
    with pytest.raises(RuntimeError, match=f"refused: it would drop the events table and its {SEED_EVENTS} events"):
        downgrade(engine, "base")
    assert current_revision(engine) == "0001" and len(stored_rows(engine)) == SEED_EVENTS
    engine.dispose()


def test_an_empty_log_downgrades_to_nothing_and_upgrades_again(database_url: str) -> None:
    engine = make_engine(database_url)
    upgrade(engine)
    downgrade(engine, "base")
    assert tables(engine) <= {"alembic_version"}
    upgrade(engine)  # the PostgreSQL trigger function went too, or creating it again would fail
    assert current_revision(engine) == SCHEMA_HEAD
    store = EventStore(engine, lambda: NOW)
    store.append([NewEvent(make(TermsReported, terms=terms(investment="$1 billion")), "k")])
    assert len(store.read()) == 1
    engine.dispose()


def test_a_field_named_kind_survives_the_round_trip_beside_the_amount_tag(fresh_store: EventStore) -> None:
    """The codec once dropped every "kind" key, so a deal's kind read back as the default "deal"."""
    described = {e.deal: e for e in fresh_store.read() if isinstance(e, DealDescribed)}
    assert described["openai-funding-round"].kind == "funding_round"
    assert described["nvidia-openai"].kind == "investment"
