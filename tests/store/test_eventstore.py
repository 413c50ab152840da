"""The event store, run once on a SQLite file and once on PostgreSQL."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pendulum
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from tests.builders import make, terms
from tracker.domain.events import DealSuspended, LetterOfIntentSigned, StatementMade
from tracker.store.database import SCHEMA_HEAD
from tracker.store.engine import make_engine
from tracker.store.eventstore import ConcurrencyConflict, EventStore, NewEvent
from tracker.store.migrate import current_revision, ensure_schema, script_location

ROOT = Path(__file__).resolve().parents[2]
FIXED_NOW = pendulum.datetime(2026, 3, 1, 12, tz="UTC")


@pytest.fixture
def store(engine) -> EventStore:
    return EventStore(engine, lambda: FIXED_NOW)


def loi(**fields):
    return make(
        LetterOfIntentSigned, terms=terms(investment="up to $100 billion", compute="10 GW"), binding=False, **fields
    )


def test_events_round_trip_unchanged(store: EventStore) -> None:
    event = loi(deal="nvidia-openai")
    store.append([NewEvent(event, "id:loi")])
    assert store.read() == [event]


def test_positions_are_gapless_and_versions_count_per_stream(store: EventStore, engine) -> None:
    store.append([NewEvent(loi(deal="a"), "k1"), NewEvent(loi(deal="b"), "k2")])
    store.append([NewEvent(make(DealSuspended, deal="a"), "k3")])
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT position, stream_id, version FROM events ORDER BY position")).all()
    assert [tuple(r) for r in rows] == [(1, "a", 1), (2, "b", 1), (3, "a", 2)]


def test_appending_the_same_report_again_stores_nothing_and_says_so(store: EventStore) -> None:
    first = store.append([NewEvent(loi(), "id:loi")])
    again = store.append([NewEvent(loi(), "id:loi")])
    assert (len(first.appended), len(again.appended), len(again.duplicates)) == (1, 0, 1)
    assert len(store.read()) == 1


def test_a_stale_expected_version_is_a_conflict_and_writes_nothing(store: EventStore) -> None:
    store.append([NewEvent(loi(), "k1")])
    with pytest.raises(ConcurrencyConflict, match="version 2, not 1"):
        store.append(
            [NewEvent(make(StatementMade, party="Acme"), "k2"), NewEvent(make(DealSuspended), "k3", expected_version=1)]
        )
    assert len(store.read()) == 1
    store.append([NewEvent(make(DealSuspended), "k3", expected_version=1)])
    assert store.version_of("acme-widget") == 2


@pytest.mark.parametrize("statement", ["UPDATE events SET stream_id = 'x'", "DELETE FROM events"])
def test_the_database_refuses_to_change_or_remove_events(store: EventStore, engine, statement: str) -> None:
    store.append([NewEvent(loi(), "k1")])
    with pytest.raises(DBAPIError, match="events are immutable"), engine.begin() as connection:
        connection.execute(text(statement))
    assert len(store.read()) == 1


def test_verify_names_the_first_altered_row(store: EventStore, engine) -> None:
    store.append([NewEvent(loi(deal=f"deal-{n}"), f"k{n}") for n in range(5)])
    assert store.verify().broken is None and store.verify().checked == 5
    _drop_triggers(engine)
    with engine.begin() as connection:
        connection.execute(text("UPDATE events SET occurred_text = '2024' WHERE position = 3"))
    broken = store.verify().broken
    assert broken is not None and broken.position == 3
    assert "altered" in broken.reason


def test_verify_notices_a_deleted_row(store: EventStore, engine) -> None:
    store.append([NewEvent(loi(deal=f"deal-{n}"), f"k{n}") for n in range(3)])
    _drop_triggers(engine)
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM events WHERE position = 2"))
    broken = store.verify().broken
    assert broken is not None and (broken.position, "missing" in broken.reason) == (3, True)


def _drop_triggers(engine) -> None:
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("DROP TRIGGER events_refuse_update_delete ON events"))
        else:
            connection.execute(text("DROP TRIGGER events_refuse_update"))
            connection.execute(text("DROP TRIGGER events_refuse_delete"))


def test_find_accepts_a_short_id(store: EventStore) -> None:
    event = loi()
    store.append([NewEvent(event, "k1")])
    assert store.find(str(event.event_id)[:8]) == [event]
    assert store.find("%") == [] or len(store.find("%")) == 1


def test_schema_head_constant_matches_the_migration_scripts(engine) -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(script_location()))
    assert ScriptDirectory.from_config(config).get_current_head() == SCHEMA_HEAD
    assert current_revision(engine) == SCHEMA_HEAD
    assert ensure_schema(engine) is False


def test_alembic_command_line_upgrades_the_configured_database(database_url: str) -> None:
    env = {"TRACKER_DATABASE_URL": database_url, "PATH": str(Path(sys.executable).parent)}
    subprocess.run(
        [sys.executable, "-m", "alembic", "upgrade", "head"], cwd=ROOT, env=env, check=True, capture_output=True
    )
    engine = make_engine(database_url)
    assert current_revision(engine) == SCHEMA_HEAD
    engine.dispose()


def test_concurrent_writers_leave_a_gapless_log_and_retry_conflicts(store: EventStore, engine) -> None:
    from concurrent.futures import ThreadPoolExecutor

    def write(worker: int) -> int:
        conflicts = 0
        for n in range(15):
            store.append([NewEvent(make(StatementMade, party="A", deal=f"own-{worker}"), f"own-{worker}-{n}")])
            while True:
                version = store.version_of("shared")
                event = make(StatementMade, party="B", deal="shared")
                try:
                    store.append([NewEvent(event, f"shared-{worker}-{n}", expected_version=version)])
                    break
                except ConcurrencyConflict:
                    conflicts += 1
        return conflicts

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(write, range(4)))
    with engine.connect() as connection:
        positions = list(connection.scalars(text("SELECT position FROM events ORDER BY position")))
        query = "SELECT version FROM events WHERE stream_id = 'shared' ORDER BY position"
        shared = list(connection.scalars(text(query)))
    assert positions == list(range(1, 121))
    assert shared == list(range(1, 61))
    assert store.verify().broken is None


def test_a_unit_of_work_keeps_nothing_unless_committed(store: EventStore) -> None:
    with store.unit_of_work() as unit:
        unit.append([NewEvent(loi(), "k1")])
    with pytest.raises(RuntimeError), store.unit_of_work() as unit:
        unit.append([NewEvent(loi(), "k2")])
        unit.commit()
        raise RuntimeError("crash before the end of the block")
    assert store.read() == []
    with store.unit_of_work() as unit:
        unit.append([NewEvent(loi(), "k3")])
        unit.append([NewEvent(make(DealSuspended), "k4")])
        unit.commit()
    assert len(store.read()) == 2 and store.verify().broken is None


def test_appends_in_one_unit_of_work_count_each_stream_on_from_what_it_appended(store: EventStore, engine) -> None:
    """A unit reads a stream's version once (under the lock no one else moves it) and counts on from its appends."""
    store.append([NewEvent(loi(deal="a"), "k0")])
    with store.unit_of_work() as unit:
        unit.append([NewEvent(loi(deal="a"), "k1"), NewEvent(loi(deal="b"), "k2")])
        unit.append([NewEvent(loi(deal="a"), "k1")])  # a duplicate: appends nothing, moves no version
        unit.append([NewEvent(make(DealSuspended, deal="a"), "k3"), NewEvent(loi(deal="c"), "k4")])
        with pytest.raises(ConcurrencyConflict, match="version 3, not 1"):
            unit.append([NewEvent(make(DealSuspended, deal="b"), "k5"), NewEvent(loi(deal="a"), "k6", 1)])
        unit.append([NewEvent(make(DealSuspended, deal="b"), "k7", expected_version=1)])
        unit.commit()
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT stream_id, version FROM events ORDER BY position")).all()
    assert [tuple(r) for r in rows] == [("a", 1), ("a", 2), ("b", 1), ("a", 3), ("c", 1), ("b", 2)]
    assert store.verify().broken is None


def test_a_report_id_repeated_within_one_unit_of_work_is_an_input_error(store: EventStore) -> None:
    from tracker.store.eventstore import RepeatedInInput

    store.append([NewEvent(loi(), "id:old")])
    with pytest.raises(RepeatedInInput, match="'again'"), store.unit_of_work() as unit:
        unit.append([NewEvent(loi(), "id:old"), NewEvent(loi(), "id:again")])
        unit.append([NewEvent(make(DealSuspended), "id:again")])
    assert len(store.read()) == 1
