"""SIGKILL `tracker record` and `tracker db upgrade` at random moments; nothing is ever half done.

The kill moment is drawn around the moment the command commits, which moves
with the machine's load: it starts from the command's lifetime measured once
here (a measurement, never asserted) and follows the outcomes, later after a
kill that found nothing written, earlier after a run that finished, so kills
land before, during and after the transaction alike. The rerun that must
finish the work runs in-process, which is quicker. The suite runs
10 trials of each; TRACKER_LONG=1 runs 100. tests/ingest/test_crash_safety.py
does the same for `tracker ingest`.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Connection, create_engine, inspect, text

from tracker.cli.main import cli
from tracker.store.database import SCHEMA_HEAD
from tracker.store.migrate import current_revision

ROOT = Path(__file__).resolve().parents[2]
TRIALS = 100 if os.environ.get("TRACKER_LONG") == "1" else 10
PG_TRIALS = 100 if os.environ.get("TRACKER_LONG") == "1" else 5
TABLES = {"alembic_version", "events", "ingest_runs", "processed_inputs", "http_sources"}


def tracker(*args: str) -> subprocess.Popen[bytes]:
    """The real command in its own process, running this checkout's code."""
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    return subprocess.Popen(
        [sys.executable, "-c", "from tracker.cli.main import cli; cli()", *args],
        env={**os.environ, "PYTHONPATH": path},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def lifetime(*args: str) -> float:
    """How long the command takes here when left alone: the span kills are drawn from."""
    began = time.monotonic()
    process = tracker(*args)
    _, errors = process.communicate(timeout=120)
    assert process.returncode == 0, errors.decode()
    return time.monotonic() - began


class KillMoments:
    """Random kill moments that home in on the commit: a stochastic search for the moment it happens."""

    def __init__(self, lifetime: float, seed: int) -> None:
        self.estimate = lifetime * 0.8
        self.rng = random.Random(seed)

    def draw(self) -> float:
        return self.rng.uniform(self.estimate * 0.7, self.estimate * 1.3)

    def learn(self, wrote: bool, killed: bool) -> None:
        self.estimate *= 0.9 if wrote and not killed else 1.0 if wrote else 1.1


def run_and_maybe_kill(args: tuple[str, ...], after: float) -> bool:
    """Start the command, SIGKILL it `after` seconds in unless it is done; True if it was killed."""
    process = tracker(*args)
    try:
        process.communicate(timeout=after)
        return False
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.communicate()
        return True


def cli_ok(url: str, *args: str) -> str:
    result = CliRunner().invoke(cli, [*args, "--db", url])
    assert result.exit_code == 0, result.output
    return result.output


def count(url: str, where: str = "1=1", **params: str) -> int:
    engine = create_engine(url)
    with engine.connect() as connection:
        found = connection.scalar(text(f"SELECT count(*) FROM events WHERE {where}"), params)
    engine.dispose()
    return int(found or 0)


def record_args(url: str, trial: int) -> tuple[str, ...]:
    return (
        "record",
        "acme-widget",
        "--type",
        "statement_made",
        "--party",
        "Acme",
        "--occurred",
        "2026-01",
        "--summary",
        f"Statement {trial}",
        "--publisher",
        "Wire",
        "--published-at",
        "2026-02-01",
        "--id",
        f"trial-{trial}",
        "--db",
        url,
    )


def test_killed_record_commits_whole_or_not_at_all_and_a_rerun_records_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    deals = tmp_path / "deals.yaml"
    deals.write_text("deals:\n  - {slug: acme-widget, name: Acme buys Widget}\n")
    cli_ok(url, "ingest", str(deals))
    moments, outcomes = KillMoments(lifetime(*record_args(url, -1)), seed=6), Counter[str]()
    for trial in range(TRIALS):
        before = count(url)
        killed = run_and_maybe_kill(record_args(url, trial), moments.draw())
        after = count(url)
        moments.learn(after > before, killed)
        assert after in (before, before + 1)
        assert "hash chain intact" in cli_ok(url, "verify")
        outcomes["finished" if not killed else "killed, committed" if after > before else "killed, nothing"] += 1
        rerun = CliRunner().invoke(cli, list(record_args(url, trial)))
        assert rerun.exit_code == 0, rerun.output
        assert count(url, "idempotency_key = :key", key=f"id:trial-{trial}") == 1
        assert count(url) == before + 1
    print(f"\nrecord: {TRIALS} trials, {dict(outcomes)}, 0 lost, 0 duplicated")
    assert outcomes["finished"] < TRIALS


def schema_of(url: str) -> dict[str, object]:
    """Tables with their columns, indexes and constraints, as the database reports them."""
    engine = create_engine(url)
    with engine.connect() as connection:
        found = inspect(connection)
        shape: dict[str, object] = {
            table: (
                [(c["name"], str(c["type"]), c["nullable"]) for c in found.get_columns(table)],
                sorted(str(i["column_names"]) for i in found.get_indexes(table)),
                sorted(str(u["column_names"]) for u in found.get_unique_constraints(table)),
            )
            for table in sorted(found.get_table_names())
        }
        shape["triggers"] = _triggers(connection)
        shape["versions"] = (
            connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
            if "alembic_version" in shape
            else []
        )
    engine.dispose()
    return shape


def _triggers(connection: Connection) -> list[str]:
    query = (
        "SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
        if connection.dialect.name == "sqlite"
        else "SELECT tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
        "WHERE NOT tgisinternal AND c.relnamespace = current_schema()::regnamespace ORDER BY tgname"
    )
    return list(connection.execute(text(query)).scalars())


@pytest.fixture
def fresh_databases(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Iterator[str]]:
    """An endless supply of empty databases of the engine under test."""
    if request.param == "sqlite":
        yield (f"sqlite:///{tmp_path / f'db-{n}.db'}" for n in range(10**6))
        return
    admin_url = request.getfixturevalue("postgres_admin_url")
    admin, schemas = create_engine(admin_url), []

    def supply() -> Iterator[str]:
        while True:
            schema = f"crash_{uuid.uuid4().hex[:12]}"
            with admin.begin() as connection:
                connection.execute(text(f'CREATE SCHEMA "{schema}"'))
            schemas.append(schema)
            yield f"{admin_url}?options=-csearch_path%3D{schema}"

    yield supply()
    with admin.begin() as connection:
        for schema in schemas:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.mark.parametrize(
    "fresh_databases", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
def test_killed_migration_leaves_the_old_or_the_new_schema_and_a_rerun_finishes_once(
    fresh_databases: Iterator[str],
) -> None:
    reference_url = next(fresh_databases)
    moments = KillMoments(lifetime("db", "upgrade", "--db", reference_url), seed=7)
    reference = schema_of(reference_url)
    assert reference["versions"] == [SCHEMA_HEAD]
    trials = PG_TRIALS if reference_url.startswith("postgresql") else TRIALS
    outcomes = Counter[str]()
    for _ in range(trials):
        url = next(fresh_databases)
        killed = run_and_maybe_kill(("db", "upgrade", "--db", url), moments.draw())
        engine = create_engine(url)
        revision = current_revision(engine)
        engine.dispose()
        moments.learn(revision is not None, killed)
        assert revision in (None, SCHEMA_HEAD)
        assert schema_of(url) == (reference if revision else {"triggers": [], "versions": []})
        outcomes["finished" if not killed else "killed, migrated" if revision else "killed, untouched"] += 1
        cli_ok(url, "db", "upgrade")
        assert schema_of(url) == reference
        assert f"revision {SCHEMA_HEAD} (was {SCHEMA_HEAD})" in cli_ok(url, "db", "upgrade")
    print(f"\nmigration: {trials} trials, {dict(outcomes)}")
    assert outcomes["finished"] < trials
