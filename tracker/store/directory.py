"""The deal directory: a read model of the events log, kept in tables.

Listing deals should not mean decoding every event. The directory keeps one
row per deal (its current name, kind, parties and links, and where its events
lie in the log) and a checkpoint: the last position it has applied. Each batch
of events is applied in ONE transaction that also moves the checkpoint, so a
process killed between or inside batches resumes exactly where the last
commit left it, and never applies an event twice. Catch-ups serialize on the
checkpoint row (SELECT ... FOR UPDATE on PostgreSQL; BEGIN IMMEDIATE, the
store's own write lock, on SQLite) and read the checkpoint only once they hold
it. ``rebuild`` makes the same rows from position 0, which the tests compare.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

from pendulum import DateTime
from sqlalchemy import Connection, Engine, Row, bindparam, delete, insert, select, update

from tracker.domain.events import DealDescribed, DealLink, Party
from tracker.store.codec import decode, encode
from tracker.store.engine import WRITE
from tracker.store.mapper import from_row
from tracker.store.tables import deal_directory as directory_table
from tracker.store.tables import events as events_table
from tracker.store.tables import projection_checkpoints as checkpoints_table

PROJECTION = "deal_directory"
DEFAULT_BATCH = 2000

_READ_COLUMNS = tuple(
    events_table.c[name]
    for name in ("position", "event_id", "stream_id", "event_type", "schema_version", "payload", "occurred_text",
                 "reported_at")
)


class DirectoryError(RuntimeError):
    """The directory cannot follow the log; the message says why and what to do."""


@dataclass(frozen=True)
class DirectoryEntry:
    """One deal as the directory knows it after applying the log up to its checkpoint."""

    deal: str
    name: str
    kind: str
    parties: tuple[Party, ...]
    links: tuple[DealLink, ...]
    first_position: int
    last_position: int
    event_count: int
    described_position: int | None = None
    described_at: DateTime | None = None  # when the winning description was reported (read from the log)
    described_event_id: str | None = None

    def described_by(self, known_at: DateTime) -> bool:
        """Whether the fold, cut at ``known_at``, would pick this same description (or none at all)."""
        return self.described_at is None or self.described_at <= known_at


def catch_up(engine: Engine, batch_size: int = DEFAULT_BATCH,
             on_batch: Callable[[int], None] | None = None) -> int:
    """Apply every event after the checkpoint, one committed batch at a time; returns how many were applied.

    ``on_batch`` hears the new checkpoint after each commit (progress for a
    person, or a signal for a test that kills the process).
    """
    applied = 0
    while True:
        with _write_transaction(engine) as connection:
            before = _locked_checkpoint(connection)
            after = _apply_next_batch(connection, before, batch_size)
        if after is None:
            return applied
        applied += after - before
        if on_batch is not None:
            on_batch(after)


def rebuild(engine: Engine, batch_size: int = DEFAULT_BATCH) -> int:
    """Wipe the directory and apply the whole log again, in one transaction: readers never see it half made."""
    with _write_transaction(engine) as connection:
        _locked_checkpoint(connection)
        connection.execute(delete(directory_table))
        position = 0
        while (after := _apply_next_batch(connection, position, batch_size)) is not None:
            position = after
        _save_checkpoint(connection, position)
    return position


def checkpoint(engine: Engine) -> int:
    with engine.connect() as connection:
        return _checkpoint_row(connection)


def read_directory(engine: Engine) -> list[DirectoryEntry]:
    """Every deal in the directory, ordered by slug as the database sorts it (as `EventStore.streams` does)."""
    with engine.connect() as connection:
        return list(_load(connection, None).values())


# --- one batch -----------------------------------------------------------------------------


@contextmanager
def _write_transaction(engine: Engine) -> Iterator[Connection]:
    with engine.connect() as connection:
        connection.execution_options(**WRITE)
        with connection.begin():
            yield connection


def _locked_checkpoint(connection: Connection) -> int:
    """The checkpoint, read only once this transaction holds it, so two catch-ups cannot both apply a batch."""
    query = select(checkpoints_table.c.position).where(checkpoints_table.c.projection == PROJECTION)
    position = connection.scalar(query.with_for_update())
    if position is None:
        raise DirectoryError(f"the {PROJECTION} checkpoint is missing: migrate the database again")
    return int(position)


def _checkpoint_row(connection: Connection) -> int:
    query = select(checkpoints_table.c.position).where(checkpoints_table.c.projection == PROJECTION)
    return int(connection.scalar(query) or 0)


def _save_checkpoint(connection: Connection, position: int) -> None:
    connection.execute(
        update(checkpoints_table).where(checkpoints_table.c.projection == PROJECTION).values(position=position)
    )


def _apply_next_batch(connection: Connection, after: int, batch_size: int) -> int | None:
    """Apply up to ``batch_size`` events after position ``after`` and move the checkpoint; None when there are none."""
    query = (
        select(*_READ_COLUMNS)
        .where(events_table.c.position > after)
        .order_by(events_table.c.position)
        .limit(batch_size)
    )
    rows = connection.execute(query).all()
    if not rows:
        return None
    _refuse_gaps(rows, after)
    known = _load(connection, {row.stream_id for row in rows})
    changed = dict(known)
    for row in rows:
        changed[row.stream_id] = _advance(changed.get(row.stream_id), row)
    _write(connection, [e for deal, e in changed.items() if deal not in known],
           [e for deal, e in changed.items() if deal in known])
    _save_checkpoint(connection, rows[-1].position)
    return int(rows[-1].position)


def _refuse_gaps(rows: Sequence[Row[Any]], after: int) -> None:
    """The store keeps positions gapless; a hole means a damaged log, and skipping it would hide an event."""
    for expected, row in enumerate(rows, start=after + 1):
        if row.position != expected:
            raise DirectoryError(
                f"the events log skips position {expected} (next is {row.position}): "
                "run `tracker verify`; the deal directory will not skip it"
            )


def _advance(entry: DirectoryEntry | None, row: Row[Any]) -> DirectoryEntry:
    """One more event of this deal; a description wins as in the fold: latest by (reported_at, event_id)."""
    position = int(row.position)
    if entry is None:
        entry = DirectoryEntry(row.stream_id, row.stream_id, "deal", (), (), position, position, 0)
    entry = replace(entry, last_position=position, event_count=entry.event_count + 1)
    if row.event_type != DealDescribed.event_type:
        return entry
    described = from_row(row._mapping)
    assert isinstance(described, DealDescribed)
    key = (described.reported_at, str(described.event_id))
    if entry.described_at is not None and key <= (entry.described_at, str(entry.described_event_id)):
        return entry
    return replace(entry, name=described.name, kind=described.kind, parties=described.parties,
                   links=described.links, described_position=position, described_at=described.reported_at,
                   described_event_id=str(described.event_id))


# --- rows ------------------------------------------------------------------------------------


def _load(connection: Connection, deals: set[str] | None) -> dict[str, DirectoryEntry]:
    """Directory rows with their description's knowledge key, which lives in the log, not in the row."""
    query = (
        select(directory_table, events_table.c.reported_at, events_table.c.event_id)
        .outerjoin(events_table, events_table.c.position == directory_table.c.described_position)
        .order_by(directory_table.c.deal)
    )
    if deals is not None:
        query = query.where(directory_table.c.deal.in_(sorted(deals)))
    return {row.deal: _entry(row) for row in connection.execute(query)}


def _entry(row: Row[Any]) -> DirectoryEntry:
    return DirectoryEntry(
        deal=row.deal,
        name=row.name,
        kind=row.kind,
        parties=decode(tuple[Party, ...], row.parties),
        links=decode(tuple[DealLink, ...], row.links),
        first_position=int(row.first_position),
        last_position=int(row.last_position),
        event_count=int(row.event_count),
        described_position=row.described_position,
        described_at=row.reported_at,
        described_event_id=row.event_id,
    )


def _columns(entry: DirectoryEntry) -> dict[str, Any]:
    return {
        "name": entry.name,
        "kind": entry.kind,
        "parties": encode(entry.parties),
        "links": encode(entry.links),
        "first_position": entry.first_position,
        "last_position": entry.last_position,
        "event_count": entry.event_count,
        "described_position": entry.described_position,
    }


def _write(connection: Connection, new: list[DirectoryEntry], changed: list[DirectoryEntry]) -> None:
    if new:
        connection.execute(insert(directory_table), [{"deal": e.deal, **_columns(e)} for e in new])
    if changed:
        statement = update(directory_table).where(directory_table.c.deal == bindparam("key"))
        connection.execute(statement, [{"key": e.deal, **_columns(e)} for e in changed])
