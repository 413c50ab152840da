"""The one place that wires a database, a store, the read models and a clock together."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pendulum
from pendulum import DateTime

from tracker.store.database import Database
from tracker.store.engine import resolve_url
from tracker.store.eventstore import EventStore
from tracker.store.migrate import ensure_schema
from tracker.store.read_models import ReadModels

Clock = Callable[[], DateTime]
Say = Callable[[str], None]  # a word for the person waiting (stderr in the CLI): never data


@dataclass(frozen=True)
class App:
    """Everything a use case needs, wired once: no other clock, engine or read model is made elsewhere."""

    store: EventStore
    read_models: ReadModels
    clock: Clock
    url: str
    say: Say


def utc_now() -> DateTime:
    return pendulum.now("UTC")


def _silent(_: str) -> None:
    """Library callers and tests hear nothing unless they ask."""


def open_app(url: str | None = None, clock: Clock = utc_now, say: Say = _silent) -> App:
    """Open (and if needed create or upgrade) the database, ready to use."""
    resolved = resolve_url(url)
    database = Database(resolved)  # its engine is made once a use case needs more than plain SQLite reads
    ensure_schema(database)
    return App(EventStore(database, clock), ReadModels(database, say), clock, resolved, say)
