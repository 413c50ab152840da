"""A candidate development: what the extractor proposes from an article, before a person decides.

A candidate is never an event. ``as_report`` writes it in the report input
format, so accepting it goes through the same validation and ingest path as a file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from tracker.domain.amounts import Money, Quantity


@dataclass(frozen=True)
class Quote:
    """A sentence of the article, verbatim: ``article.text[start:end] == text``."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class CandidateTerm:
    """An amount the sentence states: ``amount`` is None when the parser refused it (then flagged, never guessed)."""

    name: str  # what it is: investment, round_size, valuation, price_per_share, ... or "amount" when unsaid
    text: str  # verbatim, as the article writes it, qualifier included ("jusqu'à 100 milliards de dollars")
    amount: Money | Quantity | None
    problem: str | None = None  # why the parser refused it


@dataclass(frozen=True)
class ProposedDeal:
    """An article about a deal the tracker does not know proposes one with its parties."""

    slug: str
    name: str
    parties: tuple[tuple[str, str], ...]  # (name, role)


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
