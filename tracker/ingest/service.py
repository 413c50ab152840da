"""Ingest one input: all of its reports and the record that it is in, in one transaction."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from pendulum import DateTime
from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError, OperationalError

from tracker.domain.events import AlsoReported, Event
from tracker.domain.fold import same_development, told_once
from tracker.domain.text import one_line
from tracker.ingest.files import REPORT_SUFFIXES, read_batches
from tracker.ingest.references import BadReference, Referenced, check_references
from tracker.ingest.reports import Batch, ReportError
from tracker.store.appending import UnitOfWork
from tracker.store.eventstore import ConcurrencyConflict, EventStore, NewEvent, RepeatedInInput
from tracker.store.ingestion import (
    event_kinds,
    mark_processed,
    stored_of_type,
    stored_that_can_meet,
    stored_under_keys,
    was_processed,
)
from tracker.store.mapper import to_row


@dataclass(frozen=True)
class FileOutcome:
    path: str
    appended: int = 0
    duplicates: int = 0
    error: str | None = None
    note: str | None = None  # why nothing was done: already ingested, vanished, not modified
    defines: frozenset[str] = frozenset()  # deals this input defined (a dry run carries them to the next)

    def __post_init__(self) -> None:
        """Names and reasons come from file names and documents: each is made one printable line."""
        for name in ("path", "error", "note"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, one_line(value))


def report_files(paths: Iterable[Path]) -> Iterable[Path | FileOutcome]:
    """Folders are searched recursively for report files, in name order; a named file is always read."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES)
        elif path.is_file():
            yield path
        else:
            yield FileOutcome(str(path), error=f"{path}: no such file or folder")


def ingest(
    store: EventStore,
    paths: Iterable[Path],
    now: DateTime,
    run_id: int | None = None,
    dry_run: bool = False,
    allow_future: bool = False,
) -> list[FileOutcome]:
    outcomes: list[FileOutcome] = []
    defined: frozenset[str] = frozenset()
    for item in report_files(paths):
        outcome = (
            item
            if isinstance(item, FileOutcome)
            else ingest_file(
                store, item, str(item), now, run_id, dry_run, also_known=defined, allow_future=allow_future
            )
        )
        defined |= outcome.defines
        outcomes.append(outcome)
    return outcomes


def ingest_file(
    store: EventStore,
    path: Path,
    name: str,
    now: DateTime,
    run_id: int | None = None,
    dry_run: bool = False,
    also: Callable[[Connection], None] | None = None,
    also_known: frozenset[str] = frozenset(),
    allow_future: bool = False,
) -> FileOutcome:
    """Append a file's reports and mark it processed, together; ``also`` runs in the same transaction.

    ``also_known`` names deals defined by inputs a dry run read before, and so did not store;
    ``allow_future`` takes dates after ``now`` as written instead of refusing them.
    """
    try:
        digest, size = file_digest(path)
    except FileNotFoundError:
        return FileOutcome(name, note="vanished before it could be read")
    try:
        with store.unit_of_work() as unit:
            if was_processed(unit.connection, digest):
                if also:
                    also(unit.connection)
                    unit.commit()
                return FileOutcome(name, note="already ingested")
            appended, duplicates, defines = _append_all(unit, path, now, also_known, allow_future)
            mark_processed(unit.connection, digest, name, size, run_id, (appended, duplicates), now)
            if also:
                also(unit.connection)
            if not dry_run:
                unit.commit()
    except (ReportError, ConcurrencyConflict) as error:
        return FileOutcome(name, error=str(error))
    except RepeatedInInput as error:
        return FileOutcome(name, error=f"{path}: {error}")
    except FileNotFoundError:
        return FileOutcome(name, note="vanished while it was being read")
    except OperationalError:
        raise  # the database is unreachable or busy: the whole run should be tried again later
    except DBAPIError as error:
        return FileOutcome(
            name,
            error=f"{name}: the database refused it: {_first_line(error.orig)}; "
            "expected values that fit the events table",
        )
    except Exception as error:  # whatever a hostile input provokes, it costs that input only
        return FileOutcome(
            name,
            error=f"{name}: could not be ingested ({type(error).__name__}: "
            f"{_first_line(error)}); expected a well-formed report file",
        )
    return FileOutcome(name, appended, duplicates, defines=defines)


def _first_line(error: BaseException | None) -> str:
    lines = str(error).strip().splitlines()
    return lines[0][:300] if lines else "no detail"


def _append_all(
    unit: UnitOfWork, path: Path, now: DateTime, also_known: frozenset[str], allow_future: bool
) -> tuple[int, int, frozenset[str]]:
    known = unit.streams() | also_known
    appended = duplicates = 0
    defines: frozenset[str] = frozenset()
    told = FirstTellings(unit.connection)  # the unit holds the append lock from its start
    for batch in read_batches(path, now, allow_future=allow_future):
        require_known_deals(batch, known)
        batch = second_tellings(unit, batch, told)
        require_real_references(unit, batch)
        refuse_reused_ids(unit, batch)
        known |= batch.defines
        defines |= batch.defines
        result = unit.append(batch.events)
        told.appended(result.appended)
        appended += len(result.appended)
        duplicates += len(result.duplicates)
    return appended, duplicates, defines


Pair = tuple[str, str]  # (deal, event type)


