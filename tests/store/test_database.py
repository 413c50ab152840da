"""Which URLs are read on the stdlib driver, and that such a read never makes or changes a file."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.bootstrap import open_app
from tracker.store.database import Database
from tracker.store.migrate import current_revision


@pytest.mark.parametrize(
    ("url", "plain"),
    [
        ("sqlite:///tracker.db", "tracker.db"),
        ("sqlite:////var/data/tracker.db", "/var/data/tracker.db"),
        ("sqlite+pysqlite:///relative/t.db", "relative/t.db"),
        ("sqlite:///tracker.db?mode=ro", None),  # options: SQLAlchemy's reading of them is the one that counts
        ("sqlite:///my%20deals.db", None),  # an escape: the same
        ("sqlite:///:memory:", None),
        ("sqlite://", None),
        ("postgresql+psycopg://postgres@127.0.0.1/test", None),
    ],
)
def test_only_a_plainly_named_sqlite_file_is_opened_without_sqlalchemy(url: str, plain: str | None) -> None:
    assert Database(url).plain_file == (Path(plain) if plain else None)


def test_dialect_is_known_before_any_engine_is_made() -> None:
    assert Database("sqlite:///x.db").is_sqlite
    assert Database("postgresql+psycopg://postgres@127.0.0.1/test").dialect == "postgresql"


def test_asking_a_new_file_for_its_revision_makes_it_through_the_engine_private_to_its_owner(tmp_path: Path) -> None:
    path = tmp_path / "new" / "tracker.db"
    assert current_revision(Database(f"sqlite:///{path}")) is None
    assert path.stat().st_mode & 0o777 == 0o600


def test_reading_a_current_file_leaves_it_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "tracker.db"
    open_app(f"sqlite:///{path}").store.read()  # made and migrated
    before = path.read_bytes()
    app = open_app(f"sqlite:///{path}")
    assert app.store.read() == [] and app.store.streams() == [] and app.store.version_of("acme") == 0
    assert path.read_bytes() == before
