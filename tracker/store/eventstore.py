"""The append-only event store: reads and the chain check here; appends in ``appending``, loaded once something writes.

Appends take one global write lock (BEGIN IMMEDIATE on SQLite, a
transaction-scoped advisory lock on PostgreSQL) so that positions are
gapless and become visible in commit order, and the hash chain has one
head. The unique (stream_id, version) and idempotency keys are the last
word on conflicts and duplicates: the database refuses what the code missed.
"""

from __future__ import annotations

import gc
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from uuid import UUID

from pendulum import DateTime

from tracker.domain.events import Event
from tracker.store.database import Database
from tracker.store.hashing import GENESIS, row_hash
from tracker.store.instants import sqlite_instant
from tracker.store.mapper import READ_NAMES, from_columns, from_row

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from tracker.store.appending import UnitOfWork


class ConcurrencyConflict(Exception):
    """Someone appended to the stream since the caller read it."""


class RepeatedInInput(ValueError):
    """The same report twice in one unit of work: a mistake in the input, not a retry."""

    def __init__(self, idempotency_key: str) -> None:
        super().__init__(f"report {idempotency_key.removeprefix('id:')!r} appears twice in the same input")
        self.idempotency_key = idempotency_key


@dataclass(frozen=True)
class NewEvent:
    event: Event
    idempotency_key: str
    expected_version: int | None = None  # None: append wherever the stream now ends


@dataclass(frozen=True)
class AppendResult:
    appended: tuple[NewEvent, ...]
    duplicates: tuple[NewEvent, ...]
    first_position: int | None


@dataclass(frozen=True)
class BrokenLink:
    position: int
    event_id: str
    reason: str


@dataclass(frozen=True)
class Verification:
    checked: int
    broken: BrokenLink | None


class EventStore:
    """The log. On SQLite its reads are plain SQL on the driver's connection (``Database.sqlite``), so a command
    that only reads needs no SQLAlchemy; appends, and every read on PostgreSQL, go through SQLAlchemy."""

    def __init__(self, database: Database | Engine, clock: Callable[[], DateTime]) -> None:
        self.database = Database.of(database)
        self._clock = clock

    @property
    def engine(self) -> Engine:
        return self.database.engine

    @contextmanager
    def unit_of_work(self, *, lock_now: bool = True) -> Iterator[UnitOfWork]:
        from sqlalchemy.exc import IntegrityError

        from tracker.store.appending import UnitOfWork
        from tracker.store.engine import WRITE

        try:
            with self.engine.connect() as connection:
                connection.execution_options(**WRITE)
                with connection.begin() as transaction:
                    unit = UnitOfWork(connection, self._clock, lock_now=lock_now)
                    yield unit
                    if not unit.committed:
                        transaction.rollback()
        except IntegrityError as error:
            raise ConcurrencyConflict(f"another writer got there first: {error.orig}") from None

    def append(self, new_events: Sequence[NewEvent]) -> AppendResult:
        """Append all or nothing, in one transaction; reports already stored are skipped."""
        with self.unit_of_work(lock_now=False) as unit:
            result = unit.append(new_events)
            unit.commit()
        return result

    def version_of(self, stream_id: str) -> int:
        if self.database.is_sqlite:
            with self.database.sqlite() as connection:
                return connection.execute(_SQLITE_VERSION, (stream_id,)).fetchone()[0] or 0
        from sqlalchemy import func, select

        from tracker.store.tables import events as events_table

        with self.engine.connect() as connection:
            query = select(func.max(events_table.c.version)).where(events_table.c.stream_id == stream_id)
            return connection.scalar(query) or 0

    def read(self, stream_ids: Iterable[str] | None = None) -> list[Event]:
        """Events in recording order, optionally only those of some deals."""
        wanted = None if stream_ids is None else sorted(set(stream_ids))
        if self.database.is_sqlite:
            # the connection is taken before the pause, so what the pause keeps is events and nothing that
            # holds a resource (an engine's pool, made during it, would wait for a full collection to close)
            with self.database.sqlite() as connection, paused_gc(long_lived=True):
                return _read_sqlite(connection, wanted)
        with paused_gc():
            return self._read_through_sqlalchemy(wanted)

    def _read_through_sqlalchemy(self, stream_ids: list[str] | None) -> list[Event]:
        from sqlalchemy import select

        from tracker.store.tables import READ_COLUMNS
        from tracker.store.tables import events as events_table

        query = select(*READ_COLUMNS).order_by(events_table.c.position)
        if stream_ids is not None:
            query = query.where(events_table.c.stream_id.in_(stream_ids))
        with self.engine.connect() as connection:
            return [from_row(row._mapping) for row in connection.execute(query)]

    def read_ids(self, event_ids: Iterable[UUID]) -> dict[UUID, Event]:
        """The events with these ids, as stored: what a read model that names events needs of the log."""
        wanted = sorted({str(event_id) for event_id in event_ids})
        if self.database.is_sqlite:
            with self.database.sqlite() as connection:
                found = _read_sqlite(connection, wanted, column="event_id")
        else:
            found = self._read_ids_through_sqlalchemy(wanted)
        return {event.event_id: event for event in found}

    def _read_ids_through_sqlalchemy(self, event_ids: list[str]) -> list[Event]:
        from sqlalchemy import select

        from tracker.store.tables import READ_COLUMNS
        from tracker.store.tables import events as events_table

        found = []
        with self.engine.connect() as connection:
            for start in range(0, len(event_ids), _IN_LIMIT):
                query = select(*READ_COLUMNS).where(events_table.c.event_id.in_(event_ids[start : start + _IN_LIMIT]))
                found += [from_row(row._mapping) for row in connection.execute(query)]
        return found

    def streams(self) -> list[str]:
        if self.database.is_sqlite:
            with self.database.sqlite() as connection:
                return [stream for (stream,) in connection.execute(_SQLITE_STREAMS)]
        from sqlalchemy import select

        from tracker.store.tables import events as events_table

        column = events_table.c.stream_id
        with self.engine.connect() as connection:
            return list(connection.scalars(select(column).group_by(column).order_by(column)))

    def find(self, event_id_prefix: str) -> list[Event]:
        """Events whose id starts with the given text, so users can type a short id."""
        from sqlalchemy import select

        from tracker.store.tables import events as events_table

        pattern = "".join(ch for ch in event_id_prefix.lower() if ch in "0123456789abcdef-") + "%"
        with self.engine.connect() as connection:
            query = select(events_table).where(events_table.c.event_id.like(pattern)).limit(10)
            return [from_row(row._mapping) for row in connection.execute(query)]

    def verify(self) -> Verification:
        """Walk the chain from the first event; name the first link that does not hold."""
        from sqlalchemy import select

        from tracker.store.tables import events as events_table

        expected_prev, checked = GENESIS, 0
        with self.engine.connect() as connection:
            rows = connection.execute(select(events_table).order_by(events_table.c.position))
            for row in rows:
                record = row._mapping
                problem = _link_problem(record, checked + 1, expected_prev)
                if problem:
                    return Verification(checked, BrokenLink(record["position"], str(record["event_id"]), problem))
                expected_prev, checked = record["hash"], checked + 1
        return Verification(checked, None)


