"""The state index: state(deal, as_of, known_at) from the few versions that decide it, not the whole log.

A read model of the log, kept like the deal directory (a checkpoint moved in
the commit of each batch). It holds every development's versions over
knowledge time (``tracker.domain.versions``), each filed under the keys of
what it can decide: the status, a term, a party. A query asks, per key, for
the last version alive at ``known_at`` that had surely happened by ``as_of``,
and folds only those with the fold's own code. No snapshot is cut in
recording order, so a late report about an earlier development is answered
like any other; a test compares every answer with folding the whole log.

Finding "the last in world order that had surely happened by as_of" takes
the key's latest surely-happened row: whatever sorts after it began no
earlier, so surely happened between its start and as_of, and the database
picks the greatest world key in that range. Two index lookups, however long
the deal; the range holds more rows as a deal grows denser (a "2025" only
surely happened on 31 December), but they are ranked by the database.

Indexing a batch makes again only the versions of what its events are
tangled with: a development with its corrections and the reports about its
terms. A report that refers to nothing, and that nothing refers to, adds its
versions however late it arrives; a correction in a deal of a million events
reads the handful of events it concerns, not the deal.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from functools import cache, lru_cache
from typing import Any, NamedTuple
from uuid import UUID

import pendulum
from pendulum import DateTime
from sqlalchemy import (
    Connection,
    Engine,
    Row,
    Select,
    Text,
    and_,
    bindparam,
    case,
    delete,
    func,
    insert,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.exc import OperationalError
from sqlalchemy.types import NullType

from tracker.domain.decisive import decisive, keys_of, named_in
from tracker.domain.events import DealDescribed, Event
from tracker.domain.fold import SortKey, summarize
from tracker.domain.state import Summary
from tracker.domain.versions import Version, references, versions
from tracker.store import checkpoints
from tracker.store.current import AMENDED, StateHead, version_event, version_events
from tracker.store.instants import as_utc, bound_instant, sqlite_instant
from tracker.store.mapper import from_row, to_row
from tracker.store.spelling import spelling_version
from tracker.store.tables import (
    READ_COLUMNS,
    state_heads,
    state_keys,
    state_names,
    state_references,
    state_versions,
)
from tracker.store.tables import events as events_table

PROJECTION = "state_index"
DEFAULT_BATCH = 2000
_FIRST_PAGE = 16
_RAW = NullType()  # an instant as the driver reads and writes it, with no conversion either way
_ZERO = timedelta(0)


def catch_up(engine: Engine, batch_size: int = DEFAULT_BATCH, on_batch: Callable[[int], None] | None = None) -> int:
    """Index every event after the checkpoint, one committed batch at a time; returns how many."""
    return checkpoints.catch_up(
        engine, PROJECTION, lambda connection, after: _index_next_batch(connection, after, batch_size), on_batch
    )


def checkpoint(engine: Engine) -> int:
    with engine.connect() as connection:
        return checkpoints.read_checkpoint(connection, PROJECTION)


def read_summary(engine: Engine, deal: str, as_of: DateTime, known_at: DateTime) -> Summary:
    """The deal's summary at the cut, as of the index's checkpoint (call ``catch_up`` first)."""
    return read_summaries(engine, [deal], as_of, known_at)[0]


def read_summaries(engine: Engine, deals: Sequence[str], as_of: DateTime, known_at: DateTime) -> list[Summary]:
    """Several deals' summaries at one cut, over one connection (the deal list asks for every deal).

    A deal's summary comes from its state head where that holds at the cut; a
    deal without one gets it made (and kept, after the reads) from the index at
    the end of time, whose answer holds for any cut the head holds for.
    """
    with engine.connect() as connection:
        position = checkpoints.read_checkpoint(connection, PROJECTION)
        heads = _kept_heads(connection, deals)
        events: dict[int, Event] = {}  # read once, whether a head being made or a summary needs them
        made = {deal: _head(connection, deal, events) for deal in deals if deal not in heads}
        heads |= made
        picks = {d: _picks(connection, d, as_of, known_at) for d in deals if not heads[d].holds_at(as_of, known_at)}
        wanted = [v for d in deals for v in (picks[d].versions if d in picks else heads[d].versions)]
        events |= _events(connection, [version for version in wanted if version not in events])
    if made:
        _keep_heads(engine, made, position)
    return [
        picks[deal].summary(deal, as_of, known_at, events)
        if deal in picks
        else heads[deal].summary_at(as_of, known_at, events)
        for deal in deals
    ]


class _Picks(NamedTuple):
    """The versions that decide a deal's summary at a cut: its description's, and the decisive ones in world order."""

    description: int | None
    decisive: tuple[int, ...]

    @property
    def versions(self) -> tuple[int, ...]:
        return self.decisive if self.description is None else (*self.decisive, self.description)

    def summary(self, deal: str, as_of: DateTime, known_at: DateTime, events: Mapping[int, Event]) -> Summary:
        description = events[self.description] if self.description is not None else None
        assert description is None or isinstance(description, DealDescribed)
        return summarize(deal, as_of, known_at, description, [events[version] for version in self.decisive])


def _picks(connection: Connection, deal: str, as_of: DateTime, known_at: DateTime) -> _Picks:
    find: _Finder | _LoadedFinder = _loaded(connection, deal, as_of, known_at) or _Finder(
        connection, deal, as_of, known_at
    )
    hits: list[Any] = decisive(find)
    described = find.description()
    return _Picks(described.version_id if described else None, tuple(hit.version_id for hit in hits))


# --- state heads ---------------------------------------------------------------------------

_END_OF_TIME = pendulum.datetime(9999, 1, 1)


def _head(connection: Connection, deal: str, read: dict[int, Event] | None = None) -> StateHead:
    """The deal's state head, made from the index; ``read`` gains the events it read."""
    k = state_keys.c
    alive_surely_by = case((k.known_until.is_(None), k.surely_by))
    bounds = select(func.max(k.known_from), func.max(k.known_until), func.max(alive_surely_by)).where(k.deal == deal)
    known_from, known_until, surely_by = connection.execute(bounds).one()
    instants = [_as_instant(raw) for raw in (known_from, known_until, surely_by)]
    known = max((i for i in instants[:2] if i is not None), default=_END_OF_TIME)  # no rows: a deal of nothing yet
    picks = _picks(connection, deal, _END_OF_TIME, _END_OF_TIME)
    events = _events(connection, picks.versions)
    if read is not None:
        read |= events
    return StateHead.of(picks.summary(deal, _END_OF_TIME, _END_OF_TIME, events), events, known, instants[2])


