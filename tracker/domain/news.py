"""News in, as values: an article read, the candidate developments found in it, their review.

A candidate is never an event: it is what the extractor proposes and a person
decides on. These values carry no rule; the extraction rules are in
``tracker/news``, the review queue's storage in ``tracker/store/news.py``.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from pendulum import DateTime

from tracker.domain.amounts import Money, Quantity
from tracker.domain.term_words import is_term_word


@dataclass(frozen=True)
class Given:
    """What the person says of an input, overriding what the page says (``tracker read --publisher`` ...)."""

    url: str | None = None
    publisher: str | None = None
    published_at: DateTime | None = None  # timezone-aware
    language: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class Article:
    """The main text of one article with its metadata; offsets of quotes are offsets into ``text``."""

    text: str
    url: str | None = None  # canonical, without tracking parameters, when known
    publisher: str | None = None
    published_at: DateTime | None = None  # timezone-aware, in the publisher's zone when the page says it
    language: str | None = None  # "fr" or "en"
    title: str | None = None

    @property
    def text_hash(self) -> str:
        """Same words, same hash: an article seen again under another URL adds nothing."""
        return text_hash(self.text)


def text_hash(text: str) -> str:
    folded = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Quote:
    """A sentence of the article, verbatim: ``article.text[start:end] == text``."""

    text: str
    start: int
    end: int
    cites: tuple[str, ...] = ()  # outlets this sentence cites
    attribution: str | None = None  # this sentence's own attribution, when it differs from the candidate's


@dataclass(frozen=True)
class CandidateTerm:
    """An amount the sentence states: ``amount`` is None when the parser refused it (then flagged, never guessed)."""

    name: str  # what it is: investment, round_size, valuation, price_per_share, ... or "amount" when unsaid
    text: str  # verbatim, as the article writes it, qualifier included ("jusqu'à 100 milliards de dollars")
    amount: Money | Quantity | None
    problem: str | None = None  # why the parser refused it
    start: int | None = None  # offsets into the article's text
    end: int | None = None
    replaced: bool = False  # a term of what this development replaces: told in the summary, not a term of it

    @property
    def is_word(self) -> bool:
        """A listed word of the deal's form or payment ('prise de participation', 'all-cash'), not an amount."""
        return self.amount is None and self.problem is None and is_term_word(self.text)


@dataclass(frozen=True)
class ProposedDeal:
    """An article about a deal the tracker does not know proposes one with its parties."""

    slug: str
    name: str
    parties: tuple[tuple[str, str], ...]  # (name, role)
    kind: str = "acquisition"


@dataclass(frozen=True)
class Candidate:
    deal: str  # a known deal's slug, or the proposed deal's
    type: str  # a report type of the catalogue
    rule: str  # the rule that fired, e.g. "fr.stake.participation"
    occurred: str  # EDTF, e.g. "2026-02", "2026-02-19", "2025-09?"
    precision: str  # day, month, quarter, half, year
    summary: str
    quotes: tuple[Quote, ...]
    date_text: str | None = None  # the expression read ("en septembre", "jeudi"), None when the publication date
    second_type: str | None = None  # the runner-up when close
    terms: tuple[CandidateTerm, ...] = ()
    attribution: str = "reported"  # confirmed, reported, unconfirmed, denied (the report format's words)
    attributed_to: str | None = None  # "outlet", "anonymous", "party", None when the article says nothing
    cites: tuple[str, ...] = ()  # outlets the sentences cite
    party: str | None = None  # for types about one party (participants, statements, denials)
    confidence: Decimal = Decimal("0.5")  # 0..1, two places
    flags: tuple[str, ...] = ()  # guessed_date, future_date, unparsed_amount, conditional, new_deal, ...
    proposed_deal: ProposedDeal | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # other report fields the type takes (stage, binding...)


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
