"""Schema changes go through Alembic only; this is how the tracker invokes it."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, inspect, text

from tracker.store.engine import WRITE
from tracker.store.tables import SCHEMA_HEAD

_PG_MIGRATION_LOCK = 0x7D3A2


class SchemaTooNew(RuntimeError):
    """The database was migrated by a newer deal-tracker."""


def script_location() -> Path:
    """alembic/ in a source checkout, or the copy packaged as tracker/migrations."""
    here = Path(__file__).resolve()
    for candidate in (here.parents[2] / "alembic", here.parents[1] / "migrations"):
        if (candidate / "env.py").is_file():
            return candidate
    raise FileNotFoundError("deal-tracker's Alembic migrations are missing from this installation")


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.scalar(text("SELECT version_num FROM alembic_version"))


def ensure_schema(engine: Engine) -> bool:
    """Upgrade a new or outdated database; cheap when it is current. Returns True if it migrated."""
    if current_revision(engine) == SCHEMA_HEAD:
        return False
    upgrade(engine)
    return True


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic.config import Config
    from alembic.util.exc import CommandError

    from alembic import command

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