def _as_instant(raw: Any) -> DateTime | None:
    """An aggregate's instant as the driver gives it (SQLite's text, PostgreSQL's datetime), as UTCDateTime reads it."""
    if raw is None:
        return None
    return sqlite_instant(raw) if isinstance(raw, str) else as_utc(raw)


def _kept_heads(connection: Connection, deals: Sequence[str]) -> dict[str, StateHead]:
    h = state_heads.c
    kept = {}
    for chunk in _chunks(sorted(set(deals))):
        query = select(h.deal, h.summary, h.versions, h.known_from, h.world_from)
        query = query.where(h.deal.in_(chunk), h.spelling == spelling_version())
        for row in connection.execute(query):
            kept[row.deal] = StateHead(row.summary, tuple(row.versions), row.known_from, row.world_from)
    return kept


def _keep_heads(engine: Engine, heads: Mapping[str, StateHead], position: int) -> None:
    """Keep heads made at checkpoint ``position``, unless a batch was indexed since (it may have changed them)."""
    rows = [
        {"deal": deal, "spelling": spelling_version(), "summary": head.summary, "versions": list(head.versions)}
        | {"known_from": head.known_from, "world_from": head.world_from}
        for deal, head in heads.items()
    ]
    try:
        with checkpoints.write_transaction(engine) as connection:
            if checkpoints.locked_checkpoint(connection, PROJECTION) != position:
                return
            connection.execute(delete(state_heads).where(state_heads.c.deal.in_(list(heads))))
            connection.execute(insert(state_heads), rows)
    except OperationalError as error:  # a database that cannot be written now: the next reader makes them again
        if not _cannot_write(error):
            raise


