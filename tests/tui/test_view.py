"""`tracker view` driven by keystrokes through textual's pilot, on the real seeds."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Awaitable, Callable

import pytest
from rich.console import Console

from tests.builders import moment
from tests.conftest import SEEDS
from tracker.bootstrap import open_app
from tracker.domain.events import Status
from tracker.domain.fold import project
from tracker.domain.state import Entry
from tracker.ingest.service import ingest
from tracker.render.theme import THEME

pytest.importorskip("textual")
from textual.pilot import Pilot

from tracker.app.queries import Cut, DealHistory
from tracker.tui.app import KNOWLEDGE, WORLD, DealViewer, EventScreen, event_details


@pytest.fixture(scope="module")
def seeded_events(tmp_path_factory: pytest.TempPathFactory) -> list:
    app = open_app(str(tmp_path_factory.mktemp("view") / "tracker.db"), clock=lambda: moment("2026-11-22"))
    ingest(app.store, sorted(SEEDS.glob("*.yaml")), app.clock())
    return app.store.read(["nvidia-openai"])


def viewer_for(events: list) -> DealViewer:
    now = moment("2026-11-22")
    history = DealHistory("nvidia-openai", events)
    return DealViewer(history, history.state(Cut(now, now)))


def drive(events: list, scenario: Callable[[DealViewer, Pilot], Awaitable[None]]) -> None:
    """Open the viewer on the seeds in a 140×45 terminal; ``scenario`` presses keys and checks what it shows."""

    async def run() -> None:
        viewer = viewer_for(events)
        async with viewer.run_test(size=(140, 45)) as pilot:
            await scenario(viewer, pilot)

    asyncio.run(run())


def selected(viewer: DealViewer) -> Entry:
    """The development the viewer has selected: every scenario here has one."""
    entry = viewer.selected
    assert entry is not None
    return entry


def test_moving_through_the_timeline_shows_the_state_as_of_each_development(seeded_events: list) -> None:
    async def browse(viewer: DealViewer, pilot: Pilot) -> None:
        assert selected(viewer).event.event_type == "deal_restructured"
        assert viewer.shown.summary.status is Status.IN_TALKS
        await pilot.press(*["k"] * 30)
        assert selected(viewer).event.event_type == "letter_of_intent_signed"  # signed, then talked about
        assert viewer.shown.summary.status is Status.LETTER_OF_INTENT
        assert viewer.shown.summary.headline.value.human() == "up to $100B"
        await pilot.press("j")
        assert selected(viewer).event.event_type == "terms_reported"  # an account of the letter's terms
        assert viewer.shown.summary.status is Status.LETTER_OF_INTENT
        await pilot.press("down", "down", "down", "down")
        assert viewer.shown.summary.status is Status.SUSPENDED
        await pilot.press("q")

    drive(seeded_events, browse)


def test_t_switches_to_knowledge_time(seeded_events: list) -> None:
    async def switch(viewer: DealViewer, pilot: Pilot) -> None:
        await pilot.press("slash", *"on ice", "enter")
        assert selected(viewer).event.event_type == "deal_suspended"
        world = viewer.shown
        await pilot.press("t")
        assert viewer.axis == KNOWLEDGE
        assert viewer.shown.summary.known_at == selected(viewer).event.reported_at
        assert viewer.shown.summary.as_of == moment("2026-11-22") and world.summary.as_of < viewer.shown.summary.as_of
        await pilot.press("t")
        assert viewer.axis == WORLD

    drive(seeded_events, switch)


def test_search_jumps_to_matches_and_enter_opens_the_event_with_its_quote(seeded_events: list) -> None:
    async def search(viewer: DealViewer, pilot: Pilot) -> None:
        await pilot.press("slash", *"nvidia", "enter")
        first = viewer.selected
        await pilot.press("n")
        assert viewer.selected is not first
        await pilot.press("slash", *"no such words", "enter")
        assert viewer.selected is not first
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(viewer.screen, EventScreen)
        await pilot.press("escape")
        assert not isinstance(viewer.screen, EventScreen)

    drive(seeded_events, search)


def test_the_event_screen_holds_sources_and_verbatim_quotes(seeded_events: list) -> None:
    now = moment("2026-11-22")
    state = project(seeded_events, "nvidia-openai", now, now)
    suspended = next(e for e in state.timeline if e.event.event_type == "deal_suspended")
    output = io.StringIO()
    console = Console(file=output, width=2000, no_color=True, theme=THEME)
    console.print(event_details(suspended))
    text = output.getvalue()
    quotes = [s.quote for s in suspended.event.sources if s.quote]
    assert quotes and all(quote in text for quote in quotes)
    assert "The Wall Street Journal" in text


def test_a_report_about_the_letter_shows_the_state_as_of_the_letter(seeded_events: list) -> None:
    """Article A's account is dated 'September 2025' but is about the 22 Sep letter: the fold weighs it there."""

    async def browse(viewer: DealViewer, pilot: Pilot) -> None:
        await pilot.press("slash", *"account of the September letter", "enter")
        entry = selected(viewer)
        assert entry.event.event_type == "terms_reported" and entry.anchor is not None
        assert viewer.shown.summary.as_of.to_date_string() == "2025-09-22"
        await pilot.press("q")

    drive(seeded_events, browse)


def test_the_viewer_shows_the_deals_candidates_from_the_news_and_c_lists_them(tmp_path) -> None:
    import pendulum

    from tracker.app.news import pending_candidates, read_news
    from tracker.domain.news import Given
    from tracker.tui.app import CandidatesScreen, pending_note

    app = open_app(str(tmp_path / "tracker.db"), clock=lambda: moment("2026-11-22"))
    ingest(app.store, sorted(SEEDS.glob("*.yaml")), app.clock())
    published = pendulum.datetime(2026, 2, 19, 18, tz="Europe/Paris")
    article = str(SEEDS / "articles" / "000_4e08157f431db579.txt")
    read_news(app, [article], Given(publisher="Le Journal", published_at=published, language="fr"))
    pending = pending_candidates(app, "nvidia-openai")
    assert pending
    history = DealHistory("nvidia-openai", app.store.read(["nvidia-openai"]))
    now = moment("2026-11-22")

    async def run() -> None:
        viewer = DealViewer(history, history.state(Cut(now, now)), pending)
        async with viewer.run_test(size=(140, 45)) as pilot:
            output = io.StringIO()
            Console(file=output, width=140, no_color=True, theme=THEME).print(pending_note(pending))
            assert f"{len(pending)} candidate(s) from the news await review" in output.getvalue()
            assert viewer.query_one("#pending").display
            await pilot.press("c")
            await pilot.pause()
            assert isinstance(viewer.screen, CandidatesScreen)
            await pilot.press("escape")
            assert not isinstance(viewer.screen, CandidatesScreen)

    asyncio.run(run())
