"""A deal's head answers the fact box and the timeline's latest entries exactly as folding the whole log does.

Random histories (late reports, fuzzy windows, retractions, amendments that
move a development in time, reports about another one's terms) on SQLite and
PostgreSQL: a fold at a cut after everything keeps the head, the head reads
back as the fold gave it, and every cut it holds for is answered from it with
the fold's own answer; cuts before it, and a deal that moved on, are folded.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pendulum import DateTime
from sqlalchemy import Engine, func, select

from tests.store.test_state_index import LATE as AFTER_ALL
from tests.store.test_state_index import PROFILE, append_in_slices, renamed
from tests.unit.test_fold_properties import cutoffs, histories
from tracker.app import queries
from tracker.bootstrap import App, open_app
from tracker.domain.fold import project_with_later
from tracker.domain.selection import TimelineFilter
from tracker.domain.views import HEAD_KEPT, Facts, head_of, history_of, page_of
from tracker.store.eventstore import NewEvent
from tracker.store.heads import stored_head
from tracker.store.tables import deal_heads

NOW = pendulum.datetime(2026, 12, 2, tz="UTC")
SHOWN = (0, 1, 3, None)
FIXED_CUT = ("--as-of", "2026-06-30", "--known-at", "2026-06-30")  # after all the seeds tell: outputs compare whole
PAGES = [TimelineFilter(limit=n, newest_first=r) for n in (0, 1, 4, HEAD_KEPT, None) for r in (False, True)]


def views(app: App) -> tuple[tuple[int | None, ...], list[TimelineFilter]]:
    """Every view on SQLite; on PostgreSQL, where each answer reads the head over a connection (about 4 ms), a sample.

    What differs between engines is how a head is stored and read back, which every view exercises alike.
    """
    if app.store.engine.dialect.name == "postgresql":
        return SHOWN[::3], PAGES[::3]
    return SHOWN, PAGES


@pytest.fixture
def app(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[App]:
    monkeypatch.setattr(queries, "HEAD_FROM", 1)  # every deal keeps a head, however short
    app = open_app(database_url, clock=lambda: NOW)
    yield app
    app.store.engine.dispose()


def heads_kept(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.scalar(select(func.count()).select_from(deal_heads)) or 0)


@PROFILE
@given(
    histories(max_size=25),
    st.lists(st.integers(0, 25), max_size=3),
    st.lists(st.tuples(cutoffs(), cutoffs()), min_size=1, max_size=5),
)
def test_every_cut_answered_from_the_head_equals_folding_the_whole_log(
    app: App, history: list, cuts: list[int], asked: list[tuple[DateTime, DateTime]]
) -> None:
    deal, events = renamed(history)
    if not any(e.on_timeline for e in events):
        return
    append_in_slices(app.store, app.store.engine, events, cuts)
    log = app.store.read([deal])
    state, later = project_with_later(log, deal, AFTER_ALL, AFTER_ALL)
    expected_head = head_of(state, log, later)
    queries.deal_state(app, deal, queries.Cut(AFTER_ALL, AFTER_ALL))  # a fold at a cut after everything keeps it
    kept = stored_head(app.store.database, deal, len(log), app.store.read_ids)
    assert kept == expected_head
    assert expected_head is not None
    everything = queries.Cut(AFTER_ALL, AFTER_ALL)
    shown_views, pages = views(app)
    assert queries._from_head(app, deal, everything, lambda head: head.facts(AFTER_ALL, AFTER_ALL, 3)) is not None
    for as_of, known_at in [*asked, (AFTER_ALL, AFTER_ALL), (expected_head.world_from, expected_head.known_from)]:
        at = queries.Cut(as_of, known_at)
        state, later = project_with_later(log, deal, as_of, known_at)
        assert queries.deal_summary(app, deal, at).state == state.summary
        for shown in shown_views:
            facts = queries.deal_facts(app, deal, at, shown)
            assert facts.state == Facts(state.summary, history_of(state, shown))
            assert facts.version == len(log)
        for selection in pages:
            hidden = sum(selection.keeps(p.event, p.anchor) for p in later)
            expected = page_of(state, selection.apply(state.timeline), (), hidden)
            assert queries.timeline_page(app, deal, at, selection, show_later=False) == expected


def test_a_deal_that_moved_on_is_folded_and_its_head_kept_again(app: App) -> None:
    from tests.builders import make, terms
    from tracker.domain.events import TermsChanged

    at = queries.Cut(NOW, NOW)
    first = [make(TermsChanged, f"2025-0{m}", "2025-12-31", terms=terms(investment=f"${m} billion")) for m in (1, 2)]
    app.store.append([NewEvent(e, f"id:{e.event_id}") for e in first])
    deal = first[0].deal
    assert "$2B" in _box(queries.deal_facts(app, deal, at, 10).state)
    assert stored_head(app.store.database, deal, 2, app.store.read_ids) is not None
    third = make(TermsChanged, "2025-03", "2025-12-31", terms=terms(investment="$3 billion"))
    app.store.append([NewEvent(third, f"id:{third.event_id}")])
    assert stored_head(app.store.database, deal, 3, app.store.read_ids) is None  # the row is of version 2
    answer = queries.deal_facts(app, deal, at, 10)
    assert answer.version == 3 and "$3B" in _box(answer.state)
    assert stored_head(app.store.database, deal, 3, app.store.read_ids) is not None
    assert heads_kept(app.store.engine) == 1


def test_a_cut_before_everything_surely_happened_is_folded_and_keeps_no_head(app: App) -> None:
    from tests.builders import make, terms
    from tracker.domain.events import TermsChanged

    event = make(TermsChanged, "2026-12", "2026-12-01", terms=terms(investment="$5 billion"))  # surely by 31 Dec
    app.store.append([NewEvent(event, f"id:{event.event_id}")])
    answer = queries.deal_facts(app, event.deal, queries.Cut(NOW, NOW), 10)
    assert isinstance(answer.state, Facts) and answer.state.history is not None
    assert heads_kept(app.store.engine) == 0


def test_a_database_that_cannot_be_written_answers_by_the_fold(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keeping a head is a reader's courtesy: where it cannot be written, the fold's answer is printed all the same."""
    from click.testing import CliRunner

    from tests.conftest import SEEDS
    from tracker.cli.main import cli

    db = tmp_path / "tracker.db"
    assert CliRunner().invoke(cli, ["ingest", "--db", str(db), "--quiet", str(SEEDS)]).exit_code == 0
    assert CliRunner().invoke(cli, ["deals", "--db", str(db)]).exit_code == 0  # the index catches up
    args = ["state", "nvidia-openai", "--db", str(db), *FIXED_CUT]
    folded = CliRunner().invoke(cli, args)
    monkeypatch.setattr(queries, "HEAD_FROM", 1)
    files = [str(p) for p in (tmp_path, *tmp_path.glob("tracker.db*"))]
    if subprocess.run(["chattr", "+i", *files], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not available here (needs root on a file system that supports it)")
    try:
        answered = CliRunner().invoke(cli, args)
    finally:
        subprocess.run(["chattr", "-i", *files], check=True)
    assert answered.exit_code == 0, answered.output
    assert answered.output == folded.output
    assert heads_kept(open_app(f"sqlite:///{db}").store.engine) == 0


@pytest.mark.parametrize(
    "command", [["state"], ["state", "--summary"], ["timeline", "-n", "5"], ["timeline", "-n", "3", "--reverse"]]
)
def test_the_commands_print_the_same_from_the_head_as_from_the_fold(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    from click.testing import CliRunner

    from tests.conftest import SEEDS
    from tracker.cli.main import cli

    db = str(tmp_path / "tracker.db")
    assert CliRunner().invoke(cli, ["ingest", "--db", db, "--quiet", str(SEEDS)]).exit_code == 0
    args = [command[0], "nvidia-openai", *command[1:], "--db", db, *FIXED_CUT]
    monkeypatch.setattr(queries, "HEAD_FROM", 10**9)
    folded = CliRunner().invoke(cli, args)
    monkeypatch.setattr(queries, "HEAD_FROM", 1)
    keeping = CliRunner().invoke(cli, ["state", "nvidia-openai", "--db", db])
    from_head = CliRunner().invoke(cli, args)
    engine = open_app(f"sqlite:///{db}").store.engine
    assert heads_kept(engine) == 1
    assert folded.exit_code == keeping.exit_code == from_head.exit_code == 0
    assert folded.output == from_head.output
    assert "superseded" in folded.output.lower() or command != ["state"]


def _box(facts: object) -> str:
    import io

    from rich.console import Console

    from tracker.render.factbox import fact_box
    from tracker.render.theme import THEME

    console = Console(file=io.StringIO(), width=120, force_terminal=False, theme=THEME, _environ={})
    console.print(fact_box(facts))  # type: ignore[arg-type]
    out = console.file
    assert isinstance(out, io.StringIO)
    return out.getvalue()


def test_heads_spelled_by_other_state_classes_are_not_read_but_made_again(app: App) -> None:
    """A tracker whose state classes had other fields kept these rows: they are read models, so made anew."""
    from sqlalchemy import update

    from tests.builders import make, terms
    from tracker.domain.events import TermsChanged
    from tracker.store.spelling import spelling_version
    from tracker.store.tables import state_heads

    events = [make(TermsChanged, f"2025-0{m}", "2025-12-31", terms=terms(investment=f"${m} billion")) for m in (1, 2)]
    app.store.append([NewEvent(e, f"id:{e.event_id}") for e in events])
    deal, at = events[0].deal, queries.Cut(NOW, NOW)
    expected = queries.deal_facts(app, deal, at, 10).state
    assert isinstance(expected, Facts)
    assert app.read_models.summary(deal, NOW, NOW) == expected.summary  # the state index makes its head here
    with app.store.engine.begin() as connection:
        rows = connection.execute(select(deal_heads.c.body)).scalars().all()
        connection.execute(update(deal_heads).values(body=rows[0] | {"spelling": "an older one"}))
        connection.execute(update(state_heads).values(spelling="an older one"))
    assert stored_head(app.store.database, deal, 2, app.store.read_ids) is None
    assert queries.deal_facts(app, deal, at, 10).state == expected
    assert app.read_models.summary(deal, NOW, NOW) == expected.summary
    assert stored_head(app.store.database, deal, 2, app.store.read_ids) is not None
    with app.store.engine.connect() as connection:
        assert connection.execute(select(state_heads.c.spelling)).scalars().all() == [spelling_version()]