_SQLITE_READ = f"SELECT {', '.join(READ_NAMES)} FROM events"
_SQLITE_STREAMS = "SELECT stream_id FROM events GROUP BY stream_id ORDER BY stream_id"
_SQLITE_VERSION = "SELECT max(version) FROM events WHERE stream_id = ?"
_IN_LIMIT = 500  # deals or ids a statement names at most: far below SQLite's limit on parameters


def _read_sqlite(connection: sqlite3.Connection, wanted: list[str] | None, column: str = "stream_id") -> list[Event]:
    """The rows as the driver gives them: SQLAlchemy's processing of each value was a tenth of a long read.

    ``wanted``: only the rows whose ``column`` (a deal, or an event's id) is one of these.
    """
    if wanted is None:
        rows = connection.execute(f"{_SQLITE_READ} ORDER BY position").fetchall()
    else:
        rows = []
        for start in range(0, len(wanted), _IN_LIMIT):
            chunk = wanted[start : start + _IN_LIMIT]
            marks = ", ".join("?" * len(chunk))
            rows += connection.execute(f"{_SQLITE_READ} WHERE {column} IN ({marks}) ORDER BY position", chunk)
        if len(wanted) > _IN_LIMIT:
            rows.sort(key=lambda values: values[0])
    return [
        from_columns(position, event_id, stream, kind, version, payload, occurred, sqlite_instant(reported))
        for position, event_id, stream, kind, version, payload, occurred, reported in rows
    ]


def _link_problem(record: Mapping[Any, Any], expected_position: int, expected_prev: str) -> str | None:
    if record["position"] != expected_position:
        return f"position {expected_position} is missing (found {record['position']})"
    if record["prev_hash"] != expected_prev:
        return "it does not point at the previous event's hash"
    if row_hash(record, expected_prev) != record["hash"]:
        return "its content does not match its hash (the row was altered)"
    return None


@contextmanager
def paused_gc(long_lived: bool = False) -> Iterator[None]:
    """No cyclic garbage collection while a batch of events is encoded or decoded.

    Events and their values hold no cycles, so a collection in the middle of a
    long read or a large append finds nothing to free; it only walks every live
    object again (a fifth of a 100,000-event read). Nested or concurrent
    pauses are harmless: the collector is re-enabled only by the pause that
    disabled it, and a collection running early frees nothing anyway.

    ``long_lived``: what the pause makes outlives it (a log read). The
    collector would first meet all of it in its youngest generation, and the
    first allocation after the pause walked every object made during it (a
    quarter of a second after a 100,000-event read) to free nothing. So the
    young generations are collected before the pause (they are small: the
    garbage made before it, such as a closed engine's cycles, is freed now,
    not kept), and at its end ``gc.freeze`` then ``gc.unfreeze`` moves every
    tracked object to the oldest generation, as the documentation says, in
    constant time. Nothing stays frozen. (It would also release objects a
    caller had frozen on purpose before forking: deal-tracker freezes none.)
    """
    if not gc.isenabled():
        yield
        return
    if long_lived:
        gc.collect(1)
    gc.disable()
    try:
        yield
    finally:
        if long_lived:
            gc.freeze()
            gc.unfreeze()
        gc.enable()
