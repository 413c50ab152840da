"""Ingestion bookkeeping: which inputs are in, what each run did, HTTP validators.

Marking an input processed happens inside the unit of work that appends its
events, so after a crash an input is either wholly in (and marked) or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pendulum import DateTime
from sqlalchemy import Connection, Engine, insert, select, update

from tracker.domain.text import one_line
from tracker.store.tables import http_sources, ingest_runs, processed_inputs


@dataclass(frozen=True)
class RunTotals:
    status: str
    files: int
    appended: int
    duplicates: int
    rejected: int
    errors: list[str]


@dataclass(frozen=True)
class Validators:
    """What an HTTP source told us last time, for a conditional request."""

    etag: str | None = None
    last_modified: str | None = None


def was_processed(connection: Connection, content_sha256: str) -> bool:
    query = select(processed_inputs.c.content_sha256).where(processed_inputs.c.content_sha256 == content_sha256)
    return connection.execute(query).first() is not None


def mark_processed(connection: Connection, content_sha256: str, name: str, size: int, run_id: int | None,
                   counts: tuple[int, int], now: DateTime) -> None:
    appended, duplicates = counts
    connection.execute(insert(processed_inputs).values(
        content_sha256=content_sha256, name=one_line(name)[:1000], size=size, run_id=run_id, processed_at=now,
        appended=appended, duplicates=duplicates,
    ))


def start_run(engine: Engine, sources: list[str], now: DateTime) -> int:
    with engine.begin() as connection:
        result = connection.execute(insert(ingest_runs).values(
            started_at=now, status="running", sources=_printable(sources), files=0, appended=0, duplicates=0,
            rejected=0, errors=[],
        ))
        key = result.inserted_primary_key
        assert key is not None
        return int(key[0])


def finish_run(engine: Engine, run_id: int, totals: RunTotals, now: DateTime) -> None:
    with engine.begin() as connection:
        connection.execute(update(ingest_runs).where(ingest_runs.c.id == run_id).values(
            finished_at=now, status=totals.status, files=totals.files, appended=totals.appended,
            duplicates=totals.duplicates, rejected=totals.rejected, errors=_printable(totals.errors[:100]),
        ))


def _printable(texts: list[str]) -> list[str]:
    """Paths and reasons from outside: one line each, encodable by every database, of bounded size."""
    return [one_line(text)[:2000] for text in texts]


def recent_runs(engine: Engine, limit: int) -> list[dict[str, Any]]:
    query = select(ingest_runs).order_by(ingest_runs.c.id.desc()).limit(limit)
    with engine.connect() as connection:
        return [dict(row._mapping) for row in connection.execute(query)]


def validators_for(engine: Engine, url: str) -> Validators:
    with engine.connect() as connection:
        row = connection.execute(select(http_sources).where(http_sources.c.url == url)).first()
    return Validators(row.etag, row.last_modified) if row else Validators()


def remember_validators(connection: Connection, url: str, validators: Validators, status: int,
                        now: DateTime) -> None:
    values = {"etag": validators.etag, "last_modified": validators.last_modified, "checked_at": now,
              "last_status": status}
    changed = connection.execute(update(http_sources).where(http_sources.c.url == url).values(**values))
    if changed.rowcount == 0:
        connection.execute(insert(http_sources).values(url=url, **values))
