"""The state index answers every cut exactly as folding the whole log does, on SQLite and PostgreSQL.

Random histories (late reports, fuzzy windows, retractions of retractions,
amendments that move a development in time, reports about another one's
terms) are appended in random slices, the index catching up after each, as
a cron ingestion would; then random cuts are asked of both. TRACKER_LONG=1
runs the long profile.
"""

from __future__ import annotations

import dataclasses
import os
import random
import subprocess
import sys
import threading
import uuid
from typing import Any

import pendulum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pendulum import DateTime
from sqlalchemy import Engine, delete, func, select

from tests.builders import make, moment, terms
from tests.conftest import ROOT
from tests.store.test_directory import kill_after
from tests.unit.test_fold_properties import cutoffs, histories
from tracker.domain.dates import FuzzyDate
from tracker.domain.decisive import keys_of
from tracker.domain.events import (
    Event,
    EventAmended,
    EventRetracted,
    ParticipantJoined,
    TalksReported,
    TermsChanged,
)
from tracker.domain.fold import project
from tracker.domain.versions import versions
from tracker.store.checkpoints import save_checkpoint
from tracker.store.engine import make_engine
from tracker.store.eventstore import EventStore, NewEvent
from tracker.store.state_index import catch_up, checkpoint, read_summary
from tracker.store.tables import state_heads, state_keys, state_names, state_references, state_versions

