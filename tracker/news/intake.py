"""An article becomes pending candidates: extracted and stored in one transaction, once per article.

Shared by `tracker read` and the periodic `tracker ingest --config` run that polls feeds.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pendulum import DateTime
from sqlalchemy import Engine

from tracker.news.article import Article
from tracker.news.extract import EXTRACTOR_VERSION, KnownDeal, extract
from tracker.news.queue import Kept, StoredArticle
from tracker.store.directory import DirectoryEntry
from tracker.store.news import save_article, save_candidates, stored_articles
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