def _cannot_write(error: OperationalError) -> bool:
    """Read-only (SQLite's SQLITE_READONLY, PostgreSQL's read-only transaction) or busy (SQLite's SQLITE_BUSY)."""
    orig = error.orig
    return getattr(orig, "sqlite_errorcode", 0) & 0xFF in (5, 8) or getattr(orig, "sqlstate", None) == "25006"


# --- indexing ------------------------------------------------------------------------------


def _index_next_batch(connection: Connection, after: int, batch_size: int) -> int | None:
    query = select(*READ_COLUMNS).where(events_table.c.position > after).order_by(events_table.c.position)
    rows = connection.execute(query.limit(batch_size)).all()
    if not rows:
        return None
    checkpoints.refuse_gaps(rows, after, PROJECTION)
    last = int(rows[-1].position)
    by_deal: dict[str, dict[UUID, _Logged]] = defaultdict(dict)
    for row in rows:
        event = from_row(row._mapping)
        by_deal[row.stream_id][event.event_id] = (event, int(row.position))
    for chunk in _chunks(sorted(by_deal)):  # what changed at their head is made again by the next reader
        connection.execute(delete(state_heads).where(state_heads.c.deal.in_(chunk)))
    for deal, arrived in by_deal.items():
        _remember_references(connection, deal, arrived)
        tangled = _tangled(connection, deal, arrived, last)
        _forget(connection, deal, [event_id for event_id in tangled if event_id not in arrived])
        _write(connection, deal, sorted(tangled.values(), key=lambda logged: logged[1]))
    checkpoints.save_checkpoint(connection, PROJECTION, last)
    return last


_Logged = tuple[Event, int]  # an event and its position in the log


def _tangled(connection: Connection, deal: str, arrived: dict[UUID, _Logged], last: int) -> dict[UUID, _Logged]:
    """The arrived events with everything linked to them by corrections and cross-references, either way.

    How a development stands depends only on the events so linked to it, so
    making their versions again from these alone gives what the whole log
    would. A report that refers to nothing, and that nothing refers to, is
    tangled with nothing; a development with many reports about it is tangled
    with all of them, and each new one makes all their versions again.
    """
    found, frontier = dict(arrived), set(arrived)
    while frontier:
        linked = references(found[event_id][0] for event_id in frontier) | _referrers(connection, deal, frontier)
        new = _load(connection, deal, linked - found.keys(), last)
        found.update(new)
        frontier = set(new)
    return found


def _referrers(connection: Connection, deal: str, event_ids: set[UUID]) -> set[UUID]:
    r = state_references.c
    found: set[UUID] = set()
    for chunk in _chunks(sorted(str(i) for i in event_ids)):
        query = select(r.by_event_id).where(r.deal == deal, r.event_id.in_(chunk))
        found.update(UUID(text) for text in connection.scalars(query))
    return found


def _load(connection: Connection, deal: str, event_ids: set[UUID], last: int) -> dict[UUID, _Logged]:
    """These events of the deal, as far as the index has read the log (an id it has not reached is skipped)."""
    e = events_table.c
    found: dict[UUID, _Logged] = {}
    for chunk in _chunks(sorted(str(i) for i in event_ids)):
        query = select(*READ_COLUMNS).where(e.stream_id == deal, e.event_id.in_(chunk), e.position <= last)
        for row in connection.execute(query):
            event = from_row(row._mapping)
            found[event.event_id] = (event, int(row.position))
    return found


def _forget(connection: Connection, deal: str, event_ids: list[UUID]) -> None:
    """Drop the versions of events whose versions are about to be made again."""
    v = state_versions.c
    for chunk in _chunks(sorted(str(i) for i in event_ids)):
        stale = select(v.id).where(v.deal == deal, v.event_id.in_(chunk))
        connection.execute(delete(state_keys).where(state_keys.c.version_id.in_(stale)))
        connection.execute(delete(state_versions).where(v.deal == deal, v.event_id.in_(chunk)))


