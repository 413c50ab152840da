"""`tracker backup` leaves the copy exactly as SQLite's backup wrote it: verifying it only reads."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import tracker.store.backup
from tests.conftest import ROOT, SEEDS
from tracker.cli.main import cli
from tracker.store.database import SCHEMA_HEAD


def _facts(path: Path) -> tuple[str, int, str | None]:
    """The file's hash, its journal mode as the header says it (1 rollback, 2 WAL), and its schema revision."""
    data = path.read_bytes()
    reader = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        revision = reader.execute("SELECT version_num FROM alembic_version").fetchone()
    finally:
        reader.close()
    return hashlib.sha256(data).hexdigest(), data[18], revision[0] if revision else None


@pytest.fixture
def as_written(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int, str | None]]:
    """What each copy looked like the moment sqlite_backup finished writing it."""
    seen: list[tuple[str, int, str | None]] = []
    real = tracker.store.backup.sqlite_backup

    def recording(database: Path, target: Path, *args: Any, **kwargs: Any) -> None:
        real(database, target, *args, **kwargs)
        seen.append(_facts(target))

    monkeypatch.setattr(tracker.store.backup, "sqlite_backup", recording)
    return seen


@pytest.mark.parametrize("source", ["seeded at head", "schema 0001"])
def test_verifying_a_backup_neither_switches_it_to_wal_nor_migrates_nor_writes_it(
    tmp_path: Path, as_written: list[tuple[str, int, str | None]], source: str
) -> None:
    database = tmp_path / "tracker.db"
    if source == "schema 0001":
        shutil.copy(ROOT / "tests" / "fixtures" / "schema_0001.sqlite", database)
    else:
        assert CliRunner().invoke(cli, ["ingest", str(SEEDS), "--db", str(database)]).exit_code == 0
    target = tmp_path / "backups" / "copy.db"
    target.parent.mkdir()
    result = CliRunner().invoke(cli, ["backup", str(target), "--db", str(database)])
    assert result.exit_code == 0, result.output
    assert "hash chain intact" in result.output
    assert [_facts(target)] == as_written
    _, journal, revision = as_written[0]
    assert journal == 1  # a rollback-journal file, whole in itself
    assert revision == ("0001" if source == "schema 0001" else SCHEMA_HEAD)
    assert sorted(p.name for p in target.parent.iterdir()) == ["copy.db"]  # no -wal, -shm or journal beside it
