"""Alembic environment: runs on the connection the tracker hands it, or opens the configured database."""

from __future__ import annotations

from alembic import context
from tracker.store.engine import WRITE, make_engine, resolve_url

config = context.config


def run_migrations() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(resolve_url(None))
    try:
        with engine.connect() as own_connection:
            own_connection.execution_options(**WRITE)
            _run(own_connection)
            own_connection.commit()
    finally:
        engine.dispose()


def _run(connection: object) -> None:
    context.configure(connection=connection, target_metadata=None, transactional_ddl=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("deal-tracker migrations run online only: they create dialect-specific triggers")
run_migrations()
