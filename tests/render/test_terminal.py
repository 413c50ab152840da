"""Untrusted text stays words in every command and every export.

The events are appended straight to a real store, past the ingestion that
would have cleaned them, so these tests prove the renderers' own defences.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import re
from decimal import Decimal

import pytest
from click.testing import CliRunner

from tests.builders import make, source, terms
from tracker.bootstrap import open_app
from tracker.cli.main import cli
from tracker.domain.amounts import Qualifier, Quantity
from tracker.domain.events import DealDescribed, DealSuspended, LetterOfIntentSigned, Term, TermsReported
from tracker.domain.fold import project
from tracker.store.eventstore import NewEvent

MARKUP = [
    "[red]x[/red]",
    "[link=http://evil.example]click[/link]",
    "[@click=app.quit]x",
    "[x](http://evil.example)",
    "<script>alert(1)</script>",
    '=HYPERLINK("http://evil.example")',
]
ESCAPES = [
    "\x1b[2J cleared",
    "\x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\",
    "\x1b[10;10H moved",
    "\u202eevil\u202c",
    "bell\x07 and \x9b31m C1",
]
TERMINAL_CONTROL = ("\x1b[2J", "\x1b]8;", "\x1b[10;10H", "\x07", "\x9b", "\u202e")
DEAL = "acme-widget"
AT = ["--as-of", "2026-11-22", "--known-at", "2026-11-22"]


def hostile_events(text: str) -> list:
    evil = source(publisher=text, title=text, quote=text, url="http://example.org/a")
    compute = Term("compute", Quantity(qualifier=Qualifier.EXACTLY, value=Decimal(10), unit=text))
    loi = make(
        LetterOfIntentSigned, summary=text, terms=(*terms(investment="up to $100 billion"), compute), sources=(evil,)
    )
    return [
        make(DealDescribed, None, name=text, sources=()),
        loi,
        make(
            TermsReported,
            "2025-09",
            "2026-02-19",
            summary=text,
            terms=terms(investment="$10 billion"),
            regarding=loi.event_id,
            sources=(evil,),
        ),
        make(DealSuspended, "2026-01", "2026-01-30", summary=text, sources=(evil,)),
    ]


@pytest.fixture(params=MARKUP + ESCAPES, ids=lambda t: repr(t)[:24])
def hostile_db(request: pytest.FixtureRequest, sqlite_url: str) -> tuple[str, str]:
    store = open_app(sqlite_url).store
    store.append([NewEvent(e, f"hostile-{i}") for i, e in enumerate(hostile_events(request.param))])
    return sqlite_url, request.param


def run(url: str, *args: str, colour: bool = False) -> str:
    env = {"COLUMNS": "100"} | ({"FORCE_COLOR": "1", "TTY_COMPATIBLE": "1"} if colour else {"NO_COLOR": "1"})
    result = CliRunner().invoke(cli, [*args, "--db", url], env=env)
    assert result.exit_code == 0, result.output
    return result.stdout


TEXT_VIEWS = [
    ["timeline", DEAL, *AT],
    ["timeline", DEAL, "--as-of", "2025-10-01", "--show-later"],
    ["state", DEAL, *AT],
    ["state", DEAL, "--summary", *AT],
    ["deals", *AT],
    ["diff", DEAL, "--from", "2025-01-01", "--to", "2026-11-22"],
    ["chart", DEAL, *AT],
]


@pytest.mark.parametrize("args", TEXT_VIEWS, ids=lambda a: "-".join(a[:3] if "--summary" in a else a[:2]))
def test_terminal_views_print_markup_literally_and_no_control_codes(hostile_db: tuple[str, str], args) -> None:
    url, text = hostile_db
    plain = run(url, *args)
    coloured = run(url, *args, colour=True)
    assert not any(code in out for code in TERMINAL_CONTROL for out in (plain, coloured))
    assert "\x1b" not in plain
    if text in MARKUP and args[0] != "deals":
        assert text in plain.replace("\n", "")


def test_markdown_escapes_links_and_html(hostile_db: tuple[str, str]) -> None:
    url, _ = hostile_db
    for command in ("timeline", "state"):
        out = run(url, command, DEAL, *AT, "--format", "markdown")
        assert not re.search(r"(?<!\\)[<\[\]]", out), "an unescaped < [ or ] could become a tag or a link"
        assert not any(code in out for code in TERMINAL_CONTROL)


@pytest.mark.parametrize("kind", ["html", "svg"])
def test_html_and_svg_escape_tags(hostile_db: tuple[str, str], kind: str) -> None:
    url, text = hostile_db
    for command in ("timeline", "state"):
        out = run(url, command, DEAL, *AT, "--format", kind)
        assert "<script>" not in out and "\x1b" not in out and "\u202e" not in out
        if text.startswith("<script>"):
            assert "&lt;script&gt;" in out or "&#60;script&#62;" in out


def test_csv_cells_never_start_a_formula(hostile_db: tuple[str, str]) -> None:
    url, _ = hostile_db
    for command in ("timeline", "state"):
        rows = list(csv.reader(io.StringIO(run(url, command, DEAL, *AT, "--format", "csv"))))
        assert all(not cell.startswith(("=", "+", "@")) for row in rows[1:] for cell in row)


def test_timelinejs_escapes_html_and_keeps_json_valid(hostile_db: tuple[str, str]) -> None:
    url, _ = hostile_db
    document = json.loads(run(url, "timeline", DEAL, *AT, "--format", "timelinejs"))
    blob = json.dumps(document, ensure_ascii=False)
    assert "<script>" not in blob and "\x1b" not in blob and "\u202e" not in blob


def test_json_keeps_the_text_as_data(hostile_db: tuple[str, str]) -> None:
    url, text = hostile_db
    state = json.loads(run(url, "state", DEAL, *AT, "--json"))
    if text in MARKUP:
        assert state["name"] == text


@pytest.mark.parametrize("text", MARKUP + ESCAPES[:1], ids=lambda t: repr(t)[:24])
def test_the_interactive_view_shows_hostile_titles_as_words(text: str) -> None:
    pytest.importorskip("textual")
    from tracker.app.queries import DealHistory
    from tracker.tui.app import DealViewer, entry_label, event_details

    events = hostile_events(text)
    state = project(events, DEAL, events[-1].reported_at.add(days=1), events[-1].reported_at.add(days=1))

    async def browse() -> None:
        viewer = DealViewer(DealHistory(DEAL, events), state)
        async with viewer.run_test(size=(120, 40)) as pilot:
            await pilot.press("k", "enter")
            await pilot.pause()
            assert type(viewer.screen).__name__ == "EventScreen"
            await pilot.press("escape")
            assert viewer.is_running

    asyncio.run(browse())
    for entry in state.timeline:
        assert "\x1b" not in entry_label(entry).plain
        if text in MARKUP:
            assert text in entry_label(entry).plain
    assert "\x1b" not in str(event_details(state.timeline[0]))
