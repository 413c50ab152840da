"""The append-only event store.

Appends take one global write lock (BEGIN IMMEDIATE on SQLite, a
transaction-scoped advisory lock on PostgreSQL) so that positions are
gapless and become visible in commit order, and the hash chain has one
head. The unique (stream_id, version) and idempotency keys are the last
word on conflicts and duplicates: the database refuses what the code missed.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import Any

from pendulum import DateTime
from sqlalchemy import Connection, Engine, Select, bindparam, func, insert, select, text
from sqlalchemy.exc import IntegrityError

from tracker.domain.events import Event
from tracker.store.codec import iso_utc
from tracker.store.engine import WRITE
from tracker.store.hashing import GENESIS, canonical_json, row_hash
from tracker.store.mapper import PREPARED_COLUMNS, READ_COLUMNS, from_row, prepare
from tracker.store.tables import bound_instant, sqlite_instant
from tracker.store.tables import events as events_table

_PG_APPEND_LOCK = 0x7D3A1  # any constant shared by every deal-tracker writer


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


class UnitOfWork:
    """One write transaction holding the append lock: appends and bookkeeping commit together.

    Nothing is kept unless ``commit()`` is called before the block ends, so an
    exception, a forgotten commit or a killed process leave the database as it was.
    """

    def __init__(self, connection: Connection, clock: Callable[[], DateTime], *, lock_now: bool = True) -> None:
        self.connection = connection
        self.committed = False
        self.first_position: int | None = None
        self._recorded_at = clock()
        self._head: tuple[int, str] | None = None  # position and hash, read once the append lock is held
        if lock_now:
            self._locked_head()

    def _locked_head(self) -> tuple[int, str]:
        """The chain's head, under the append lock, which holds until the transaction ends.

        Taken at the start by default, so whatever the caller reads sees no
        writer in between; a plain append takes it only once its rows are built.
        """
        if self._head is not None:
            return self._head
        if self.connection.dialect.name == "postgresql":
            self.connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_APPEND_LOCK})
        head = self.connection.execute(_statements().head).first()
        self._head = (head.position, head.hash) if head else (0, GENESIS)
        return self._head

    def commit(self) -> None:
        self.committed = True

    def streams(self) -> set[str]:
        return set(self.connection.scalars(select(events_table.c.stream_id).distinct()))

    def append(self, new_events: Sequence[NewEvent]) -> AppendResult:
        """Append after what this unit already appended; reports stored before it are skipped."""
        with paused_gc():
            return self._append(new_events)

    def _append(self, new_events: Sequence[NewEvent]) -> AppendResult:
        dialect = self.connection.dialect.name
        encoded = {id(new): prepare(new.event, new.idempotency_key, dialect) for new in new_events}  # needs no lock
        recorded_spelled = canonical_json(iso_utc(self._recorded_at))
        recorded_bound = bound_instant(self._recorded_at, dialect)
        position, prev_hash = self._locked_head()
        fresh, duplicates = self._split_duplicates(new_events)
        versions = self._stream_versions({n.event.deal for n in fresh})
        rows = []
        for new in fresh:
            deal = new.event.deal
            version = versions[deal] + 1
            if new.expected_version is not None and new.expected_version != version - 1:
                raise ConcurrencyConflict(
                    f"deal {deal!r} is at version {version - 1}, not {new.expected_version}: reload it and try again"
                )
            versions[deal] = version
            position += 1
            prepared = encoded[id(new)]
            digest = prepared.hashed.digest(prev_hash, position, version, recorded_spelled)
            rows.append((*prepared.values, position, version, recorded_bound, prev_hash, digest))
            prev_hash = digest
        if rows:
            self._insert(rows)
            self._head = (position, prev_hash)
            self.first_position = self.first_position or rows[0][_POSITION]
        return AppendResult(tuple(fresh), tuple(duplicates), rows[0][_POSITION] if rows else None)

    def _insert(self, rows: list[tuple[Any, ...]]) -> None:
        """On SQLite the rows are already in the driver's terms, so they skip SQLAlchemy's per-value processing."""
        if self.connection.dialect.name != "sqlite":
            self.connection.execute(insert(events_table), [dict(zip(_INSERTED, row, strict=True)) for row in rows])
            return
        self.connection.exec_driver_sql(_SQLITE_INSERT, rows)

    def _split_duplicates(self, new_events: Sequence[NewEvent]) -> tuple[list[NewEvent], list[NewEvent]]:
        stored: dict[str, int] = {}
        for chunk in _chunks([n.idempotency_key for n in new_events], 500):
            rows = self.connection.execute(_statements().stored_keys, {"keys": chunk})
            stored.update({key: position for key, position in rows})
        fresh: list[NewEvent] = []
        duplicates: list[NewEvent] = []
        in_this_call: set[str] = set()
        for new in new_events:
            key = new.idempotency_key
            position = stored.get(key)
            mine = position is not None and self.first_position is not None and position >= self.first_position
            if (mine or key in in_this_call) and key.startswith("id:"):
                raise RepeatedInInput(key)
            if position is not None or key in in_this_call:
                duplicates.append(new)
            else:
                fresh.append(new)
                in_this_call.add(key)
        return fresh, duplicates

    def _stream_versions(self, streams: set[str]) -> dict[str, int]:
        versions = dict.fromkeys(streams, 0)
        for chunk in _chunks(sorted(streams), 500):
            rows = self.connection.execute(_statements().versions, {"streams": chunk})
            versions.update({stream: version for stream, version in rows})
        return versions


class EventStore:
    def __init__(self, engine: Engine, clock: Callable[[], DateTime]) -> None:
        self.engine = engine
        self._clock = clock

    @contextmanager
    def unit_of_work(self, *, lock_now: bool = True) -> Iterator[UnitOfWork]:
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
        with self.engine.connect() as connection:
            query = select(func.max(events_table.c.version)).where(events_table.c.stream_id == stream_id)
            return connection.scalar(query) or 0

    def read(self, stream_ids: Iterable[str] | None = None) -> list[Event]:
        """Events in recording order, optionally only those of some deals."""
        query = select(*READ_COLUMNS).order_by(events_table.c.position)
        if stream_ids is not None:
            query = query.where(events_table.c.stream_id.in_(list(stream_ids)))
        with self.engine.connect() as connection, paused_gc():
            if connection.dialect.name == "sqlite":
                return _read_sqlite(connection, query)
            return [from_row(row._mapping) for row in connection.execute(query)]

    def streams(self) -> list[str]:
        query = select(events_table.c.stream_id).group_by(events_table.c.stream_id).order_by(events_table.c.stream_id)
        with self.engine.connect() as connection:
            return list(connection.scalars(query))

    def find(self, event_id_prefix: str) -> list[Event]:
        """Events whose id starts with the given text, so users can type a short id."""
        pattern = "".join(ch for ch in event_id_prefix.lower() if ch in "0123456789abcdef-") + "%"
        with self.engine.connect() as connection:
            query = select(events_table).where(events_table.c.event_id.like(pattern)).limit(10)
            return [from_row(row._mapping) for row in connection.execute(query)]

    def verify(self) -> Verification:
        """Walk the chain from the first event; name the first link that does not hold."""
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


def _read_sqlite(connection: Connection, query: Select[Any]) -> list[Event]:
    """The rows as the driver gives them: SQLAlchemy's processing of each value was a tenth of a long read."""
    compiled = query.compile(dialect=connection.dialect, compile_kwargs={"render_postcompile": True})
    params = tuple(compiled.params[name] for name in compiled.positiontup or ())
    names = [column.name for column in READ_COLUMNS]
    events = []
    for values in connection.exec_driver_sql(compiled.string, params):
        row = dict(zip(names, values, strict=True))
        row["reported_at"] = sqlite_instant(row["reported_at"])
        events.append(from_row(row))
    return events


