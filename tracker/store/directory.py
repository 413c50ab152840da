"""The deal directory: a read model of the events log, kept in tables.

Listing deals should not mean decoding every event. The directory keeps one
row per deal (its current name, kind, parties and links, and where its events
lie in the log) and a checkpoint: the last position it has applied, moved in
the commit of each batch (see ``tracker.store.checkpoints``). ``rebuild``
makes the same rows from position 0, which the tests compare.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from pendulum import DateTime
from sqlalchemy import Connection, Engine, Row, delete, insert, select

from tracker.domain.events import DealDescribed
from tracker.domain.fold import SortKey, knowledge_key
from tracker.store import checkpoints
from tracker.store.codec import encode
from tracker.store.current import DirectoryEntry, directory_entry
from tracker.store.mapper import from_row
from tracker.store.tables import READ_COLUMNS
from tracker.store.tables import deal_directory as directory_table
from tracker.store.tables import events as events_table

PROJECTION = "deal_directory"
DEFAULT_BATCH = 2000


def catch_up(engine: Engine, batch_size: int = DEFAULT_BATCH, on_batch: Callable[[int], None] | None = None) -> int:
    """Apply every event after the checkpoint, one committed batch at a time; returns how many were applied."""
    return checkpoints.catch_up(
        engine, PROJECTION, lambda connection, after: _apply_next_batch(connection, after, batch_size), on_batch
    )


def rebuild(engine: Engine, batch_size: int = DEFAULT_BATCH) -> int:
    """Wipe the directory and apply the whole log again, in one transaction: readers never see it half made."""
    with checkpoints.write_transaction(engine) as connection:
        checkpoints.locked_checkpoint(connection, PROJECTION)
        connection.execute(delete(directory_table))
        position = 0
        while (after := _apply_next_batch(connection, position, batch_size)) is not None:
            position = after
        checkpoints.save_checkpoint(connection, PROJECTION, position)
    return position


def checkpoint(engine: Engine) -> int:
    with engine.connect() as connection:
        return checkpoints.read_checkpoint(connection, PROJECTION)


def read_directory(engine: Engine) -> list[DirectoryEntry]:
    """Every deal in the directory, ordered by slug as the database sorts it (as `EventStore.streams` does)."""
    with engine.connect() as connection:
        return list(_load(connection).values())


# --- one batch -----------------------------------------------------------------------------


def _apply_next_batch(connection: Connection, after: int, batch_size: int) -> int | None:
    """Apply up to ``batch_size`` events after position ``after`` and move the checkpoint; None when there are none."""
    query = (
        select(events_table.c.position, events_table.c.stream_id, events_table.c.reported_at)
        .where(events_table.c.position > after)
        .order_by(events_table.c.position)
        .limit(batch_size)
    )
    rows = connection.execute(query).all()
    if not rows:
        return None
    checkpoints.refuse_gaps(rows, after, PROJECTION)
    last = int(rows[-1].position)
    descriptions = connection.execute(
        select(*READ_COLUMNS)
        .where(
            events_table.c.position > after,
            events_table.c.position <= last,
            events_table.c.event_type == DealDescribed.event_type,
        )
        .order_by(events_table.c.position)
    ).all()
    _write(connection, _changes(rows, descriptions))
    checkpoints.save_checkpoint(connection, PROJECTION, last)
    return last


@dataclass
class _Change:
    """What one batch does to one deal's row."""

    first_position: int
    last_position: int
    first_reported_at: DateTime
    added: int = 0
    description: Row[Any] | None = None  # the batch's latest-known description, not yet decoded


def _changes(rows: Sequence[Any], descriptions: Sequence[Any]) -> dict[str, _Change]:
    """Per deal: where its events lie, how many, and its latest-known description, from one batch.

    Only descriptions are read in full: counting the rest needs no payload.
    """
    changes: dict[str, _Change] = {}
    for row in rows:
        change = changes.setdefault(row.stream_id, _Change(row.position, row.position, row.reported_at))
        change.last_position, change.added = row.position, change.added + 1
        change.first_reported_at = min(change.first_reported_at, row.reported_at)
    for row in descriptions:
        change = changes[row.stream_id]
        if change.description is None or _knowledge_key(row) > _knowledge_key(change.description):
            change.description = row
    return changes


def _knowledge_key(row: Any) -> SortKey:
    """The fold's own order for descriptions, with the log position as the recording order."""
    return knowledge_key(row.reported_at, row.position)


# --- rows ------------------------------------------------------------------------------------


def _write(connection: Connection, changes: dict[str, _Change]) -> None:
    """Replace the touched deals' rows: two statements per batch, however many deals it touches."""
    deals = directory_table.c.deal.in_(sorted(changes))
    stored = {row.deal: dict(row._mapping) for row in connection.execute(select(directory_table).where(deals))}
    keys = _current_keys(
        connection,
        [
            row["described_position"]
            for deal, row in stored.items()
            if row["described_position"] is not None and changes[deal].description is not None
        ],
    )
    merged = []
    for deal, change in changes.items():
        row = stored.get(deal) or {
            "deal": deal,
            "first_position": change.first_position,
            "event_count": 0,
            **_unnamed(deal),
        }
        description = _winning(change.description, row["described_position"], keys)
        earliest = min(filter(None, (row.get("first_reported_at"), change.first_reported_at)))
        counts = {
            "last_position": change.last_position,
            "event_count": row["event_count"] + change.added,
            "first_reported_at": earliest,
        }
        merged.append(row | counts | _described(description))
    if stored:
        connection.execute(delete(directory_table).where(deals))
    connection.execute(insert(directory_table), merged)


def _winning(candidate: Row[Any] | None, stored: int | None, keys: dict[int, SortKey]) -> Row[Any] | None:
    """The batch's description if it outranks the stored one, as it would in the fold; else None."""
    if candidate is None or stored is None or _knowledge_key(candidate) > keys[stored]:
        return candidate
    return None


def _current_keys(connection: Connection, positions: list[int]) -> dict[int, SortKey]:
    if not positions:
        return {}
    query = select(events_table.c.position, events_table.c.reported_at)
    return {
        row.position: _knowledge_key(row)
        for row in connection.execute(query.where(events_table.c.position.in_(positions)))
    }


def _unnamed(deal: str) -> dict[str, Any]:
    """A deal no description names yet looks as the fold shows it: by its slug."""
    return {"name": deal, "kind": "deal", "parties": [], "links": [], "described_position": None}


def _described(row: Row[Any] | None) -> dict[str, Any]:
    """The naming columns from a description decoded by the one mapper; nothing when none won."""
    if row is None:
        return {}
    described = from_row(row._mapping)
    assert isinstance(described, DealDescribed)
    return {
        "name": described.name,
        "kind": described.kind,
        "parties": encode(described.parties),
        "links": encode(described.links),
        "described_position": row.position,
    }


def _load(connection: Connection) -> dict[str, DirectoryEntry]:
    query = select(directory_table).order_by(directory_table.c.deal)
    return {row.deal: directory_entry(row) for row in connection.execute(query)}
