"""The one place that wires a database, a store and a clock together."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pendulum
from pendulum import DateTime

from tracker.store.engine import make_engine, resolve_url
from tracker.store.eventstore import EventStore
from tracker.store.migrate import ensure_schema


@dataclass(frozen=True)
class App:
    store: EventStore
    clock: Callable[[], DateTime]
    url: str


def utc_now() -> DateTime:
    return pendulum.now("UTC")


def open_app(url: str | None = None, clock: Callable[[], DateTime] = utc_now) -> App:
    """Open (and if needed create or upgrade) the database, ready to use."""
    resolved = resolve_url(url)
    engine = make_engine(resolved)
    ensure_schema(engine)
    return App(EventStore(engine, clock), clock, resolved)
