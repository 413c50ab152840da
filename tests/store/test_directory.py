"""The deal directory, a read model in tables: it resumes exactly, and rebuilt from scratch it is the same.

Runs on a SQLite file and on PostgreSQL. The kill test SIGKILLs a real
catch-up process; TRACKER_LONG=1 runs more trials over a longer log.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pendulum
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, create_engine, func, insert, inspect, select, text

from tests.conftest import ROOT, SEEDS
from tracker.bootstrap import open_app
from tracker.domain.dates import FuzzyDate
from tracker.domain.events import DealDescribed, DealLink, Event, Party, StatementMade
from tracker.domain.fold import project
from tracker.ingest.service import ingest
from tracker.store.checkpoints import ProjectionError
from tracker.store.directory import (
    catch_up,
    checkpoint,
    read_directory,
    rebuild,
)
from tracker.store.engine import make_engine
from tracker.store.eventstore import EventStore, NewEvent
from tracker.store.mapper import to_row
from tracker.store.migrate import upgrade
from tracker.store.tables import deal_directory, events, projection_checkpoints

LONG = os.environ.get("TRACKER_LONG") == "1"
NOW = pendulum.datetime(2026, 11, 22, tz="UTC")
FAR = pendulum.datetime(2100, 1, 1, tz="UTC")
KILL_EVENTS = 60_000 if LONG else 20_000
KILL_TRIALS = 12 if LONG else 2
KILLS_PER_TRIAL = 3

settings.register_profile(
    "directory-ci",
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile(
    "directory-long",
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
PROFILE = settings.get_profile("directory-long" if LONG else "directory-ci")


# --- helpers ---------------------------------------------------------------------------


def directory_rows(engine: Engine) -> list[dict[str, Any]]:
    """The stored rows exactly, with the checkpoint: what "rebuilt equals incremental" compares."""
    with engine.connect() as connection:
        rows = [dict(r._mapping) for r in connection.execute(select(deal_directory).order_by(deal_directory.c.deal))]
        rows.append(
            {
                "checkpoint": connection.scalar(
                    select(projection_checkpoints.c.position).where(
                        projection_checkpoints.c.projection == "deal_directory"
                    )
                )
            }
        )
    return rows


def rebuilt_rows(engine: Engine, batch_size: int = 97) -> list[dict[str, Any]]:
    rebuild(engine, batch_size=batch_size)
    return directory_rows(engine)


def log_counts(engine: Engine) -> dict[str, tuple[int, int, int]]:
    """Per deal, from the log itself: (first position, last position, number of events)."""
    query = select(events.c.stream_id, func.min(events.c.position), func.max(events.c.position), func.count())
    with engine.connect() as connection:
        return {
            deal: (first, last, count)
            for deal, first, last, count in connection.execute(query.group_by(events.c.stream_id))
        }


def head(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.scalar(select(func.max(events.c.position))) or 0)


def assert_matches_the_log(engine: Engine, names: bool = True) -> None:
    """Every deal once, every event counted once, checkpoint at the head, and names as the fold says."""
    entries = read_directory(engine)
    counts = log_counts(engine)
    assert {e.deal: (e.first_position, e.last_position, e.event_count) for e in entries} == counts
    assert checkpoint(engine) == head(engine)
    if not names:
        return
    by_deal: dict[str, list[Event]] = {}
    for event in EventStore(engine, lambda: NOW).read():
        by_deal.setdefault(event.deal, []).append(event)
    for entry in entries:
        state = project(by_deal[entry.deal], entry.deal, FAR, FAR).summary
        assert (entry.name, entry.kind, entry.parties, entry.links) == (
            state.name,
            state.kind,
            state.parties,
            state.links,
        ), entry.deal


def reset_directory(engine: Engine) -> None:
    """Back to an empty directory at position 0, as a fresh migration leaves it."""
    with engine.begin() as connection:
        connection.execute(deal_directory.delete())
        connection.execute(
            projection_checkpoints.update()
            .values(position=0)
            .where(projection_checkpoints.c.projection == "deal_directory")
        )


def described(
    deal: str,
    name: str,
    reported: pendulum.DateTime,
    event_id: uuid.UUID | None = None,
    parties: tuple[Party, ...] = (),
) -> DealDescribed:
    return DealDescribed(
        event_id=event_id or uuid.uuid4(),
        deal=deal,
        occurred=None,
        reported_at=reported,
        summary=f"{name} described",
        name=name,
        parties=parties,
        links=(DealLink("round", "part_of"),) if parties else (),
    )


JANUARY = FuzzyDate.parse("2026-01")


def statement(deal: str, reported: pendulum.DateTime, event_id: uuid.UUID | None = None) -> StatementMade:
    return StatementMade(
        event_id=event_id or uuid.uuid4(),
        deal=deal,
        occurred=JANUARY,
        reported_at=reported,
        summary="said something",
        party="Acme",
    )


def append_each(store: EventStore, batches: list[list[Event]], prefix: str) -> None:
    for index, batch in enumerate(batches):
        store.append([NewEvent(e, f"{prefix}-{index}-{n}") for n, e in enumerate(batch)])


# --- incremental equals rebuilt ----------------------------------------------------------


def test_a_fresh_database_has_an_empty_directory_at_position_zero(engine: Engine) -> None:
    assert read_directory(engine) == [] and checkpoint(engine) == 0
    assert catch_up(engine) == 0 and directory_rows(engine) == [{"checkpoint": 0}]


def test_the_seeds_appended_one_by_one_give_the_directory_a_rebuild_gives(engine: Engine, tmp_path: Path) -> None:
    source = open_app(f"sqlite:///{tmp_path / 'source.db'}", lambda: NOW)
    assert all(outcome.error is None for outcome in ingest(source.store, [SEEDS], NOW))
    seed_events = source.store.read()
    source.store.engine.dispose()
    store = EventStore(engine, lambda: NOW)
    for index, event in enumerate(seed_events):
        store.append([NewEvent(event, f"copy-{index}")])
        catch_up(engine, batch_size=1 + index % 3)
    incremental = directory_rows(engine)
    assert incremental == rebuilt_rows(engine)
    assert_matches_the_log(engine)
    assert {e.deal for e in read_directory(engine)} == set(store.streams())
    assert any(e.parties for e in read_directory(engine))


def test_a_later_description_reported_earlier_does_not_win(engine: Engine) -> None:
    """The fold's rule, not the log's order: the latest *reported* description names the deal."""
    store = EventStore(engine, lambda: NOW)
    store.append([NewEvent(described("acme", "Acme (March)", pendulum.datetime(2026, 3, 1, tz="UTC")), "a")])
    catch_up(engine)
    store.append([NewEvent(described("acme", "Acme (January)", pendulum.datetime(2026, 1, 1, tz="UTC")), "b")])
    catch_up(engine)
    [entry] = read_directory(engine)
    assert (entry.name, entry.described_position, entry.event_count) == ("Acme (March)", 1, 2)
    assert directory_rows(engine) == rebuilt_rows(engine)


@pytest.mark.parametrize("together", [True, False])
def test_of_two_descriptions_reported_at_once_the_later_recorded_wins(engine: Engine, together: bool) -> None:
    """The fold breaks ties in recording order; the ids are chosen so that id order says the opposite."""
    store, day = EventStore(engine, lambda: NOW), pendulum.datetime(2026, 3, 1, tz="UTC")
    first = described("acme", "Acme (first)", day, uuid.UUID(int=2**127 - 1))
    second = described("acme", "Acme (second)", day, uuid.UUID(int=1))
    batches = [[first, second]] if together else [[first], [second]]
    for n, batch in enumerate(batches):
        store.append([NewEvent(e, f"k{n}-{i}") for i, e in enumerate(batch)])
        catch_up(engine)
    [entry] = read_directory(engine)
    assert entry.name == "Acme (second)"
    assert_matches_the_log(engine)
    assert directory_rows(engine) == rebuilt_rows(engine)


DEALS = ("alpha", "beta", "gamma")
DAYS = [pendulum.datetime(2026, 1, 1 + day, tz="UTC") for day in range(4)]  # few days: ties in reported_at
_one_event = st.tuples(
    st.sampled_from(DEALS),
    st.booleans(),
    st.sampled_from(DAYS),
    st.uuids(),
    st.sampled_from(["A", "B", "C"]),
)


@contextmanager
def fresh_engine(kind: str, request: pytest.FixtureRequest) -> Iterator[Engine]:
    """A new empty database per hypothesis example: a SQLite file, or a PostgreSQL schema."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            engine = make_engine(f"sqlite:///{folder}/tracker.db")
            upgrade(engine)
            yield engine
            engine.dispose()
        return
    admin_url = request.getfixturevalue("postgres_admin_url")
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in admin_url else "?"
    engine = make_engine(f"{admin_url}{separator}options=-csearch_path%3D{schema}")
    try:
        upgrade(engine)
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
@PROFILE
@given(
    history=st.lists(_one_event, min_size=1, max_size=40),
    cuts=st.lists(st.integers(1, 6), min_size=1),
    batch_sizes=st.lists(st.integers(1, 5), min_size=1),
)
def test_a_random_history_caught_up_in_random_steps_equals_its_rebuild(
    kind: str, request: pytest.FixtureRequest, history: list[Any], cuts: list[int], batch_sizes: list[int]
) -> None:
    made: list[Event] = []
    for deal, is_description, day, event_id, name in history:
        parties = (Party(name, "investor"),) if name != "C" else ()
        made.append(
            described(deal, f"{deal} {name}", day, event_id, parties)
            if is_description
            else statement(deal, day, event_id)
        )
    with fresh_engine(kind, request) as engine:
        store = EventStore(engine, lambda: NOW)
        start, step = 0, 0
        while start < len(made):
            size = cuts[step % len(cuts)]
            append_each(store, [made[start : start + size]], f"r{step}")
            catch_up(engine, batch_size=batch_sizes[step % len(batch_sizes)])
            start, step = start + size, step + 1
        assert_matches_the_log(engine)
        assert directory_rows(engine) == rebuilt_rows(engine)


