#!/usr/bin/env python3
"""Measure deal-tracker beside the floor (plain sqlite3, plain rich) and the peer (the eventsourcing library).

    python scripts/bench.py                 # the sizes of issue #5 (long: minutes to an hour)
    python scripts/bench.py --quick         # small sizes, under a minute
    python scripts/bench.py --only append,replay --json out.json

Every measure runs tracker, floor and peer in the same process run, so a busy
machine slows all three alike; each is the median of --repeat runs. The table
gives ratios against the issue's targets. Nothing here is a test: speed is
measured and reported, never asserted (tests/test_bench_smoke.py only checks
that the benchmark still runs). A part whose optional dependency is missing
(eventsourcing, a PostgreSQL server) is reported as "not run", with the reason.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import os
import platform
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, fields, is_dataclass, replace
from datetime import UTC, datetime
from decimal import Decimal
from enum import Enum
from functools import cache, partial
from io import StringIO
from pathlib import Path
from typing import Any

import pendulum

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT))

from tracker.app import queries  # noqa: E402
from tracker.bootstrap import open_app  # noqa: E402
from tracker.domain.fold import project  # noqa: E402
from tracker.ingest.reports import build_batch  # noqa: E402
from tracker.ingest.service import ingest  # noqa: E402
from tracker.store.eventstore import ConcurrencyConflict, EventStore, paused_gc  # noqa: E402
from tracker.store.state_index import catch_up, read_summary  # noqa: E402

SECTIONS = ("append", "replay", "asof", "deals", "bigdeals", "startup", "memory", "postgres", "render")
TYPES = (
    "talks_reported",
    "terms_reported",
    "statement_made",
    "terms_proposed",
    "context_noted",
    "participant_in_talks",
)
WORDS = (
    "selon",
    "les",
    "informations",
    "du",
    "journal",
    "le",
    "groupe",
    "aurait",
    "proposé",
    "milliards",
    "de",
    "dollars",
    "dans",
    "le",
    "cadre",
    "d'un",
    "accord",
    "pluriannuel",
    "portant",
    "sur",
    "des",
    "puces",
    "et",
    "des",
    "centres",
    "de",
    "données",
    "négociations",
    "toujours",
    "en",
    "cours",
)
PUBLISHERS = ("Les Échos", "Le Monde Informatique", "BFM Business", "L'Usine Digitale", "Reuters (FR)")


@dataclass(frozen=True)
class Sizes:
    deals: int
    per_deal: int
    repeat: int
    asof: tuple[int, ...]
    asof_queries: int
    memory: tuple[int, ...]
    pg_events: int
    render_events: int
    budget: float  # seconds a growing measure may take before it is skipped as "not run"
    startup_repeat: int = 21  # process start-up is short and noisy: more runs, taking turns
    pg_repeat: int = 3
    listed_deals: int = 100  # the deal list: this many deals, each with the numbers of events below
    listed_per_deal: tuple[int, ...] = (10, 1000)
    many_deals: tuple[int, int] = (1000, 100)  # `tracker deals` as a whole process: deals x events each
    big_deals: tuple[int, ...] = (10**4, 10**5)  # one deal's `state` and `timeline` as whole processes


FULL = Sizes(1000, 100, 3, (10**3, 10**4, 10**5, 10**6), 51, (10**5, 10**6), 500, 10**4, 1500.0)
QUICK = Sizes(
    20,
    25,
    3,
    (10**3, 10**4),
    31,
    (200, 2000),
    100,
    300,
    15.0,
    startup_repeat=15,
    pg_repeat=1,
    listed_deals=20,
    listed_per_deal=(10, 100),
    many_deals=(100, 10),
    big_deals=(10**3,),
)
TINY = Sizes(
    4,
    5,
    1,
    (10, 30),
    2,
    (30, 60),
    5,
    20,
    10.0,
    startup_repeat=1,
    pg_repeat=1,
    listed_deals=3,
    listed_per_deal=(2, 4),
    many_deals=(3, 2),
    big_deals=(20,),
)


@dataclass
class Row:
    """One line of the table: tracker beside the floor and the peer, in the same unit."""

    section: str
    measure: str
    unit: str
    tracker: float | None
    floor: float | None = None
    peer: float | None = None
    target: str = ""
    met: bool | None = None
    note: str = ""
    vs_floor: float | None = field(default=None, init=False)
    vs_peer: float | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self.vs_floor = _ratio(self.tracker, self.floor)
        self.vs_peer = _ratio(self.tracker, self.peer)


def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 3) if a is not None and b else None


def not_run(section: str, measure: str, reason: str, target: str = "") -> Row:
    return Row(section, measure, "", None, target=target, note=f"not run: {reason}")


def median_of(action: Callable[[], float], repeat: int) -> float:
    """``action`` returns its own measured value (seconds, rate...): set-up stays outside the timing."""
    return statistics.median(action() for _ in range(repeat))


def alternating_medians(actions: Sequence[Callable[[], float]], repeat: int) -> list[float]:
    """Each action's median, the actions taking turns: a drift in the machine's load hits all of them alike."""
    runs: list[list[float]] = [[] for _ in actions]
    for _ in range(repeat):
        for measured, action in zip(runs, actions, strict=True):
            measured.append(action())
    return [statistics.median(measured) for measured in runs]


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


# --- the workload ----------------------------------------------------------------


def quote(rng: random.Random) -> str:
    """A French sentence of 100 to 300 characters, like the quotes reports carry."""
    length = rng.randint(100, 300)
    words: list[str] = []
    while sum(len(w) + 1 for w in words) < length:
        words.append(rng.choice(WORDS))
    return (" ".join(words)[: length - 1] + ".").capitalize()


def occurred(rng: random.Random) -> str:
    """Imprecise dates as reports give them: a year, a month, a day, approximate or a quarter."""
    year, month = rng.randint(2015, 2025), rng.randint(1, 12)  # published by the end of the year: past
    return rng.choice(
        (
            f"{year}",
            f"{year}-{month:02d}",
            f"{year}-{month:02d}-{rng.randint(1, 28):02d}",
            f"{year}-{month:02d}~",
            f"{year}-Q{1 + (month - 1) // 3}",
        )
    )


def report(deal: str, n: int, rng: random.Random) -> dict[str, Any]:
    """One development: an amount in a currency, an imprecise date, a source and its quote."""
    kind = TYPES[n % len(TYPES)]
    when = occurred(rng)
    published = f"{when[:4]}-12-31" if len(when) < 7 or "Q" in when else f"{when[:7]}-28"
    body: dict[str, Any] = {
        "id": f"{deal}/{n}",
        "deal": deal,
        "type": kind,
        "occurred": when,
        "summary": f"Development {n} of {deal}",
        "currency": rng.choice(("USD", "EUR")),
        "sources": [
            {
                "publisher": rng.choice(PUBLISHERS),
                "published_at": published,
                "language": "fr",
                "quote": quote(rng),
                "attribution": "reported",
            }
        ],
    }
    if kind in ("talks_reported", "terms_reported", "terms_proposed"):
        body["terms"] = {"investment": f"jusqu'à {rng.randint(1, 999)},{rng.randint(0, 9)} milliards"}
    elif kind in ("statement_made", "participant_in_talks"):
        body["party"] = rng.choice(("Nvidia", "OpenAI", "Amazon", "SoftBank"))
    else:
        body["topic"] = "market"
    return body


def write_feed(path: Path, deals: int, per_deal: int, prefix: str = "deal", seed: int = 5) -> int:
    """A JSON Lines feed: the deals' definitions, then developments interleaved across deals."""
    rng = random.Random(seed)
    with path.open("w") as out:
        out.write(json.dumps({"deals": [{"slug": f"{prefix}-{d}", "name": f"Deal {d}"} for d in range(deals)]}))
        out.write("\n")
        for n in range(per_deal):
            for d in range(deals):
                out.write(json.dumps(report(f"{prefix}-{d}", n, rng), ensure_ascii=False) + "\n")
    return deals * per_deal


