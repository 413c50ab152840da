"""Schema changes go through Alembic only; this is how the tracker invokes it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tracker.store.database import SCHEMA_HEAD, Database

if TYPE_CHECKING:
    from sqlalchemy import Engine

_PG_MIGRATION_LOCK = 0x7D3A2
_HAS_VERSION_TABLE = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"


class SchemaTooNew(RuntimeError):
    """The database was migrated by a newer deal-tracker."""


def script_location() -> Path:
    """alembic/ in a source checkout, or the copy packaged as tracker/migrations."""
    here = Path(__file__).resolve()
    for candidate in (here.parents[2] / "alembic", here.parents[1] / "migrations"):
        if (candidate / "env.py").is_file():
            return candidate
    raise FileNotFoundError("deal-tracker's Alembic migrations are missing from this installation")


def current_revision(source: Database | Engine) -> str | None:
    """The revision the database is at; on SQLite a plain read, so a current database costs no SQLAlchemy."""
    database = Database.of(source)
    if database.is_sqlite:
        with database.sqlite() as connection:
            if not connection.execute(_HAS_VERSION_TABLE).fetchone():
                return None
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            return row[0] if row else None
    from sqlalchemy import inspect, text

    with database.engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.scalar(text("SELECT version_num FROM alembic_version"))


def ensure_schema(source: Database | Engine) -> bool:
    """Upgrade a new or outdated database; cheap when it is current. Returns True if it migrated."""
    database = Database.of(source)
    if current_revision(database) == SCHEMA_HEAD:
        return False
    upgrade(database.engine)
    return True


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic.config import Config
    from alembic.util.exc import CommandError
    from sqlalchemy import text

    from alembic import command
    from tracker.store.engine import WRITE

    config = Config()
    config.set_main_option("script_location", str(script_location()))
    with engine.connect() as connection:
        connection.execution_options(**WRITE)
        with connection.begin():
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})
            config.attributes["connection"] = connection
            try:
                command.upgrade(config, revision)
            except CommandError as error:
                raise SchemaTooNew(f"cannot migrate this database: {error}") from None
