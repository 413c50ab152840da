"""Eight writer processes and one follower on the same database, SQLite and PostgreSQL.

Afterwards nothing is lost or duplicated, positions have no gap, every
(stream, version) is unique, the chain verifies, and the follower saw every
position exactly once and in order: positions become visible in commit order.
The suite runs 8 writers x 20 events (x 8 on one deal); TRACKER_LONG=1 runs 8 x 1,000.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import text

from tests.reliability import workers
from tracker.bootstrap import utc_now
from tracker.store.engine import make_engine
from tracker.store.eventstore import AppendResult, EventStore, NewEvent
from tracker.store.migrate import ensure_schema

WRITERS = 8
LONG = os.environ.get("TRACKER_LONG") == "1"


def run_writers(url: str, writer: Callable[..., None], per_writer: int) -> tuple[list[int], int]:
    """Start the writers and a follower together; return the positions the follower saw and the conflicts."""
    context = multiprocessing.get_context("spawn")
    start, done, results = context.Barrier(WRITERS + 1), context.Event(), context.Queue()
    total = WRITERS * per_writer
    processes = [context.Process(target=writer, args=(url, w, per_writer, start, results)) for w in range(WRITERS)]
    processes.append(context.Process(target=workers.follow, args=(url, total, start, done, results)))
    for process in processes:
        process.start()
    reports = [results.get() for _ in range(WRITERS)]
    done.set()
    reports.append(results.get())
    for process in processes:
        process.join()
    assert [p.exitcode for p in processes] == [0] * len(processes)
    seen = next(r[1] for r in reports if r[0] == "reader")
    return seen, sum(r[2] for r in reports if r[0] == "writer")


def stored_rows(url: str) -> list[Any]:
    engine = make_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT position, stream_id, version, idempotency_key FROM events ORDER BY position")
        ).all()
    engine.dispose()
    return list(rows)


def check_log(url: str, seen: list[int], per_writer: int) -> None:
    """No event lost, none twice, no gap, versions 1..n per stream, chain intact, follower saw it all in order."""
    total = WRITERS * per_writer
    rows = stored_rows(url)
    keys = [row.idempotency_key for row in rows]
    assert sorted(keys) == sorted(f"w{w}-{n}" for w in range(WRITERS) for n in range(per_writer))
    assert [row.position for row in rows] == list(range(1, total + 1))
    by_stream = Counter(row.stream_id for row in rows)
    for stream, count in by_stream.items():
        assert sorted(row.version for row in rows if row.stream_id == stream) == list(range(1, count + 1))
    store = EventStore(make_engine(url), utc_now)
    assert store.verify().broken is None
    store.engine.dispose()
    assert seen == list(range(1, total + 1))


@pytest.fixture
def url(database_url: str) -> str:
    engine = make_engine(database_url)
    ensure_schema(engine)
    engine.dispose()
    return database_url


def test_writers_on_their_own_deals_lose_nothing_and_the_follower_sees_commit_order(url: str) -> None:
    per_writer = 1000 if LONG else 20
    seen, conflicts = run_writers(url, workers.write_own_deal, per_writer)
    check_log(url, seen, per_writer)
    assert conflicts == 0
    print(f"\n{url.split(':')[0]}: {WRITERS} writers x {per_writer} events on own deals, 0 lost, 0 duplicated")


def test_writers_on_one_deal_retry_conflicts_and_lose_nothing(url: str) -> None:
    per_writer = 1000 if LONG else 8
    seen, conflicts = run_writers(url, workers.write_shared_deal, per_writer)
    check_log(url, seen, per_writer)
    rows = stored_rows(url)
    assert [row.version for row in rows] == list(range(1, WRITERS * per_writer + 1))
    print(
        f"\n{url.split(':')[0]}: {WRITERS} writers x {per_writer} events on one deal, "
        f"{conflicts} conflicts retried, 0 lost, 0 duplicated"
    )


@pytest.mark.postgres
def test_a_writer_waits_for_the_append_lock_before_reading_the_head(postgres_url: str) -> None:
    """The lock is taken before the head is read, so a later transaction cannot take a lower position."""
    engine = make_engine(postgres_url)
    ensure_schema(engine)
    name = f"waiter-{uuid.uuid4().hex[:8]}"
    waiting_store = EventStore(make_engine(f"{postgres_url}&application_name={name}"), utc_now)
    second: list[AppendResult] = []
    with EventStore(engine, utc_now).unit_of_work() as first:
        first.append([NewEvent(workers._statement("a", 0, 0), "first")])
        waiter = threading.Thread(
            target=lambda: second.append(waiting_store.append([NewEvent(workers._statement("b", 1, 0), "second")]))
        )
        waiter.start()
        while not _waits_for_a_lock(engine, name):
            time.sleep(0.01)
        assert waiter.is_alive() and waiting_store.read() == []
        first.commit()
    waiter.join()
    assert [row.idempotency_key for row in stored_rows(postgres_url)] == ["first", "second"]
    assert second[0].first_position == 2
    waiting_store.engine.dispose()
    engine.dispose()


def _waits_for_a_lock(engine: Any, application_name: str) -> bool:
    """True once the named session is blocked on an advisory lock (the append lock)."""
    query = text(
        "SELECT count(*) FROM pg_stat_activity WHERE application_name = :name "
        "AND wait_event_type = 'Lock' AND wait_event = 'advisory'"
    )
    with engine.connect() as connection:
        return bool(connection.scalar(query, {"name": application_name}))
