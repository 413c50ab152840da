"""The read models of the log, behind one object: the deal directory, the state index and the deal heads.

Each is brought up to date before it answers, and only when the log has moved
on: checking is a read, so an up-to-date answer never waits for the write
lock a running ingest holds.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from pendulum import DateTime

from tracker.domain.state import Summary
from tracker.store.database import Database

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.exc import OperationalError

    from tracker.domain.views import Head
    from tracker.store.current import DirectoryEntry
    from tracker.store.heads import ReadIds

T = TypeVar("T")
SAY_INDEXING = 5000  # events: about two seconds of indexing, worth a word to the person waiting


class CannotCatchUp(RuntimeError):
    """A read model is behind the log and the database cannot be written (a read-only file, a standby):
    the question has to be answered from the log itself."""


class ReadModels:
    """The directory and the state index over one engine; ``say`` tells a person about a long catch-up."""

    def __init__(self, database: Database | Engine, say: Callable[[str], None]) -> None:
        self._database = Database.of(database)
        self._say = say

    @property
    def _engine(self) -> Engine:
        return self._database.engine

    def deals(self) -> list[DirectoryEntry]:
        """Every deal, ordered by slug, as the log stands now."""
        from tracker.store import current

        found = self._current("deal_directory", current.directory)
        if found is not None:
            return found
        from tracker.store import directory  # here: a command that shows one deal's history needs neither model

        self._bring_up_to_date(directory.PROJECTION, directory.catch_up, "the deal directory")
        return directory.read_directory(self._engine)

    def summary(self, deal: str, as_of: DateTime, known_at: DateTime) -> Summary:
        """The deal's state at the cut without its history: a few index lookups, however long the deal."""
        return self.summaries([deal], as_of, known_at)[0]

    def summaries(self, deals: list[str], as_of: DateTime, known_at: DateTime) -> list[Summary]:
        from tracker.store import current

        found = self._current("state_index", lambda connection: current.summaries(connection, deals, as_of, known_at))
        if found is not None:
            return found
        from tracker.store import state_index

        self._bring_up_to_date(state_index.PROJECTION, state_index.catch_up, "the state index")
        return state_index.read_summaries(self._engine, deals, as_of, known_at)

    def head(self, deal: str, version: int, read_ids: ReadIds) -> Head | None:
        """The deal's head as kept at ``version`` (None if none is), its events read with ``read_ids``."""
        from tracker.store.heads import stored_head

        return stored_head(self._database, deal, version, read_ids)

    def keep_head(self, deal: str, version: int, head: Head) -> bool:
        """Keep the head a fold at ``version`` gave; False if the database cannot take it now."""
        from tracker.store.heads import keep_head

        return keep_head(self._database, deal, version, head)

    def _current(self, projection: str, read: Callable[[sqlite3.Connection], T | None]) -> T | None:
        """``read`` through the driver, on a plain SQLite file whose model ``projection`` is current; else None."""
        if self._database.plain_file is None:
            return None
        from tracker.store.current import behind

        with self._database.sqlite() as connection:
            return read(connection) if behind(connection, projection) == 0 else None

    def _bring_up_to_date(self, projection: str, catch_up: Callable[[Engine], int], name: str) -> None:
        from sqlalchemy.exc import OperationalError

        from tracker.store.checkpoints import pending

        behind = pending(self._engine, projection)
        if behind >= SAY_INDEXING:
            self._say(f"indexing {behind:,} new events for {name} (once)...")
        if behind:
            try:
                catch_up(self._engine)
            except OperationalError as error:
                if not _read_only(error):
                    raise
                raise CannotCatchUp(f"{name} is {behind:,} events behind and the database is read-only") from error


def _read_only(error: OperationalError) -> bool:
    """SQLite's SQLITE_READONLY (a file or folder that cannot be written), PostgreSQL's read-only transaction."""
    orig = error.orig
    return getattr(orig, "sqlite_errorcode", 0) & 0xFF == 8 or getattr(orig, "sqlstate", None) == "25006"