def _write(connection: Connection, deal: str, logged: list[_Logged]) -> None:
    """The versions of these events, given in log order, with their keys."""
    as_logged = {event.event_id: (event, position) for event, position in logged}
    made = [v for v in versions([event for event, _ in logged]) if keys_of(v)]  # what decides nothing is never asked
    if not made:
        return
    rows = [_version_row(deal, v, *as_logged[v.event.event_id]) for v in made]
    ids = connection.scalars(
        insert(state_versions).returning(state_versions.c.id, sort_by_parameter_order=True), rows
    ).all()
    keys = [
        _key_row(deal, v, version_id, as_logged[v.event.event_id][1], key)
        for v, version_id in zip(made, ids, strict=True)
        for key in keys_of(v)
    ]
    connection.execute(insert(state_keys), keys)
    _remember_names(connection, deal, {row["key"] for row in keys})


def _chunks(items: list[str], size: int = 500) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _version_row(deal: str, version: Version, logged: Event, position: int) -> dict[str, Any]:
    """A version's row; only an amended version carries its own copy of the event."""
    encoded = to_row(version.event, "") if version.event is not logged else dict.fromkeys(AMENDED)
    return {
        "deal": deal,
        "position": position,
        "event_id": str(version.event.event_id),
        "known_from": version.known_from,
        "known_until": version.known_until,
        **{name: encoded[name] for name in AMENDED},
    }


def _key_row(deal: str, version: Version, version_id: int, position: int, key: str) -> dict[str, Any]:
    description = version.surely_by is None
    world_key = (
        f"{_instant(version.event.reported_at)}|{position:020d}" if description else _key_text(version.world_key)
    )
    return {
        "version_id": version_id,
        "key": key,
        "deal": deal,
        "world_key": world_key,
        "world_start": None if description else version.world_key[0],
        "surely_by": version.surely_by,
        "known_from": version.known_from,
        "known_until": version.known_until,
    }


def _remember_names(connection: Connection, deal: str, keys: set[str]) -> None:
    """The terms and parties a query must ask about, each kept once per deal."""
    names = {named for key in keys if (named := named_in(key))}
    stored = set(connection.execute(select(state_names.c.kind, state_names.c.name).where(state_names.c.deal == deal)))
    new = [{"deal": deal, "kind": kind, "name": name} for kind, name in sorted(names - {tuple(r) for r in stored})]
    if new:
        connection.execute(insert(state_names), new)


def _remember_references(connection: Connection, deal: str, arrived: dict[UUID, _Logged]) -> None:
    """Which event refers to which, so a later correction finds what it is tangled with."""
    links = [
        {"deal": deal, "event_id": str(target), "by_event_id": str(event_id)}
        for event_id, (event, _) in arrived.items()
        for target in references([event])
    ]
    if links:
        connection.execute(insert(state_references), links)


def _key_text(key: SortKey) -> str:
    """The fold's world order as text that sorts the same way in any database."""
    return "|".join(
        _instant(part) if isinstance(part, DateTime) else str(int(part)) if isinstance(part, bool) else str(part)
        for part in key
    )


@lru_cache(maxsize=65536)
def _instant(moment: DateTime) -> str:
    """Fixed-width UTC text; windows share their bounds (months, years), so each is formatted once."""
    utc = moment if moment.utcoffset() == _ZERO else moment.in_tz("UTC")
    return (
        f"{utc.year:04d}-{utc.month:02d}-{utc.day:02d}T{utc.hour:02d}:{utc.minute:02d}:{utc.second:02d}"
        f".{utc.microsecond:06d}"
    )


# --- querying ------------------------------------------------------------------------------


