"""Ingest report files: each file goes in whole, in one transaction, or not at all."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pendulum import DateTime

from tracker.ingest.reports import REPORT_SUFFIXES, Batch, ReportError, read_file
from tracker.store.eventstore import ConcurrencyConflict, EventStore


@dataclass(frozen=True)
class FileOutcome:
    path: str
    appended: int = 0
    duplicates: int = 0
    error: str | None = None


def report_files(paths: Iterable[Path]) -> Iterable[Path | FileOutcome]:
    """Folders are searched recursively for report files, in name order; a named file is always read."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES)
        elif path.is_file():
            yield path
        else:
            yield FileOutcome(str(path), error=f"{path}: no such file or folder")


def ingest(store: EventStore, paths: Iterable[Path], now: DateTime) -> list[FileOutcome]:
    known = set(store.streams())
    outcomes = []
    for item in report_files(paths):
        if isinstance(item, FileOutcome):
            outcomes.append(item)
            continue
        try:
            batch = read_file(item, now)
            _require_known_deals(batch, known)
            result = store.append(batch.events)
        except (ReportError, ConcurrencyConflict) as error:
            outcomes.append(FileOutcome(str(item), error=str(error)))
            continue
        known |= batch.defines
        outcomes.append(FileOutcome(str(item), len(result.appended), len(result.duplicates)))
    return outcomes


def _require_known_deals(batch: Batch, known: set[str]) -> None:
    for slug, (where, field) in batch.uses.items():
        if slug not in known and slug not in batch.defines:
            raise ReportError(
                f"{where}: {field}",
                f"deal {slug!r} does not exist: define it under 'deals:' in this file or ingest its definition first",
            )
