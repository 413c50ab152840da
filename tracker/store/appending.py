"""Appending: the unit of work that holds the append lock, and the rows it writes.

Kept apart from ``eventstore`` so that a command that only reads never
imports SQLAlchemy; everything that writes comes through here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from pendulum import DateTime
from sqlalchemy import (
    CompoundSelect,
    Connection,
    Select,
    bindparam,
    func,
    literal_column,
    null,
    select,
    text,
    union_all,
)

from tracker.store.codec import iso_utc
from tracker.store.eventstore import AppendResult, ConcurrencyConflict, NewEvent, RepeatedInInput, paused_gc
from tracker.store.hashing import GENESIS, canonical_json
from tracker.store.instants import bound_instant
from tracker.store.mapper import PREPARED_COLUMNS, prepare
from tracker.store.tables import events as events_table

_PG_APPEND_LOCK = 0x7D3A1  # any constant shared by every deal-tracker writer


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
        # Each stream's version as read under the lock or appended by this unit: an ingest appends to the same
        # deals batch after batch, and reading a version again scanned the deal's whole index range each time.
        self._versions: dict[str, int] = {}
        if lock_now:
            self._locked_head()

    def _locked_head(self) -> tuple[int, str]:
        """The chain's head, under the append lock, which holds until the transaction ends.

        Taken at the start by default, so whatever the caller reads sees no
        writer in between; a plain append takes it only once its rows are built.
        """
        if self._head is None:
            self._lock()
            head = self.connection.execute(_statements().head).first()
            self._head = (head.position, head.hash) if head else (0, GENESIS)
        return self._head

    def _lock(self) -> None:
        """On PostgreSQL an advisory lock, in a statement of its own: a statement that waited for it inside would
        read from a snapshot taken before the writer it waited for committed. SQLite's write transaction locks."""
        if self.connection.dialect.name == "postgresql":
            self.connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_APPEND_LOCK})

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
        stored, versions = self._locked_reads(
            [n.idempotency_key for n in new_events], {n.event.deal for n in new_events}
        )
        position, prev_hash = self._locked_head()
        fresh, duplicates = self._split_duplicates(new_events, stored)
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
            self._versions.update(versions)
            self.first_position = self.first_position or rows[0][_POSITION]
        return AppendResult(tuple(fresh), tuple(duplicates), rows[0][_POSITION] if rows else None)

    def _insert(self, rows: list[tuple[Any, ...]]) -> None:
        """The rows are already in the driver's terms, so they skip SQLAlchemy's per-value processing (which on
        PostgreSQL encoded each payload to JSON a second time, under the append lock)."""
        sqlite = self.connection.dialect.name == "sqlite"
        self.connection.exec_driver_sql(_SQLITE_INSERT if sqlite else _POSTGRES_INSERT, rows)

    def _locked_reads(self, keys: Sequence[str], streams: set[str]) -> tuple[dict[str, int], dict[str, int]]:
        """Under the append lock: the positions of the keys already stored and each stream's version.

        One statement with the chain's head, where it is not read yet, and 500 keys and streams at a time: on
        PostgreSQL every statement under the lock is a round trip that every other writer waits for. A stream
        this unit has read or appended to is not read again: under the lock, no other writer can have moved it.
        """
        if self._head is None:
            self._lock()
        stored: dict[str, int] = {}
        versions = {stream: self._versions.get(stream, 0) for stream in streams}  # an unread stream: 0 until read
        unread = sorted(streams - self._versions.keys())
        key_chunks, stream_chunks = list(_chunks(keys, 500)), list(_chunks(unread, 500))
        for index in range(max(len(key_chunks), len(stream_chunks), 1)):
            statement = _statements().reads_with_head if self._head is None else _statements().reads
            chunk = {"keys": _nth(key_chunks, index), "streams": _nth(stream_chunks, index)}
            for part, name, number, hash_ in self.connection.execute(statement, chunk):
                if part == _HEAD:
                    self._head = (number, hash_)
                elif part == _STORED:
                    stored[name] = number
                else:
                    versions[name] = number
            self._head = self._head or (0, GENESIS)
        return stored, versions

    def _split_duplicates(
        self, new_events: Sequence[NewEvent], stored: dict[str, int]
    ) -> tuple[list[NewEvent], list[NewEvent]]:
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


@dataclass(frozen=True)
class _Statements:
    """The append's reads, built once: building a statement cost about as much as running it."""

    head: Select[Any]
    reads: CompoundSelect  # the stored keys and the streams' versions, as (part, name, number, hash) rows
    reads_with_head: CompoundSelect  # the same and the chain's head


_HEAD, _STORED, _VERSION = 0, 1, 2


@cache
def _statements() -> _Statements:
    c = events_table.c
    head = select(c.position, c.hash).order_by(c.position.desc()).limit(1)
    stored = select(literal_column(str(_STORED)), c.idempotency_key, c.position, null()).where(
        c.idempotency_key.in_(bindparam("keys", expanding=True))
    )
    versions = (
        select(literal_column(str(_VERSION)), c.stream_id, func.max(c.version), null())
        .where(c.stream_id.in_(bindparam("streams", expanding=True)))
        .group_by(c.stream_id)
    )
    top = head.subquery()
    head_row = select(literal_column(str(_HEAD)), null(), top.c.position, top.c.hash)
    return _Statements(head, union_all(stored, versions), union_all(head_row, stored, versions))


_INSERTED = (*PREPARED_COLUMNS, "position", "version", "recorded_at", "prev_hash", "hash")
_POSITION = _INSERTED.index("position")


def _insert_sql(mark: str, payload_mark: str) -> str:
    marks = ", ".join(payload_mark if name == "payload" else mark for name in _INSERTED)
    return f"INSERT INTO events ({', '.join(_INSERTED)}) VALUES ({marks})"


_SQLITE_INSERT = _insert_sql("?", "?")
_POSTGRES_INSERT = _insert_sql("%s", "%s::jsonb")  # the payload as JSON text, read into the jsonb column
assert sorted(_INSERTED) == sorted(events_table.c.keys())


def _nth(chunks: list[Sequence[str]], index: int) -> Sequence[str]:
    return chunks[index] if index < len(chunks) else []


def _chunks(items: Sequence[str], size: int) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
