#!/usr/bin/env python3
"""Measure the news extractor against reference reports (a benchmark, not a test).

    python scripts/bench_news.py            # the seed articles and the HTML corpus, a table
    python scripts/bench_news.py --json     # the same figures as JSON
    python scripts/bench_news.py --repeat 1 # quick (the smoke test)

Articles: the two seed articles (seeds/articles/000_*.txt, 001_*.txt, their metadata the
sources article-a / article-b of seeds/nvidia-openai.yaml, published at noon Paris time on
the date given there) against the reports of seeds/nvidia-openai.yaml that quote them; then
each HTML page seeds/articles/<stem>.html against scripts/news_reference/<stem>.yaml, read
with tracker.news.pages.read_page (skipped, with a note, if that reader is missing). The
extractor knows the deals a user has after `tracker ingest seeds/`, no more: an article about
another deal (Adobe-Figma) has to propose it.

How a candidate matches a reference report (``matches``):

* the same deal and the same type;
* the same key party or authority when both give one (``party`` of a statement, a participant, a
  denial; the ``authority`` of an approval step): a statement by one person is not another's;
* the date, by one of two rules, both reported:
  - strict: the candidate's window inside the reference's (a day in the right month matches a
    month; a month never matches a day);
  - as stated (the figure the targets are judged on): strict, or the candidate's window contains
    the reference's date. The reference's day often comes from an outlet the article cites, while
    the article itself only says "en septembre": the month is the right reading of that article;
* every amount of the reference that the article states (the extractor's amount reader finds its
  value in the reference's quotes, or the quotes hold the reference's own words for it, so an
  amount the reader misses still counts as stated) equal by value to one of the candidate's amounts.

Recall pairs references and candidates one to one (a maximum matching), so one candidate never
counts for two reference reports.

* recall: share of reference reports some candidate matches (all, and developments: all but
  context_noted, which the extractor is meant to leave out);
* precision: share of candidates that match some reference report;
* fields a reviewer would still change, per reference report, on the candidate that matches
  it or else the candidate quoting the same sentence: type, occurred, each amount missing or
  wrong, attribution, cites; a reference report with no such candidate is "to write";
* amounts: every amount the article states for a reference report (market moves aside),
  read exactly (the same claim: value, qualifier, currency or unit, as the parser reads the
  article's own words);
* cites: every outlet a reference report cites that the article names, found;
* boilerplate: candidates quoting page furniture (a line that is no sentence, or a sentence
  the reference lists as one that must not yield a candidate);
* throughput: extraction only (text already extracted, sentences split inside), articles/s.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pendulum
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tracker.domain.amount_parser import parse_amount  # noqa: E402
from tracker.domain.amounts import Amount, InvalidAmount, Money, Quantity  # noqa: E402
from tracker.domain.dates import FuzzyDate  # noqa: E402
from tracker.domain.news import Article, Candidate  # noqa: E402
from tracker.news.extract import KnownDeal, extract  # noqa: E402
from tracker.news.rules import authority_in  # noqa: E402
from tracker.news.rules_amounts import amounts_in  # noqa: E402
from tracker.news.rules_attribution import normalise_outlet  # noqa: E402

SEEDS = ROOT / "seeds"
ARTICLES = SEEDS / "articles"
REFERENCES = ROOT / "scripts" / "news_reference"
_ENDING = re.compile(r"[.!?…]['\"’”»)\]]*\s*$")


@dataclass
class Case:
    name: str
    article: Article
    references: list[dict[str, Any]]  # reports, sources resolved, only this article's quotes
    forbidden: list[str] = field(default_factory=list)  # sentences that must not yield a candidate


def known_deals() -> list[KnownDeal]:
    deals: dict[str, KnownDeal] = {}
    for path in [
        SEEDS / "nvidia-openai.yaml",
        *sorted((SEEDS / "sagas").glob("*.yaml")),
    ]:  # what a user has after `tracker ingest seeds/`: an article about another deal must propose it
        for d in (yaml.safe_load(path.read_text()) or {}).get("deals", []) or []:
            deals[d["slug"]] = KnownDeal(
                d["slug"],
                d["name"],
                tuple((p["name"], p["role"]) for p in d.get("parties", [])),
                kind=d.get("kind", "deal"),
                headline_term=d.get("headline_term"),
            )
    return list(deals.values())


def _own_reports(reports: list[dict[str, Any]], named: dict[str, Any], refs: set[str]) -> list[dict[str, Any]]:
    out = []
    for report in reports:
        sources = [{**named.get(s.get("ref"), {}), **s} for s in report.get("sources", []) if s.get("ref") in refs]
        if sources:
            out.append({**report, "sources": sources})
    return out


def seed_cases() -> list[Case]:
    doc = yaml.safe_load((SEEDS / "nvidia-openai.yaml").read_text())
    cases = []
    for path in sorted(ARTICLES.glob("*.txt")):
        text = path.read_text()
        ref = next(
            name for name in doc["sources"] if any(
                s.get("ref") == name and s.get("quote", "").strip() in text
                for r in doc["reports"] for s in r.get("sources", [])
            )
        )  # fmt: skip
        source = doc["sources"][ref]
        published = pendulum.parse(f"{source['published_at']}T12:00:00", tz="Europe/Paris")
        assert isinstance(published, pendulum.DateTime)
        article = Article(text, None, source["publisher"], published, source["language"], source["title"])
        cases.append(Case(path.name, article, _own_reports(doc["reports"], doc["sources"], {ref})))
    return cases


def corpus_cases() -> tuple[list[Case], str | None]:
    pages = sorted(ARTICLES.glob("*.html"))
    if not pages:
        return [], "no HTML corpus in seeds/articles/"
    try:
        from tracker.news.pages import read_page
    except ImportError as error:
        return [], f"tracker.news.pages.read_page is not there yet ({error}): corpus skipped"
    cases = []
    for path in pages:
        reference = REFERENCES / f"{path.stem}.yaml"
        if not reference.exists():
            continue
        doc = yaml.safe_load(reference.read_text())
        article = read_page(path.read_bytes(), source=str(path))
        forbidden = re.findall(r'^#\s+-\s+"(.+?)"\s*$', reference.read_text(), re.MULTILINE)
        cases.append(
            Case(
                path.name,
                article,
                _own_reports(doc["reports"], doc.get("sources", {}), set(doc.get("sources", {}))),
                forbidden,
            )
        )
    return cases, None


# --- matching ---------------------------------------------------------------------------------------------


def _norm(text: str) -> str:
    return " ".join(text.replace("’", "'").split())


def _values(amount: Amount) -> tuple[Any, ...]:
    return tuple(None if v is None else v.normalize() for v in (amount.value, amount.low, amount.high))


def _parse_term(raw: Any, language: str) -> Money | Quantity | None:
    if not isinstance(raw, str):
        return None
    try:
        return parse_amount(raw, language)
    except InvalidAmount:
        return None


def _language(report: dict[str, Any]) -> str:
    return report.get("language") or report["sources"][0].get("language", "en")


def stated_amounts(report: dict[str, Any]) -> list[tuple[str, Money | Quantity]]:
    """The reference's amounts whose value the article states in this report's quotes, as the article writes them."""
    language = _language(report)
    quoted = [a.amount for s in report["sources"] for a in amounts_in(_norm(s.get("quote", "")), language) if a.amount]
    terms = {**report.get("terms", {}), **report.get("figures", {})}
    if "amount" in report:
        terms["amount"] = report["amount"]
    said_verbatim = " ".join(_norm(s.get("quote", "")).lower() for s in report["sources"])
    out = []
    for name, raw in terms.items():
        wanted = _parse_term(raw, language)
        said = next((a for a in quoted if wanted is not None and _values(a) == _values(wanted)), None)
        if said is None and wanted is not None and _norm(str(raw)).lower() in said_verbatim:
            said = (
                wanted  # the article writes the reference's very words, even where the extractor's reader misses them
            )
        if said is not None:
            out.append((name, said))
    return out


def _within(candidate: str, reference: Any, as_stated: bool) -> bool:
    c, r = FuzzyDate.parse(candidate), FuzzyDate.parse(str(reference))
    inside = r.start <= c.start and c.end <= r.end
    return inside or (as_stated and c.start <= r.start and r.end <= c.end)


def _authority(name: str) -> str:
    found = authority_in(name)
    return found[0] if found else name


def _same_key(candidate: Candidate, report: dict[str, Any]) -> bool:
    """A statement, participant or denial by one party is not another's; an approval by one authority neither."""
    if candidate.party and report.get("party") and _authority(candidate.party) != _authority(report["party"]):
        return False
    mine, theirs = candidate.extra.get("authority"), report.get("authority")
    return not (mine and theirs and _authority(str(mine)) != _authority(str(theirs)))


