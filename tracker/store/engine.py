"""Opening a database: the SQLite default and its settings, or any SQLAlchemy URL.

SQLite is set up for an append-only log that must not lose a committed
event: WAL (readers never block the writer), synchronous=FULL (a commit
survives power loss, not only a crash of the process), foreign keys on, and
a busy timeout so a second writer waits instead of failing at once. Every
write transaction starts with BEGIN IMMEDIATE so two writers serialize
before they read the head of the log, never after.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracker.store.database import BUSY_TIMEOUT, Database

if TYPE_CHECKING:  # SQLAlchemy itself is imported where a URL is parsed or an engine made, not by every command
    from sqlalchemy import Engine
    from sqlalchemy.engine import URL

URL_VARIABLE = "TRACKER_DATABASE_URL"
WRITE = {"tracker_write": True}


def default_database_path() -> Path:
    """The platform's per-user data directory, as the XDG spec and macOS/Windows conventions say."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "deal-tracker" / "tracker.db"


def resolve_url(url: str | None) -> str:
    """--db, then TRACKER_DATABASE_URL, then the SQLite file in the user's data directory."""
    chosen = url or os.environ.get(URL_VARIABLE)
    if chosen:
        return chosen if "://" in chosen else f"sqlite:///{Path(chosen).expanduser()}"
    return f"sqlite:///{default_database_path()}"


def safe_url(url: str) -> str:
    """The URL with any password masked, for messages and logs."""
    if "@" not in url:  # no user part, so no password: nothing to parse (a SQLite file's URL)
        return url
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparsable URL is shown without its userinfo
        return url.split("@")[-1]


def without_secrets(text: str, url: str) -> str:
    """The text with the URL's password masked, wherever a driver or a library repeated it."""
    from sqlalchemy.engine import make_url

    try:
        password = make_url(url).password
    except Exception:
        return text
    return text.replace(str(password), "***") if password else text


class DatabaseUrlError(ValueError):
    """A database URL this tracker cannot use: said before any driver is loaded or any file is made."""


SUPPORTED = "a file path, sqlite:///PATH or postgresql+psycopg://USER@HOST/DATABASE"


def checked_url(url: str) -> URL:
    """The URL parsed, on an engine and driver the tracker ships with; plain postgresql:// means psycopg."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
        _ = parsed.port  # a port that is not a number fails here, not deep in a driver
    except (ArgumentError, ValueError):
        raise DatabaseUrlError(f"{safe_url(url)!r} is not a database URL: expected {SUPPORTED}") from None
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.drivername not in ("sqlite", "sqlite+pysqlite", "postgresql+psycopg"):
        raise DatabaseUrlError(
            f"{safe_url(url)!r}: the {parsed.drivername} engine is not supported: expected {SUPPORTED}"
        )
    return parsed


def missing_database(url: str) -> str | None:
    """Why a command that only reads cannot use this URL: a SQLite file that is not there.

    Opening would create it (and its folders) empty, and a mistyped --db would then
    answer "no deals" instead of saying what is wrong.
    """
    plain = Database(url).plain_file
    if plain is not None and plain.exists():  # the common case, answered without parsing the URL
        return None
    parsed = checked_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    path = Path(parsed.database)
    if path.exists():
        return None
    return (
        f"no database at {path}: expected an existing deal-tracker database "
        "(`tracker ingest` makes one; or check --db / TRACKER_DATABASE_URL)"
    )


class DatabaseUnusable(RuntimeError):
    """The database cannot be used as configured, and waiting will not change that: the message says what to fix."""


def make_engine(url: str) -> Engine:
    from sqlalchemy import create_engine, event

    parsed = checked_url(url)
    if parsed.get_backend_name() != "sqlite":
        try:
            return create_engine(parsed, pool_pre_ping=True)
        except ModuleNotFoundError as error:
            if error.name != "psycopg":
                raise
            raise DatabaseUnusable(
                f"{safe_url(url)} needs psycopg, which is not installed: pip install 'deal-tracker[postgres]'"
            ) from None
    if parsed.database and parsed.database != ":memory:":
        _create_private_file(Path(parsed.database))
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT})
    event.listen(engine, "connect", _sqlite_settings)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


# What will not pass by itself: the server's words (a failed connection carries no SQLSTATE), or the SQLSTATE.
_LASTING = (
    (r'database ".*" does not exist', "3D000", "create the database, or fix its name in --db / TRACKER_DATABASE_URL"),
    (r'role ".*" does not exist', "28000", "create the role, or fix the user in --db / TRACKER_DATABASE_URL"),
    (r"no pg_hba\.conf entry", "28000", "allow this user and host in the server's pg_hba.conf, or fix --db"),
    (r"password authentication failed", "28P01", "fix the password (in --db, PGPASSWORD or ~/.pgpass)"),
    (r"attempt to write a readonly database", None, "make the database file and its folder writable"),
)


def lasting_problem(error: BaseException) -> str | None:
    """What to fix when a database error will not pass by itself (a database or role that does not exist,
    a refused password, a read-only file); None when it may (the server unreachable or busy, a timeout)."""
    orig = getattr(error, "orig", None) or error
    lines = str(orig).strip().splitlines()
    reason = lines[0] if lines else type(orig).__name__
    state = getattr(orig, "sqlstate", None)
    fixes = [fix for words, _, fix in _LASTING if re.search(words, reason)]
    fixes += [fix for _, code, fix in _LASTING if state is not None and state == code]
    return f"{reason}; {fixes[0]}" if fixes else None


def _create_private_file(path: Path) -> None:
    """The database is readable only by its owner: it may hold unpublished notes."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))


def _sqlite_settings(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
    cursor = dbapi_connection.cursor()
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON", f"busy_timeout={BUSY_TIMEOUT * 1000}"):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    immediate = connection.get_execution_options().get("tracker_write")
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
