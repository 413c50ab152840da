"""`tracker export`, `tracker import` and `tracker backup` on real databases, across engines."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import create_engine, text

from tests.conftest import SEEDS
from tracker.bootstrap import open_app
from tracker.cli.main import cli

ROOT = Path(__file__).resolve().parents[2]


def run(url: str, *args: str) -> Result:
    result = CliRunner().invoke(cli, [*args, "--db", url])
    assert "Traceback" not in result.output
    return result


def count(url: str) -> int:
    engine = create_engine(url)
    with engine.connect() as connection:
        found = connection.scalar(text("SELECT count(*) FROM events"))
    engine.dispose()
    return int(found or 0)


@pytest.fixture
def seeded(sqlite_url: str) -> str:
    assert run(sqlite_url, "ingest", str(SEEDS)).exit_code == 0
    return sqlite_url


def export(url: str, path: Path) -> list[str]:
    result = run(url, "export", "-o", str(path))
    assert result.exit_code == 0, result.output
    return path.read_text().splitlines()


@pytest.mark.parametrize(
    "direction",
    [
        "sqlite->sqlite",
        pytest.param("sqlite->postgres", marks=pytest.mark.postgres),
        pytest.param("postgres->sqlite", marks=pytest.mark.postgres),
    ],
)
def test_export_then_import_reproduces_the_log_hash_for_hash(
    direction: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    urls = {"sqlite": f"sqlite:///{tmp_path / 'first.db'}", "sqlite2": f"sqlite:///{tmp_path / 'second.db'}"}
    source_name, target_name = direction.split("->")
    source = urls[source_name] if source_name == "sqlite" else request.getfixturevalue("postgres_url")
    target = urls["sqlite2"] if target_name == "sqlite" else request.getfixturevalue("postgres_url")
    assert run(source, "ingest", str(SEEDS)).exit_code == 0
    assert (
        run(
            source,
            "record",
            "nvidia-openai",
            "--type",
            "deal_suspended",
            "--occurred",
            "2026-01",
            "--summary",
            "Talks on ice",
            "--publisher",
            "WSJ",
            "--published-at",
            "2026-01-30",
        ).exit_code
        == 0
    )
    exported = export(source, tmp_path / "log.jsonl")
    imported = run(target, "import", str(tmp_path / "log.jsonl"))
    assert imported.exit_code == 0, imported.output
    assert export(target, tmp_path / "again.jsonl") == exported
    assert "hash chain intact" in run(target, "verify").output
    assert open_app(target).store.read() == open_app(source).store.read()
    state = ["state", "nvidia-openai", "--json", "--known-at", "2026-03-01", "--as-of", "2026-03-01"]
    assert run(target, *state).output == run(source, *state).output


def test_every_column_is_in_the_export(seeded: str, tmp_path: Path) -> None:
    lines = export(seeded, tmp_path / "log.jsonl")
    header, first, trailer = json.loads(lines[0]), json.loads(lines[1]), json.loads(lines[-1])
    assert header == {"format": "deal-tracker-events", "version": 1}
    assert set(first) == {
        "position",
        "event_id",
        "stream_id",
        "version",
        "event_type",
        "schema_version",
        "payload",
        "occurred_start",
        "occurred_end",
        "occurred_text",
        "reported_at",
        "recorded_at",
        "idempotency_key",
        "prev_hash",
        "hash",
    }
    assert trailer == {"end": "deal-tracker-events", "events": len(lines) - 2, "head": json.loads(lines[-2])["hash"]}
    assert os.stat(tmp_path / "log.jsonl").st_mode & 0o077 == 0


def test_import_refuses_a_database_that_holds_events(seeded: str, tmp_path: Path) -> None:
    export(seeded, tmp_path / "log.jsonl")
    before = count(seeded)
    result = run(seeded, "import", str(tmp_path / "log.jsonl"))
    assert result.exit_code == 1
    assert result.output.strip().count("\n") == 0 and "empty database" in result.output
    assert count(seeded) == before


def tamper(lines: list[str], number: int, **changes: object) -> list[str]:
    record = json.loads(lines[number - 1]) | changes
    return [*lines[: number - 1], json.dumps(record), *lines[number:]]


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda lines: tamper(lines, 5, payload={"summary": "rewritten"}), "line 5: field 'hash'"),
        (lambda lines: lines[:4] + lines[5:], "line 5: field 'position': expected 4, got 5"),
        (lambda lines: tamper(lines, 3, prev_hash="0" * 64), "line 3: field 'prev_hash'"),
        (lambda lines: tamper(lines, 2, reported_at="yesterday"), "line 2: field 'reported_at': expected an ISO 8601"),
        (lambda lines: lines[:-1], "cut short"),
        (lambda lines: [*lines[:-1], json.dumps({"end": "deal-tracker-events", "events": 2, "head": "x"})], "trailer"),
        (lambda lines: ["{}", *lines[1:]], "line 1: expected the header"),
        (lambda lines: [*lines[:3], "not json", *lines[3:]], "line 4: expected a JSON object"),
    ],
)
def test_import_refuses_a_damaged_file_and_writes_nothing(seeded: str, tmp_path: Path, damage, message) -> None:
    lines = export(seeded, tmp_path / "log.jsonl")
    damaged = tmp_path / "damaged.jsonl"
    damaged.write_text("\n".join(damage(lines)) + "\n")
    target = f"sqlite:///{tmp_path / 'target.db'}"
    result = run(target, "import", str(damaged))
    assert result.exit_code == 1
    assert result.output.startswith(f"tracker: error: {damaged}") and message in result.output, result.output
    assert result.output.strip().count("\n") == 0
    assert count(target) == 0


def test_backup_copies_a_database_that_writers_are_using(seeded: str, tmp_path: Path) -> None:
    """A writer appends one event per transaction throughout; three backups are taken meanwhile."""
    stop = tmp_path / "stop"
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    writer = subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.workers", seeded, str(stop), "100000"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": path},
        stdout=subprocess.PIPE,
        text=True,
    )
    seeds = count(seeded)
    copies = []
    try:
        for n in range(3):
            while count(seeded) < seeds + 20 * (n + 1) and writer.poll() is None:
                time.sleep(0.05)  # wait for the writer to be well under way
            copy = tmp_path / f"copy-{n}.db"
            result = run(seeded, "backup", str(copy))
            assert result.exit_code == 0, result.output
            copies.append(count(f"sqlite:///{copy}"))
    finally:
        stop.touch()
        written = int(writer.communicate(timeout=120)[0])
    assert writer.returncode == 0
    assert copies == sorted(copies) and copies[0] >= seeds + 20
    assert count(seeded) == seeds + written >= copies[-1]
    source = open_app(seeded).store.read()
    for n, copied in enumerate(copies):
        assert open_app(f"sqlite:///{tmp_path / f'copy-{n}.db'}").store.read() == source[:copied]
    assert not list(tmp_path.glob(".*partial"))


def test_backup_refuses_to_overwrite_and_postgres(seeded: str, tmp_path: Path) -> None:
    (tmp_path / "taken.db").write_text("keep me")
    refused = run(seeded, "backup", str(tmp_path / "taken.db"))
    assert refused.exit_code == 1 and "already exists" in refused.output
    assert (tmp_path / "taken.db").read_text() == "keep me"
    postgres = run("postgresql+psycopg://nobody@127.0.0.1:1/none", "backup", str(tmp_path / "x.db"))
    assert postgres.exit_code == 1 and "pg_dump" in postgres.output


def test_unwritable_places_are_one_line_errors(seeded: str, tmp_path: Path) -> None:
    for command in ("export", "-o"), ("backup",):
        result = run(seeded, *command, str(tmp_path / "missing" / "out"))
        assert result.exit_code == 1 and result.output.count("\n") == 1, result.output
        assert result.output.startswith(f"tracker: error: {tmp_path / 'missing' / 'out'}")


@pytest.mark.parametrize("name", ["odd#name", "odd?name", "odd%23name"])
def test_backup_reads_the_named_file_whatever_its_characters(tmp_path: Path, name: str) -> None:
    """'#', '?' and '%' mean something in a file: URI; the copy must still come from this very file."""
    from tracker.store.backup import sqlite_backup

    plain = tmp_path / "plain" / "tracker.db"
    assert run(f"sqlite:///{plain}", "ingest", str(SEEDS)).exit_code == 0
    odd = plain.parent.rename(tmp_path / name) / plain.name  # the -wal file moves with it
    sqlite_backup(odd, tmp_path / "copy.db")
    events = "SELECT count(*) FROM events"
    original, copied = sqlite3.connect(odd), sqlite3.connect(tmp_path / "copy.db")
    assert copied.execute(events).fetchone() == original.execute(events).fetchone() > (0,)
    original.close()
    copied.close()


def test_backup_refuses_a_file_that_is_not_a_tracker_database(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    connection = sqlite3.connect(other)
    connection.execute("CREATE TABLE notes (body TEXT)")
    connection.commit()
    connection.close()
    result = run(f"sqlite:///{other}", "backup", str(tmp_path / "copy.db"))
    assert result.exit_code == 1 and "not a deal-tracker database" in result.output, result.output
    assert not (tmp_path / "copy.db").exists()
