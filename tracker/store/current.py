"""The read models' rows as values, and their answers on a plain SQLite file read through the driver.

``tracker deals`` on a file whose read models are current needs no
SQLAlchemy (whose import alone takes longer than drawing the list): the
directory's rows and each deal's state head are read with ``sqlite3``, and
the events the heads' summaries name with one join.
Anything else (a model to bring up to date, a head to make, a cut a head does
not hold for, PostgreSQL) goes the engine's way, in ``ReadModels``. The
values built from a row are made here, for both ways.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, NamedTuple

import orjson
from pendulum import DateTime

from tracker.domain.events import DealLink, Event, Party
from tracker.domain.state import Summary
from tracker.store.codec import decode
from tracker.store.instants import sqlite_instant
from tracker.store.mapper import READ_NAMES, from_row
from tracker.store.spelling import read, spell, spelling_version

AMENDED = ("schema_version", "payload", "occurred_text")  # what an amendment can change; NULL: as logged
_IN_LIMIT = 500


@dataclass(frozen=True)
class DirectoryEntry:
    """One deal as the directory knows it after applying the log up to its checkpoint."""

    deal: str
    name: str
    kind: str
    parties: tuple[Party, ...]
    links: tuple[DealLink, ...]
    first_position: int
    last_position: int
    event_count: int
    described_position: int | None = None
    first_reported_at: DateTime | None = None  # the deal's earliest report: nobody knew of it before

    def known_by(self, known_at: DateTime) -> bool:
        """Whether anything about the deal had been reported by ``known_at`` (else the fold has no event)."""
        return self.first_reported_at is not None and self.first_reported_at <= known_at


def directory_entry(row: Any) -> DirectoryEntry:
    """A directory row (its columns as attributes, JSON decoded, the instant read) as an entry."""
    return DirectoryEntry(
        deal=row.deal,
        name=row.name,
        kind=row.kind,
        parties=decode(tuple[Party, ...], row.parties),
        links=decode(tuple[DealLink, ...], row.links),
        first_position=int(row.first_position),
        last_position=int(row.last_position),
        event_count=int(row.event_count),
        described_position=row.described_position,
        first_reported_at=row.first_reported_at,
    )


class StateHead(NamedTuple):
    """A deal's summary at the end of time, its events as the versions they stood as, and from when it holds.

    The index compares ``known_at`` only with its rows' ``known_from`` and
    ``known_until``, and ``as_of`` only with their ``surely_by`` (a world key
    begins with a start no later than that): past the greatest of each, every
    cut asks the same questions, gets the same rows and folds the same summary.
    """

    summary: dict[str, Any]  # spelled (``tracker.store.spelling``), each event as its version's id
    versions: tuple[int, ...]  # the versions it names
    known_from: DateTime
    world_from: DateTime | None

    @classmethod
    def of(
        cls, summary: Summary, events: Mapping[int, Event], known_from: DateTime, world_from: DateTime | None
    ) -> StateHead:
        """The head of a summary folded from ``events`` (by version id), the very objects it holds."""
        version_of = {id(event): version for version, event in events.items()}
        named: set[int] = set()

        def by_version(event: Event) -> int:
            named.add(version_of[id(event)])
            return version_of[id(event)]

        spelled = spell(summary, Summary, by_version)
        return cls(spelled, tuple(sorted(named)), known_from, world_from)

    def holds_at(self, as_of: DateTime, known_at: DateTime) -> bool:
        return known_at >= self.known_from and (self.world_from is None or as_of >= self.world_from)

    def summary_at(self, as_of: DateTime, known_at: DateTime, events: Mapping[int, Event]) -> Summary:
        """The summary at a cut the head holds for, its versions' events read into ``events``."""
        summary: Summary = read(self.summary, Summary, events.__getitem__)
        return replace(summary, as_of=as_of, known_at=known_at)


def version_event(record: dict[str, Any]) -> Event:
    """A picked version's event from its row: as amended while it stood (its own columns), else as logged."""
    if record["amended_payload"] is not None:
        record |= {name: record[f"amended_{name}"] for name in AMENDED}
    return from_row(record)


