"""Real databases for the tests: a fresh SQLite file, and a fresh PostgreSQL schema.

PostgreSQL comes from TRACKER_TEST_POSTGRES_URL (default: the local server,
user postgres, database test). Where it cannot be reached the PostgreSQL
tests skip and say why, unless TRACKER_REQUIRE_POSTGRES=1 (CI) makes that an error.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


def _postgres_admin_url() -> str:
    return os.environ.get("TRACKER_TEST_POSTGRES_URL", DEFAULT_POSTGRES)


def _postgres_unavailable() -> str | None:
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed (pip install -e '.[test]')"
    from sqlalchemy.engine import make_url

    url = make_url(_postgres_admin_url()).set(drivername="postgresql")
    try:
        psycopg.connect(url.render_as_string(hide_password=False), connect_timeout=3).close()
    except psycopg.OperationalError as error:
        return f"PostgreSQL at {make_url(_postgres_admin_url()).render_as_string()} is unreachable: {error}".strip()
    return None


def _listing(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")} if folder.is_dir() else set()


@pytest.fixture(scope="session", autouse=True)
def _real_data_directory_gains_nothing() -> Iterator[None]:
    """The check on the fixture below: after the whole run, the user's own data directory is as it was."""
    from tracker.store.engine import default_database_path

    real = default_database_path().parent
    before = _listing(real)
    yield
    gained = sorted(_listing(real) - before)
    assert not gained, f"the tests wrote into the real data directory {real}: {', '.join(gained[:5])}"


@pytest.fixture(autouse=True)
def _private_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test, and every command it runs, gets a fresh home and data directory of its own.

    A server database's ingest lock goes to the user's data folder; a test must
    never leave one in the real one (nor a default tracker.db).
    """
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("LOCALAPPDATA", str(home / "AppData" / "Local"))
    return home


@pytest.fixture(scope="session")
def postgres_admin_url() -> str:
    reason = _postgres_unavailable()
    if reason:
        if os.environ.get("TRACKER_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"TRACKER_REQUIRE_POSTGRES=1 but {reason}")
        pytest.skip(reason)
    return _postgres_admin_url()


@pytest.fixture
def postgres_url(postgres_admin_url: str) -> Iterator[str]:
    """A URL whose search_path is a new empty schema, dropped afterwards."""
    from sqlalchemy import create_engine, text

    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres_admin_url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in postgres_admin_url else "?"
    yield f"{postgres_admin_url}{separator}options=-csearch_path%3D{schema}"
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'tracker.db'}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest) -> str:
    """Each store test runs once per engine."""
    return str(request.getfixturevalue(f"{request.param}_url"))
