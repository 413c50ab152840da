"""A migrated engine on each database: what every store test starts from."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from tracker.store.engine import make_engine
from tracker.store.migrate import ensure_schema


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    ensure_schema(engine)
    yield engine
    engine.dispose()