def fresh_app(folder: Path, name: str) -> Any:
    path = folder / f"{name}.db"
    for leftover in folder.glob(f"{name}.db*"):
        leftover.unlink()
    return open_app(f"sqlite:///{path}")


def tracker_ingest(folder: Path, feed: Path, name: str) -> tuple[float, Any]:
    """The real `tracker ingest` path into a new SQLite file; returns the seconds and the app."""
    app = fresh_app(folder, name)
    seconds = timed(lambda: _ingest_checked(app, feed))
    return seconds, app


def _ingest_checked(app: Any, feed: Path) -> None:
    outcomes = ingest(app.store, [feed], app.clock())
    errors = [o.error for o in outcomes if o.error]
    if errors:
        raise SystemExit(f"bench: the generated feed was rejected: {errors[0]}")


# --- 1. append: the store, on equal work ------------------------------------------------
#
# Every side is handed the same already-built domain events (tracker's own, read from the
# feed outside the clock) and stores them in SQLite with the same pragmas: tracker's store
# (payload encoding, hash chain, idempotency and version checks, insert), eventsourcing
# (aggregates holding the same events, saved through transcodings for the same values) and
# plain sqlite3 executemany of rows it builds itself with the stdlib (json, hashlib).

PRAGMAS = ("journal_mode=WAL", "synchronous=FULL")


def built_events(feed: Path) -> list[Any]:
    """The feed read into tracker's domain events, as `tracker ingest` builds them, outside every clock."""
    from tracker.ingest.files import read_file

    return list(read_file(feed, pendulum.now("UTC")).events)


def by_deal(new_events: Sequence[Any]) -> dict[str, list[Any]]:
    deals: dict[str, list[Any]] = defaultdict(list)
    for new in new_events:
        deals[new.event.deal].append(new)
    return deals


def tracker_store_append(folder: Path, deals: dict[str, list[Any]], name: str, per_deal: bool) -> float:
    """tracker's EventStore.append: one call (one transaction) per deal, or one call for all."""
    app = fresh_app(folder, name)
    if per_deal:
        return timed(lambda: [app.store.append(events) for events in deals.values()])
    every = [new for events in deals.values() for new in events]
    return timed(lambda: app.store.append(every))


def events_ddl(folder: Path) -> list[str]:
    """The events table, its indexes and triggers, as tracker's migrations create them."""
    app = fresh_app(folder, "schema")
    with sqlite3.connect(Path(app.store.engine.url.database)) as source:
        return [
            sql
            for (sql,) in source.execute(
                "SELECT sql FROM sqlite_master WHERE tbl_name = 'events' AND sql IS NOT NULL"
                " ORDER BY type = 'table' DESC, type = 'index' DESC"
            )
        ]


def floor_connection(folder: Path, name: str, ddl: list[str]) -> sqlite3.Connection:
    target = folder / f"{name}.db"
    for leftover in folder.glob(f"{name}.db*"):
        leftover.unlink()
    connection = sqlite3.connect(target, isolation_level=None)
    for pragma in PRAGMAS:
        connection.execute(f"PRAGMA {pragma}")
    for statement in ddl:
        connection.execute(statement)
    return connection


