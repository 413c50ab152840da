"""An article becomes pending candidates: extracted and stored in one transaction, once per article.

Shared by `tracker read` and the periodic `tracker ingest --config` run that polls feeds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from pendulum import DateTime
from sqlalchemy import Engine

from tracker.domain.news import Article, Kept, StoredArticle
from tracker.ingest.http import HostPacer, Politeness
from tracker.news.extract import EXTRACTOR_VERSION, KnownDeal, extract
from tracker.store.directory import DirectoryEntry
from tracker.store.ingestion import remember_validators, validators_for
from tracker.store.news import remember_link, save_article, save_candidates, stored_articles, url_was_read
from tracker.store.news import stored_candidates as _stored_candidates


class Undated(ValueError):
    """An article with no publication date anywhere (page, feed entry, --published-at): its relative
    dates ("jeudi", "in September") cannot be read, so it is refused rather than dated by a guess."""


def known_deals(entries: Iterable[DirectoryEntry]) -> list[KnownDeal]:
    """The deals an article can be about, with their parties and kind, as the deal directory knows them."""
    return [KnownDeal(e.deal, e.name, tuple((p.name, p.role) for p in e.parties), kind=e.kind) for e in entries]


def keep_article(engine: Engine, article: Article, source: str, deals: Sequence[KnownDeal], now: DateTime) -> Kept:
    """Extract and store a new article's candidates; one read before (same URL or same text) adds nothing."""
    if article.published_at is None:
        where = article.url or source
        raise Undated(f"{where}: no publication date on the page or its feed entry: give --published-at")
    candidates = extract(article, deals)
    with engine.begin() as connection:
        article_id = save_article(connection, article, source, EXTRACTOR_VERSION, now)
        if article_id is not None:
            save_candidates(connection, article_id, candidates, now)
    if article_id is None:
        return Kept(StoredArticle(0, article, source, EXTRACTOR_VERSION), (), new=False)
    kept = _stored_candidates(engine, status=None, article_ids=[article_id])
    return Kept(stored_articles(engine, [article_id])[0], tuple(kept), new=True)


@dataclass
class FeedNews:
    """What one poll of a feed brought: a line for the run log, and the entries that could not be used."""

    note: str
    refused: list[str] = field(default_factory=list)  # lasting: rejected once, remembered, not fetched again
    unavailable: list[str] = field(default_factory=list)  # passing: tried again next run


def read_feed_news(
    engine: Engine,
    feed_url: str,
    deals: Callable[[], Sequence[KnownDeal]],
    language: str | None,
    politeness: Politeness,
    pacer: HostPacer,
    clock: Callable[[], DateTime],
) -> FeedNews:
    """Poll a feed once and keep each new article's candidates; a 304 parses nothing and reads no deal."""
    from tracker.news.poll import poll_feed

    poll = poll_feed(
        feed_url, validators_for(engine, feed_url), politeness, pacer, lambda u: url_was_read(engine, u), language
    )
    if poll.not_modified:
        return FeedNews("not modified (304)")
    refused = dict(poll.refused)
    known = deals() if poll.articles else []
    led_to: dict[str, int] = {}
    new = candidates = 0
    for link, article in zip(poll.links, poll.articles, strict=True):
        try:
            kept = keep_article(engine, article, feed_url, known, clock())
        except Undated as error:
            refused[link] = str(error)
            continue
        if kept.article.id:
            led_to[link] = kept.article.id
        new += kept.new
        candidates += len(kept.candidates)
    with engine.begin() as connection:
        for url, reason in refused.items():
            remember_link(connection, url, clock(), refused=reason)
        for url, article_id in led_to.items():
            remember_link(connection, url, clock(), article_id=article_id)
        remember_validators(connection, feed_url, poll.validators, poll.status, clock())
    unavailable = [line for line in poll.problems if line not in poll.refused.values()]
    note = f"{new} new article(s), {candidates} candidate(s) for review, {poll.already_seen} seen before"
    return FeedNews(note, list(refused.values()), unavailable)
