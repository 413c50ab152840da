"""Backups: the whole log as JSON Lines and back, and SQLite's online backup.

An export is the `events` table row for row, hashes included, between a
header and a trailer that counts the rows and names the head hash, so a
truncated file is noticed. An import goes into an empty database only, checks
every link of the chain before and after writing, and writes in one
transaction: a bad file or a crash leaves the database empty, never half full.
"""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import pendulum
from pendulum import DateTime
from sqlalchemy import Connection, Engine, insert, select

from tracker.store.codec import iso_utc
from tracker.store.eventstore import EventStore, Verification
from tracker.store.hashing import GENESIS, row_hash
from tracker.store.tables import events as events_table

FORMAT = "deal-tracker-events"
FORMAT_VERSION = 1
COLUMNS = tuple(column.name for column in events_table.columns)
_TIMES = ("occurred_start", "occurred_end", "reported_at", "recorded_at")
_REQUIRED_TIMES = ("reported_at", "recorded_at")
_BATCH = 500


class BackupError(ValueError):
    """The file or the target database cannot be used; nothing was written."""


@dataclass(frozen=True)
class Summary:
    events: int
    head: str


def export_lines(engine: Engine) -> Iterator[str]:
    """The header, one line per event in position order, then the trailer; one consistent snapshot."""
    yield json.dumps({"format": FORMAT, "version": FORMAT_VERSION})
    count, head = 0, GENESIS
    with engine.connect() as connection, connection.begin():
        query = select(events_table).order_by(events_table.c.position)
        for row in connection.execution_options(stream_results=True, yield_per=_BATCH).execute(query):
            record = _exported(row._mapping)
            count, head = count + 1, record["hash"]
            yield json.dumps(record, ensure_ascii=False, sort_keys=True)
    yield json.dumps({"end": FORMAT, "events": count, "head": head})


def _exported(row: Mapping[Any, Any]) -> dict[str, Any]:
    """Times in the one spelling the hashes use, so the file can be checked without a database."""
    record = {column: row[column] for column in COLUMNS}
    for column in _TIMES:
        if record[column] is not None:
            record[column] = iso_utc(record[column])
    return record


def import_lines(engine: Engine, lines: Iterable[str], source: str, clock: Callable[[], DateTime]) -> Summary:
    """Load an export into an empty database in one transaction, or refuse and write nothing.

    The store's unit of work holds the append lock, so no writer can slip an
    event in between the emptiness check and the commit.
    """
    with EventStore(engine, clock).unit_of_work() as unit:
        if unit.connection.execute(select(events_table.c.position).limit(1)).first() is not None:
            raise BackupError("the target database already holds events: import only into an empty database")
        summary = _load(unit.connection, iter(lines), source)
        _check_stored_chain(unit.connection, summary, source)
        unit.commit()
    return summary


def _load(connection: Connection, lines: Iterator[str], source: str) -> Summary:
    reader = _Reader(source)
    header = reader.parse(next(lines, ""), 1)
    if header.get("format") != FORMAT or header.get("version") != FORMAT_VERSION:
        raise BackupError(
            f"{source}: line 1: expected the header of a deal-tracker export (format {FORMAT!r}, "
            f"version {FORMAT_VERSION})"
        )
    batch: list[dict[str, Any]] = []
    for number, line in enumerate(lines, start=2):
        record = reader.parse(line, number)
        if "end" in record:
            _flush(connection, batch)
            return reader.finish(record, number, lines)
        batch.append(reader.event(record, number))
        if len(batch) >= _BATCH:
            _flush(connection, batch)
    raise BackupError(f"{source}: the file ends without its trailer line: it was cut short")


def _flush(connection: Connection, batch: list[dict[str, Any]]) -> None:
    if batch:
        connection.execute(insert(events_table), batch)
        batch.clear()