def plain_value(value: Any) -> Any:
    """The floor's encoder: the obvious recursive walk, nothing planned ahead."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [plain_value(v) for v in value]
    if is_dataclass(value):
        return {
            f.name: plain_value(getattr(value, f.name)) for f in fields(value) if getattr(value, f.name) is not None
        }
    return str(value)  # UUID, FuzzyDate, enums


class FloorChain:
    """Positions, versions and a sha256 chain over each row's text, as the floor's rows carry them."""

    def __init__(self) -> None:
        self.position, self.prev = 0, "0" * 64
        self.versions: dict[str, int] = defaultdict(int)
        self.recorded = datetime.now(UTC).isoformat()

    def row(
        self, stream: str, kind: str, payload: str, when: Any, reported: str, key: str, event_id: str
    ) -> tuple[Any, ...]:
        self.position += 1
        self.versions[stream] += 1
        start, end, text = (when.start.isoformat(), when.end.isoformat(), when.text) if when else (None, None, None)
        values: tuple[Any, ...] = (self.position, event_id, stream, self.versions[stream], kind, 1, payload)
        values += (start, end, text, reported, self.recorded, key)
        digest = hashlib.sha256(f"{self.prev}\n{values!r}".encode()).hexdigest()
        row, self.prev = (*values, self.prev, digest), digest
        return row


def floor_rows(chain: FloorChain, events: Sequence[Any]) -> list[tuple]:
    rows = []
    for new in events:
        event = new.event
        body = {f.name: plain_value(getattr(event, f.name)) for f in fields(event) if f.name not in ENVELOPE}
        payload = json.dumps({k: v for k, v in body.items() if v is not None}, ensure_ascii=False)
        rows.append(
            chain.row(
                event.deal,
                event.event_type,
                payload,
                event.occurred,
                event.reported_at.isoformat(),
                new.idempotency_key,
                str(event.event_id),
            )
        )
    return rows


ENVELOPE = frozenset({"event_id", "deal", "occurred", "reported_at"})
FLOOR_INSERT = f"INSERT INTO events VALUES ({','.join('?' * 15)})"


def floor_store_append(folder: Path, deals: dict[str, list[Any]], name: str, per_deal: bool, ddl: list[str]) -> float:
    """sqlite3: encode, chain and executemany the same events; one transaction per deal, or one for all."""
    connection, chain = floor_connection(folder, name, ddl), FloorChain()

    def insert(events: Sequence[Any]) -> None:
        rows = floor_rows(chain, events)
        connection.execute("BEGIN IMMEDIATE")
        connection.executemany(FLOOR_INSERT, rows)
        connection.execute("COMMIT")

    def insert_all() -> None:
        if per_deal:
            for events in deals.values():
                insert(events)
        else:
            insert([new for events in deals.values() for new in events])

    seconds = timed(insert_all)
    connection.close()
    return seconds


def peer_available() -> str | None:
    """Why the eventsourcing peer cannot run, or None when it can."""
    try:
        import eventsourcing  # noqa: F401
    except ImportError:
        return "eventsourcing is not installed (pip install -e '.[bench]')"
    return None


def peer_app(path: Path) -> Any:
    """An eventsourcing application on SQLite, with a transcoding for each of tracker's values."""
    from eventsourcing.application import Application

    class PeerApplication(Application):
        def register_transcodings(self, transcoder: Any) -> None:
            super().register_transcodings(transcoder)
            for transcoding in peer_transcodings():
                transcoder.register(transcoding)

    return PeerApplication(env={"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(path)})


@cache
def peer_transcodings() -> tuple[Any, ...]:
    """Transcodings for the values tracker stores: its events and values as their fields, dates and instants as text.

    Decoding builds the same domain classes, reading text with tracker's own cached parsers.
    """
    from typing import get_type_hints

    from eventsourcing.persistence import Transcoding

    from tracker.domain.amounts import Money, Quantity
    from tracker.domain.dates import FuzzyDate
    from tracker.domain.events import CATALOG, DealLink, Party, Term
    from tracker.domain.provenance import Citation, Source
    from tracker.store.codec import utc_moment

    def converter(hint: Any) -> Callable[[Any], Any] | None:
        if getattr(hint, "__origin__", None) is tuple:
            return tuple
        if isinstance(hint, type) and issubclass(hint, Enum):
            return hint
        return None

    class AsFields(Transcoding):
        def __init__(self, cls: type) -> None:
            self.type, self.name = cls, cls.__name__
            hints = get_type_hints(cls)
            self.fields = tuple(f.name for f in fields(cls))
            self.convert = {n: c for n in self.fields if (c := converter(hints[n])) is not None}

        def encode(self, obj: Any) -> Any:
            return {n: getattr(obj, n) for n in self.fields}

        def decode(self, data: Any) -> Any:
            convert = self.convert
            return self.type(**{n: convert[n](v) if n in convert else v for n, v in data.items()})

    class AsText(Transcoding):
        def __init__(self, cls: type, parse: Callable[[str], Any], name: str) -> None:
            self.type, self.name, self.parse = cls, name, parse

        def encode(self, obj: Any) -> str:
            return obj.text if isinstance(obj, FuzzyDate) else obj.isoformat()

        def decode(self, data: str) -> Any:
            return self.parse(data)

    classes = (*CATALOG.values(), Source, Citation, Term, Party, DealLink, Money, Quantity)
    return (
        *(AsFields(cls) for cls in classes),
        AsText(FuzzyDate, FuzzyDate.parse, "fuzzy_date"),
        AsText(pendulum.DateTime, utc_moment, "instant"),
    )


@cache
def peer_deal_class() -> type:
    """An eventsourcing aggregate per deal whose events carry tracker's events: the description, then each report."""
    from eventsourcing.domain import Aggregate, event

    class Deal(Aggregate):
        @event("Described")
        def __init__(self, described: Any) -> None:
            self.events = [described]

        @event("Reported")
        def report(self, development: Any) -> None:
            self.events.append(development)

    return Deal


def peer_aggregates(deals: dict[str, list[Any]]) -> list[Any]:
    """The aggregates with their pending events, built outside the clock as tracker's events are."""
    deal_class, aggregates = peer_deal_class(), []
    for events in deals.values():
        aggregate = deal_class(events[0].event)
        for new in events[1:]:
            aggregate.report(new.event)
        aggregates.append(aggregate)
    return aggregates


def peer_store_append(folder: Path, deals: dict[str, list[Any]], name: str, per_deal: bool) -> tuple[float, Any]:
    """eventsourcing's Application.save: one call (one transaction) per aggregate, or one call for all."""
    path = folder / f"{name}.sqlite"
    for leftover in folder.glob(f"{name}.sqlite*"):
        leftover.unlink()
    app, aggregates = peer_app(path), peer_aggregates(deals)
    seconds = timed(lambda: [app.save(a) for a in aggregates] if per_deal else app.save(*aggregates))
    return seconds, (path, [a.id for a in aggregates])


def bench_append(folder: Path, sizes: Sizes, feed: Path, events: int) -> tuple[list[Row], dict[str, Any]]:
    new_events = built_events(feed)
    deals, ddl = by_deal(new_events), events_ddl(folder)
    context: dict[str, Any] = {}
    rows: list[Row] = []
    count = len(new_events)
    tracker_store_append(folder, {k: v[:2] for k, v in list(deals.items())[:3]}, "warm-up", True)  # imports
    for per_deal in (True, False):
        how = "one transaction per deal" if per_deal else "one transaction"
        runs: list[Callable[[], float]] = [
            partial(tracker_store_append, folder, deals, f"store-{per_deal}", per_deal),
            partial(floor_store_append, folder, deals, f"floor-{per_deal}", per_deal, ddl),
        ]
        if not peer_available():
            runs.append(partial(_peer_seconds, folder, deals, per_deal, context))
        medians = alternating_medians(runs, sizes.repeat)
        row = Row(
            "append",
            f"store append of {count:,} built events ({len(deals):,} deals), {how}",
            "events/s",
            round(count / medians[0]),
            round(count / medians[1]),
            round(count / medians[2]) if len(medians) > 2 else None,
            "vs floor >= 0.5, vs peer >= 2",
            note="equal work: the same domain events, built before the clock. tracker: EventStore.append (payload "
            "encoding, hash chain, idempotency and version reads, insert); peer: eventsourcing Application.save of "
            "aggregates carrying the same events, transcoded field by field (no chain, no idempotency); floor: "
            "sqlite3 executemany of rows built with stdlib json and a sha256 chain (no reads, no checks)",
        )
        row.met = None if row.vs_peer is None else _meets(row.vs_floor, 0.5) and _meets(row.vs_peer, 2)
        rows.append(row)
    rows.append(bench_ingest(folder, sizes, feed, events, ddl, context))
    return rows, context


def _peer_seconds(folder: Path, deals: dict[str, list[Any]], per_deal: bool, context: dict[str, Any]) -> float:
    seconds, context["peer_db"] = peer_store_append(folder, deals, f"peer-{per_deal}", per_deal)
    return seconds


def _meets(value: float | None, at_least: float) -> bool:
    return value is not None and value >= at_least


def _at_most(value: float | None, at_most: float) -> bool:
    return value is not None and value <= at_most


# --- 2. end-to-end ingest --------------------------------------------------------------------


def floor_ingest(folder: Path, feed: Path, name: str, ddl: list[str]) -> float:
    """sqlite3 and the stdlib: json.loads each line, a row per deal and per report, the sha256 chain, executemany."""
    connection, chain = floor_connection(folder, name, ddl), FloorChain()

    def load() -> None:
        rows = []
        with feed.open(encoding="utf-8") as lines:
            for line in lines:
                document = json.loads(line)
                for deal in document.get("deals", ()):
                    body, key = json.dumps(deal, ensure_ascii=False, sort_keys=True), f"deal:{deal['slug']}"
                    rows.append(chain.row(deal["slug"], "deal_described", body, None, chain.recorded, key, key))
                if "id" in document:
                    body, key = json.dumps(document, ensure_ascii=False, sort_keys=True), f"id:{document['id']}"
                    rows.append(chain.row(document["deal"], document["type"], body, None, chain.recorded, key, key))
        connection.execute("BEGIN IMMEDIATE")
        connection.executemany(FLOOR_INSERT, rows)
        connection.execute("COMMIT")

    seconds = timed(load)
    connection.close()
    return seconds


def bench_ingest(folder: Path, sizes: Sizes, feed: Path, reports: int, ddl: list[str], context: dict[str, Any]) -> Row:
    _ingest_checked(fresh_app(folder, "warm-up-ingest"), ROOT / "seeds")  # one-time imports stay out of the timings
    apps: list[Any] = []

    def tracker_run() -> float:
        seconds, app = tracker_ingest(folder, feed, f"ingest-{len(apps)}")
        apps.append(app)
        return seconds

    tracker_s, floor_s = alternating_medians(
        [tracker_run, partial(floor_ingest, folder, feed, "floor-ingest", ddl)], sizes.repeat
    )
    context["app"], context["rate"] = apps[-1], reports / tracker_s
    stored = _count(apps[-1])
    row = Row(
        "append",
        f"end-to-end ingest of {reports:,} reports from JSON Lines (events: {stored:,})",
        "events/s",
        round(stored / tracker_s),
        round(stored / floor_s),
        target="vs floor >= 0.35",
        note="tracker: `tracker ingest` (file hash, JSON, boundary checks, schema, French amounts, EDTF dates, "
        "idempotency, encoding, hash chain, insert); floor: json.loads each line, stores it as it came "
        "(no validation, no parsing of amounts or dates), a sha256 chain, executemany in one transaction",
    )
    row.met = _meets(row.vs_floor, 0.35)
    return row


def _count(app: Any) -> int:
    from sqlalchemy import func, select

    from tracker.store.tables import events

    with app.store.engine.connect() as connection:
        return int(connection.scalar(select(func.count()).select_from(events)) or 0)


# --- 3. replay ---------------------------------------------------------------------


def tracker_replay(app: Any) -> int:
    """Every deal's state rebuilt from the whole log: read, decode into domain events, fold each deal."""
    now = pendulum.now("UTC")
    deals: dict[str, list[Any]] = defaultdict(list)
    for event in app.store.read():
        deals[event.deal].append(event)
    with paused_gc():  # as tracker's commands fold (a collection would walk the whole log read); the peer's too
        for deal, events in deals.items():
            project(events, deal, now, now)
    return sum(len(e) for e in deals.values())


def floor_replay(db_path: Path) -> int:
    """Plain sqlite3 reads the same rows and decodes their payloads into dictionaries (no domain values, no fold)."""
    count = 0
    with sqlite3.connect(db_path) as connection:
        query = "SELECT stream_id, event_type, payload, occurred_text, reported_at FROM events ORDER BY position"
        for _stream, _kind, payload, _when, _reported in connection.execute(query):
            json.loads(payload)
            count += 1
    return count


def peer_replay(peer_db: tuple[Path, list[Any]]) -> int:
    """eventsourcing rebuilds each aggregate (its transcodings decode tracker's events), then the same fold."""
    path, ids = peer_db
    app, now, count = peer_app(path), pendulum.now("UTC"), 0
    for aggregate_id in ids:
        events = app.repository.get(aggregate_id).events
        with paused_gc():
            project(events, events[0].deal, now, now)
        count += len(events)
    return count


def bench_replay(sizes: Sizes, context: dict[str, Any]) -> list[Row]:
    app = context["app"]
    db_path = Path(app.store.engine.url.database)
    count = tracker_replay(app)
    runs = [lambda: timed(lambda: tracker_replay(app)), lambda: timed(lambda: floor_replay(db_path))]
    if context.get("peer_db"):
        runs.append(lambda: timed(lambda: peer_replay(context["peer_db"])))
    medians = alternating_medians(runs, sizes.repeat)
    row = Row(
        "replay",
        f"rebuild every deal from {count:,} events",
        "events/s",
        round(count / medians[0]),
        round(count / medians[1]),
        round(count / medians[2]) if len(medians) > 2 else None,
        "vs peer >= 2",
        note="tracker: EventStore.read of the whole log, decoded into domain events, then the fold per deal; peer: "
        "eventsourcing's repository.get per deal, its transcodings decoding the same domain events, then the same "
        "fold; both folds with the cyclic collector paused, as tracker's commands fold; floor: sqlite3 reads the "
        "rows and json.loads each payload (no domain values, no fold)",
    )
    row.met = None if row.vs_peer is None else _meets(row.vs_peer, 2)  # unknown, not met, without the peer
    return [row]


# --- 3. as-of queries -----------------------------------------------------------------


def random_cutoffs(rng: random.Random) -> tuple[Any, Any]:
    start = pendulum.datetime(2015, 1, 1, tz="UTC")
    as_of = start.add(days=rng.randint(0, 4400))
    return as_of, as_of.add(days=rng.randint(0, 400))


def state_query(app: Any, deal: str, as_of: Any, known_at: Any) -> tuple[float, float]:
    """The whole state, timeline included, as `tracker state` answers it: read the deal's events, then fold them."""
    start = time.perf_counter()
    events = app.store.read([deal])
    read = time.perf_counter()
    project(events, deal, as_of, known_at)
    return read - start, time.perf_counter() - read


def summary_query(app: Any, deal: str, as_of: Any, known_at: Any) -> float:
    """state(deal, as_of, known_at) from the state index, as `tracker state --summary` answers it."""
    return timed(lambda: read_summary(app.store.engine, deal, as_of, known_at))


def grow_deal(app: Any, folder: Path, deal_index: int, start: int, count: int) -> None:
    """Append ``count`` more developments to one deal through the real ingest path."""
    rng = random.Random(start)
    feed = folder / f"grow-{start}.jsonl"
    with feed.open("w") as out:
        out.write(json.dumps({"deals": [{"slug": f"big-{deal_index}", "name": "Big deal"}]}) + "\n")
        for n in range(start, start + count):
            out.write(json.dumps(report(f"big-{deal_index}", n, rng), ensure_ascii=False) + "\n")
    _ingest_checked(app, feed)
    feed.unlink()


def ingest_rate(folder: Path, context: dict[str, Any]) -> float:
    """Events per second of `tracker ingest` here and now: from the append section, else a short calibration."""
    if "rate" not in context:
        feed = folder / "calibration.jsonl"
        events = write_feed(feed, 10, 20, prefix="calibration")
        _ingest_checked(fresh_app(folder, "calibration-warm-up"), ROOT / "seeds")
        seconds, _ = tracker_ingest(folder, feed, "calibration")
        context["rate"] = events / seconds
    return float(context["rate"])


def bench_asof(folder: Path, sizes: Sizes, context: dict[str, Any]) -> list[Row]:
    """One deal grown to each size in turn; random (as_of, known_at) cuts asked of the index and of the fold."""
    app, rows, have, rng = fresh_app(folder, "asof"), [], 0, random.Random(3)
    rate, medians = ingest_rate(folder, context), {}
    for size in sizes.asof:
        estimate = (size - have) / rate * 1.5  # ingest, then index what was ingested
        if estimate > sizes.budget:
            rows.append(
                not_run(
                    "asof",
                    f"state(deal, as_of, known_at), {size:,} events",
                    f"> {sizes.budget:.0f} s (about {estimate:.0f} s to build and index)",
                )
            )
            continue
        seconds = timed(partial(grow_deal, app, folder, 0, have, size - have))
        indexing = timed(lambda: catch_up(app.store.engine))
        rate, have = (size - have) / seconds, size  # this machine's ingest rate, for the next estimate
        cuts = [random_cutoffs(rng) for _ in range(sizes.asof_queries)]
        first = statistics.median(summary_query(app, "big-0", *cut) for cut in cuts)  # pages may come from disk
        medians[size] = statistics.median(summary_query(app, "big-0", *cut) for cut in cuts)
        rows.append(
            Row(
                "asof",
                f"state(deal, as_of, known_at), {size:,} events",
                "ms",
                round(medians[size] * 1000, 2),
                note=f"state index, median of {len(cuts)} random cuts asked a second time (the first time: "
                f"{first * 1000:.1f} ms, when pages may still come from disk); indexing the new "
                f"events took {indexing:.1f} s",
            )
        )
        if size <= 10**4:  # the whole fold grows with the deal: beyond this it only says "linear" slower
            timings = [state_query(app, "big-0", *cut) for cut in cuts[:3]]
            full_seconds = statistics.median(r + f for r, f in timings)
            rows.append(
                Row(
                    "asof",
                    f"whole state with its timeline, {size:,} events",
                    "ms",
                    round(full_seconds * 1000, 1),
                    note=f"read {statistics.median(r for r, _ in timings) * 1000:.0f} ms + fold "
                    f"{statistics.median(f for _, f in timings) * 1000:.0f} ms (`tracker state`)",
                )
            )
    rows.append(asof_growth(sizes.asof, medians))
    return rows


def asof_growth(sizes: tuple[int, ...], medians: dict[int, float]) -> Row:
    """The target compares the largest size with the smallest; if the largest was not run, the largest that was."""
    smallest, target = sizes[0], "<= 2x at the largest, and < 20 ms"
    if smallest not in medians or max(medians) == smallest:
        return not_run("asof", f"median at {sizes[-1]:,} / median at {smallest:,}", "too few sizes measured", target)
    largest = max(medians)
    row = Row(
        "asof",
        f"median at {largest:,} / median at {smallest:,}",
        "x",
        round(medians[largest] / medians[smallest], 2),
        target=target,
    )
    complete = largest == sizes[-1]
    fast = row.tracker is not None and row.tracker <= 2 and medians[largest] < 0.020
    row.met = fast if complete else (None if fast else False)  # growth past 2x already misses it
    if not complete:
        row.note = f"{sizes[-1]:,} events not run; the ratio is for the largest size that was"
    return row


# --- 3b. the deal list -------------------------------------------------------------------


def bench_deals(folder: Path, sizes: Sizes) -> list[Row]:
    """`tracker deals` on logs of growing length with the same deals: it should not grow with the log."""
    rows, medians = [], {}
    for per_deal in sizes.listed_per_deal:
        feed = folder / f"listed-{per_deal}.jsonl"
        events = write_feed(feed, sizes.listed_deals, per_deal, prefix="listed")
        app = fresh_app(folder, f"listed-{per_deal}")
        _ingest_checked(app, feed)
        at = queries.cut(app)
        indexing = timed(partial(queries.deal_list, app, at))  # the read models catch up once
        medians[events] = median_of(partial(timed, partial(queries.deal_list, app, at)), max(sizes.repeat, 5))
        rows.append(
            Row(
                "deals",
                f"deal list, {sizes.listed_deals} deals, {events:,} events",
                "ms",
                round(medians[events] * 1000, 1),
                note="the query behind `tracker deals` with its read models current: the directory's rows "
                "and each deal's state head (its summary at the end of time, and the few events it names), "
                f"no history read (their first catch-up, which keeps the heads: {indexing:.1f} s)",
            )
        )
    smallest, largest = min(medians), max(medians)
    growth = medians[largest] / medians[smallest]
    row = Row("deals", f"deal list at {largest:,} / at {smallest:,} events", "x", round(growth, 2), target="<= 1.5x")
    row.met = growth <= 1.5
    return [*rows, row, many_deals_row(folder, sizes)]


def many_deals_row(folder: Path, sizes: Sizes) -> Row:
    """`tracker deals` as a user runs it, a whole process, on many deals with their read models current."""
    count, per_deal = sizes.many_deals
    feed = folder / "many.jsonl"
    events = write_feed(feed, count, per_deal, prefix="many")
    app = fresh_app(folder, "many")
    building = timed(lambda: _ingest_checked(app, feed))
    indexing = timed(partial(queries.deal_list, app, queries.cut(app)))
    env = child_env(TRACKER_DATABASE_URL=str(app.url), NO_COLOR="1")
    argv = [sys.executable, "-c", TRACKER_MAIN, "deals"]
    process_seconds(argv, env)  # warm the file cache
    seconds = median_of(partial(process_seconds, argv, env), max(sizes.repeat, 3))
    row = Row(
        "deals",
        f"`tracker deals`, {count:,} deals, {events + count:,} events, whole process",
        "ms",
        round(seconds * 1000, 1),
        target="<= 1,000 ms",
        note=f"read models current (ingest {building:.0f} s, first catch-up {indexing:.0f} s, outside the timing); "
        "the process starts, reads the directory and each deal's state head, reads the events the heads "
        "name, prints the table",
    )
    row.met = seconds <= 1.0
    return row


# --- 3c. big deals ---------------------------------------------------------------------


def bench_bigdeals(folder: Path, sizes: Sizes, context: dict[str, Any]) -> list[Row]:
    """One deal grown to each size; `state`, `state --summary` and `timeline -n 20` of it, each a whole process."""
    rows: list[Row] = []
    app, have = fresh_app(folder, "bigdeals"), 0
    rate = ingest_rate(folder, context)
    for size in sizes.big_deals:
        estimate = (size - have) / rate * 2  # ingest, then index
        if estimate > sizes.budget:
            rows.append(not_run("bigdeals", f"one deal of {size:,} events", f"> {sizes.budget:.0f} s to build"))
            continue
        grow_deal(app, folder, 0, have, size - have)
        have = size
        catch_up(app.store.engine)
        env = child_env(TRACKER_DATABASE_URL=str(app.url), NO_COLOR="1")
        target_ms = 500 if size <= 10**4 else 3000
        commands = {
            "state": ["state", "big-0"],
            "state --summary": ["state", "big-0", "--summary"],
            "timeline -n 20": ["timeline", "big-0", "-n", "20"],
        }
        for name, args in commands.items():
            argv = [sys.executable, "-c", TRACKER_MAIN, *args]
            start = time.perf_counter()
            lines = subprocess.run(argv, check=True, capture_output=True, text=True, env=env).stdout.count("\n")
            first = time.perf_counter() - start
            seconds = median_of(partial(process_seconds, argv, env), sizes.repeat)
            summary = name.endswith("--summary")
            row = Row(
                "bigdeals",
                f"`tracker {name}` of one deal of {size:,} events, whole process",
                "ms",
                round(seconds * 1000, 1),
                target="" if summary else f"<= {target_ms:,} ms",
                note=f"{lines:,} lines printed; {_big_deal_source(size, summary)} (the first run after the last "
                f"ingest, which makes and keeps the head: {first * 1000:,.0f} ms)",
            )
            row.met = None if summary else seconds * 1000 <= target_ms
            rows.append(row)
    return rows


def _big_deal_source(size: int, summary: bool) -> str:
    """Where a big deal's answer comes from: a head once the deal is long enough to keep one, else the fold."""
    from tracker.app.queries import HEAD_FROM

    if size >= HEAD_FROM:
        return "from the deal's head: its summary and the latest history or entries, a few dozen events read"
    if summary:
        return "from the state index's head of the deal: its summary, the events it names read"
    return f"shorter than {HEAD_FROM:,} events, so the whole log is read and folded, and a bounded view printed"


# --- 4. start-up ------------------------------------------------------------------------

TRACKER_MAIN = "import sys\nfrom tracker.cli.main import cli\nsys.exit(cli())"


def process_seconds(argv: list[str], env: dict[str, str]) -> float:
    return timed(lambda: subprocess.run(argv, check=True, capture_output=True, env=env))


def equal_bytecode(folder: Path) -> None:
    """Every process the bench starts reads compiled bytecode from one cache, tracker's and the libraries' alike.

    That is how an install runs (pip compiles what it installs, and Python
    writes the rest on first use); an editable checkout with
    PYTHONDONTWRITEBYTECODE set, as on some machines, would compile tracker's
    modules at every start and the libraries' never, and time the compiler.
    """
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = str(folder / "bytecode")


def child_env(**extra: str) -> dict[str, str]:
    """This interpreter and this checkout, whatever is installed elsewhere."""
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "PYTHONPATH": path, **extra}


def modules_loaded(argv: list[str], env: dict[str, str]) -> list[str]:
    """Top-level tracker modules a command ends up importing, found by running it."""
    code = (
        f"import sys, runpy\nsys.argv = {argv!r}\ntry:\n    from tracker.cli.main import cli\n    cli()\n"
        "except SystemExit:\n    pass\nprint('\\n' + ' '.join(sorted(m for m in sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, env=env)
    return out.stdout.strip().splitlines()[-1].split()


def bench_startup(folder: Path, sizes: Sizes) -> list[Row]:
    env = child_env(TRACKER_DATABASE_URL=f"sqlite:///{folder / 'seeds.db'}")
    seeds = open_app(env["TRACKER_DATABASE_URL"])
    _ingest_checked(seeds, ROOT / "seeds")
    repeat = sizes.startup_repeat
    python = [sys.executable, "-c"]
    help_modules = set(modules_loaded(["tracker", "--help"], env))
    heavy = sorted(m for m in ("sqlalchemy", "alembic", "textual") if m in help_modules)
    state_modules = [
        m for m in modules_loaded(["tracker", "state", "nvidia-openai"], env) if m.startswith("tracker.") and "." in m
    ]
    baseline_code = "\n".join(f"import {m}" for m in state_modules)
    every_side = ("import click", "import sqlalchemy, rich", baseline_code, TRACKER_MAIN)
    for code in every_side:  # the file cache, and the bytecode cache written once
        process_seconds([*python, code, "state", "nvidia-openai"], env)
    click_s, help_s = alternating_medians(
        [
            lambda: process_seconds([*python, "import click"], env),
            lambda: process_seconds([*python, TRACKER_MAIN, "--help"], env),
        ],
        repeat,
    )
    imports_s, state_s, libraries_s = alternating_medians(
        [
            lambda: process_seconds([*python, baseline_code], env),
            lambda: process_seconds([*python, TRACKER_MAIN, "state", "nvidia-openai"], env),
            lambda: process_seconds([*python, "import sqlalchemy, rich"], env),
        ],
        repeat,
    )
    help_row = Row(
        "startup",
        "`tracker --help`, whole process",
        "ms",
        round(help_s * 1000, 1),
        round(click_s * 1000, 1),
        target="vs `import click` <= 1.5, no SQLAlchemy/Alembic/textual",
        note=f"imports {', '.join(heavy)}" if heavy else "imports none of SQLAlchemy, Alembic, textual",
    )
    help_row.met = _at_most(help_row.vs_floor, 1.5) and not heavy
    state_row = Row(
        "startup",
        "`tracker state nvidia-openai`, whole process",
        "ms",
        round(state_s * 1000, 1),
        round(imports_s * 1000, 1),
        target="vs importing its modules <= 1.3",
        note=f"floor: python importing the {len(state_modules)} tracker modules the command loads",
    )
    state_row.met = _at_most(state_row.vs_floor, 1.3)
    libraries_row = Row(
        "startup",
        "`tracker state nvidia-openai` beside its two big libraries, whole process",
        "ms",
        round(state_s * 1000, 1),
        round(libraries_s * 1000, 1),
        target="vs `import sqlalchemy, rich` <= 1.0",
        note="floor: python importing SQLAlchemy and rich only; tracker: the whole command, its own work included",
    )
    libraries_row.met = _at_most(libraries_row.vs_floor, 1.0)
    return [help_row, state_row, libraries_row]


# --- 5. memory --------------------------------------------------------------------------

RSS_CODE = (
    "import resource, sys\nfrom tracker.cli.main import cli\n"
    "try:\n    cli(sys.argv[1:])\nexcept SystemExit as done:\n    assert done.code == 0, done.code\n"
    "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"
)


def peak_rss_mb(feed: Path, url: str) -> float:
    """Peak resident memory of a whole `tracker ingest` process, in MiB (Linux reports KiB)."""
    result = subprocess.run(
        [sys.executable, "-c", RSS_CODE, "ingest", "--quiet", str(feed)],
        capture_output=True,
        text=True,
        env=child_env(TRACKER_DATABASE_URL=url),
        check=True,
    )
    return float(result.stdout.strip().splitlines()[-1])


def bench_memory(folder: Path, sizes: Sizes, context: dict[str, Any]) -> list[Row]:
    rate, rows, peaks, overhead = ingest_rate(folder, context), [], {}, 0.0
    for count in sizes.memory:
        estimate = count / rate + overhead
        if estimate > sizes.budget:
            rows.append(
                not_run(
                    "memory",
                    f"peak RSS ingesting {count:,} reports (JSON Lines)",
                    f"> {sizes.budget:.0f} s (about {estimate:.0f} s at {rate:.0f} events/s)",
                    "< 150 MB",
                )
            )
            continue
        feed = folder / f"memory-{count}.jsonl"
        write_feed(feed, min(1000, count), max(1, count // 1000))
        start = time.perf_counter()
        peaks[count] = peak_rss_mb(feed, f"sqlite:///{folder / f'memory-{count}.db'}")
        overhead = max(0.0, time.perf_counter() - start - count / rate)  # process start-up, schema creation
        feed.unlink()
        row = Row(
            "memory",
            f"peak RSS ingesting {count:,} reports (JSON Lines)",
            "MiB",
            round(peaks[count], 1),
            target="< 150 MB",
        )
        row.met = peaks[count] * 2**20 < 150e6
        rows.append(row)
    small, large = sizes.memory[0], sizes.memory[-1]
    if small in peaks and large in peaks:
        growth = Row(
            "memory",
            f"peak at {large:,} / peak at {small:,}",
            "x",
            round(peaks[large] / peaks[small], 3),
            target="<= 1.2x",
        )
        growth.met = _at_most(growth.tracker, 1.2)
        rows.append(growth)
    else:
        rows.append(not_run("memory", f"peak at {large:,} / peak at {small:,}", "a size was not run", "<= 1.2x"))
    return rows


# --- 6. PostgreSQL ------------------------------------------------------------------------


def postgres_url() -> str | None:
    return os.environ.get("TRACKER_BENCH_POSTGRES_URL") or os.environ.get("TRACKER_TEST_POSTGRES_URL")


def pg_writer(url: str, deal: str, first: int, count: int, start: Any, out: Any) -> None:
    """One writer process: parse and validate 10 reports, append them at the version it read, retry on conflict.

    The reports are generated before the clock starts: making up the workload is not the tracker's work.
    """
    app = open_app(url)
    store: EventStore = app.store
    rng, conflicts = random.Random(first), 0
    chunks = [
        [report(deal, n, rng) | {"id": f"{deal}/{n}"} for n in range(at, min(at + 10, first + count))]
        for at in range(first, first + count, 10)
    ]
    store.version_of(deal)  # connected and ready before the clock starts
    out.put("ready")
    start.wait()
    began, cpu = time.time(), time.process_time()
    for reports in chunks:
        batch = build_batch([("bench", {"reports": reports})], app.clock())
        while True:
            head = replace(batch.events[0], expected_version=store.version_of(deal))
            try:
                store.append([head, *batch.events[1:]])
                break
            except ConcurrencyConflict:
                conflicts += 1
    out.put((began, time.time(), count, conflicts, time.process_time() - cpu))
    app.store.engine.dispose()


def pg_round(url: str, writers: int, shared: bool, per_writer: int) -> tuple[float, int, float]:
    """Events per second with ``writers`` processes started together, the conflicts retried, and CPU s an event."""
    context = multiprocessing.get_context("fork")
    start, out = context.Event(), context.Queue()
    tag = f"pg{writers}{'s' if shared else 'd'}{random.randrange(10**9)}"
    deals = [f"{tag}-shared" if shared else f"{tag}-{w}" for w in range(writers)]
    app = open_app(url)
    app.store.append(
        build_batch([("bench", {"deals": [{"slug": d, "name": d} for d in set(deals)]})], app.clock()).events
    )
    app.store.engine.dispose()
    processes = [
        context.Process(target=pg_writer, args=(url, deals[w], w * per_writer, per_writer, start, out))
        for w in range(writers)
    ]
    for process in processes:
        process.start()
    for _ in processes:
        out.get(timeout=600)  # every writer connected: start them together
    server_cpu = _local_postgres_cpu()
    start.set()
    results = [out.get(timeout=600) for _ in processes]
    server_cpu = _local_postgres_cpu() - server_cpu
    for process in processes:
        process.join()
    wall = max(r[1] for r in results) - min(r[0] for r in results)
    events = sum(r[2] for r in results)
    cpu = sum(r[4] for r in results) + server_cpu  # while the clock ran: writers' own, and the server's
    return events / wall, sum(r[3] for r in results), cpu / events


def _local_postgres_cpu() -> float:
    """CPU seconds used so far by a PostgreSQL on this machine, with its finished backends'; 0 where unseen.

    With the writers' own, CPU an event over the machine's cores is the most
    any number of writers could reach here, whatever the store's locking.
    """
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            name, _, rest = stat.read_text().partition(") ")
        except OSError:  # the process ended while we looked
            continue
        if name.rpartition("(")[2].startswith("postgres"):
            ticks += sum(int(value) for value in rest.split()[11:15])  # utime, stime, cutime, cstime
    return ticks / os.sysconf("SC_CLK_TCK")


def pg_schema(admin_url: str) -> tuple[str, Callable[[], None]]:
    """A URL whose search_path is a fresh schema, and how to drop it."""
    from sqlalchemy import create_engine, text

    schema = f"bench_{os.getpid()}_{random.randrange(10**6)}"
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))

    def drop() -> None:
        with engine.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()

    separator = "&" if "?" in admin_url else "?"
    return f"{admin_url}{separator}options=-csearch_path%3D{schema}", drop


def bench_postgres(sizes: Sizes) -> list[Row]:
    admin = postgres_url()
    if not admin:
        return [not_run("postgres", "append with concurrent writers", "set TRACKER_BENCH_POSTGRES_URL")]
    try:
        url, drop = pg_schema(admin)
    except Exception as error:  # any failure to reach the server means: not measured
        return [not_run("postgres", "append with concurrent writers", f"{type(error).__name__}: {error}"[:120])]
    try:
        open_app(url).store.engine.dispose()
        runs = {
            (writers, shared): median_of_runs(partial(pg_round, url, writers, shared, sizes.pg_events), sizes.pg_repeat)
            for writers, shared in ((1, False), (4, False), (8, False), (4, True), (8, True))
        }
    finally:
        drop()
    one = runs[(1, False)][0]
    rows = []
    for (writers, shared), (rate, conflicts, cpu) in runs.items():
        where = "one shared deal" if shared else "distinct deals"
        row = Row(
            "postgres",
            f"{writers} writer(s), {where}, {sizes.pg_events} events each",
            "events/s",
            round(rate),
            round(one),
            note=f"{conflicts} conflicts retried; floor: 1 writer",
        )
        if (writers, shared) == (4, False):
            row.target, row.met = "vs 1 writer >= 2", _meets(row.vs_floor, 2)
            row.note += "; " + cpu_ceiling(cpu, rate, one)
            rows += [row, ceiling_row(sizes, cpu, rate)]
        else:
            rows.append(row)
    return rows


def ceiling_row(sizes: Sizes, cpu_per_event: float, rate: float) -> Row:
    """Issue #17's measure of the 4 writers: how much of what the cores allow at their CPU cost an event they reach."""
    reached = 100 * rate / events_ceiling(cpu_per_event)
    row = Row(
        "postgres",
        f"4 writer(s), distinct deals, {sizes.pg_events} events each: share of the CPU ceiling reached",
        "%",
        round(reached, 1),
        target=">= 80",
        note="the ceiling: the cores over the CPU an event of the writers and the local server, in the same run",
    )
    row.met = reached >= 80
    return row


def events_ceiling(cpu_per_event: float) -> float:
    """Events a second the machine's cores allow at this CPU cost an event, whatever the store's locking."""
    return (os.cpu_count() or 1) / cpu_per_event


def cpu_ceiling(cpu_per_event: float, rate: float, one: float) -> str:
    """The ceiling in words: the CPU an event, what the cores allow, and how much of it the round reached."""
    ceiling = events_ceiling(cpu_per_event)
    return (
        f"{cpu_per_event * 1000:.2f} ms CPU an event (writers and a local server): {os.cpu_count() or 1} cores allow "
        f"at most {ceiling:,.0f} events/s, {ceiling / one:.2f}x one writer; {rate / ceiling:.0%} of it reached"
    )


def median_of_runs(action: Callable[[], tuple[float, int, float]], repeat: int) -> tuple[float, int, float]:
    runs = sorted(action() for _ in range(repeat))
    return runs[len(runs) // 2]


# --- 7. rendering -------------------------------------------------------------------------


def plain_console() -> Any:
    from rich.console import Console

    return Console(file=StringIO(), width=120, color_system=None, force_terminal=False, highlight=False)


def bench_render(folder: Path, sizes: Sizes, context: dict[str, Any]) -> list[Row]:
    """`tracker timeline` to plain text, beside rich printing a plain table of the same rows."""
    from rich.table import Table

    from tracker.domain.views import page_of
    from tracker.render.theme import make_console
    from tracker.render.timeline import TimelineView

    app = fresh_app(folder, "render")
    grow_deal(app, folder, 0, 0, sizes.render_events)
    now = pendulum.now("UTC")
    state = project(app.store.read(["big-0"]), "big-0", now, now)

    def tracker_render() -> float:
        console = make_console(file=StringIO(), width=120, color_system=None, force_terminal=False)
        return timed(lambda: console.print(TimelineView(page_of(state, state.timeline))))

    def floor_render() -> float:
        table = Table("date", "development", "summary", "source")
        for entry in state.timeline:
            event = entry.event
            table.add_row(
                str(event.occurred),
                event.event_type,
                getattr(event, "summary", ""),
                ", ".join(s.publisher or "" for s in getattr(event, "sources", ())),
            )
        console = plain_console()
        return timed(lambda: console.print(table))

    tracker_s = median_of(tracker_render, sizes.repeat)
    floor_s = median_of(floor_render, sizes.repeat)
    row = Row(
        "render",
        f"timeline of {len(state.timeline):,} events to plain text",
        "ms",
        round(tracker_s * 1000, 1),
        round(floor_s * 1000, 1),
        target="vs rich plain table <= 1.5",
        note="render only (projection excluded); floor: rich.Table of date, type, summary, sources",
    )
    row.met = _at_most(row.vs_floor, 1.5)
    return [row]


# --- the report ---------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    from importlib.metadata import PackageNotFoundError, version

    versions = {"python": platform.python_version(), "sqlite": sqlite3.sqlite_version}
    for package in ("deal-tracker", "sqlalchemy", "rich", "pendulum", "jsonschema", "eventsourcing", "psycopg"):
        try:
            versions[package] = version(package)
        except PackageNotFoundError:
            versions[package] = "not installed"
    cpu = next((line.split(":", 1)[1].strip() for line in _cpuinfo() if line.startswith("model name")), "?")
    return {
        "platform": platform.platform(),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "versions": versions,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "when": pendulum.now("UTC").isoformat(),
    }


def _cpuinfo() -> list[str]:
    try:
        return Path("/proc/cpuinfo").read_text().splitlines()
    except OSError:
        return []


def table(rows: list[Row]) -> str:
    """The rows as a Markdown table: readable in a terminal, pasteable into the README."""
    header = ["measure", "unit", "tracker", "floor", "peer", "vs floor", "vs peer", "target", "met?"]
    lines = [header] + [
        [
            r.measure,
            r.unit,
            _num(r.tracker),
            _num(r.floor),
            _num(r.peer),
            _num(r.vs_floor, "x"),
            _num(r.vs_peer, "x"),
            r.target,
            _met(r),
        ]
        for r in rows
    ]
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = ["| " + " | ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)) + " |" for line in lines]
    out.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    notes = [f"- {r.measure}: {r.note}" for r in rows if r.note]
    return "\n".join(out + (["", *notes] if notes else []))


def _num(value: float | None, suffix: str = "") -> str:
    if value is None:
        return "-"
    return f"{value:,.2f}{suffix}" if abs(value) < 100 else f"{value:,.0f}{suffix}"


def _met(row: Row) -> str:
    if row.note.startswith("not run"):
        return "not run"
    return {True: "yes", False: "NO", None: ""}[row.met]


def run(sizes: Sizes, only: tuple[str, ...], folder: Path) -> list[Row]:
    """Every chosen section in order; later ones reuse what earlier ones built (the log, the rate)."""
    rows: list[Row] = []
    context: dict[str, Any] = {}
    if {"append", "replay"} & set(only):
        feed = folder / "workload.jsonl"
        reports = write_feed(feed, sizes.deals, sizes.per_deal)
        start = time.perf_counter()
        append_rows, context = bench_append(folder, sizes, feed, reports)
        print(f"bench: append took {time.perf_counter() - start:.1f} s", file=sys.stderr, flush=True)
        rows += append_rows if "append" in only else []
        rows += bench_replay(sizes, context) if "replay" in only else []
        _peer_note(rows)
    steps: dict[str, Callable[[], list[Row]]] = {
        "asof": lambda: bench_asof(folder, sizes, context),
        "deals": lambda: bench_deals(folder, sizes),
        "bigdeals": lambda: bench_bigdeals(folder, sizes, context),
        "startup": lambda: bench_startup(folder, sizes),
        "memory": lambda: bench_memory(folder, sizes, context),
        "postgres": lambda: bench_postgres(sizes),
        "render": lambda: bench_render(folder, sizes, context),
    }
    for name, step in steps.items():
        if name in only:
            start = time.perf_counter()
            rows += step()
            print(f"bench: {name} took {time.perf_counter() - start:.1f} s", file=sys.stderr, flush=True)
    return rows


def profiled(action: Callable[[], list[Row]], where: Path | None) -> list[Row]:
    """Run under pyinstrument (the bench extra) and write its call tree, when asked to."""
    if where is None:
        return action()
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.001)
    with profiler:
        rows = action()
    where.write_text(profiler.output_text(unicode=True, show_all=False))
    print(f"bench: profile written to {where}", file=sys.stderr)
    return rows


def _peer_note(rows: list[Row]) -> None:
    for row in rows:
        if row.peer is None and "peer" in row.target:
            row.note += f"; peer not run: {peer_available()}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="Small sizes: under a minute.")
    parser.add_argument("--tiny", action="store_true", help="Tiny sizes, for the smoke test.")
    parser.add_argument("--repeat", type=int, help="Runs per measure (the median is kept).")
    parser.add_argument("--budget", type=float, help="Seconds a growing measure may take before it is skipped.")
    parser.add_argument("--only", default=",".join(SECTIONS), help=f"Comma-separated sections: {','.join(SECTIONS)}")
    parser.add_argument("--json", type=Path, default=Path("bench-results.json"), help="Where to write the results.")
    parser.add_argument(
        "--profile",
        type=Path,
        metavar="FILE",
        help="Profile the in-process parts with pyinstrument and write the call tree to FILE.",
    )
    args = parser.parse_args(argv)
    sizes = TINY if args.tiny else QUICK if args.quick else FULL
    sizes = replace(sizes, repeat=args.repeat or sizes.repeat, budget=args.budget or sizes.budget)
    only = tuple(s.strip() for s in args.only.split(",") if s.strip())
    unknown = set(only) - set(SECTIONS)
    if unknown:
        parser.error(f"--only: unknown section(s) {', '.join(sorted(unknown))}; expected some of {SECTIONS}")
    with tempfile.TemporaryDirectory(prefix="tracker-bench-") as folder:
        equal_bytecode(Path(folder))
        rows = profiled(lambda: run(sizes, only, Path(folder)), args.profile)
    about = machine() | {"sizes": asdict(sizes)}
    print(table(rows))
    print(f"\n{about['cpu']}, {about['cores']} cores, {about['platform']}, load {about['load_average']}")
    args.json.write_text(json.dumps({"machine": about, "rows": [asdict(r) for r in rows]}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
