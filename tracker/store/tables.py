"""The `events` table as SQLAlchemy Core sees it when querying.

The schema itself is created and changed only by the Alembic migrations in
alembic/versions; a test checks that this description matches them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    type_coerce,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine

from tracker.store.instants import as_utc, plain_utc
from tracker.store.mapper import READ_NAMES


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware in, UTC pendulum out, on SQLite (which keeps no zone) as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime refused: times must carry a zone")
        utc = plain_utc(value)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return as_utc(value)


class PortableJSON(TypeDecorator[Any]):
    """JSON, as JSONB on PostgreSQL: the PostgreSQL dialect is imported when a PostgreSQL engine first needs it,
    not by every command on SQLite (it was a seventh of importing SQLAlchemy)."""

    impl = JSON
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import JSONB

            return dialect.type_descriptor(JSONB())
        return dialect.type_descriptor(JSON())


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
    Column("payload", PortableJSON(), nullable=False),
    Column("occurred_start", UTCDateTime),
    Column("occurred_end", UTCDateTime),
    Column("occurred_text", String(64)),
    Column("reported_at", UTCDateTime, nullable=False),
    Column("recorded_at", UTCDateTime, nullable=False),
    Column("idempotency_key", String(255), nullable=False, unique=True),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)

_JSON = PortableJSON()

ingest_runs = Table(
    "ingest_runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("started_at", UTCDateTime, nullable=False),
    Column("finished_at", UTCDateTime),
    Column("status", String(20), nullable=False),
    Column("sources", _JSON, nullable=False),
    Column("files", Integer, nullable=False),
    Column("appended", Integer, nullable=False),
    Column("duplicates", Integer, nullable=False),
    Column("rejected", Integer, nullable=False),
    Column("errors", _JSON, nullable=False),
)

processed_inputs = Table(
    "processed_inputs",
    metadata,
    Column("content_sha256", String(64), primary_key=True),
    Column("name", String(1000), nullable=False),
    Column("size", BigInteger, nullable=False),
    Column("run_id", Integer, ForeignKey("ingest_runs.id")),
    Column("processed_at", UTCDateTime, nullable=False),
    Column("appended", Integer, nullable=False),
    Column("duplicates", Integer, nullable=False),
)

http_sources = Table(
    "http_sources",
    metadata,
    Column("url", String(2000), primary_key=True),
    Column("etag", String(1000)),
    Column("last_modified", String(100)),
    Column("checked_at", UTCDateTime, nullable=False),
    Column("last_status", Integer),
)

deal_directory = Table(
    "deal_directory",
    metadata,
    Column("deal", String(200), primary_key=True),
    Column("name", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("parties", _JSON, nullable=False),
    Column("links", _JSON, nullable=False),
    Column("first_position", BigInteger, nullable=False),
    Column("last_position", BigInteger, nullable=False),
    Column("event_count", BigInteger, nullable=False),
    Column("described_position", BigInteger),
    Column("first_reported_at", UTCDateTime),  # the earliest report of the deal: listed from then on
)

projection_checkpoints = Table(
    "projection_checkpoints",
    metadata,
    Column("projection", String(100), primary_key=True),
    Column("position", BigInteger, nullable=False),
)

state_versions = Table(
    "state_versions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("deal", String(200), nullable=False),
    Column("position", BigInteger, nullable=False),
    Column("known_from", UTCDateTime, nullable=False),
    Column("known_until", UTCDateTime),
    Column("event_id", String(36), nullable=False),
    Column("schema_version", Integer),  # these three only when amended; else the event is the log's
    Column("payload", _JSON),
    Column("occurred_text", String(64)),
    Index("state_versions_event_idx", "deal", "event_id"),
)

state_heads = Table(  # the state index's picks at a deal's head: see tracker.store.state_index
    "state_heads",
    metadata,
    Column("deal", String(200), primary_key=True),
    Column("spelling", String(16), nullable=False),  # tracker.store.spelling's version: others are not read
    Column("summary", _JSON, nullable=False),  # its events named by their versions' ids
    Column("versions", _JSON, nullable=False),
    Column("known_from", UTCDateTime, nullable=False),
    Column("world_from", UTCDateTime),
)

deal_heads = Table(
    "deal_heads",
    metadata,
    Column("deal", String(200), primary_key=True),
    Column("version", Integer, nullable=False),  # the deal's version the head was folded at
    Column("body", _JSON, nullable=False),
)

_KEY = Text().with_variant(Text(collation="C"), "postgresql")  # byte order, whatever the database's collation

state_keys = Table(
    "state_keys",
    metadata,
    Column("version_id", Integer, ForeignKey("state_versions.id"), primary_key=True),
    Column("key", Text, primary_key=True),
    Column("deal", String(200), nullable=False),
    Column("world_key", _KEY, nullable=False),
    Column("world_start", UTCDateTime),
    Column("surely_by", UTCDateTime),
    Column("known_from", UTCDateTime, nullable=False),
    Column("known_until", UTCDateTime),
    Index("state_keys_applied_idx", "deal", "key", "surely_by", "version_id"),
    Index("state_keys_world_idx", "deal", "key", "world_key"),
)

state_names = Table(
    "state_names",
    metadata,
    Column("deal", String(200), primary_key=True),
    Column("kind", String(20), primary_key=True),
    Column("name", Text, primary_key=True),
)

state_references = Table(
    "state_references",
    metadata,
    Column("deal", String(200), primary_key=True),
    Column("event_id", String(36), primary_key=True),  # referred to
    Column("by_event_id", String(36), primary_key=True),  # by this correction or report
)


news_articles = Table(
    "news_articles",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("url", String(2000), unique=True),
    Column("text_hash", String(64), nullable=False, unique=True),
    Column("publisher", Text),
    Column("published_at", UTCDateTime),
    Column("language", String(8)),
    Column("title", Text),
    Column("text", Text, nullable=False),
    Column("source", String(2000), nullable=False),
    Column("extractor_version", String(40), nullable=False),
    Column("read_at", UTCDateTime, nullable=False),
)

news_candidates = Table(
    "news_candidates",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", Integer, ForeignKey("news_articles.id"), nullable=False),
    Column("deal", String(200), nullable=False),
    Column("type", String(64), nullable=False),
    Column("rule", String(100), nullable=False),
    Column("body", _JSON, nullable=False),
    Column("status", String(16), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("decided_at", UTCDateTime),
    Column("reason", Text),
    Column("edited", Boolean, nullable=False),
    Column("event_ids", _JSON),
    Index("news_candidates_pending_idx", "status", "deal"),
)

news_links = Table(
    "news_links",
    metadata,
    Column("url", String(2000), primary_key=True),
    Column("article_id", Integer, ForeignKey("news_articles.id")),
    Column("refused", Text),  # why the page could not be used, when it led to no article
    Column("seen_at", UTCDateTime, nullable=False),
)


# The columns ``mapper.from_row`` reads; the payload as its text where the driver gives text (SQLite), for orjson.
READ_COLUMNS = tuple(
    type_coerce(events.c[name], Text).label(name) if name == "payload" else events.c[name] for name in READ_NAMES
)
