"""A candidate written as a report in the input format: what accepting it sends to the ingest path.

One place turns a candidate into a report, so a candidate can say nothing a
report file could not, and accepting it goes through the same schema,
builders and append as a file.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from tracker.domain.amount_parser import parse_amount
from tracker.domain.amounts import Amount, InvalidAmount, Money, Qualifier, Quantity
from tracker.domain.events import CATALOG, WithTerms
from tracker.domain.news import Article, Candidate, CandidateTerm, Quote
from tracker.domain.term_words import is_term_word


def candidate_report(candidate: Candidate, article: Article) -> dict[str, Any]:
    """The candidate as a report in the input format: accepting it sends exactly this to build_batch.

    Terms keep the article's words when the parser reads them to the same amount; a qualifier the
    parser has no word for ("pourrait s'élever à") goes as a structured amount. A refused amount is
    left out and named in the summary; a date after publication is not a development yet: the report
    is dated by its publication and says what is expected.
    """
    language = article.language or "en"
    report: dict[str, Any] = {"deal": candidate.deal, "type": candidate.type, "language": language}
    occurred, summary = candidate.occurred, candidate.summary
    accepted = {f.name for f in fields(CATALOG[candidate.type])}
    terms = {t.name: _term_value(t, language) for t in candidate.terms if t.amount is not None and not t.replaced}
    terms |= {t.name: t.text for t in candidate.terms if t.is_word}
    if "future_date" in candidate.flags and article.published_at is not None:
        occurred = article.published_at.to_date_string()
        summary = f"{summary} (expected {candidate.occurred})"
        if candidate.type == "deal_closed":
            report["type"], accepted = "terms_reported", {f.name for f in fields(CATALOG["terms_reported"])}
            terms["expected_close"] = candidate.occurred
    report["occurred"] = occurred
    refused = [t for t in candidate.terms if t.amount is None and t.problem]
    replaced = [t for t in candidate.terms if t.replaced]
    if refused:
        summary += " [amounts not read: " + "; ".join(repr(t.text) for t in refused) + "]"
    if replaced:
        summary += " [replaces: " + "; ".join(f"{t.name} {t.text}" for t in replaced) + "]"
    report["summary"] = summary
    _place_terms(report, terms, accepted, candidate.type)
    if "party" in accepted and candidate.party:
        report["party"] = candidate.party
    report.update({k: v for k, v in candidate.extra.items() if k in accepted or k == "participants"})
    report["sources"] = [_source(candidate, article, quote) for quote in candidate.quotes]
    return report


def _source(candidate: Candidate, article: Article, quote: Quote) -> dict[str, Any]:
    source: dict[str, Any] = {
        "publisher": article.publisher or _host(article.url) or "unknown publisher",
        "published_at": article.published_at.isoformat() if article.published_at else candidate.occurred,
        "language": article.language or "en",
        "quote": quote.text,
        "attribution": quote.attribution or candidate.attribution,
    }
    if article.url:
        source["url"] = article.url
    if article.title:
        source["title"] = article.title
    cites = quote.cites or candidate.cites
    if cites:
        source["cites"] = [{"outlet": outlet} for outlet in cites]
    return source


def deal_entry(candidate: Candidate) -> dict[str, Any] | None:
    """The ``deals:`` entry of a proposed new deal, for the same report file; None for a known deal."""
    if candidate.proposed_deal is None:
        return None
    deal = candidate.proposed_deal
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