# --- killed mid-way -------------------------------------------------------------------------

CATCH_UP_SCRIPT = """
import sys
from tracker.store.directory import catch_up
from tracker.store.engine import make_engine
catch_up(make_engine(sys.argv[1]), batch_size=int(sys.argv[2]), on_batch=lambda p: print(p, flush=True))
"""


def fill_log(engine: Engine, count: int) -> None:
    """Many events fast, in a few big inserts. The directory never reads hashes, so these rows skip the chain."""
    rng = random.Random(count)
    deals = [f"deal-{n:03d}" for n in range(40)]
    moments = [pendulum.datetime(2026, 1, 1, tz="UTC").add(minutes=m) for m in range(0, 10_000, 7)]
    rows, versions = [], dict.fromkeys(deals, 0)
    for position in range(1, count + 1):
        deal, reported = rng.choice(deals), rng.choice(moments)
        event: Event = (
            described(deal, f"{deal} v{position}", reported, parties=(Party("P", "investor"),))
            if rng.random() < 0.1
            else statement(deal, reported)
        )
        versions[deal] += 1
        rows.append(
            to_row(event, f"k{position}")
            | {
                "position": position,
                "version": versions[deal],
                "recorded_at": NOW,
                "prev_hash": "0" * 64,
                "hash": "0" * 64,
            }
        )
    with engine.begin() as connection:
        for start in range(0, len(rows), 5000):
            connection.execute(insert(events), rows[start : start + 5000])


