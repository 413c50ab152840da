"""What every read model of the log shares: a checkpoint row, taken under lock, moved in the same commit.

A read model applies the log in batches; each batch commits together with
the new checkpoint, so a process killed between or inside batches resumes
exactly where the last commit left it and never applies an event twice.
Catch-ups serialize on the checkpoint row (SELECT ... FOR UPDATE on
PostgreSQL; BEGIN IMMEDIATE, the store's own write lock, on SQLite).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, func, select, update

from tracker.store.engine import WRITE
from tracker.store.tables import events as events_table
from tracker.store.tables import projection_checkpoints as checkpoints_table


class ProjectionError(RuntimeError):
    """A read model cannot follow the log; the message says why and what to do."""


def catch_up(
    engine: Engine,
    projection: str,
    apply_next_batch: Callable[[Connection, int], int | None],
    on_batch: Callable[[int], None] | None = None,
) -> int:
    """Apply every event after the checkpoint, one committed batch at a time; returns how many were applied.

    ``apply_next_batch(connection, after)`` applies a batch after position
    ``after``, moves the checkpoint and returns it (None when none is left).
    ``on_batch`` hears the new checkpoint after each commit (progress for a
    person, or a signal for a test that kills the process).
    """
    applied = 0
    while True:
        with write_transaction(engine) as connection:
            before = locked_checkpoint(connection, projection)
            after = apply_next_batch(connection, before)
        if after is None:
            return applied
        applied += after - before
        if on_batch is not None:
            on_batch(after)


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    with engine.connect() as connection:
        connection.execution_options(**WRITE)
        with connection.begin():
            yield connection


def locked_checkpoint(connection: Connection, projection: str) -> int:
    """The checkpoint, read only once this transaction holds it, so two catch-ups cannot both apply a batch."""
    query = select(checkpoints_table.c.position).where(checkpoints_table.c.projection == projection)
    position = connection.scalar(query.with_for_update())
    if position is None:
        raise ProjectionError(f"the {projection} checkpoint is missing: migrate the database again")
    return int(position)


def pending(engine: Engine, projection: str) -> int:
    """How many events the read model has yet to apply. A plain read: no lock, so it never waits on a writer."""
    with engine.connect() as connection:
        head = connection.scalar(select(func.max(events_table.c.position))) or 0
        return int(head) - read_checkpoint(connection, projection)


def read_checkpoint(connection: Connection, projection: str) -> int:
    query = select(checkpoints_table.c.position).where(checkpoints_table.c.projection == projection)
    return int(connection.scalar(query) or 0)


def save_checkpoint(connection: Connection, projection: str, position: int) -> None:
    connection.execute(
        update(checkpoints_table).where(checkpoints_table.c.projection == projection).values(position=position)
    )


def refuse_gaps(rows: Sequence[Any], after: int, projection: str) -> None:
    """The store keeps positions gapless; a hole means a damaged log, and skipping it would hide an event."""
    for expected, row in enumerate(rows, start=after + 1):
        if row.position != expected:
            raise ProjectionError(
                f"the events log skips position {expected} (next is {row.position}): "
                f"run `tracker verify`; the {projection.replace('_', ' ')} will not skip it"
            )