# One row of the index: version_id, world_key, world_start, surely_by; enough to rank it, and the
# event is read only if it is picked. Rows are used as they come, with their instants as the driver
# gives them (text on SQLite, datetimes on PostgreSQL): they are only compared with each other and
# bound again, never shown, so making each a pendulum DateTime was wasted work.
_Hit = Row[Any]


class _Finder:
    """``tracker.domain.decisive.Finder`` over the index, for one deal at one cut.

    Its statements are built once and take the cut as parameters: a summary
    asks about twenty of them, and building each anew cost a third of the time.
    """

    def __init__(self, connection: Connection, deal: str, as_of: DateTime, known_at: DateTime) -> None:
        self._connection = connection
        self._cut = {
            "deal": deal,
            "as_of": as_of,
            "known_at": known_at,
            "ceiling": _instant(as_of) + "~",
            "at_most": None,
            "above": None,
        }
        self._names: dict[str, list[str]] = defaultdict(list)
        for kind, name in connection.execute(_statements().names, {"deal": deal}):
            self._names[kind].append(name)

    def names(self, kind: str) -> list[str]:
        return self._names[kind]

    def latest(self, key: str, at_most: _Hit | None = None) -> _Hit | None:
        """The last surely happened bounds where the answer is; the database picks it there.

        A row that sorts after the last surely happened began no earlier than it
        (world keys lead with the start), so it surely happened between that start
        and ``as_of``. Windows that straddle the cut (a "2025" ends on 31 December)
        crowd that range as a deal grows: the database ranks them, not Python.
        """
        params = {**self._cut, "key": key, "at_most": at_most.world_key if at_most else None}
        last = self._connection.execute(_statements().applied.first, params | {"limit": 1}).first()
        if last is None:
            return None
        return self._connection.execute(_statements().greatest_since, params | {"since": last.world_start}).first()

    def after(self, key: str, floor: _Hit | None) -> list[_Hit]:
        """What surely happened before the floor began cannot sort after it: the database skips it."""
        return list(self._applied(key, floor))

    def earliest(self, key: str) -> _Hit | None:
        return self._first(_statements().earliest, key)

    def description(self) -> _Hit | None:
        return self._first(_statements().description, "description")

    def _first(self, statement: Select[Any], key: str) -> _Hit | None:
        return self._connection.execute(statement, {**self._cut, "key": key}).first()

    def _applied(self, key: str, above: _Hit | None) -> Iterator[_Hit]:
        """The key's rows that had surely happened and sort after ``above``, latest first, a page at a time."""
        params = {
            **self._cut,
            "key": key,
            "above": above.world_key if above else None,
            "since": above.world_start if above else None,
        }
        pages = _statements().applied_since if above else _statements().applied
        statement, page = pages.first, _FIRST_PAGE
        while True:
            rows = self._connection.execute(statement, params | {"limit": page}).all()
            yield from rows
            if len(rows) < page:
                return
            statement, page = pages.resumed, page * 4
            params |= {"surely_by": rows[-1].surely_by, "version_id": rows[-1].version_id}


@dataclass(frozen=True)
class _Pages:
    """One query read latest first a page at a time: the first page, and each page after the last row seen."""

    first: Select[Any]
    resumed: Select[Any]


@dataclass(frozen=True)
class _Statements:
    """Every query the finder makes, with the cut and the key as bound parameters."""

    names: Select[Any]
    greatest_since: Select[Any]
    earliest: Select[Any]
    description: Select[Any]
    applied: _Pages
    applied_since: _Pages  # only rows that surely happened since a start: a range the index can stop at


