#!/usr/bin/env python3
"""Write tests/fixtures/schema_0001.sqlite: the seed saga as a database at the first schema revision.

    PYTHONPATH=. python scripts/make_schema_fixture.py [--out PATH]

The database is created by Alembic revision 0001 only (no later migration
runs), and every event is stored as schema version 1 of its type, in the
version-1 payload shape: amounts without their ``kind`` tag (see
tracker/store/upcasting.py). Rows are written here rather than through the
event store because today's store writes today's versions; the chain of
hashes is computed over these version-1 bytes, as an old writer would have.

The output is committed as a binary fixture; tests/store/test_schema_evolution.py
upgrades a copy through every migration. Run this again only to change what
the fixture holds: the file records history, so it should rarely change.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pendulum
from sqlalchemy import Engine, insert, text

from tracker.ingest.files import read_file
from tracker.store.engine import make_engine
from tracker.store.eventstore import NewEvent
from tracker.store.hashing import GENESIS, row_hash
from tracker.store.mapper import to_row
from tracker.store.migrate import upgrade
from tracker.store.tables import events
from tracker.store.upcasting import AMOUNT_CARRYING, Upcasters

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "nvidia-openai.yaml"
FIXTURE = ROOT / "tests" / "fixtures" / "schema_0001.sqlite"
RECORDED_AT = pendulum.datetime(2026, 2, 20, 8, tz="UTC")  # the day after the last report; fixed so reruns agree
FIRST_REVISION = "0001"


def version_one_rows(new_events: Iterable[NewEvent]) -> Iterator[dict[str, Any]]:
    """Rows as a version-1 writer stored them: positions, stream versions and the hash chain included."""
    stream_versions: dict[str, int] = {}
    prev_hash = GENESIS
    for position, new in enumerate(new_events, start=1):
        row = to_row(new.event, new.idempotency_key, upcasters=Upcasters())  # no steps: every type at 1
        if row["event_type"] in AMOUNT_CARRYING:
            row["payload"] = _untagged(row["payload"])
        stream_versions[row["stream_id"]] = stream_versions.get(row["stream_id"], 0) + 1
        row |= {
            "position": position,
            "version": stream_versions[row["stream_id"]],
            "recorded_at": RECORDED_AT,
            "prev_hash": prev_hash,
        }
        row["hash"] = prev_hash = row_hash(row, prev_hash)
        yield row


def _untagged(value: Any) -> Any:
    """The version-1 spelling of amounts: no ``kind``, money known by its currency."""
    if isinstance(value, dict):
        amount = "qualifier" in value
        return {key: _untagged(item) for key, item in value.items() if not (amount and key == "kind")}
    if isinstance(value, list):
        return [_untagged(item) for item in value]
    return value


def make_fixture(out: Path) -> int:
    for leftover in (out, out.with_name(out.name + "-wal"), out.with_name(out.name + "-shm")):
        leftover.unlink(missing_ok=True)
    engine = make_engine(f"sqlite:///{out}")
    try:
        upgrade(engine, FIRST_REVISION)
        rows = list(version_one_rows(read_file(SEED, RECORDED_AT).events))
        with engine.begin() as connection:
            connection.execute(insert(events), rows)
        with engine.connect() as connection:
            revision = connection.scalar(text("SELECT version_num FROM alembic_version"))
        assert revision == FIRST_REVISION, revision
        _compact(engine)
    finally:
        engine.dispose()
    return len(rows)


def _compact(engine: Engine) -> None:
    """One self-contained file to commit: out of WAL mode, free pages dropped (outside any transaction)."""
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("PRAGMA journal_mode=DELETE")
        cursor.execute("VACUUM")
        cursor.close()
    finally:
        raw.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=FIXTURE)
    args = parser.parse_args()
    count = make_fixture(args.out)
    print(f"{args.out}: {count} events at revision {FIRST_REVISION}, schema version 1")


if __name__ == "__main__":
    main()
