"""Ingestion bookkeeping: which inputs are in, what each run did, HTTP validators.

Marking an input processed happens inside the unit of work that appends its
events, so after a crash an input is either wholly in (and marked) or not at all.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any
from uuid import UUID

from pendulum import DateTime
from sqlalchemy import Connection, Engine, Select, bindparam, insert, select, update

from tracker.domain.events import Event
from tracker.domain.text import one_line
from tracker.store.mapper import from_columns
from tracker.store.tables import READ_COLUMNS, events, http_sources, ingest_runs, processed_inputs
from tracker.store.upcasting import UPCASTERS


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


def mark_processed(
    connection: Connection,
    content_sha256: str,
    name: str,
    size: int,
    run_id: int | None,
    counts: tuple[int, int],
    now: DateTime,
) -> None:
    appended, duplicates = counts
    connection.execute(
        insert(processed_inputs).values(
            content_sha256=content_sha256,
            name=one_line(name)[:1000],
            size=size,
            run_id=run_id,
            processed_at=now,
            appended=appended,
            duplicates=duplicates,
        )
    )


def event_kinds(connection: Connection, event_ids: Collection[UUID]) -> dict[UUID, tuple[str, str]]:
    """Deal and type of each stored event among ``event_ids``, to check what a correction refers to."""
    found: dict[UUID, tuple[str, str]] = {}
    for chunk in _chunks(sorted(str(event_id) for event_id in event_ids)):
        query = select(events.c.event_id, events.c.stream_id, events.c.event_type).where(events.c.event_id.in_(chunk))
        found.update({UUID(row.event_id): (row.stream_id, row.event_type) for row in connection.execute(query)})
    return found


def stored_of_type(connection: Connection, pair: tuple[str, str], most: int) -> list[Event] | None:
    """The stored events of one (deal, event type), in log order: what a second report may repeat.

    None when there are more than ``most``: the caller keeps only what fits, and the
    rows beyond are not decoded.
    """
    deal, event_type = pair
    rows = connection.execute(_pair_query(), {"deal": deal, "event_type": event_type, "most": most + 1}).all()
    return None if len(rows) > most else [from_columns(*row) for row in rows]


def stored_that_can_meet(connection: Connection, event: Event) -> list[Event]:
    """The stored events of ``event``'s deal and type whose dates can meet its own, in log order.

    Those are all a second telling can repeat (``fold._can_meet``: windows that
    overlap, or both undated), read through the (deal, type, occurred) index instead
    of the pair's whole history.
    """
    occurred = event.occurred
    pair = {"deal": event.deal, "event_type": event.event_type}
    if occurred is None:
        rows = connection.execute(_tellings_query(dated=False), pair)
    else:
        rows = connection.execute(_tellings_query(dated=True), {**pair, "start": occurred.start, "end": occurred.end})
    return [from_columns(*row) for row in rows]


@cache
def _pair_query() -> Select[Any]:
    """Built once, like ``_tellings_query``: an ingest asks it for each pair it meets (thousands in a large feed)."""
    return _of_pair().order_by(events.c.position).limit(bindparam("most"))


@cache
def _tellings_query(dated: bool) -> Select[Any]:
    """Built once: a report of a long deal asks it, and building a statement costs about as much as running it."""
    c = events.c
    query = _of_pair()
    if dated:
        query = query.where(c.occurred_start <= bindparam("end"), c.occurred_end >= bindparam("start"))
    else:
        query = query.where(c.occurred_start.is_(None))
    return query.order_by(c.position)


def _of_pair() -> Select[Any]:
    """The READ_COLUMNS of a (deal, event type), in their order, so each row goes straight to ``from_columns``."""
    c = events.c
    return select(*READ_COLUMNS).where(c.stream_id == bindparam("deal"), c.event_type == bindparam("event_type"))


def stored_under_keys(connection: Connection, keys: Collection[str]) -> dict[str, dict[str, Any]]:
    """What is stored under each of these idempotency keys: deal, type, occurred text and payload.

    The payload is upcast to today's shape, so a report stored by an older release
    compares equal to the same report read again today.
    """
    columns = (
        events.c.idempotency_key,
        events.c.stream_id,
        events.c.event_type,
        events.c.occurred_text,
        events.c.schema_version,
        events.c.payload,
    )
    found: dict[str, dict[str, Any]] = {}
    for chunk in _chunks(sorted(keys)):
        query = select(*columns).where(events.c.idempotency_key.in_(chunk))
        for row in connection.execute(query):
            stored = dict(row._mapping)
            stored["payload"] = UPCASTERS.upcast(row.event_type, row.schema_version, row.payload)
            found[row.idempotency_key] = stored
    return found


def _chunks(items: Sequence[str], size: int = 500) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def start_run(engine: Engine, sources: list[str], now: DateTime) -> int:
    with engine.begin() as connection:
        result = connection.execute(
            insert(ingest_runs).values(
                started_at=now,
                status="running",
                sources=_printable(sources),
                files=0,
                appended=0,
                duplicates=0,
                rejected=0,
                errors=[],
            )
        )
        key = result.inserted_primary_key
        assert key is not None
        return int(key[0])


def finish_run(engine: Engine, run_id: int, totals: RunTotals, now: DateTime) -> None:
    with engine.begin() as connection:
        connection.execute(
            update(ingest_runs)
            .where(ingest_runs.c.id == run_id)
            .values(
                finished_at=now,
                status=totals.status,
                files=totals.files,
                appended=totals.appended,
                duplicates=totals.duplicates,
                rejected=totals.rejected,
                errors=_printable(totals.errors[:100]),
            )
        )


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


def remember_validators(connection: Connection, url: str, validators: Validators, status: int, now: DateTime) -> None:
    values = {
        "etag": validators.etag,
        "last_modified": validators.last_modified,
        "checked_at": now,
        "last_status": status,
    }
    changed = connection.execute(update(http_sources).where(http_sources.c.url == url).values(**values))
    if changed.rowcount == 0:
        connection.execute(insert(http_sources).values(url=url, **values))