class _Reader:
    """Parses lines and checks each link of the chain as it goes."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.count = 0
        self.prev_hash = GENESIS

    def parse(self, line: str, number: int) -> dict[str, Any]:
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            raise BackupError(f"{self.source}: line {number}: expected a JSON object ({error.msg})") from None
        if not isinstance(value, dict):
            raise BackupError(f"{self.source}: line {number}: expected a JSON object")
        return value

    def event(self, record: dict[str, Any], number: int) -> dict[str, Any]:
        missing = [column for column in COLUMNS if column not in record]
        if missing:
            raise BackupError(f"{self.source}: line {number}: field {missing[0]!r} is missing")
        row = {column: record[column] for column in COLUMNS}
        for column in _TIMES:
            row[column] = self._time(row[column], column, number)
        self._check_link(row, number)
        return row

    def _time(self, value: Any, column: str, number: int) -> Any:
        if value is None and column not in _REQUIRED_TIMES:
            return None
        try:
            parsed = pendulum.parse(value) if isinstance(value, str) else None
        except ValueError:
            parsed = None
        if not isinstance(parsed, pendulum.DateTime) or parsed.tzinfo is None:
            raise BackupError(
                f"{self.source}: line {number}: field {column!r}: expected an ISO 8601 time "
                f"with its zone, got {value!r}"
            )
        return parsed.in_tz("UTC")

    def _check_link(self, row: dict[str, Any], number: int) -> None:
        where = f"{self.source}: line {number}"
        if row["position"] != self.count + 1:
            raise BackupError(f"{where}: field 'position': expected {self.count + 1}, got {row['position']!r}")
        if row["prev_hash"] != self.prev_hash:
            raise BackupError(f"{where}: field 'prev_hash': expected the previous event's hash {self.prev_hash}")
        try:
            expected = row_hash(row, self.prev_hash)
        except (TypeError, ValueError) as error:
            raise BackupError(f"{where}: cannot hash the row: {error}") from None
        if row["hash"] != expected:
            raise BackupError(f"{where}: field 'hash': the row's content does not match its hash (altered?)")
        self.count, self.prev_hash = self.count + 1, row["hash"]

    def finish(self, trailer: dict[str, Any], number: int, rest: Iterator[str]) -> Summary:
        where = f"{self.source}: line {number}"
        if trailer.get("events") != self.count or trailer.get("head") != self.prev_hash:
            raise BackupError(
                f"{where}: the trailer announces {trailer.get('events')!r} events ending at "
                f"{trailer.get('head')!r}, but the file holds {self.count} ending at {self.prev_hash}"
            )
        if any(line.strip() for line in rest):
            raise BackupError(f"{where}: expected nothing after the trailer line")
        return Summary(self.count, self.prev_hash)


def _check_stored_chain(connection: Connection, summary: Summary, source: str) -> None:
    """Read back what was written: the database must hold the same chain, hash for hash."""
    count, prev = 0, GENESIS
    query = select(events_table).order_by(events_table.c.position)
    for row in connection.execute(query):
        record = dict(row._mapping)
        if record["prev_hash"] != prev or row_hash(record, prev) != record["hash"]:
            raise BackupError(f"{source}: position {record['position']} does not hash the same once stored")
        count, prev = count + 1, record["hash"]
    if (count, prev) != (summary.events, summary.head):
        raise BackupError(f"{source}: {count} events stored, {summary.events} expected")


def write_export(engine: Engine, out: IO[str]) -> Summary:
    """Write an export to an open text stream; the summary comes from the trailer."""
    last = ""
    for line in export_lines(engine):
        out.write(line + "\n")
        last = line
    trailer = json.loads(last)
    return Summary(trailer["events"], trailer["head"])


def sqlite_backup(database: Path, target: Path) -> None:
    """Copy a live SQLite database with the online backup API, then move the copy into place.

    One step (pages=-1) reads a single snapshot: in WAL mode writers carry on
    meanwhile, and a copy taken page by page would restart at each of their commits.
    """
    if not database.is_file():
        raise BackupError(f"{database}: no such database file")
    _refuse_to_clobber(target)
    partial = target.with_name(f".{target.name}.{secrets.token_hex(4)}.partial")
    fd = os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0), 0o600)
    os.close(fd)
    try:
        _copy(database, partial)
        with partial.open("rb") as copied:
            os.fsync(copied.fileno())
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def _refuse_to_clobber(target: Path) -> None:
    """Only a new name or an empty file (one the caller set aside for the copy); never through a symlink."""
    try:
        found = os.lstat(target)
    except FileNotFoundError:
        return
    if stat.S_ISLNK(found.st_mode):
        raise BackupError(f"{target}: is a symbolic link; not written through it: name the file itself")
    if not stat.S_ISREG(found.st_mode) or found.st_size > 0:
        raise BackupError(f"{target}: already exists; choose a new file name")


def _copy(database: Path, partial: Path) -> None:
    # as_uri() percent-encodes '#', '?' and '%', which would otherwise cut the path short.
    source = sqlite3.connect(database.resolve().as_uri() + "?mode=ro", uri=True, timeout=30)
    destination = sqlite3.connect(partial)
    try:
        source.execute("PRAGMA busy_timeout=30000")
        source.backup(destination, pages=-1)
        if not destination.execute("SELECT 1 FROM sqlite_master WHERE name = 'events'").fetchone():
            raise BackupError(f"{database}: not a deal-tracker database (no events table)")
        destination.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
    finally:
        destination.close()
        source.close()


def verify_copy(copy: Path) -> Verification:
    """Walk a copy's hash chain through a read-only connection, so the copy stays the file sqlite_backup wrote.

    Opening it as a database (an App) would switch it to WAL, migrate it to this
    version's schema and write to it: a backup of an old database must stay old.
    """
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    uri = copy.resolve().as_uri() + "?mode=ro"
    engine = create_engine("sqlite://", creator=lambda: sqlite3.connect(uri, uri=True, timeout=30), poolclass=NullPool)
    try:
        return EventStore(engine, lambda: pendulum.now("UTC")).verify()
    finally:
        engine.dispose()