class FirstTellings:
    """The stored events a second report may repeat, per (deal, event type), read once per input and kept current.

    Reading them again for every batch made each batch read the whole history of
    every deal it touched. Only under the append lock, which a unit of work takes
    at its start, is what was read once still the log later in the transaction,
    with what this input appends. At most ``limit`` events are kept in all (each
    holds its sources and quotes). A pair that does not fit is read again for
    each batch that reports it, one pair at a time, so what is held at once stays
    bounded however long the input; a pair of more than ``READ_AT_MOST`` events is
    not read whole at all: each of its reports reads the tellings its dates can meet.
    """

    READ_AT_MOST = 5_000

    def __init__(self, connection: Connection, limit: int = 20_000) -> None:
        self._connection = connection
        self._kept: dict[Pair, list[Event]] = {}
        self._too_long: set[Pair] = set()
        self._size = 0
        self._limit = limit

    def of(self, pair: Pair) -> list[Event] | None:
        """The pair's stored events in log order, or None for a pair too long to read whole (see ``near``)."""
        told = self._kept.get(pair)
        if told is not None or pair in self._too_long:
            return told
        told = stored_of_type(self._connection, pair, most=max(self._limit - self._size, self.READ_AT_MOST))
        if told is None:
            self._too_long.add(pair)
        elif self._size + len(told) <= self._limit:
            self._kept[pair] = told
            self._size += len(told)
        return told

    def near(self, event: Event) -> list[Event]:
        """The stored events of ``event``'s pair whose dates can meet its own: all it may repeat."""
        return stored_that_can_meet(self._connection, event)

    def appended(self, new_events: Iterable[NewEvent]) -> None:
        """What the store appended (not the duplicates it skipped), so the kept lists stay the log."""
        for new in new_events:
            pair = (new.event.deal, new.event.event_type)
            told = self._kept.get(pair)
            if told is None:
                continue
            told.append(new.event)
            self._size += 1
            if self._size > self._limit:
                del self._kept[pair]
                self._size -= len(told)


def require_real_references(unit: UnitOfWork, batch: Batch) -> None:
    """Earlier batches of this input are already in the transaction, so the database sees them too."""
    if not batch.references:
        return
    known = {n.event.event_id: Referenced(n.event.deal, n.event.event_type) for n in batch.events}
    stored = event_kinds(unit.connection, {r.event_id for r in batch.references} - known.keys())
    known |= {event_id: Referenced(*kind) for event_id, kind in stored.items()}
    try:
        check_references(batch.references, known)
    except BadReference as error:
        raise ReportError(error.place, error.message) from None


def second_tellings(unit: UnitOfWork, batch: Batch, stored: FirstTellings | None = None) -> Batch:
    """Reports of a development already logged (``fold.same_development``) become ``also_reported`` events.

    The development keeps one timeline entry with every outlet's sources; the
    report keeps its own id and idempotency key, so ingesting it again adds nothing.
    ``same_development`` holds only within a deal and type, so a report is compared
    with the earlier tellings of its own pair, and the batch is worked one pair at a time.
    """
    by_pair: dict[Pair, list[int]] = {}
    for index, new in enumerate(batch.events):
        if told_once(type(new.event)):
            by_pair.setdefault((new.event.deal, new.event.event_type), []).append(index)
    if not by_pair:
        return batch
    tellings = stored or FirstTellings(unit.connection, limit=0)
    events = list(batch.events)
    for pair, indexes in by_pair.items():
        told = tellings.of(pair)
        in_this_batch: list[Event] = []
        for index in indexes:
            event = events[index].event
            earlier = chain(tellings.near(event) if told is None else told, in_this_batch)
            first = next((t for t in earlier if same_development(event, t)), None)
            if first is None:
                in_this_batch.append(event)
            else:
                events[index] = dataclasses.replace(events[index], event=_also_reported(event, first))
    return dataclasses.replace(batch, events=tuple(events))


def _also_reported(event: Event, first: Event) -> AlsoReported:
    return AlsoReported(
        event_id=event.event_id,
        deal=event.deal,
        occurred=None,
        reported_at=event.reported_at,
        summary=event.summary,
        sources=event.sources,
        target=first.event_id,
    )


_COMPARED = ("stream_id", "event_type", "occurred_text", "payload")


def refuse_reused_ids(unit: UnitOfWork, batch: Batch) -> None:
    """A report id names one report: the same id with other content (or in another deal) is refused, not skipped.

    The reported time is left out: a report without sources is stamped with the time it is read.
    """
    wanted = {n.idempotency_key for n in batch.events if n.idempotency_key.startswith("id:")}
    stored = stored_under_keys(unit.connection, wanted) if wanted else {}
    for index, new in enumerate(batch.events):
        before = stored.get(new.idempotency_key)
        if before is None:
            continue
        now = to_row(new.event, new.idempotency_key)
        if any(now[column] != before[column] for column in _COMPARED):
            place = batch.places[index] if index < len(batch.places) else "input"
            raise ReportError(
                f"{place}.id",
                f"report id {new.idempotency_key[3:]!r} is already used by a different "
                f"report ({before['event_type']} on deal {before['stream_id']!r}): "
                "expected a new id, or the stored report unchanged",
            )


def file_digest(path: Path) -> tuple[str, int]:
    """SHA-256 of the content, read in blocks: a file is known by what it says, not by its name."""
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size


def require_known_deals(batch: Batch, known: set[str]) -> None:
    for slug, (where, field) in batch.uses.items():
        if slug not in known and slug not in batch.defines:
            raise ReportError(
                f"{where}: {field}",
                f"deal {slug!r} does not exist: define it under 'deals:' in this file or ingest its definition first",
            )
