"""A candidate development: what the extractor proposes from an article, before a person decides.

A candidate is never an event. ``as_report`` writes it in the report input
format, so accepting it goes through the same validation and ingest path as a file.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from tracker.domain.amount_parser import parse_amount
from tracker.domain.amounts import Amount, InvalidAmount, Money, Qualifier, Quantity
from tracker.domain.events import CATALOG, WithTerms
from tracker.domain.term_words import is_term_word

if TYPE_CHECKING:
    from tracker.news.article import Article


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

    def as_report(self, article: Article) -> dict[str, Any]:
        """The candidate as a report in the input format: accepting it sends exactly this to build_batch.

        Terms keep the article's words when the parser reads them to the same amount; a qualifier the
        parser has no word for ("pourrait s'élever à") goes as a structured amount. A refused amount is
        left out and named in the summary; a date after publication is not a development yet: the report
        is dated by its publication and says what is expected.
        """
        language = article.language or "en"
        report: dict[str, Any] = {"deal": self.deal, "type": self.type, "language": language}
        occurred, summary = self.occurred, self.summary
        accepted = {f.name for f in fields(CATALOG[self.type])}
        terms = {t.name: _term_value(t, language) for t in self.terms if t.amount is not None and not t.replaced}
        terms |= {t.name: t.text for t in self.terms if t.is_word}
        if "future_date" in self.flags and article.published_at is not None:
            occurred = article.published_at.to_date_string()
            summary = f"{summary} (expected {self.occurred})"
            if self.type == "deal_closed":
                report["type"], accepted = "terms_reported", {f.name for f in fields(CATALOG["terms_reported"])}
                terms["expected_close"] = self.occurred
        report["occurred"] = occurred
        refused = [t for t in self.terms if t.amount is None and t.problem]
        replaced = [t for t in self.terms if t.replaced]
        if refused:
            summary += " [amounts not read: " + "; ".join(repr(t.text) for t in refused) + "]"
        if replaced:
            summary += " [replaces: " + "; ".join(f"{t.name} {t.text}" for t in replaced) + "]"
        report["summary"] = summary
        _place_terms(report, terms, accepted, self.type)
        if "party" in accepted and self.party:
            report["party"] = self.party
        report.update({k: v for k, v in self.extra.items() if k in accepted or k == "participants"})
        report["sources"] = [self._source(article, quote) for quote in self.quotes]
        return report

    def _source(self, article: Article, quote: Quote) -> dict[str, Any]:
        source: dict[str, Any] = {
            "publisher": article.publisher or _host(article.url) or "unknown publisher",
            "published_at": article.published_at.isoformat() if article.published_at else self.occurred,
            "language": article.language or "en",
            "quote": quote.text,
            "attribution": quote.attribution or self.attribution,
        }
        if article.url:
            source["url"] = article.url
        if article.title:
            source["title"] = article.title
        cites = quote.cites or self.cites
        if cites:
            source["cites"] = [{"outlet": outlet} for outlet in cites]
        return source

    def deal_entry(self) -> dict[str, Any] | None:
        """The ``deals:`` entry of a proposed new deal, for the same report file; None for a known deal."""
        if self.proposed_deal is None:
            return None
        deal = self.proposed_deal
        return {
            "slug": deal.slug,
            "name": deal.name,
            "kind": deal.kind,
            "parties": [{"name": name, "role": role} for name, role in deal.parties],
        }


def _place_terms(report: dict[str, Any], terms: dict[str, Any], accepted: set[str], kind: str) -> None:
    """Terms where the type keeps them: ``terms``, a context's ``figures``, a participant's ``amount``."""
    if not terms:
        return
    if issubclass(CATALOG[kind], WithTerms):
        report["terms"] = terms
    elif "figures" in accepted:
        report["figures"] = {k: v for k, v in terms.items() if not isinstance(v, str) or not is_term_word(v)}
    elif "amount" in accepted:
        money = [v for k, v in terms.items() if k != "form"]
        if money:
            report["amount"] = money[0]
    elif "fee" in accepted and "fee" in terms:
        report["fee"] = terms["fee"]
    if "figures" in report and not report["figures"]:
        del report["figures"]


def _term_value(term: CandidateTerm, language: str) -> str | dict[str, Any]:
    """The article's words when they read as the same amount, else the amount structured."""
    amount = term.amount
    assert amount is not None
    try:
        if parse_amount(term.text, language).same_claim(amount):
            return term.text
    except InvalidAmount:
        pass
    return structured(amount)


def structured(amount: Amount) -> dict[str, Any]:
    out: dict[str, Any] = {"qualifier": amount.qualifier.value}
    if amount.qualifier is Qualifier.RANGE:
        out["low"], out["high"] = str(amount.low), str(amount.high)
    else:
        out["value"] = format(amount.value, "f")
    if isinstance(amount, Money):
        out["currency"] = amount.currency
        if amount.per:
            out["per"] = amount.per
    elif isinstance(amount, Quantity):
        out["unit"] = amount.unit
    return out


def _host(url: str | None) -> str | None:
    if not url:
        return None
    from urllib.parse import urlsplit

    return urlsplit(url).hostname