LONG = os.environ.get("TRACKER_LONG") == "1"
NOW = pendulum.datetime(2026, 12, 2, tz="UTC")
settings.register_profile(
    "state-index-ci",
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile(
    "state-index-long",
    max_examples=1000,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
PROFILE = settings.get_profile("state-index-long" if LONG else "state-index-ci")
KILL_EVENTS = 3000 if LONG else 600
KILLS = 12 if LONG else 3


def renamed(events: list[Event]) -> tuple[str, list[Event]]:
    """The same history under a new deal and fresh ids, so examples can share one database."""
    deal = f"deal-{uuid.uuid4().hex[:10]}"
    ids = {e.event_id: uuid.uuid4() for e in events}
    fields = ("event_id", "target", "regarding")

    def moved(event: Event) -> Event:
        changes: dict[str, Any] = {
            name: ids.get(getattr(event, name), getattr(event, name)) for name in fields if hasattr(event, name)
        }
        return dataclasses.replace(event, deal=deal, **changes)

    return deal, [moved(e) for e in events]


def append_in_slices(store: EventStore, engine: Engine, events: list[Event], cuts: list[int]) -> None:
    start = 0
    for end in [*sorted(set(cuts)), len(events)]:
        if end > start:
            store.append([NewEvent(e, f"id:{e.event_id}") for e in events[start:end]])
            catch_up(engine, batch_size=7)
            start = end


@PROFILE
@given(
    histories(max_size=25),
    st.lists(st.integers(0, 25), max_size=4),
    st.lists(st.tuples(cutoffs(), cutoffs()), min_size=1, max_size=6),
)
def test_every_cut_of_the_index_equals_folding_the_whole_log(
    engine: Engine, history: list[Event], cuts: list[int], cuts_asked: list[tuple[DateTime, DateTime]]
) -> None:
    deal, events = renamed(history)
    store = EventStore(engine, lambda: NOW)
    append_in_slices(store, engine, events, cuts)
    log = store.read([deal])
    for as_of, known_at in cuts_asked:
        expected = project(log, deal, as_of, known_at).summary
        assert read_summary(engine, deal, as_of, known_at) == expected


LATE = pendulum.datetime(2100, 1, 1, tz="UTC")  # after every report and window the strategies draw


@PROFILE
@given(
    histories(max_size=25),
    st.lists(st.integers(0, 25), max_size=4),
    st.lists(st.tuples(cutoffs(), cutoffs()), min_size=1, max_size=4),
)
def test_state_heads_kept_between_slices_answer_every_cut_like_the_fold(
    engine: Engine, history: list[Event], cuts: list[int], asked: list[tuple[DateTime, DateTime]]
) -> None:
    """Read after every slice, as a deal list between cron runs: each read keeps the deal's state head, the next
    batch drops it, and no cut is ever answered otherwise than by folding the whole log."""
    deal, events = renamed(history)
    store = EventStore(engine, lambda: NOW)
    start = 0
    for end in [*sorted(set(cuts)), len(events)]:
        if end <= start:
            continue
        store.append([NewEvent(e, f"id:{e.event_id}") for e in events[start:end]])
        catch_up(engine, batch_size=7)
        start, log = end, store.read([deal])
        for as_of, known_at in [(LATE, LATE), *asked]:
            assert read_summary(engine, deal, as_of, known_at) == project(log, deal, as_of, known_at).summary
        assert _heads_kept(engine, deal) == 1


def test_a_state_head_made_before_a_batch_was_indexed_is_not_kept(engine: Engine) -> None:
    """The batch may have changed the deal: a head is kept only if the checkpoint has not moved since it was made."""
    from tracker.store import state_index

    store = EventStore(engine, lambda: NOW)
    deal, events = renamed(_history())
    append_in_slices(store, engine, events[:4], [])
    with engine.connect() as connection:
        made, position = {deal: state_index._head(connection, deal)}, checkpoint(engine)
    append_in_slices(store, engine, events[4:], [])
    state_index._keep_heads(engine, made, position)
    assert _heads_kept(engine, deal) == 0
    log = store.read([deal])
    assert read_summary(engine, deal, LATE, LATE) == project(log, deal, LATE, LATE).summary
    assert _heads_kept(engine, deal) == 1


def _heads_kept(engine: Engine, deal: str) -> int:
    with engine.connect() as connection:
        return int(connection.scalar(select(func.count()).where(state_heads.c.deal == deal)) or 0)


def test_a_fixed_history_answers_like_the_fold_and_again_when_the_index_is_made_from_scratch(engine: Engine) -> None:
    """Late report, retraction, an amendment that moves a development and a later one of the same, a cut
    exactly on an instant; then the index and its checkpoint are wiped (as a downgrade and upgrade do) and
    made again."""
    store = EventStore(engine, lambda: NOW)
    deal, events = renamed(_history())
    append_in_slices(store, engine, events, [3, 5, 7])
    log = store.read([deal])
    asked = [
        (moment(a), moment(k))
        for a in ("2025-01-25", "2025-02-15", "2025-03-05", "2025-05-01", "2025-12-31")
        for k in ("2025-02-01", "2025-04-03", "2025-06-15", "2025-12-31")
    ]
    answers = [read_summary(engine, deal, a, k) for a, k in asked]
    assert answers == [project(log, deal, a, k).summary for a, k in asked]
    assert answers[-1].participants and answers[-1].participants[0].party == "Nvidia"  # joined exactly at as_of
    with engine.begin() as connection:
        for table in (state_keys, state_versions, state_names, state_references):
            connection.execute(delete(table))
        save_checkpoint(connection, "state_index", 0)
    assert catch_up(engine) == checkpoint(engine) == len(events)
    assert [read_summary(engine, deal, a, k) for a, k in asked] == answers


def _history() -> list[Event]:
    talks = make(TalksReported, occurred="2025-01", reported="2025-02-01", terms=terms(investment="$10 billion"))
    change = make(TermsChanged, occurred="2025-03-01", reported="2025-03-02", terms=terms(investment="$20 billion"))
    late = make(TermsChanged, occurred="2025-02-10", reported="2025-06-01", terms=terms(investment="$15 billion"))
    wrong = make(TermsChanged, occurred="2025-04-01", reported="2025-04-02", terms=terms(investment="$90 billion"))
    retract = make(EventRetracted, occurred=None, reported="2025-04-05", target=wrong.event_id, reason="misreported")
    amend = make(
        EventAmended,
        occurred=None,
        reported="2025-07-01",
        target=change.event_id,
        reason="date",
        new_occurred=FuzzyDate.parse("2025-01-20"),
    )
    joined = make(ParticipantJoined, occurred="2025-12-31T00:00:00+00:00", reported="2025-12-31", party="Nvidia")
    restate = make(
        EventAmended,
        occurred=None,
        reported="2025-08-01",
        target=change.event_id,
        reason="wording",
        new_summary="restated",
    )  # indexed later: it must find the first amendment, or the date is lost
    return [talks, change, wrong, retract, late, amend, joined, restate]


def test_two_catch_ups_beside_an_appender_index_each_event_once(database_url: str, engine: Engine) -> None:
    """They serialize on the checkpoint row: the answers equal the fold, and no version is written twice."""
    store = EventStore(engine, lambda: NOW)
    deal, events = renamed(_history())
    more = [
        make(
            TalksReported,
            occurred=f"2025-{m:02d}",
            reported=f"2025-{m:02d}-28",
            deal=deal,
            terms=terms(investment=f"${m} billion"),
        )
        for m in range(1, 13)
    ]
    done, failures = threading.Event(), []

    def append_all() -> None:
        try:
            for event in [*events, *more]:
                store.append([NewEvent(event, f"id:{event.event_id}")])
        except BaseException as error:  # handed to the test thread
            failures.append(error)
        finally:
            done.set()

    def follow() -> None:
        own = make_engine(database_url)
        try:
            while not done.is_set():
                catch_up(own, batch_size=2)
            catch_up(own, batch_size=2)
        except BaseException as error:  # handed to the test thread
            failures.append(error)
        finally:
            own.dispose()

    threads = [threading.Thread(target=append_all), threading.Thread(target=follow), threading.Thread(target=follow)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == [] and checkpoint(engine) == len(events) + len(more)
    log = store.read([deal])
    for as_of, known_at in [(moment(f"2025-{m:02d}-15"), moment("2026-01-01")) for m in range(1, 13)]:
        assert read_summary(engine, deal, as_of, known_at) == project(log, deal, as_of, known_at).summary
    with engine.connect() as connection:
        stored = connection.scalar(select(func.count()).select_from(state_versions))
    assert stored == len([v for v in versions(log) if keys_of(v)])  # none written twice, none missing


# --- killed mid-way -------------------------------------------------------------------------

CATCH_UP_SCRIPT = """
import sys
from tracker.store.engine import make_engine
from tracker.store.state_index import catch_up
catch_up(make_engine(sys.argv[1]), batch_size=int(sys.argv[2]), on_batch=lambda p: print(p, flush=True))
"""


def eventful_history(deal: str, count: int, rng: random.Random) -> list[Event]:
    """Developments over two years, every tenth a correction of an earlier one: tangles for the index."""
    made: list[Event] = []
    for n in range(count):
        day = pendulum.datetime(2025, 1, 1, tz="UTC").add(days=rng.randrange(730))
        developments = [e for e in made if not isinstance(e, EventRetracted | EventAmended)]
        if n % 10 == 9 and developments:
            target = rng.choice(developments)
            reported = max(target.reported_at, day).add(days=1).to_date_string()
            made.append(
                make(
                    EventRetracted, occurred=None, reported=reported, deal=deal, target=target.event_id, reason="wrong"
                )
                if rng.random() < 0.5
                else make(
                    EventAmended,
                    occurred=None,
                    reported=reported,
                    deal=deal,
                    target=target.event_id,
                    reason="date",
                    new_occurred=FuzzyDate.parse(day.format("YYYY-MM")),
                )
            )
        elif n % 3 == 0:
            made.append(
                make(
                    ParticipantJoined,
                    occurred=day.format("YYYY-MM"),
                    reported=day.to_date_string(),
                    deal=deal,
                    party=rng.choice(("Nvidia", "OpenAI", "SoftBank")),
                )
            )
        else:
            made.append(
                make(
                    TermsChanged,
                    occurred=day.to_date_string(),
                    reported=day.to_date_string(),
                    deal=deal,
                    terms=terms(investment=f"${rng.randrange(1, 99)} billion"),
                )
            )
    return made


def test_a_catch_up_killed_at_random_moments_resumes_and_answers_like_the_fold(
    engine: Engine, database_url: str
) -> None:
    rng = random.Random(11)
    store = EventStore(engine, lambda: NOW)
    deal = f"deal-{uuid.uuid4().hex[:10]}"
    events = eventful_history(deal, KILL_EVENTS, rng)
    for start in range(0, len(events), 500):
        store.append([NewEvent(e, f"id:{e.event_id}") for e in events[start : start + 500]])
    seen, kills = [], 0
    for _ in range(KILLS):
        process = subprocess.Popen(
            [sys.executable, "-c", CATCH_UP_SCRIPT, database_url, "25"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            cwd=ROOT,
        )
        kills += kill_after(process, rng.randrange(1, 8), rng)
        seen.append(checkpoint(engine))
    assert kills >= 1 and seen == sorted(seen) and all(p % 25 == 0 for p in seen), "a batch committed only in part"
    catch_up(engine)
    log = store.read([deal])
    with engine.connect() as connection:
        stored = connection.scalar(select(func.count()).select_from(state_versions))
    assert stored == len([v for v in versions(log) if keys_of(v)])
    for as_of, known_at in [(moment(f"2025-{m:02d}-15"), moment(f"2026-{m:02d}-01")) for m in range(1, 13, 2)]:
        assert read_summary(engine, deal, as_of, known_at) == project(log, deal, as_of, known_at).summary
