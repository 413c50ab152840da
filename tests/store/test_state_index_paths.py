"""The state index answers a small deal from its rows read whole, a large one by lookups: the same answer.

``IN_MEMORY_ROWS`` decides which way a deal is asked; here both ways answer
every cut of random histories, and both equal folding the whole log.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pendulum import DateTime
from sqlalchemy import Engine

from tests.store.test_state_index import NOW, PROFILE, append_in_slices, renamed
from tests.unit.test_fold_properties import cutoffs, histories
from tracker.domain.events import Event
from tracker.domain.fold import project
from tracker.store import state_index
from tracker.store.eventstore import EventStore
from tracker.store.state_index import read_summaries, read_summary


@PROFILE
@given(
    histories(max_size=25),
    st.lists(st.integers(0, 25), max_size=3),
    st.lists(st.tuples(cutoffs(), cutoffs()), min_size=1, max_size=6),
)
def test_rows_read_whole_and_lookups_answer_alike_and_like_the_fold(
    engine: Engine,
    monkeypatch: pytest.MonkeyPatch,
    history: list[Event],
    cuts: list[int],
    cuts_asked: list[tuple[DateTime, DateTime]],
) -> None:
    deal, events = renamed(history)
    store = EventStore(engine, lambda: NOW)
    append_in_slices(store, engine, events, cuts)
    log = store.read([deal])
    for as_of, known_at in cuts_asked:
        expected = project(log, deal, as_of, known_at).summary
        monkeypatch.setattr(state_index, "IN_MEMORY_ROWS", 10**6)
        whole = read_summary(engine, deal, as_of, known_at)
        monkeypatch.setattr(state_index, "IN_MEMORY_ROWS", 0)
        looked_up = read_summary(engine, deal, as_of, known_at)
        assert whole == looked_up == expected


def test_a_list_of_deals_mixes_both_ways(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """A deal past the limit is looked up while the others are read whole, over one connection."""
    from tests.store.test_state_index import _history

    store = EventStore(engine, lambda: NOW)
    small, few = renamed(_history()[:3])
    large, many = renamed(_history())
    append_in_slices(store, engine, few + many, [])
    at = NOW
    expected = [project(store.read([deal]), deal, at, at).summary for deal in (small, large)]
    with engine.connect() as connection:
        rows = {
            deal: state_index._scalar(connection, state_index._loaded_statements().count, {"deal": deal})
            for deal in (small, large)
        }
    assert rows[small] < rows[large]
    monkeypatch.setattr(state_index, "IN_MEMORY_ROWS", rows[small])
    assert read_summaries(engine, [small, large], at, at) == expected
