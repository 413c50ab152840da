"""The `events` table as SQLAlchemy Core sees it when querying.

The schema itself is created and changed only by the Alembic migrations in
alembic/versions; a test checks that this description matches them.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pendulum
from sqlalchemy import JSON, BigInteger, Column, DateTime, Integer, MetaData, String, Table
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

SCHEMA_HEAD = "0001"  # the newest Alembic revision; tests keep it equal to the scripts' head


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware in, UTC pendulum out, on SQLite (which keeps no zone) as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime refused: times must carry a zone")
        utc = value.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return pendulum.instance(value).in_tz("UTC")


metadata = MetaData()

events = Table(
    "events",
    metadata,
    Column("position", BigInteger, primary_key=True, autoincrement=False),
    Column("event_id", String(36), nullable=False, unique=True),
    Column("stream_id", String(200), nullable=False),
    Column("version", Integer, nullable=False),
    Column("event_type", String(64), nullable=False),
    Column("schema_version", Integer, nullable=False),
    Column("payload", JSON().with_variant(JSONB(), "postgresql"), nullable=False),
    Column("occurred_start", UTCDateTime),
    Column("occurred_end", UTCDateTime),
    Column("occurred_text", String(64)),
    Column("reported_at", UTCDateTime, nullable=False),
    Column("recorded_at", UTCDateTime, nullable=False),
    Column("idempotency_key", String(255), nullable=False, unique=True),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)
