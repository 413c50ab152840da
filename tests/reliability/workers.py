"""Code that runs in other processes: writers, a log follower, and a writer started as a script.

These functions are top-level so that multiprocessing's spawn start method can
find them by name in a fresh interpreter, as separate programs would.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

from tests.builders import make
from tracker.domain.events import StatementMade
from tracker.store.engine import make_engine
from tracker.store.eventstore import ConcurrencyConflict, EventStore, NewEvent

SHARED_DEAL = "shared-deal"


def _store(url: str) -> EventStore:
    from tracker.bootstrap import utc_now

    return EventStore(make_engine(url), utc_now)


def _statement(deal: str, writer: int, n: int) -> Any:
    return make(StatementMade, deal=deal, party="Acme", summary=f"writer {writer} statement {n}")


def write_own_deal(url: str, writer: int, count: int, start: Any, results: Any) -> None:
    """Append `count` events one transaction each to this writer's own deal, checking its version."""
    store = _store(url)
    start.wait()
    deal = f"deal-{writer}"
    for n in range(count):
        store.append([NewEvent(_statement(deal, writer, n), f"w{writer}-{n}", expected_version=n)])
    store.engine.dispose()
    results.put(("writer", writer, 0))


def write_shared_deal(url: str, writer: int, count: int, start: Any, results: Any) -> None:
    """Read the shared deal's version, append expecting it, and on a conflict read again and retry.

    A short random pause after a conflict, as a real client would take, keeps
    eight writers from failing in lockstep.
    """
    store = _store(url)
    jitter = random.Random(writer)
    start.wait()
    conflicts = 0
    for n in range(count):
        new = _statement(SHARED_DEAL, writer, n)
        while True:
            version = store.version_of(SHARED_DEAL)
            try:
                store.append([NewEvent(new, f"w{writer}-{n}", expected_version=version)])
                break
            except ConcurrencyConflict:
                conflicts += 1
                time.sleep(jitter.uniform(0, 0.02))
    store.engine.dispose()
    results.put(("writer", writer, conflicts))


def follow(url: str, total: int, start: Any, writers_done: Any, results: Any) -> None:
    """Poll `position > last_seen` as a subscriber would; report every position in the order seen.

    If a position became visible after a higher one, this reader would step
    over it and never see it: the test then finds a hole in what it reports.
    """
    engine = create_engine(url)
    seen: list[int] = []
    last, quiet_after_done = 0, False
    start.wait()
    while last < total and not quiet_after_done:
        finished = writers_done.is_set()
        with engine.connect() as connection:
            rows = (
                connection.execute(
                    text("SELECT position FROM events WHERE position > :last ORDER BY position"), {"last": last}
                )
                .scalars()
                .all()
            )
        seen.extend(rows)
        last = rows[-1] if rows else last
        quiet_after_done = finished and not rows
    engine.dispose()
    results.put(("reader", seen, 0))


def write_until_stopped(url: str, stop_file: Path, limit: int) -> int:
    """Keep appending (one event per transaction) until the stop file appears; a backup runs meanwhile."""
    store = _store(url)
    n = 0
    while n < limit and not stop_file.exists():
        store.append([NewEvent(_statement("busy-deal", 0, n), f"busy-{n}")])
        n += 1
    store.engine.dispose()
    return n


if __name__ == "__main__":
    written = write_until_stopped(sys.argv[1], Path(sys.argv[2]), int(sys.argv[3]))
    print(written)
