"""What a page wrote stays words on the terminal: candidates, quotes, titles and publishers are never markup."""

from __future__ import annotations

import io
from decimal import Decimal

import pendulum
from rich.console import Console

from tracker.domain.amount_parser import parse_amount
from tracker.domain.news import Article, Candidate, CandidateTerm, Quote, RuleCount, StoredArticle, StoredCandidate
from tracker.render.news import candidate_card, queue_listing, stats_table
from tracker.render.theme import THEME

HOSTILE = (
    "[bold red]Nvidia[/] \x1b[31mrachète\x1b[0m \x1b]8;;https://evil.example\x07OpenAI\x1b]8;;\x07 [@click=app.quit]x"
)


def shown(renderable: object) -> str:
    out = io.StringIO()
    console = Console(file=out, width=100, force_terminal=True, color_system="truecolor", _environ={}, theme=THEME)
    console.print(renderable)
    return out.getvalue()


def hostile_candidate() -> StoredCandidate:
    article = Article(HOSTILE, "https://x.example/a", HOSTILE, pendulum.datetime(2026, 2, 19, tz="UTC"), "fr", HOSTILE)
    candidate = Candidate(
        deal="nvidia-openai",
        type="terms_reported",
        rule="fr.test",
        occurred="2026-02",
        precision="month",
        summary=HOSTILE,
        quotes=(Quote(HOSTILE, 0, len(HOSTILE)),),
        terms=(CandidateTerm("investment", "30 milliards de dollars", parse_amount("30 milliards de dollars", "fr")),),
        cites=(HOSTILE,),
        confidence=Decimal("0.80"),
    )
    return StoredCandidate(7, candidate, StoredArticle(3, article, "page.html", "rules-test"), "pending")


def test_a_candidate_card_shows_the_pages_words_and_nothing_they_could_do() -> None:
    text = shown(candidate_card(hostile_candidate()))
    assert "[bold red]Nvidia[/]" in text and "[@click=app.quit]x" in text
    assert "\x1b[31mrach" not in text and "\x1b]8;;" not in text and "\x07" not in text
    assert "investment $30B" in text and "#7 for nvidia-openai" in text


def test_the_queue_and_the_counts_render_plainly() -> None:
    listing = shown(queue_listing([hostile_candidate()]))
    assert "[bold red]Nvidia[/]" in listing and "\x1b]8;;" not in listing
    assert "No candidate waits for review." in shown(queue_listing([]))
    table = shown(stats_table([RuleCount("fr.test", 1, 2, 1, 3)]))
    assert "fr.test" in table and "all" in table
