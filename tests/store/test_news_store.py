"""The review queue on each database: an article is kept once, candidates round-trip, a decision is made once."""

from __future__ import annotations

from decimal import Decimal

import pendulum
import pytest
from sqlalchemy import Engine, func, select

from tracker.domain.amount_parser import parse_amount
from tracker.domain.news import ACCEPTED, PENDING, REJECTED, Article, Candidate, CandidateTerm, ProposedDeal, Quote
from tracker.store.news import (
    decide,
    remember_link,
    review_counts,
    save_article,
    save_candidates,
    stored_candidates,
    url_was_read,
)
from tracker.store.tables import events

NOW = pendulum.datetime(2026, 2, 20, 8, 0, tz="UTC")
TEXT = "Nvidia est sur le point d’achever un investissement de 30 milliards de dollars dans OpenAI."


def article(text: str = TEXT, url: str | None = "https://news.example/a") -> Article:
    published = pendulum.datetime(2026, 2, 19, 18, 30, tz="Europe/Paris")
    return Article(text, url, "Le Journal", published, "fr", "Nvidia et OpenAI")


def candidate(rule: str = "fr.stake", **changes: object) -> Candidate:
    values: dict[str, object] = {
        "deal": "nvidia-openai",
        "type": "terms_reported",
        "rule": rule,
        "occurred": "2026-02-19",
        "precision": "day",
        "summary": "Nvidia is about to invest $30B in OpenAI",
        "quotes": (Quote(TEXT, 0, len(TEXT)),),
        "terms": (
            CandidateTerm("investment", "30 milliards de dollars", parse_amount("30 milliards de dollars", "fr")),
            CandidateTerm("amount", "trente-douze", None, "not a number"),
        ),
        "cites": ("Financial Times",),
        "confidence": Decimal("0.85"),
        "flags": ("unparsed_amount",),
        "extra": {"stage": "in_talks", "binding": False},
    }
    return Candidate(**(values | changes))  # type: ignore[arg-type]


def keep(engine: Engine, a: Article, *candidates: Candidate) -> int | None:
    with engine.begin() as connection:
        article_id = save_article(connection, a, "page.html", "rules-test", NOW)
        if article_id is not None:
            save_candidates(connection, article_id, candidates, NOW)
    return article_id


def test_a_candidate_round_trips_with_its_article(engine: Engine) -> None:
    proposed = ProposedDeal("acme-beta", "Acme–Beta acquisition", (("Acme", "acquirer"), ("Beta", "target")))
    keep(engine, article(), candidate(), candidate("en.new_deal", proposed_deal=proposed, deal="acme-beta"))
    first, second = stored_candidates(engine)
    assert first.candidate == candidate()
    assert second.candidate.proposed_deal == proposed
    assert first.status == PENDING and first.article.article.published_at == pendulum.datetime(2026, 2, 19, 17, 30)
    assert first.article.article.text == TEXT and first.article.extractor_version == "rules-test"


def test_an_article_is_kept_once_by_canonical_url_or_by_text(engine: Engine) -> None:
    assert keep(engine, article(), candidate()) is not None
    assert keep(engine, article(url="https://news.example/a"), candidate()) is None  # same URL
    assert keep(engine, article(url="https://mirror.example/copy"), candidate()) is None  # same text elsewhere
    assert keep(engine, article(text="  " + TEXT.replace(" ", "\n  ") + " "), candidate()) is None  # same words
    assert keep(engine, article(text=TEXT + " Autre phrase.", url=None), candidate()) is not None
    assert len(stored_candidates(engine)) == 2


def test_a_decision_is_made_once_and_never_touches_the_log(engine: Engine) -> None:
    keep(engine, article(), candidate(), candidate("fr.other"))
    first, second = stored_candidates(engine)
    with engine.begin() as connection:
        assert decide(connection, first.id, REJECTED, NOW, reason="not this deal")
        assert not decide(connection, first.id, ACCEPTED, NOW)  # already decided
        assert decide(connection, second.id, ACCEPTED, NOW, edited=True, event_ids=["e1"])
    assert stored_candidates(engine) == []
    rejected, accepted = stored_candidates(engine, status=None)
    assert (rejected.status, rejected.reason) == (REJECTED, "not this deal")
    assert (accepted.status, accepted.edited, accepted.event_ids) == (ACCEPTED, True, ("e1",))
    counts = {c.rule: (c.pending, c.accepted, c.edited, c.rejected) for c in review_counts(engine)}
    assert counts == {"fr.stake": (0, 0, 0, 1), "fr.other": (0, 1, 1, 0)}
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(events)) == 0


@pytest.mark.parametrize("deal", ["nvidia-openai", None])
def test_candidates_filter_by_deal(engine: Engine, deal: str | None) -> None:
    keep(engine, article(), candidate(), candidate(deal="amazon-openai"))
    found = stored_candidates(engine, deal=deal)
    assert {c.candidate.deal for c in found} == ({"nvidia-openai"} if deal else {"nvidia-openai", "amazon-openai"})


def test_a_feeds_link_is_remembered_whether_it_led_to_an_article_or_was_refused(engine: Engine) -> None:
    article_id = keep(engine, article(url="https://news.example/canonical"), candidate())
    assert not url_was_read(engine, "https://feed.example/item?id=1")
    with engine.begin() as connection:
        remember_link(connection, "https://feed.example/item?id=1", NOW, article_id=article_id)
        remember_link(connection, "https://news.example/de", NOW, refused="in German: expected fr or en")
        remember_link(connection, "https://news.example/de", NOW, refused="again")
    assert url_was_read(engine, "https://feed.example/item?id=1") and url_was_read(engine, "https://news.example/de")
    assert url_was_read(engine, "https://news.example/canonical")
