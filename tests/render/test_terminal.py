"""Rendering: hostile text prints literally, with colour or without."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from tests.builders import make, moment, source, terms
from tracker.domain.events import DealDescribed, DealSuspended, LetterOfIntentSigned, TermsReported
from tracker.domain.fold import project
from tracker.domain.text import clean_text
from tracker.render.factbox import fact_box
from tracker.render.lists import deals_table
from tracker.render.theme import THEME
from tracker.render.timeline import TimelineView

HOSTILE = [
    "[red]x[/red]",
    "[link=http://evil.example]click[/link]",
    "[@click=app.quit]x",
    clean_text("\x1b[2J\x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\ \x1b[10;10H moved"),
]


def render(renderable, color: bool = True, width: int = 80) -> str:
    console = Console(file=io.StringIO(), width=width, force_terminal=color, no_color=not color, theme=THEME,
                      _environ={})
    console.print(renderable)
    return console.file.getvalue()


def hostile_state(text: str):
    evil_source = source(publisher=text, title=text, quote=text)
    loi = make(LetterOfIntentSigned, summary=text, terms=terms(investment="up to $100 billion"), sources=(evil_source,))
    events = [
        make(DealDescribed, None, name=text, sources=()),
        loi,
        make(TermsReported, "2025-09", "2026-02-19", summary=text, terms=terms(investment="$10 billion"),
             regarding=loi.event_id),
        make(DealSuspended, "2026-01", "2026-01-30", summary=text),
    ]
    return project(events, "acme-widget", moment("2026-11-22"), moment("2026-11-22"))


@pytest.mark.parametrize("text", HOSTILE)
@pytest.mark.parametrize("view", [lambda s: TimelineView(s, s.timeline), fact_box, lambda s: deals_table([s])], ids=["timeline", "state", "deals"])
def test_untrusted_text_is_never_markup_or_terminal_control(text: str, view) -> None:
    plain = render(view(hostile_state(text)), color=False, width=200)
    coloured = render(view(hostile_state(text)), color=True)
    assert "\x1b" not in plain
    assert "\x1b]8;" not in coloured and "\x1b[2J" not in coloured and "\x1b[10;10H" not in coloured
    assert text in plain


def test_the_state_box_flags_the_conflict_and_names_both_sources() -> None:
    text = render(fact_box(hostile_state("Acme buys Widget")), color=False)
    assert "⚠ Disputed" in text and "up to $100B" in text and "$10B" in text
    assert "suspended" in text