@cache
def _statements() -> _Statements:
    k = state_keys.c
    alive = select(k.version_id, k.world_key, type_coerce(k.world_start, _RAW), type_coerce(k.surely_by, _RAW)).where(
        k.deal == bindparam("deal"),
        k.key == bindparam("key"),
        k.known_from <= bindparam("known_at"),
        or_(k.known_until.is_(None), k.known_until > bindparam("known_at")),
    )
    applied = alive.where(
        k.surely_by <= bindparam("as_of"),
        or_(bindparam("at_most", type_=Text).is_(None), k.world_key <= bindparam("at_most", type_=Text)),
        or_(bindparam("above", type_=Text).is_(None), k.world_key > bindparam("above", type_=Text)),
    )
    raw = type_coerce(k.surely_by, _RAW)  # compared with what a hit holds, as the driver gave it
    since = applied.where(raw >= bindparam("since"))  # a range the index can stop at, not a filter
    resume = or_(
        raw < bindparam("surely_by"), and_(raw == bindparam("surely_by"), k.version_id < bindparam("version_id"))
    )
    names = select(state_names.c.kind, state_names.c.name).where(state_names.c.deal == bindparam("deal"))

    def latest_first(query: Select[Any]) -> Select[Any]:
        return query.order_by(k.surely_by.desc(), k.version_id.desc()).limit(bindparam("limit"))

    return _Statements(
        names=names.order_by(state_names.c.kind, state_names.c.name),
        greatest_since=since.order_by(k.world_key.desc()).limit(1),
        earliest=applied.where(k.world_key < bindparam("ceiling")).order_by(k.world_key).limit(1),
        description=alive.order_by(k.world_key.desc()).limit(1),
        applied=_Pages(latest_first(applied), latest_first(applied.where(resume))),
        applied_since=_Pages(latest_first(since), latest_first(since.where(resume))),
    )


def _events(connection: Connection, version_ids: Sequence[int]) -> dict[int, Event]:
    """The picked versions' events: as amended while they stood, else as the log holds them."""
    if connection.dialect.name == "sqlite":  # through the driver, as a reader without SQLAlchemy reads them
        driver = connection.connection.driver_connection
        assert isinstance(driver, sqlite3.Connection)
        return version_events(driver, version_ids)
    found = {}
    for start in range(0, len(version_ids), 500):
        chunk = version_ids[start : start + 500]
        for row in connection.execute(_picked(len(chunk)), _numbered(chunk)):
            record = dict(row._mapping)
            found[record["id"]] = version_event(record)
    return found


@lru_cache(maxsize=256)
def _picked(count: int) -> Select[Any]:
    """The versions with their events, for ``count`` version ids: built once per count, as a summary picks a few."""
    v, e = state_versions.c, events_table.c
    own = [v[name].label(f"amended_{name}") for name in AMENDED]
    query = select(v.id, *own, *READ_COLUMNS).join(events_table, e.position == v.position)
    return query.where(v.id.in_([bindparam(f"v{i}") for i in range(count)]))


def _numbered(version_ids: Sequence[int]) -> dict[str, int]:
    return {f"v{i}": version_id for i, version_id in enumerate(version_ids)}


# --- a small deal, read whole ------------------------------------------------------------------

IN_MEMORY_ROWS = 3000  # a deal with at most this many index rows is read in one query and answered in memory


class _Loaded(NamedTuple):
    """One row of the index, as the driver gives it (instants: text on SQLite, datetimes on PostgreSQL)."""

    version_id: int
    key: str
    world_key: str
    surely_by: Any


class _LoadedFinder:
    """``tracker.domain.decisive.Finder`` over a deal's index rows alive at ``known_at``, read in one query.

    It answers each question as the statements of ``_Finder`` do (those bound
    the range an index scans; the answer is the same), comparing instants as
    the database holds them: SQLite's fixed-width text, PostgreSQL's datetimes.
    A summary asks some twenty-five questions: for a deal of a few thousand
    rows, one read and a pass in memory cost less than as many lookups.
    """

    def __init__(self, rows: Sequence[_Loaded], names: dict[str, list[str]], as_of: Any, ceiling: str) -> None:
        self._names = names
        self._ceiling = ceiling
        self._applied: dict[str, list[_Loaded]] = defaultdict(list)
        self._descriptions: list[_Loaded] = []
        for row in rows:
            if row.key == "description":
                self._descriptions.append(row)
            if row.surely_by is not None and row.surely_by <= as_of:
                self._applied[row.key].append(row)

    def names(self, kind: str) -> list[str]:
        return self._names.get(kind, [])

    def latest(self, key: str, at_most: _Loaded | None = None) -> _Loaded | None:
        rows = self._applied.get(key, ())
        if at_most is not None:
            rows = [row for row in rows if row.world_key <= at_most.world_key]
        return max(rows, key=_world_key, default=None)

    def after(self, key: str, floor: _Loaded | None) -> list[_Loaded]:
        rows = self._applied.get(key, [])
        return list(rows) if floor is None else [row for row in rows if row.world_key > floor.world_key]

    def earliest(self, key: str) -> _Loaded | None:
        rows = (row for row in self._applied.get(key, ()) if row.world_key < self._ceiling)
        return min(rows, key=_world_key, default=None)

    def description(self) -> _Loaded | None:
        return max(self._descriptions, key=_world_key, default=None)