# --- through the driver ------------------------------------------------------------------------

_BEHIND = (
    "SELECT (SELECT coalesce(max(position), 0) FROM events) - position FROM projection_checkpoints WHERE projection = ?"
)
_DIRECTORY = (
    "SELECT deal, name, kind, parties, links, first_position, last_position, event_count, described_position, "
    "first_reported_at FROM deal_directory ORDER BY deal"
)
_HEADS = (
    "SELECT deal, summary, versions, known_from, world_from FROM state_heads WHERE spelling = ? AND deal IN ({marks})"
)
_VERSIONS = (
    f"SELECT v.id, {', '.join(f'v.{name} AS amended_{name}' for name in AMENDED)}, "
    f"{', '.join(f'e.{name}' for name in READ_NAMES)} "
    "FROM state_versions AS v JOIN events AS e ON e.position = v.position WHERE v.id IN ({marks})"
)


def behind(connection: sqlite3.Connection, projection: str) -> int | None:
    """How many events the read model has yet to apply (None: no checkpoint, the engine's way says why)."""
    row = connection.execute(_BEHIND, (projection,)).fetchone()
    return None if row is None else int(row[0])


class _Row:
    """A plain row's columns as attributes, as SQLAlchemy's rows give them."""

    def __init__(self, values: Mapping[str, Any]) -> None:
        self.__dict__.update(values)


def directory(connection: sqlite3.Connection) -> list[DirectoryEntry]:
    """Every deal in the directory, ordered by slug as the database sorts it."""
    cursor = connection.execute(_DIRECTORY)
    names = [column[0] for column in cursor.description]
    entries = []
    for values in cursor:
        row = dict(zip(names, values, strict=True))
        row |= {"parties": orjson.loads(row["parties"]), "links": orjson.loads(row["links"])}
        row["first_reported_at"] = row["first_reported_at"] and sqlite_instant(row["first_reported_at"])
        entries.append(directory_entry(_Row(row)))
    return entries


def summaries(
    connection: sqlite3.Connection, deals: Sequence[str], as_of: DateTime, known_at: DateTime
) -> list[Summary] | None:
    """The deals' summaries from their state heads, or None if one has none or it does not hold at the cut."""
    heads = state_heads(connection, deals)
    if len(heads) < len(set(deals)) or not all(head.holds_at(as_of, known_at) for head in heads.values()):
        return None
    events = version_events(connection, [version for head in heads.values() for version in head.versions])
    return [heads[deal].summary_at(as_of, known_at, events) for deal in deals]


def state_heads(connection: sqlite3.Connection, deals: Iterable[str]) -> dict[str, StateHead]:
    found = {}
    for chunk in _chunks(sorted(set(deals))):
        rows = connection.execute(_HEADS.format(marks=", ".join("?" * len(chunk))), [spelling_version(), *chunk])
        for deal, summary, versions, known_from, world_from in rows:
            when = sqlite_instant(world_from) if world_from else None
            head = StateHead(orjson.loads(summary), tuple(orjson.loads(versions)), sqlite_instant(known_from), when)
            found[deal] = head
    return found


def version_events(connection: sqlite3.Connection, version_ids: Sequence[int]) -> dict[int, Event]:
    """The versions' events, as amended while they stood, else as the log holds them, by version id."""
    found = {}
    for chunk in _chunks(sorted(set(version_ids))):
        cursor = connection.execute(_VERSIONS.format(marks=", ".join("?" * len(chunk))), chunk)
        names = [column[0] for column in cursor.description]
        for values in cursor:
            record = dict(zip(names, values, strict=True))
            record["reported_at"] = sqlite_instant(record["reported_at"])
            record["amended_payload"] = (
                None if record["amended_payload"] in (None, "null") else record["amended_payload"]
            )
            found[record["id"]] = version_event(record)
    return found


def _chunks(items: list[Any]) -> Iterable[list[Any]]:
    for start in range(0, len(items), _IN_LIMIT):
        yield items[start : start + _IN_LIMIT]
