"""Exit codes that mean what they say: 75 only for what may pass by itself, 2 for what someone must fix.

The README's systemd unit treats 75 as success, so a permanent problem that
exited 75 would fail silently forever. These run the real `tracker` command.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import SEEDS

TRACKER = [str(Path(sys.executable).parent / "tracker")]
ONE_REPORT = Path(__file__).resolve().parents[1] / "fixtures" / "reports_without_ids" / "one_report.json"


def tracker(*args: str, prefix: list[str] = TRACKER, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("TRACKER_DATABASE_URL", None)
    return subprocess.run([*prefix, *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=120)


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    return result.stderr


# --- PostgreSQL: a database or a role that is not there will not appear by waiting -----------------------------


@pytest.fixture
def server(postgres_admin_url: str) -> str:
    """host:port of the test server, from the admin URL."""
    from sqlalchemy.engine import make_url

    url = make_url(postgres_admin_url)
    return f"{url.host or '127.0.0.1'}:{url.port or 5432}"


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("who_and_what", "said", "fix"),
    [
        ("postgres@{server}/no_such_db", 'database "no_such_db" does not exist', "create the database"),
        ("nobody@{server}/test", 'role "nobody" does not exist', "create the role"),
    ],
)
@pytest.mark.parametrize("command", [["deals"], ["ingest", str(ONE_REPORT)], ["verify"]])
def test_a_postgresql_database_or_role_that_does_not_exist_is_exit_2_not_75(
    server: str, who_and_what: str, said: str, fix: str, command: list[str]
) -> None:
    url = "postgresql+psycopg://" + who_and_what.format(server=server)
    result = tracker(*command, "--db", url)
    assert result.returncode == 2, result.stderr
    line = one_line(result)
    assert line.startswith("tracker: error: cannot use ") and said in line and fix in line, line


@pytest.mark.parametrize("command", [["deals"], ["ingest", str(ONE_REPORT)]])
def test_a_postgresql_server_that_does_not_answer_is_still_75(command: list[str]) -> None:
    result = tracker(*command, "--db", "postgresql+psycopg://postgres@127.0.0.1:1/test")
    assert result.returncode == 75, result.stderr
    assert "Connection refused" in one_line(result) or "connect" in result.stderr


# --- psycopg missing ------------------------------------------------------------------------------------------

WITHOUT_PSYCOPG = """
import sys

