"""The tracker runs on PostgreSQL as a role that can only read and append to the log.

The owner migrates; the application role gets exactly the grants below (the
docs/operations.md lists them). Each one is needed: without it some command fails. With
them all, ingestion from files, an inbox and an HTTP source, recording,
reading and exporting work, while UPDATE, DELETE and TRUNCATE on `events`
are refused by the permission system itself, before any trigger.
"""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError

from tests.conftest import SEEDS
from tracker.cli.main import cli

pytestmark = pytest.mark.postgres

GRANTED = (  # privileges, object: as in docs/operations.md
    ("USAGE", "SCHEMA {schema}"),
    ("SELECT", "alembic_version"),  # is the schema current?
    ("SELECT, INSERT", "events"),
    ("SELECT, INSERT, UPDATE", "ingest_runs"),  # a run is inserted (RETURNING id), then finished
    ("USAGE", "SEQUENCE ingest_runs_id_seq"),
    ("SELECT, INSERT", "processed_inputs"),
    ("SELECT, INSERT, UPDATE", "http_sources"),  # ETag and Last-Modified, kept per URL
)
GRANTS = tuple(f"GRANT {privileges} ON {target} TO {{role}}" for privileges, target in GRANTED)
# The suite drops one GRANT line at a time; TRACKER_LONG=1 drops one privilege at a time.
SINGLE = tuple((privilege, target) for privileges, target in GRANTED for privilege in privileges.split(", "))
DROPPED = SINGLE if os.environ.get("TRACKER_LONG") == "1" else GRANTED
FEED = (
    b'{"id": "feed-1", "deal": "nvidia-openai", "type": "statement_made", "party": "Nvidia", '
    b'"occurred": "2026-02", "summary": "A statement", "sources": [{"publisher": "Wire", '
    b'"published_at": "2026-02-02"}]}\n'
)


class Feed(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/x-ndjson")
        self.send_header("ETag", '"v1"')
        self.end_headers()
        self.wfile.write(FEED)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def feed_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Feed)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/feed.jsonl"
    server.shutdown()
    thread.join()


def run(url: str, *args: str) -> Result:
    result = CliRunner().invoke(cli, [*args, "--db", url])
    assert "Traceback" not in result.output
    return result


@pytest.fixture
def make_role(postgres_url: str) -> Iterator[Callable[[tuple[str, ...]], str]]:
    """Migrate as the owner, then hand out roles with the given grants; each comes back as a URL."""
    assert run(postgres_url, "db", "upgrade").exit_code == 0
    schema = make_url(postgres_url).query["options"]
    schema = str(schema).removeprefix("-csearch_path=")
    admin = create_engine(postgres_url)
    roles: list[str] = []

    def role_with(grants: tuple[str, ...]) -> str:
        role, password = f"tracker_app_{uuid.uuid4().hex[:10]}", uuid.uuid4().hex
        with admin.begin() as connection:
            connection.execute(text(f"CREATE ROLE {role} LOGIN PASSWORD '{password}'"))
            roles.append(role)
            for grant in grants:
                connection.execute(text(grant.format(schema=f'"{schema}"', role=role)))
        return make_url(postgres_url).set(username=role, password=password).render_as_string(hide_password=False)

    yield role_with
    with admin.begin() as connection:
        for role in roles:
            connection.execute(text(f"DROP OWNED BY {role}"))
            connection.execute(text(f"DROP ROLE {role}"))
    admin.dispose()


def use_the_tracker(url: str, inbox: Path, feed_url: str) -> list[Result]:
    """Everything an application does day to day: ingest three ways, record, read, verify, export."""
    inbox.mkdir()
    (inbox / "feed.jsonl").write_bytes(FEED.replace(b"feed-1", b"inbox-1"))
    return [
        run(url, "db", "upgrade"),
        run(url, "ingest", str(SEEDS), "--lock-file", str(inbox.parent / "lock")),
        run(url, "ingest", "--inbox", str(inbox), "--settle", "0", "--lock-file", str(inbox.parent / "lock")),
        run(url, "ingest", "--url", feed_url, "--lock-file", str(inbox.parent / "lock")),
        run(url, "ingest", "--url", feed_url, "--lock-file", str(inbox.parent / "lock")),
        run(
            url,
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
        ),
        run(url, "timeline", "nvidia-openai"),
        run(url, "runs"),
        run(url, "verify"),
        run(url, "export", "-o", str(inbox.parent / "log.jsonl")),
    ]


