"""The review queue's values: an article as stored, a candidate with its review, counts per rule."""

from __future__ import annotations

from dataclasses import dataclass

from pendulum import DateTime

from tracker.news.article import Article
from tracker.news.candidate import Candidate

PENDING, ACCEPTED, REJECTED = "pending", "accepted", "rejected"


@dataclass(frozen=True)
class StoredArticle:
    id: int
    article: Article
    source: str
    extractor_version: str


@dataclass(frozen=True)
class StoredCandidate:
    id: int
    candidate: Candidate
    article: StoredArticle
    status: str
    reason: str | None = None
    edited: bool = False
    decided_at: DateTime | None = None
    event_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class RuleCount:
    rule: str
    pending: int
    accepted: int
    edited: int
    rejected: int


@dataclass(frozen=True)
class Kept:
    """One article read: its candidates, and whether it was new (an article read before adds nothing)."""

    article: StoredArticle
    candidates: tuple[StoredCandidate, ...]
    new: bool
