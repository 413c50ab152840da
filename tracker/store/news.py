"""The review queue: articles read and the candidates found in them, outside the event log.

Candidates change as a person reviews them, so unlike events they are rows
that are updated; a decision is made once (pending -> accepted or rejected),
and an accepted candidate's event ids point into the log. The stored body is
this module's own encoding of a ``Candidate``, not the public JSON.
"""

from __future__ import annotations

import dataclasses
import hashlib
import types
import typing
from collections.abc import Sequence
from decimal import Decimal
from functools import cache
from typing import Any

from pendulum import DateTime
from sqlalchemy import Connection, Engine, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from tracker.domain.amounts import Money, Quantity
from tracker.domain.news import (
    ACCEPTED,
    PENDING,
    REJECTED,
    Article,
    Candidate,
    RuleCount,
    StoredArticle,
    StoredCandidate,
)
from tracker.store.codec import decode, encode
from tracker.store.tables import news_articles, news_candidates, news_links


def url_key(url: str) -> str:
    """A URL as the review queue files it: itself, or its hash past the 2,000 characters a column holds."""
    return url if len(url) <= 2000 else "sha256:" + hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()


def seen_article(connection: Connection, url: str | None, text_hash: str | None) -> int | None:
    """The id of the article already read under this canonical URL or with this same text, if any."""
    conditions = []
    if url:
        conditions.append(news_articles.c.url == url_key(url))
    if text_hash:
        conditions.append(news_articles.c.text_hash == text_hash)
    if not conditions:
        return None
    row = connection.execute(select(news_articles.c.id).where(or_(*conditions)).limit(1)).first()
    return None if row is None else int(row[0])


def url_was_read(engine: Engine, url: str) -> bool:
    """Read before (as its canonical URL or a feed's link to it), or refused for a reason that will not pass."""
    with engine.connect() as connection:
        known = connection.execute(select(news_links.c.url).where(news_links.c.url == url_key(url))).first()
        return known is not None or seen_article(connection, url, None) is not None


def remember_link(
    connection: Connection, url: str, now: DateTime, *, article_id: int | None = None, refused: str | None = None
) -> None:
    """A feed's link, with the article it led to or why its page could not be used: not fetched again."""
    key = url_key(url)
    if connection.execute(select(news_links.c.url).where(news_links.c.url == key)).first() is None:
        values = {"url": key, "article_id": article_id, "refused": refused, "seen_at": now}
        connection.execute(insert(news_links).values(values))


def save_article(
    connection: Connection, article: Article, source: str, extractor_version: str, now: DateTime
) -> int | None:
    """Store a new article; None when it was read before (same canonical URL or same text): it adds nothing."""
    if seen_article(connection, article.url, article.text_hash) is not None:
        return None
    values = {
        "url": None if article.url is None else url_key(article.url),
        "text_hash": article.text_hash,
        "publisher": article.publisher,
        "published_at": article.published_at,
        "language": article.language,
        "title": article.title,
        "text": article.text,
        "source": source[:2000],
        "extractor_version": extractor_version,
        "read_at": now,
    }
    try:
        with connection.begin_nested():
            return _new_id(connection.execute(insert(news_articles).values(values)).inserted_primary_key)
    except IntegrityError:  # another run stored it between the look and the insert
        return None


def save_candidates(
    connection: Connection, article_id: int, candidates: Sequence[Candidate], now: DateTime
) -> list[int]:
    ids = []
    for candidate in candidates:
        values = {
            "article_id": article_id,
            "deal": candidate.deal,
            "type": candidate.type,
            "rule": candidate.rule[:100],
            "body": _encoded(candidate),
            "status": PENDING,
            "created_at": now,
            "edited": False,
        }
        ids.append(_new_id(connection.execute(insert(news_candidates).values(values)).inserted_primary_key))
    return ids


def _new_id(key: Any) -> int:
    assert key is not None
    return int(key[0])


def _encoded(candidate: Candidate) -> dict[str, Any]:
    """Every field, None included (a term's refused amount is a None that says something)."""
    body = {f.name: _plain(getattr(candidate, f.name)) for f in dataclasses.fields(candidate)}
    return body | {"extra": dict(candidate.extra)}


def _plain(value: object) -> Any:
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if isinstance(value, Money | Quantity):
        return encode(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Decimal):
        return str(value)
    return value


def _decoded(body: dict[str, Any]) -> Candidate:
    """Fields the stored body lacks (added to candidates since) take their defaults; unknown ones are dropped."""
    hints = _hints(Candidate)
    fields = {name: _typed(hints[name], value) for name, value in body.items() if name in hints and name != "extra"}
    return Candidate(**fields, extra=dict(body.get("extra") or {}))