def test_the_app_role_ingests_and_reads_but_cannot_change_the_log(
    make_role: Callable[[tuple[str, ...]], str], tmp_path: Path, feed_url: str
) -> None:
    url = make_role(GRANTS)
    results = use_the_tracker(url, tmp_path / "inbox", feed_url)
    assert [r.exit_code for r in results] == [0] * len(results), [r.output for r in results if r.exit_code]
    assert "hash chain intact" in results[-2].output
    engine = create_engine(url)
    for statement in (
        "UPDATE events SET stream_id = 'x'",
        "DELETE FROM events",
        "TRUNCATE events",
        "DROP TABLE events",
        "ALTER TABLE events DISABLE TRIGGER ALL",
        "CREATE TABLE t (x int)",
        "DELETE FROM processed_inputs",
        "UPDATE alembic_version SET version_num = '0001'",
    ):
        with engine.connect() as connection, pytest.raises(ProgrammingError) as refused:
            connection.execute(text(statement))
        assert getattr(refused.value.orig, "sqlstate", None) == "42501", statement
    engine.dispose()


@pytest.mark.parametrize("missing", DROPPED, ids=" ON ".join)
def test_every_grant_is_needed(
    make_role: Callable[[tuple[str, ...]], str], tmp_path: Path, feed_url: str, missing: tuple[str, str]
) -> None:
    kept = [
        (privilege, target)
        for privilege, target in SINGLE
        if (privilege, target) != missing and (privilege not in missing[0].split(", ") or target != missing[1])
    ]
    url = make_role(tuple(f"GRANT {privilege} ON {target} TO {{role}}" for privilege, target in kept))
    failures = [r for r in use_the_tracker(url, tmp_path / "inbox", feed_url) if r.exit_code != 0]
    assert failures
    denied = failures[0].output
    assert ("permission denied for" in denied and missing[1].split()[-1] in denied) or (
        missing[1].startswith("SCHEMA") and "no schema has been selected" in denied
    ), denied


def test_a_missing_grant_is_one_line_not_a_traceback(
    make_role: Callable[[tuple[str, ...]], str], postgres_url: str, tmp_path: Path
) -> None:
    assert run(postgres_url, "ingest", str(SEEDS), "--lock-file", str(tmp_path / "lock")).exit_code == 0
    read_only = make_role((*(g for g in GRANTS if "INSERT" not in g), GRANTS[2].replace(", INSERT", "")))
    result = run(
        read_only,
        "record",
        "nvidia-openai",
        "--type",
        "statement_made",
        "--party",
        "Nvidia",
        "--occurred",
        "2026-02",
        "--summary",
        "S",
        "--publisher",
        "Wire",
        "--published-at",
        "2026-02-02",
    )
    assert result.exit_code == 1 and not isinstance(result.exception, ProgrammingError | AttributeError)
    assert len(result.output.splitlines()) == 1 and "permission denied" in result.output
    assert "@" not in result.output.split("refused")[0] or ":***@" in result.output


READ_MODEL_GRANTS = (
    "GRANT SELECT, INSERT, UPDATE, DELETE ON deal_directory, projection_checkpoints, state_versions, state_keys, "
    "state_names, state_references, state_heads, deal_heads TO {role}",
    "GRANT USAGE ON SEQUENCE state_versions_id_seq TO {role}",
)


def test_read_models_need_the_readme_grants_and_work_with_them(
    make_role: Callable[[tuple[str, ...]], str], postgres_url: str, tmp_path: Path
) -> None:
    assert run(postgres_url, "ingest", str(SEEDS), "--lock-file", str(tmp_path / "lock")).exit_code == 0
    app_only = make_role(GRANTS)
    for command in (("deals",), ("state", "nvidia-openai", "--summary")):
        refused = run(app_only, *command)
        assert refused.exit_code == 1 and len(refused.output.splitlines()) == 1, refused.output
        assert "permission denied" in refused.output
    reader = make_role((*GRANTS, *READ_MODEL_GRANTS))
    assert run(reader, "deals").exit_code == 0
    summary = run(reader, "state", "nvidia-openai", "--summary", "--json")
    assert summary.exit_code == 0 and '"summary": true' in summary.output


@pytest.mark.parametrize(
    "command", [("state", "nvidia-openai"), ("timeline", "nvidia-openai", "-n", "3")], ids=" ".join
)
def test_a_role_without_the_heads_folds_the_deal_and_prints_the_same(
    make_role: Callable[[tuple[str, ...]], str],
    postgres_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    command: tuple[str, ...],
) -> None:
    """Reading and keeping a deal's head is a courtesy the app role is not granted: it folds, every time."""
    from tracker.app import queries

    monkeypatch.setattr(queries, "HEAD_FROM", 1)  # the seeds' deal is long enough to keep a head
    assert run(postgres_url, "ingest", str(SEEDS), "--lock-file", str(tmp_path / "lock")).exit_code == 0
    fixed = ("--as-of", "2026-06-30", "--known-at", "2026-06-30")  # not "now": the outputs compare whole
    owner = run(postgres_url, *command, *fixed)
    app_only = make_role(GRANTS)
    answers = [run(app_only, *command, *fixed) for _ in range(2)]
    assert owner.exit_code == 0 and [a.exit_code for a in answers] == [0, 0], [a.output for a in answers]
    assert answers[0].output == answers[1].output == owner.output
