"""Instants as the `events` table holds them, spelled and read without SQLAlchemy.

Appends bind these spellings straight to the driver, and reads on SQLite parse
them straight from it; ``tables.UTCDateTime`` does the same through
SQLAlchemy's type system, and a test pins the two to each other.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache

import pendulum


def plain_utc(value: datetime) -> datetime:
    """The same instant as a stdlib datetime.

    psycopg subtracts an epoch from each instant it binds, and on a pendulum
    DateTime that builds an Interval: about a fifth of an append's time.
    """
    utc = datetime.astimezone(value, UTC)  # the stdlib method: pendulum's override is slower
    return datetime(utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second, utc.microsecond, tzinfo=UTC)


def bound_instant(value: datetime, dialect_name: str) -> datetime | str:
    """What UTCDateTime hands the driver, for statements that bypass SQLAlchemy's bind processing (appends).

    On SQLite that is the text SQLAlchemy's DATETIME stores; a test pins the two.
    """
    if value.tzinfo is None:
        raise ValueError("naive datetime refused: times must carry a zone")
    return _sqlite_text(value) if dialect_name == "sqlite" else plain_utc(value)


@lru_cache(maxsize=65536)
def _sqlite_text(value: datetime) -> str:
    utc = datetime.astimezone(value, UTC)
    return (
        f"{utc.year:04d}-{utc.month:02d}-{utc.day:02d} {utc.hour:02d}:{utc.minute:02d}:{utc.second:02d}"
        f".{utc.microsecond:06d}"
    )


@lru_cache(maxsize=65536)
def sqlite_instant(text: str) -> pendulum.DateTime:
    """An instant as SQLite holds it (what ``_sqlite_text`` wrote), read as UTCDateTime reads it."""
    return as_utc(datetime.fromisoformat(text))


@lru_cache(maxsize=65536)
def as_utc(value: datetime) -> pendulum.DateTime:
    """Stored instants repeat (publication days): convert each once."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return pendulum.instance(value).in_tz("UTC")