class NoPsycopg:
    def find_spec(self, name, path=None, target=None):
        if name == "psycopg" or name.startswith("psycopg."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

sys.meta_path.insert(0, NoPsycopg())
from tracker.cli.main import cli
cli(prog_name="tracker")
"""


@pytest.mark.parametrize("command", [["deals"], ["ingest", str(ONE_REPORT)], ["db", "upgrade"]])
def test_postgresql_without_psycopg_installed_is_one_line_saying_what_to_install(command: list[str]) -> None:
    result = tracker(
        *command,
        "--db",
        "postgresql+psycopg://postgres@127.0.0.1:1/test",
        prefix=[sys.executable, "-c", WITHOUT_PSYCOPG],
    )
    assert result.returncode == 2, result.stderr
    line = one_line(result)
    assert "needs psycopg, which is not installed" in line and "pip install 'deal-tracker[postgres]'" in line


# --- SQLite: a read-only file does not become writable by waiting ---------------------------------------------


@pytest.fixture
def immutable_db(tmp_path: Path) -> Iterator[Path]:
    """A seeded SQLite file made immutable with chattr +i (root ignores chmod), undone afterwards."""
    path = tmp_path / "tracker.db"
    assert tracker("ingest", "--db", str(path), "--quiet", str(SEEDS)).returncode == 0
    if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not available here (needs root on a file system that supports it)")
    try:
        yield path
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def test_writing_to_a_read_only_sqlite_file_is_exit_2_and_says_what_to_fix(immutable_db: Path) -> None:
    ingest = tracker("ingest", "--db", str(immutable_db), str(ONE_REPORT))
    recorded = tracker(
        *("record", "nvidia-openai", "--db", str(immutable_db), "--type", "deal_suspended", "--occurred", "2026-01"),
        *("--summary", "On ice", "--publisher", "WSJ", "--published-at", "2026-01-30"),
    )
    for result in (ingest, recorded):
        assert result.returncode == 2, result.stderr
        line = one_line(result)
        assert "attempt to write a readonly database; make the database file and its folder writable" in line


# --- Ctrl-C ---------------------------------------------------------------------------------------------------


def test_ctrl_c_exits_130_with_one_line(tmp_path: Path) -> None:
    feed = tmp_path / "big.jsonl"
    with feed.open("w") as out:
        out.write(json.dumps({"deals": [{"slug": "big-deal", "name": "Big deal"}]}) + "\n")
        for n in range(60_000):
            report = {
                "deal": "big-deal",
                "type": "context_noted",
                "occurred": f"20{10 + n % 15}-{1 + n % 12:02d}",
                "summary": f"Note {n}",
                "sources": [{"publisher": "Wire", "published_at": "2026-01-01"}],
            }
            out.write(json.dumps(report) + "\n")
    database = tmp_path / "tracker.db"
    env = {**os.environ, "NO_COLOR": "1"}
    process = subprocess.Popen(
        [*TRACKER, "ingest", "--db", str(database), str(feed)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    deadline = time.monotonic() + 30
    while not (tmp_path / "tracker.db-wal").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(1.0)  # well into the file: reading it takes far longer
    assert process.poll() is None, "the ingest finished before it could be interrupted: make the feed longer"
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, (stdout, stderr)  # a whole ingest's summary on stdout: Ctrl-C was lost
    assert stderr == "tracker: interrupted\n"


class _DriverError(Exception):
    def __init__(self, message: str, sqlstate: str | None) -> None:
        super().__init__(message)
        self.sqlstate = sqlstate


@pytest.mark.parametrize(
    ("message", "sqlstate", "lasting"),
    [
        ('FATAL:  password authentication failed for user "app"', None, "fix the password"),
        ("authentication refused", "28P01", "fix the password"),
        ("FATAL:  no pg_hba.conf entry for host", "28000", "pg_hba.conf"),
        ("la base n'existe pas", "3D000", "create the database"),
        ("attempt to write a readonly database", None, "writable"),
        ("database is locked", None, None),
        ("connection timeout expired", None, None),
        ("could not translate host name", None, None),
    ],
)
def test_only_errors_that_cannot_pass_by_themselves_are_lasting(
    message: str, sqlstate: str | None, lasting: str | None
) -> None:
    from tracker.store.engine import lasting_problem

    problem = lasting_problem(_DriverError(message, sqlstate))
    assert (problem is None) if lasting is None else (problem is not None and lasting in problem)


# --- record: a flag the tracker cannot take is a usage error that names the flag ------------------------------


@pytest.fixture(scope="module")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("record") / "tracker.db"
    assert tracker("ingest", "--db", str(path), "--quiet", str(SEEDS)).returncode == 0
    return path


RECORD = ("--occurred", "2026-01", "--summary", "On ice", "--publisher", "WSJ", "--published-at", "2026-01-30")


@pytest.mark.parametrize(
    ("flags", "said"),
    [
        (["--type", "nonsense"], "Invalid value for --type: 'nonsense' is not a development type; expected one of: "),
        (["--type", "event_retracted"], "--type: 'event_retracted' is a correction, made with `tracker retract`"),
        (["--type", "participant_joined"], "Invalid value for --party: required for a participant_joined development"),
        (["--type", "statement_made", "--party", ""], "Invalid value for --party: '' should be non-empty"),
        (["--type", "deal_suspended", "--party", "Acme"], "--party: does not apply to a deal_suspended development"),
        (["--type", "deal_suspended", "--language", "english"], "--language: 'english': expected a language tag"),
        (["--type", "terms_reported", "--term", "valuation=zz9"], "Invalid value for --term: 'zz9': not an amount"),
        (["--type", "deal_suspended", "--occurred", "soon"], "Invalid value for --occurred: 'soon' is not a date"),
    ],
)
def test_record_flag_errors_are_usage_errors_naming_the_flag_never_a_schema_path(
    seeded_db: Path, flags: list[str], said: str
) -> None:
    result = tracker("record", "nvidia-openai", "--db", str(seeded_db), *RECORD, *flags)
    assert result.returncode == 2, result.stderr
    line = one_line(result)
    assert line.startswith("tracker: error: ") and said in line, line
    assert "reports[0]" not in line and "command line:" not in line and "^[" not in line and "$(?!" not in line


def test_record_names_the_deal_argument_for_a_slug_that_cannot_be_one(seeded_db: Path) -> None:
    result = tracker("record", "Not A Slug", "--db", str(seeded_db), *RECORD, "--type", "deal_suspended")
    assert result.returncode == 2
    assert "Invalid value for DEAL: 'Not A Slug' is not a deal slug" in one_line(result)


# --- reading a read-only database whose read models are behind: answered from the log ------------------------

CUT = ("--as-of", "2026-02-15", "--known-at", "2026-02-01")


@pytest.mark.parametrize(
    "command",
    [
        ["deals", "--json"],
        ["deals", "--json", "--party", "OpenAI"],
        ["state", "nvidia-openai", "--summary", "--json"],
        ["state", "amazon-openai", "--summary", "--json"],
    ],
)
def test_read_only_commands_on_a_read_only_file_answer_from_the_log_as_the_read_models_would(
    immutable_db: Path, tmp_path: Path, command: list[str]
) -> None:
    import shutil

    writable = tmp_path / "writable.db"
    shutil.copyfile(immutable_db, writable)
    behind = tracker(*command, *CUT, "--db", str(immutable_db))
    assert behind.returncode == 0, behind.stderr
    caught_up = tracker(*command, *CUT, "--db", str(writable))
    assert caught_up.returncode == 0, caught_up.stderr
    assert json.loads(behind.stdout) == json.loads(caught_up.stdout)
    assert tracker("deals", "--db", str(immutable_db)).returncode == 0


@pytest.mark.parametrize("command", [["state", "nvidia-openai"], ["timeline", "nvidia-openai", "--json"]])
def test_a_history_on_a_read_only_file_is_read_as_from_a_writable_one(
    immutable_db: Path, tmp_path: Path, command: list[str]
) -> None:
    """These are plain reads on the stdlib driver (no read model, no SQLAlchemy): a file that cannot be written
    is opened for reading only."""
    import shutil

    writable = tmp_path / "writable.db"
    shutil.copyfile(immutable_db, writable)
    cut = ("--as-of", "2026-02-15", "--known-at", "2026-02-01")
    read_only, usual = (tracker(*command, *cut, "--db", str(path)) for path in (immutable_db, writable))
    assert read_only.returncode == 0, read_only.stderr
    assert read_only.stdout == usual.stdout


@pytest.mark.parametrize("command", [["state", "nvidia-openai"], ["timeline", "nvidia-openai"], ["deals"]])
def test_a_file_that_is_not_a_database_is_one_line_naming_it(tmp_path: Path, command: list[str]) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n" * 200)
    result = tracker(*command, "--db", str(path))
    assert result.returncode == 1
    assert f"{path} refused the operation: file is not a database" in one_line(result)
    assert path.read_text() == "these are my notes, not a database\n" * 200
