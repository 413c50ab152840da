"""An article becomes pending candidates: extracted and stored in one transaction, once per article.

Shared by `tracker read` and the periodic `tracker ingest --config` run that polls feeds.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field

from pendulum import DateTime
from sqlalchemy import Engine

from tracker.domain.news import Article, Kept
from tracker.ingest.http import HostPacer, Politeness
from tracker.news.extract import EXTRACTOR_VERSION, KnownDeal, extract
from tracker.store.checkpoints import write_transaction
from tracker.store.current import DirectoryEntry
from tracker.store.ingestion import remember_validators, validators_for
from tracker.store.news import (
    remember_link,
    save_article,
    save_candidates,
    seen_article,
    stored_articles,
    url_was_read,
)
from tracker.store.news import stored_candidates as _stored_candidates


class Undated(ValueError):
    """An article with no publication date anywhere (page, feed entry, --published-at): its relative
    dates ("jeudi", "in September") cannot be read, so it is refused rather than dated by a guess."""


def known_deals(entries: Iterable[DirectoryEntry]) -> list[KnownDeal]:
    """The deals an article can be about, with their parties and kind, as the deal directory knows them."""
    return [KnownDeal(e.deal, e.name, tuple((p.name, p.role) for p in e.parties), kind=e.kind) for e in entries]


def keep_article(
    engine: Engine,
    article: Article,
    source: str,
    deals: Sequence[KnownDeal],
    now: DateTime,
    only: Collection[str] = (),
) -> Kept | None:
    """Extract and store a new article's candidates; one read before (same URL or same text) adds nothing.

    ``only`` names the deals the person reads for (`--deal`, a feed's ``deals``): an article with no
    development of them is not kept at all (None), so nothing of it is lost for a later read; one that has
    is kept whole, with what it says of every tracked deal, and proposes no new deal.
    """
    if article.published_at is None:
        where = article.url or source
        raise Undated(f"{where}: no publication date on the page or its feed entry: give --published-at")
    candidates = extract(article, deals)
    if only:
        candidates = [c for c in candidates if c.proposed_deal is None]
        if not any(c.deal in only for c in candidates):
            return None
    with write_transaction(engine) as connection:
        article_id = save_article(connection, article, source, EXTRACTOR_VERSION, now)
        if article_id is not None:
            save_candidates(connection, article_id, candidates, now)
    if article_id is None:
        with engine.connect() as connection:
            earlier = seen_article(connection, article.url, article.text_hash)
        assert earlier is not None  # it was there a moment ago, and articles are never deleted
        return Kept(stored_articles(engine, [earlier])[0], (), new=False)
    kept = _stored_candidates(engine, status=None, article_ids=[article_id])
    return Kept(stored_articles(engine, [article_id])[0], tuple(kept), new=True)


@dataclass
class FeedNews:
    """What one poll of a feed brought: a line for the run log, and the entries that could not be used."""

    note: str
    articles: int = 0  # new articles kept
    candidates: int = 0  # their candidates, waiting for review
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
    only: Collection[str] = (),
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
    new = candidates = outside = 0
    for link, article in zip(poll.links, poll.articles, strict=True):
        try:
            kept = keep_article(engine, article, feed_url, known, clock(), only)
        except Undated as error:
            refused[link] = str(error)
            continue
        if kept is None:  # remembered, not rejected: the link is not fetched again, the article stays unread
            outside += 1
            with write_transaction(engine) as connection:
                remember_link(connection, link, clock(), refused=f"no development of {', '.join(only)}")
            continue
        led_to[link] = kept.article.id
        new += kept.new
        candidates += len(kept.candidates)
    with write_transaction(engine) as connection:
        for url, reason in refused.items():
            remember_link(connection, url, clock(), refused=reason)
        for url, article_id in led_to.items():
            remember_link(connection, url, clock(), article_id=article_id)
        for url in poll.known_links:
            remember_link(connection, url, clock())
        if not poll.unavailable:  # else the feed is asked in full next time, so those pages are tried again
            remember_validators(connection, feed_url, poll.validators, poll.status, clock())
    note = f"{new} new article(s), {candidates} candidate(s) for review, {poll.already_seen} seen before"
    if outside:
        note += f", {outside} about other deals (not kept)"
    return FeedNews(note, new, candidates, list(refused.values()), list(poll.unavailable))
