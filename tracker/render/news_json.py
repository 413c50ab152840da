"""The `--json` documents of news in: articles read with their candidates, the review queue, review counts.

A candidate's terms carry the one money shape of every document (``amount_json``):
exact decimal strings with currency and qualifier, or null with the parser's
reason when it refused the text (the text is kept, never a guess).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from tracker.domain.news import Article, Candidate, CandidateTerm, Kept, RuleCount, StoredArticle, StoredCandidate
from tracker.render.json import amount_json, decimal_text, instant, schema_name

Document = dict[str, Any]


def article_json(article: Article) -> Document:
    return {
        "url": article.url,
        "publisher": article.publisher,
        "published_at": None if article.published_at is None else instant(article.published_at),
        "language": article.language,
    }


def term_json(term: CandidateTerm) -> Document:
    return {
        "name": term.name,
        "text": term.text,
        "amount": None if term.amount is None else amount_json(term.amount),
        "problem": term.problem,
    }


def candidate_json(stored: StoredCandidate) -> Document:
    candidate: Candidate = stored.candidate
    proposed = candidate.proposed_deal
    return {
        "id": stored.id,
        "status": stored.status,
        "deal": candidate.deal,
        "proposed_deal": None
        if proposed is None
        else {
            "slug": proposed.slug,
            "name": proposed.name,
            "kind": proposed.kind,
            "parties": [{"name": name, "role": role} for name, role in proposed.parties],
        },
        "type": candidate.type,
        "second_type": candidate.second_type,
        "rule": candidate.rule,
        "summary": candidate.summary,
        "occurred": {"text": candidate.occurred, "precision": candidate.precision, "expression": candidate.date_text},
        "terms": [term_json(t) for t in candidate.terms],
        "party": candidate.party,
        "quotes": [{"text": q.text, "start": q.start, "end": q.end} for q in candidate.quotes],
        "attribution": candidate.attribution,
        "attributed_to": candidate.attributed_to,
        "cites": list(candidate.cites),
        "confidence": decimal_text(candidate.confidence),
        "flags": list(candidate.flags),
        "article": article_json(stored.article.article),
        "review": {
            "decided_at": None if stored.decided_at is None else instant(stored.decided_at),
            "reason": stored.reason,
            "edited": stored.edited,
            "events": list(stored.event_ids),
        },
    }


def _article_entry(article: StoredArticle, candidates: Iterable[StoredCandidate], new: bool | None) -> Document:
    entry = article_json(article.article) | {
        "title": article.article.title,
        "extractor": article.extractor_version,
        "candidates": [candidate_json(c) for c in candidates],
    }
    return entry if new is None else entry | {"new": new}


def read_document(
    kept: Sequence[Kept], rejected: Sequence[str], unavailable: Sequence[str], not_kept: Sequence[str] = ()
) -> Document:
    """`tracker read --json`: each article read, whether it was new, and its candidates."""
    return {
        "schema": schema_name("read"),
        "articles": [_article_entry(k.article, k.candidates, k.new) for k in kept],
        "rejected": list(rejected),
        "unavailable": list(unavailable),
        "not_kept": list(not_kept),
    }


def review_list_document(candidates: Sequence[StoredCandidate]) -> Document:
    """`tracker review list --json`: the candidates grouped by their article, as `read --json` lists them."""
    by_article: dict[int, list[StoredCandidate]] = {}
    for stored in candidates:
        by_article.setdefault(stored.article.id, []).append(stored)
    return {
        "schema": schema_name("review-list"),
        "articles": [_article_entry(group[0].article, group, None) for group in by_article.values()],
    }


def review_stats_document(counts: Sequence[RuleCount]) -> Document:
    keys = ("pending", "accepted", "edited", "rejected")
    rules: list[Document] = [{"rule": c.rule} | {key: getattr(c, key) for key in keys} for c in counts]
    total = {key: sum(getattr(c, key) for c in counts) for key in keys}
    return {"schema": schema_name("review-stats"), "total": total, "rules": rules}