def _link_problem(record: Mapping[Any, Any], expected_position: int, expected_prev: str) -> str | None:
    if record["position"] != expected_position:
        return f"position {expected_position} is missing (found {record['position']})"
    if record["prev_hash"] != expected_prev:
        return "it does not point at the previous event's hash"
    if row_hash(record, expected_prev) != record["hash"]:
        return "its content does not match its hash (the row was altered)"
    return None


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection while a batch of events is encoded or decoded.

    Events and their values hold no cycles, so a collection in the middle of a
    long read or a large append finds nothing to free; it only walks every live
    object again (a fifth of a 100,000-event read). Nested or concurrent
    pauses are harmless: the collector is re-enabled only by the pause that
    disabled it, and a collection running early frees nothing anyway.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@dataclass(frozen=True)
class _Statements:
    """The append's three reads, built once: building a statement cost about as much as running it."""

    head: Select[Any]
    stored_keys: Select[Any]
    versions: Select[Any]


@cache
def _statements() -> _Statements:
    c = events_table.c
    return _Statements(
        head=select(c.position, c.hash).order_by(c.position.desc()).limit(1),
        stored_keys=select(c.idempotency_key, c.position).where(
            c.idempotency_key.in_(bindparam("keys", expanding=True))
        ),
        versions=select(c.stream_id, func.max(c.version))
        .where(c.stream_id.in_(bindparam("streams", expanding=True)))
        .group_by(c.stream_id),
    )


_INSERTED = (*PREPARED_COLUMNS, "position", "version", "recorded_at", "prev_hash", "hash")
_POSITION = _INSERTED.index("position")
_SQLITE_INSERT = f"INSERT INTO events ({', '.join(_INSERTED)}) VALUES ({', '.join('?' * len(_INSERTED))})"
assert sorted(_INSERTED) == sorted(events_table.c.keys())


def _chunks(items: Sequence[str], size: int) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