def matches(candidate: Candidate, report: dict[str, Any], as_stated: bool = False) -> bool:
    if (candidate.deal, candidate.type) != (report["deal"], report["type"]) or not _same_key(candidate, report):
        return False
    if not _within(candidate.occurred, report["occurred"], as_stated):
        return False
    mine = [_values(t.amount) for t in candidate.terms if t.amount is not None]
    return all(_values(amount) in mine for _, amount in stated_amounts(report))


def paired(refs: list[dict[str, Any]], candidates: list[Candidate], as_stated: bool) -> dict[int, int]:
    """A maximum one-to-one matching, reference index -> candidate index (augmenting paths; the sets are small)."""
    edges = [[j for j, c in enumerate(candidates) if matches(c, r, as_stated)] for r in refs]
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j not in seen:
                seen.add(j)
                if j not in owner or augment(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    for i in range(len(refs)):
        augment(i, set())
    return {i: j for j, i in owner.items()}


def _cites(report: dict[str, Any], text: str) -> set[str]:
    """Outlets the reference cites that the article itself names."""
    folded = _norm(text).lower()
    names = {normalise_outlet(c["outlet"]) for s in report["sources"] for c in s.get("cites", [])}
    return {n for n in names if n.lower() in folded}


def _fields_to_change(candidate: Candidate, report: dict[str, Any], text: str) -> list[str]:
    changes = []
    if candidate.type != report["type"]:
        changes.append("type")
    if (
        not _within(candidate.occurred, report["occurred"], False)
        or candidate.precision != FuzzyDate.parse(str(report["occurred"])).precision.value
    ):
        changes.append("occurred")
    mine = [t.amount for t in candidate.terms if t.amount is not None]
    for name, amount in stated_amounts(report):
        if not any(amount.same_claim(m) for m in mine):
            changes.append(f"term {name}")
    attributions = {s.get("attribution", "reported") for s in report["sources"]}
    if candidate.attribution not in attributions:
        changes.append("attribution")
    if _cites(report, text) - set(candidate.cites):
        changes.append("cites")
    return changes


def _sharing_quote(candidates: list[Candidate], report: dict[str, Any]) -> Candidate | None:
    quotes = {_norm(s.get("quote", "")) for s in report["sources"]}
    sharing = [c for c in candidates if any(_norm(q.text) in quotes for q in c.quotes)]
    return next((c for c in sharing if c.deal == report["deal"]), sharing[0] if sharing else None)


def _is_furniture(candidate: Candidate, article: Article, forbidden: Sequence[str]) -> bool:
    for quote in candidate.quotes:
        line_start = article.text.rfind("\n", 0, quote.start) + 1
        line_end = article.text.find("\n", quote.end)
        line = article.text[line_start : line_end if line_end >= 0 else None]
        if not _ENDING.search(line) or any(_norm(f) in _norm(quote.text) for f in forbidden):
            return True
    return False


def measure(cases: list[Case], deals: list[KnownDeal]) -> dict[str, Any]:
    totals = {"refs": 0, "devs": 0, "cands": 0}
    hit = {rule: {"refs": 0, "devs": 0, "cands": 0} for rule in ("strict", "stated")}
    changes_total = 0
    per_field: dict[str, int] = {}
    to_write: list[str] = []
    missed: dict[str, list[str]] = {"strict": [], "stated": []}
    amount_total = amount_ok = 0
    amount_misses: list[str] = []
    cite_total = cite_ok = 0
    cite_misses: list[str] = []
    furniture: list[str] = []
    per_article = []
    for case in cases:
        candidates = extract(case.article, deals)
        refs = case.references
        pairs = {rule: paired(refs, candidates, rule == "stated") for rule in ("strict", "stated")}
        totals["refs"] += len(refs)
        totals["cands"] += len(candidates)
        for i, report in enumerate(refs):
            development = report["type"] != "context_noted"
            totals["devs"] += development
            for rule, pairing in pairs.items():
                hit[rule]["refs"] += i in pairing
                hit[rule]["devs"] += i in pairing and development
                if i not in pairing and development:
                    missed[rule].append(
                        f"{case.name}: {report.get('id', report['type'])} ({report['type']} {report['occurred']})"
                    )
            best = candidates[pairs["stated"][i]] if i in pairs["stated"] else _sharing_quote(candidates, report)
            if best is None:
                to_write.append(f"{case.name}: {report.get('id', report['type'])}")
            else:
                changes = _fields_to_change(best, report, case.article.text)
                changes_total += len(changes)
                for change in changes:
                    key = change.split()[0]
                    per_field[key] = per_field.get(key, 0) + 1
            if report["type"] == "context_noted" and report.get("topic") == "market":
                continue
            for name, amount in stated_amounts(report):
                amount_total += 1
                if any(t.amount is not None and amount.same_claim(t.amount) for c in candidates for t in c.terms):
                    amount_ok += 1
                else:
                    amount_misses.append(f"{case.name}: {report.get('id')} {name} {amount.human()}")
            for outlet in _cites(report, case.article.text):
                cite_total += 1
                if any(outlet in c.cites for c in candidates):
                    cite_ok += 1
                else:
                    cite_misses.append(f"{case.name}: {report.get('id')} {outlet}")
        for candidate in candidates:
            for rule in ("strict", "stated"):
                hit[rule]["cands"] += any(matches(candidate, r, rule == "stated") for r in refs)
            if _is_furniture(candidate, case.article, case.forbidden):
                furniture.append(f"{case.name}: {candidate.rule} {candidate.quotes[0].text[:70]}")
        per_article.append(
            {
                "article": case.name,
                "references": len(refs),
                "matched": len(pairs["stated"]),
                "matched_strict": len(pairs["strict"]),
                "candidates": len(candidates),
            }
        )
    figures: dict[str, Any] = {"articles": per_article}
    for rule, suffix in (("stated", ""), ("strict", "_strict_date")):
        figures[f"recall_developments{suffix}"] = _ratio(hit[rule]["devs"], totals["devs"])
        figures[f"recall_all{suffix}"] = _ratio(hit[rule]["refs"], totals["refs"])
        figures[f"precision{suffix}"] = _ratio(hit[rule]["cands"], totals["cands"])
    return {
        **figures,
        "date_rule": "as stated (candidate inside the reference's window, or containing its date); "
        "the _strict_date figures: inside only",
        "references": totals["refs"],
        "developments": totals["devs"],
        "candidates": totals["cands"],
        "fields_to_change": changes_total,
        "fields_to_change_by_kind": per_field,
        "references_to_write": to_write,
        "developments_missed": missed["stated"],
        "developments_missed_strict_date": missed["strict"],
        "amounts_read_exactly": f"{amount_ok}/{amount_total}",
        "amount_misses": amount_misses,
        "cites_found": f"{cite_ok}/{cite_total}",
        "cite_misses": cite_misses,
        "boilerplate_candidates": len(furniture),
        "boilerplate": furniture,
    }


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def throughput(cases: list[Case], deals: list[KnownDeal], repeat: int) -> dict[str, Any]:
    extract(cases[0].article, deals)  # pysbd imported and its segmenters built outside the clock
    started = time.perf_counter()
    for _ in range(repeat):
        for case in cases:
            extract(case.article, deals)
    elapsed = time.perf_counter() - started
    count = repeat * len(cases)
    return {"articles": count, "seconds": round(elapsed, 3), "articles_per_second": round(count / elapsed, 1)}


def _table(name: str, figures: dict[str, Any]) -> str:
    rows = [
        ("recall, developments, date as stated (TARGET >= 0.8)", figures["recall_developments"]),
        ("recall, developments, date strict", figures["recall_developments_strict_date"]),
        ("recall, all reference reports, date as stated", figures["recall_all"]),
        ("recall, all reference reports, date strict", figures["recall_all_strict_date"]),
        ("precision, date as stated", figures["precision"]),
        ("precision, date strict", figures["precision_strict_date"]),
        (
            "references / developments / candidates",
            f"{figures['references']} / {figures['developments']} / {figures['candidates']}",
        ),
        ("fields a reviewer changes", f"{figures['fields_to_change']} {figures['fields_to_change_by_kind']}"),
        ("references with no candidate at all", len(figures["references_to_write"])),
        ("amounts read exactly (target: all)", figures["amounts_read_exactly"]),
        ("cited outlets found (target: all)", figures["cites_found"]),
        ("candidates from boilerplate (target 0)", figures["boilerplate_candidates"]),
    ]
    width = max(len(r[0]) for r in rows)
    lines = [f"== {name}"] + [f"  {label.ljust(width)}  {value}" for label, value in rows]
    for title, key in (("developments missed (date as stated)", "developments_missed"),
                       ("amount misses", "amount_misses"),
                       ("cite misses", "cite_misses"), ("boilerplate", "boilerplate"),
                       ("to write by hand", "references_to_write")):  # fmt: skip
        if figures[key]:
            lines.append(f"  {title}:")
            lines.extend(f"    - {item}" for item in figures[key])
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--repeat", type=int, default=50, help="rounds over the articles for throughput")
    args = parser.parse_args(argv)
    deals = known_deals()
    seeds = seed_cases()
    corpus, note = corpus_cases()
    result: dict[str, Any] = {"seeds": measure(seeds, deals), "corpus": measure(corpus, deals) if corpus else None}
    result["corpus_note"] = note
    result["throughput"] = throughput(seeds + corpus, deals, max(1, args.repeat))
    result["throughput"]["timed"] = "extract() only: article text already extracted, sentence splitting included"
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return 0
    print(_table("seed articles (seeds/nvidia-openai.yaml)", result["seeds"]))
    print(_table("HTML corpus (scripts/news_reference/)", result["corpus"]) if corpus else f"== HTML corpus: {note}")
    t = result["throughput"]
    print(f"== throughput: {t['articles_per_second']} articles/s ({t['articles']} in {t['seconds']} s; {t['timed']})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