def kill_after(process: subprocess.Popen[str], batches: int, rng: random.Random) -> bool:
    """Let the catch-up commit some batches, then SIGKILL it at a random moment inside a later one."""
    assert process.stdout is not None
    for _ in range(batches):
        if not process.stdout.readline():
            return False  # it finished first
    try:
        process.wait(timeout=rng.uniform(0, 0.05))
        return False
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait()
        return True


def test_a_catch_up_killed_at_random_moments_resumes_exactly(engine: Engine, database_url: str) -> None:
    fill_log(engine, KILL_EVENTS)
    batch_size = 100
    rng = random.Random(7)
    kills = 0
    for _trial in range(KILL_TRIALS):
        reset_directory(engine)
        seen = []
        for _ in range(KILLS_PER_TRIAL):
            process = subprocess.Popen(
                [sys.executable, "-c", CATCH_UP_SCRIPT, database_url, str(batch_size)],
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
                cwd=ROOT,
            )
            kills += kill_after(process, rng.randrange(1, 40), rng)
            seen.append(checkpoint(engine))
        assert seen == sorted(seen) and all(p % batch_size == 0 for p in seen), "a batch committed only in part"
        catch_up(engine, batch_size=1000)  # the resumption, in bigger steps to save time
        incremental = directory_rows(engine)
        assert_matches_the_log(engine, names=False)  # the other tests compare names with the fold
        assert incremental == rebuilt_rows(engine, batch_size=2000)
    assert kills >= KILL_TRIALS


