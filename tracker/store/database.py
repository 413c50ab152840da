"""The database a command opens: its URL, the SQLAlchemy engine made when first needed, and plain SQLite reads.

Importing SQLAlchemy takes longer than a short command's own work (about
120 ms of a ``tracker state`` that folds in 10). A command that only reads a
SQLite file already at the current schema does not need it: the store's
SQLite reads are plain SQL on the driver's own connection, and here that
connection comes straight from the standard library's ``sqlite3``. Once
anything needs the engine (a write, a read model to bring up to date,
PostgreSQL), it is made, with the settings ``engine.make_engine`` gives
every connection, and the same reads run on its connections instead.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Engine

SCHEMA_HEAD = "0010"  # the newest Alembic revision; tests keep it equal to the scripts' head
BUSY_TIMEOUT = 30  # seconds a reader or writer waits for a lock, on every SQLite connection

# A SQLite file named plainly: no query options and no escapes, so the path is exactly what SQLAlchemy reads.
_PLAIN_SQLITE = re.compile(r"sqlite(\+pysqlite)?:///(?P<path>[^?%]+)")


class Database:
    """One database URL; ``engine`` is made on first use, so a plain read of a SQLite file never imports SQLAlchemy."""

    def __init__(self, url: str, engine: Engine | None = None) -> None:
        self.url = url
        self._engine = engine
        match = _PLAIN_SQLITE.fullmatch(url)
        self.plain_file = Path(match["path"]) if match and match["path"] != ":memory:" else None
        self.dialect = engine.dialect.name if engine is not None else url.split("://")[0].split("+")[0]

    @classmethod
    def of(cls, source: Database | Engine) -> Database:
        """Library callers and tests may hand an engine of their own; its connections are then used throughout."""
        if isinstance(source, Database):
            return source
        return cls(source.url.render_as_string(hide_password=False), source)

    @property
    def is_sqlite(self) -> bool:
        return self.dialect == "sqlite"

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            from tracker.store.engine import make_engine

            self._engine = make_engine(self.url)
        return self._engine

    @contextmanager
    def sqlite(self) -> Iterator[sqlite3.Connection]:
        """A driver connection to this SQLite database, in autocommit: each statement reads one snapshot.

        Without an engine, an existing plain file is opened by ``sqlite3`` itself
        (never created: only ``make_engine`` makes a file, private to its owner);
        its errors come out as SQLAlchemy's, as they do through the engine, so a
        command says the same line either way.
        """
        with self._driver_connection() as connection:
            try:
                yield connection
            except sqlite3.Error as error:
                raise _as_sqlalchemy_error(error) from error

    @contextmanager
    def _driver_connection(self) -> Iterator[sqlite3.Connection]:
        if self._engine is not None or self.plain_file is None or not self.plain_file.exists():
            raw = self.engine.raw_connection()
            try:
                yield raw.driver_connection  # type: ignore[misc]  # the pysqlite driver: a sqlite3.Connection
            finally:
                raw.close()
            return
        uri = f"{self.plain_file.resolve().as_uri()}?mode=rw"
        try:
            connection = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT, isolation_level=None)
        except sqlite3.Error as error:
            raise _as_sqlalchemy_error(error) from error
        try:
            yield connection
        finally:
            connection.close()


def _as_sqlalchemy_error(error: sqlite3.Error) -> Exception:
    from sqlalchemy.exc import DBAPIError

    return DBAPIError.instance(None, None, error, sqlite3.Error)
