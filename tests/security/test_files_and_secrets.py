"""What the tracker writes to disk is private to its owner, and a database password never leaves the URL."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.conftest import SEEDS
from tracker.cli.main import cli

SECRET_URL = "postgresql+psycopg://u:s3cret@127.0.0.1:1/x"


@pytest.fixture
def open_umask() -> Iterator[None]:
    """The most permissive umask: modes must come from the code, not from the user's defaults."""
    previous = os.umask(0)
    yield
    os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
    result = CliRunner().invoke(cli, list(args), env=env or {})
    assert "Traceback" not in result.output
    return result


@pytest.mark.usefixtures("open_umask")
def test_the_database_lock_and_log_files_are_readable_only_by_their_owner(tmp_path: Path) -> None:
    database = tmp_path / "new-folder" / "tracker.db"
    log, lock = tmp_path / "logs" / "ingest.log", tmp_path / "locks" / "ingest.lock"
    result = invoke("ingest", "--db", str(database), "--log-file", str(log), "--lock-file", str(lock), str(SEEDS))
    assert result.exit_code == 0, result.output
    default_lock = invoke("ingest", "--db", str(database), str(SEEDS))
    assert default_lock.exit_code == 0
    written = [
        database,
        log,
        lock,
        Path(f"{database}.ingest.lock"),
        *(p for p in database.parent.iterdir() if p.name.startswith("tracker.db-")),
    ]
    assert {str(p): oct(mode(p)) for p in written} == {str(p): oct(0o600) for p in written}
    assert mode(database.parent) == 0o700


def test_a_lock_or_log_file_left_readable_by_an_older_version_is_made_private(tmp_path: Path) -> None:
    log, lock = tmp_path / "ingest.log", tmp_path / "ingest.lock"
    for path in (log, lock):
        path.write_text("")
        path.chmod(0o644)
    result = invoke(
        "ingest", "--db", str(tmp_path / "t.db"), "--log-file", str(log), "--lock-file", str(lock), str(SEEDS)
    )
    assert result.exit_code == 0, result.output
    assert (mode(log), mode(lock)) == (0o600, 0o600)


@pytest.mark.usefixtures("open_umask")
def test_quarantine_reasons_are_private_too(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "bad.json").write_text("{oops}")
    result = invoke("ingest", "--db", str(tmp_path / "t.db"), "--inbox", str(inbox), "--settle", "0")
    assert result.exit_code == 1
    assert mode(inbox / "quarantine" / "bad.json.error") == 0o600


COMMANDS = [
    ("ingest", str(SEEDS)),
    ("ingest", "--json", str(SEEDS)),
    ("deals",),
    ("timeline", "nvidia-openai"),
    ("state", "nvidia-openai", "--json"),
    ("runs",),
    ("verify",),
    ("db", "upgrade"),
    ("retract", "abcd", "--reason", "x"),
]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a[:2]))
@pytest.mark.parametrize("how", ["--db", "env"])
def test_a_database_password_never_appears_in_output(args: tuple[str, ...], how: str) -> None:
    if how == "--db":
        result = invoke(*args, "--db", SECRET_URL)
    else:
        result = invoke(*args, env={"TRACKER_DATABASE_URL": SECRET_URL})
    assert result.exit_code == 75, result.output
    assert "s3cret" not in result.output
    assert "u:***@127.0.0.1:1" in result.stderr or "127.0.0.1" in result.stderr


def test_a_database_password_never_appears_in_the_ingest_log(tmp_path: Path) -> None:
    log = tmp_path / "ingest.log"
    config = tmp_path / "ingest.toml"
    config.write_text(f'[ingest]\ndatabase = "{SECRET_URL}"\nlog_file = "{log}"\n')
    result = invoke("ingest", "--config", str(config), str(SEEDS))
    assert result.exit_code == 75, result.output
    assert "s3cret" not in result.output and "s3cret" not in log.read_text()
    assert "unavailable: cannot use postgresql+psycopg://u:***@127.0.0.1:1/x" in log.read_text()