def _world_key(row: _Loaded) -> str:
    return row.world_key


def _loaded(connection: Connection, deal: str, as_of: DateTime, known_at: DateTime) -> _LoadedFinder | None:
    """The finder over the deal's rows read whole, or None when it has too many for that to pay."""
    statements = _loaded_statements()
    sqlite = connection.dialect.name == "sqlite"
    cut = {"deal": deal, "known_at": bound_instant(known_at, "sqlite") if sqlite else known_at}
    if _scalar(connection, statements.count, {"deal": deal}) > IN_MEMORY_ROWS:
        return None
    rows = [_Loaded(*row) for row in _run(connection, statements.rows, cut)]
    names: dict[str, list[str]] = defaultdict(list)
    for kind, name in sorted({named for key in {row.key for row in rows} if (named := named_in(key))}):
        names[kind].append(name)  # what the deal's names table holds, less what no row alive at known_at is about
    return _LoadedFinder(rows, names, bound_instant(as_of, "sqlite") if sqlite else as_of, _instant(as_of) + "~")


@dataclass(frozen=True)
class _LoadedStatements:
    count: Select[Any]
    rows: Select[Any]


@cache
def _loaded_statements() -> _LoadedStatements:
    k = state_keys.c
    some = select(k.version_id).where(k.deal == bindparam("deal")).limit(IN_MEMORY_ROWS + 1).subquery()
    rows = select(k.version_id, k.key, k.world_key, type_coerce(k.surely_by, _RAW))
    known_at = bindparam("known_at", type_=_RAW)  # bound as the driver takes it: the rows' own terms
    return _LoadedStatements(
        count=select(func.count()).select_from(some),
        rows=rows.where(
            k.deal == bindparam("deal"),
            type_coerce(k.known_from, _RAW) <= known_at,
            or_(k.known_until.is_(None), type_coerce(k.known_until, _RAW) > known_at),
        ),
    )


def _run(connection: Connection, statement: Select[Any], params: dict[str, Any]) -> Sequence[Any]:
    """A statement built once, on SQLite straight through the driver (SQLAlchemy's overhead was most of a lookup)."""
    if connection.dialect.name != "sqlite":
        return connection.execute(statement, params).all()
    sql, order, fixed = _sqlite_sql(statement)
    driver = connection.connection.driver_connection  # the same connection, without a cursor result per statement
    assert driver is not None
    return driver.execute(sql, tuple(params[name] if name in params else fixed[name] for name in order)).fetchall()


def _scalar(connection: Connection, statement: Select[Any], params: dict[str, Any]) -> int:
    return int(_run(connection, statement, params)[0][0])


@lru_cache(maxsize=64)
def _sqlite_sql(statement: Select[Any]) -> tuple[str, tuple[str, ...], dict[str, Any]]:
    """The statement's SQL, its parameters in order, and the values of those it fixes itself (a limit)."""
    compiled = statement.compile(dialect=_sqlite_dialect())
    return compiled.string, tuple(compiled.positiontup or ()), dict(compiled.params)


@cache
def _sqlite_dialect() -> Any:
    from sqlalchemy.dialects import sqlite

    return sqlite.dialect()
