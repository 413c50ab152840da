"""An ingest's reads of one (deal, event type) go through the pair's index, not the deal's whole history."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.dialects import sqlite as sqlite_dialect

from tracker.bootstrap import open_app
from tracker.store.ingestion import _pair_query, _tellings_query


@pytest.mark.parametrize(
    ("query", "searched"),
    [
        (_pair_query(), "(stream_id=? AND event_type=?)"),
        (_tellings_query(dated=True), "(stream_id=? AND event_type=? AND occurred_start<?)"),
        (_tellings_query(dated=False), "(stream_id=? AND event_type=? AND occurred_start=?)"),
    ],
    ids=["pair", "dated tellings", "undated tellings"],
)
def test_a_pair_is_searched_by_deal_and_type(tmp_path: Path, query, searched: str) -> None:
    path = tmp_path / "tracker.db"
    open_app(f"sqlite:///{path}").store.read()  # made and migrated
    sql = str(query.compile(dialect=sqlite_dialect.dialect()))
    with sqlite3.connect(path) as connection:
        plan = [row[-1] for row in connection.execute(f"EXPLAIN QUERY PLAN {sql}", [None] * sql.count("?"))]
    assert f"SEARCH events USING INDEX events_stream_type_occurred_idx {searched}" in plan