# --- concurrency ----------------------------------------------------------------------------


def test_concurrent_catch_ups_beside_an_appender_give_what_one_would(database_url: str, engine: Engine) -> None:
    appender = EventStore(engine, lambda: NOW)
    deals = [f"deal-{n}" for n in range(12)]
    done = threading.Event()
    failures: list[BaseException] = []

    def append_all() -> None:
        try:
            rng = random.Random(3)
            for step in range(40):
                batch: list[Event] = [statement(rng.choice(deals), NOW) for _ in range(rng.randrange(1, 30))]
                batch.append(described(rng.choice(deals), f"name {step}", NOW.add(seconds=step)))
                append_each(appender, [batch], f"step{step}")
        except BaseException as error:  # handed to the test thread
            failures.append(error)
        finally:
            done.set()

    def follow(batch_size: int) -> None:
        own = make_engine(database_url)  # its own pool, so its own connections
        try:
            while not done.is_set():
                catch_up(own, batch_size=batch_size)
            catch_up(own, batch_size=batch_size)
        except BaseException as error:  # handed to the test thread
            failures.append(error)
        finally:
            own.dispose()

    threads = [
        threading.Thread(target=append_all),
        threading.Thread(target=follow, args=(7,)),
        threading.Thread(target=follow, args=(5,)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    catch_up(engine)
    assert_matches_the_log(engine)
    assert directory_rows(engine) == rebuilt_rows(engine)


# --- refusals and the schema ------------------------------------------------------------------


def test_a_gap_in_the_log_is_refused_not_skipped(engine: Engine, database_url: str) -> None:
    store = EventStore(engine, lambda: NOW)
    store.append([NewEvent(statement("acme", NOW), "one")])
    catch_up(engine)
    row = to_row(statement("acme", NOW), "three") | {
        "position": 3,
        "version": 2,
        "recorded_at": NOW,
        "prev_hash": "0" * 64,
        "hash": "0" * 64,
    }
    with engine.begin() as connection:
        connection.execute(insert(events), [row])
    with pytest.raises(ProjectionError, match=r"skips position 2 \(next is 3\)"):
        catch_up(engine)
    assert checkpoint(engine) == 1
    result = CliRunner().invoke(_cli(), ["deals", "--db", database_url])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "tracker: error: the events log skips position 2 (next is 3): run `tracker verify`; "
        "the deal directory will not skip it"
    ]


def _cli() -> Any:
    from tracker.cli.main import cli

    return cli


def test_deals_names_a_deal_as_it_was_known_at_the_knowledge_time(engine: Engine, database_url: str) -> None:
    store = EventStore(engine, lambda: NOW)
    store.append(
        [
            NewEvent(described("acme", "Acme old", pendulum.datetime(2026, 1, 1, tz="UTC")), "a"),
            NewEvent(described("acme", "Acme new", pendulum.datetime(2026, 3, 1, tz="UTC")), "b"),
        ]
    )
    names = {}
    for known_at in ("2026-02-01", "now"):
        result = CliRunner().invoke(_cli(), ["deals", "--db", database_url, "--json", "--known-at", known_at])
        assert result.exit_code == 0, result.output
        names[known_at] = result.output
    assert "Acme old" in names["2026-02-01"] and "Acme new" not in names["2026-02-01"]
    assert "Acme new" in names["now"]
    assert checkpoint(engine) == 2


def test_the_0003_downgrade_drops_only_the_directory_and_the_upgrade_starts_it_afresh(engine: Engine) -> None:
    from tests.store.test_schema_evolution import downgrade

    store = EventStore(engine, lambda: NOW)
    store.append([NewEvent(described("acme", "Acme", NOW), "a")])
    catch_up(engine)
    downgrade(engine, "0003")
    with engine.connect() as connection:
        before = set(inspect(connection).get_table_names())
    downgrade(engine, "0002")
    with engine.connect() as connection:
        assert before - set(inspect(connection).get_table_names()) == {"deal_directory", "projection_checkpoints"}
    upgrade(engine)
    assert checkpoint(engine) == 0 and read_directory(engine) == []
    assert catch_up(engine) == 1 and [e.name for e in read_directory(engine)] == ["Acme"]