def _typed(hint: Any, raw: Any) -> Any:
    if raw is None:
        return None
    options = [o for o in typing.get_args(hint) if o is not type(None)] if _is_union(hint) else [hint]
    if any(o in (Money, Quantity) for o in options):
        return decode(Money | Quantity | None, raw)
    kind = options[0]
    if typing.get_origin(kind) is tuple:
        item = typing.get_args(kind)[0]
        return tuple(_typed(item, x) for x in raw)
    if dataclasses.is_dataclass(kind):
        inner = _hints(kind)  # type: ignore[arg-type]
        return kind(**{k: _typed(inner[k], v) for k, v in raw.items() if k in inner})  # type: ignore[operator]
    if kind is Decimal:
        return Decimal(raw)
    return raw


def _is_union(hint: Any) -> bool:
    return typing.get_origin(hint) in (typing.Union, types.UnionType)


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def stored_candidates(
    engine: Engine,
    *,
    status: str | None = PENDING,
    deal: str | None = None,
    ids: Sequence[int] | None = None,
    article_ids: Sequence[int] | None = None,
) -> list[StoredCandidate]:
    """Candidates with their articles, oldest article first, in the order they were found."""
    query = select(news_candidates, *_article_columns()).join(
        news_articles, news_articles.c.id == news_candidates.c.article_id
    )
    if status is not None:
        query = query.where(news_candidates.c.status == status)
    if deal is not None:
        query = query.where(news_candidates.c.deal == deal)
    if ids is not None:
        query = query.where(news_candidates.c.id.in_(list(ids)))
    if article_ids is not None:
        query = query.where(news_candidates.c.article_id.in_(list(article_ids)))
    with engine.connect() as connection:
        rows = connection.execute(query.order_by(news_candidates.c.id)).mappings().all()
    return [_candidate_of(row) for row in rows]


def stored_articles(engine: Engine, ids: Sequence[int]) -> list[StoredArticle]:
    query = select(*_article_columns()).where(news_articles.c.id.in_(list(ids))).order_by(news_articles.c.id)
    with engine.connect() as connection:
        return [_article_of(row) for row in connection.execute(query).mappings()]


def _article_columns() -> list[Any]:
    names = ("id", "url", "publisher", "published_at", "language", "title", "text", "source", "extractor_version")
    return [news_articles.c[name].label(f"a_{name}") for name in names]


def _article_of(row: Any) -> StoredArticle:
    article = Article(
        text=row["a_text"],
        url=row["a_url"],
        publisher=row["a_publisher"],
        published_at=row["a_published_at"],
        language=row["a_language"],
        title=row["a_title"],
    )
    return StoredArticle(row["a_id"], article, row["a_source"], row["a_extractor_version"])


def _candidate_of(row: Any) -> StoredCandidate:
    return StoredCandidate(
        id=row["id"],
        candidate=_decoded(row["body"]),
        article=_article_of(row),
        status=row["status"],
        reason=row["reason"],
        edited=bool(row["edited"]),
        decided_at=row["decided_at"],
        event_ids=tuple(row["event_ids"] or ()),
    )


def decide(
    connection: Connection,
    candidate_id: int,
    status: str,
    now: DateTime,
    *,
    reason: str | None = None,
    edited: bool = False,
    event_ids: Sequence[str] = (),
) -> bool:
    """Record a person's decision; False when the candidate was no longer pending (decided elsewhere)."""
    done = connection.execute(
        update(news_candidates)
        .where(news_candidates.c.id == candidate_id, news_candidates.c.status == PENDING)
        .values(status=status, decided_at=now, reason=reason, edited=edited, event_ids=list(event_ids) or None)
    )
    return bool(done.rowcount)


def review_counts(engine: Engine) -> list[RuleCount]:
    """Per rule: how many candidates wait, were accepted (of which edited) or rejected."""
    c = news_candidates.c
    query = select(c.rule, c.status, c.edited, func.count()).group_by(c.rule, c.status, c.edited).order_by(c.rule)
    counts: dict[str, dict[str, int]] = {}
    with engine.connect() as connection:
        for rule, status, edited, number in connection.execute(query):
            tally = counts.setdefault(rule, {PENDING: 0, ACCEPTED: 0, REJECTED: 0, "edited": 0})
            tally[status] = tally.get(status, 0) + number
            if edited and status == ACCEPTED:
                tally["edited"] += number
    return [RuleCount(rule, t[PENDING], t[ACCEPTED], t["edited"], t[REJECTED]) for rule, t in counts.items()]
