"""A candidate written as a report goes through the normal ingest path (build_batch) unchanged."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

import pendulum
import pytest
import yaml

from tracker.domain.news import Article
from tracker.ingest.reports import build_batch
from tracker.news.extract import KnownDeal, extract
from tracker.news.reports import candidate_report, deal_entry

ROOT = Path(__file__).resolve().parents[2]
NOW = pendulum.datetime(2026, 3, 1, tz="UTC")
PUBLISHED = pendulum.datetime(2026, 2, 19, 18, 0, tz="Europe/Paris")
ACME = KnownDeal("acme-widgets", "Acme–Widgets", (("Acme", "acquirer"), ("Widgets", "target")), kind="acquisition")
ACME_ENTRY = {"slug": "acme-widgets", "name": "Acme–Widgets", "parties": [{"name": "Acme", "role": "acquirer"}]}


def article(text: str, language: str = "fr") -> Article:
    return Article(text, "https://wire.example/a", "Wire", PUBLISHED, language, "Titre")


def builds(report: dict[str, Any], deals: list[dict[str, Any]]) -> None:
    assert build_batch([("candidate.yaml", {"deals": deals, "reports": [report]})], NOW).events


def test_report_shape() -> None:
    art = article("Selon Reuters, Acme a signé un accord pour racheter Widgets pour 2 milliards d'euros.")
    (candidate,) = extract(art, [ACME])
    report = candidate_report(candidate, art)
    assert report["deal"] == "acme-widgets" and report["type"] == "agreement_signed"
    assert report["terms"] == {"price": "2 milliards d'euros"}
    (source,) = report["sources"]
    assert source["quote"] == art.text and source["cites"] == [{"outlet": "Reuters"}]
    assert source["published_at"] == PUBLISHED.isoformat() and source["url"] == art.url
    builds(report, [ACME_ENTRY])


def test_a_qualifier_the_parser_has_no_word_for_goes_structured() -> None:
    art = article("Acme négocie le rachat de Widgets, qui pourrait s'élever à 3 milliards d'euros.")
    report = candidate_report(extract(art, [ACME])[0], art)
    assert report["terms"]["amount"] == {"qualifier": "up_to", "value": "3000000000", "currency": "EUR"}
    builds(report, [ACME_ENTRY])


def test_a_refused_amount_is_left_out_and_said() -> None:
    art = article("Acme agreed to acquire Widgets for $1,5 billion.", "en")
    (candidate,) = extract(art, [ACME])
    report = candidate_report(candidate, art)
    assert "terms" not in report and "'$1,5 billion'" in report["summary"]
    builds(report, [ACME_ENTRY])


def test_a_future_date_is_not_a_development_yet() -> None:
    art = article("Le rachat de Widgets par Acme devrait être finalisé fin 2026.")
    (candidate,) = extract(art, [ACME])
    report = candidate_report(candidate, art)
    assert report["occurred"] == "2026-02-19" and report["type"] == "terms_reported"
    assert report["terms"] == {"expected_close": "2026-Q4"}
    builds(report, [ACME_ENTRY])


def test_a_proposed_deal_has_its_entry() -> None:
    art = article("Zenith Labs agreed to acquire Quasar Robotics for $1.2 billion.", "en")
    (candidate,) = extract(art, [ACME])
    entry = deal_entry(candidate)
    assert entry == {
        "slug": "zenith-labs-quasar-robotics",
        "name": "Zenith Labs–Quasar Robotics acquisition",
        "kind": "acquisition",
        "parties": [{"name": "Zenith Labs", "role": "acquirer"}, {"name": "Quasar Robotics", "role": "target"}],
    }
    builds(candidate_report(candidate, art), [entry])
    assert deal_entry(extract(art, [ACME])[0]) is not None
    known = extract(article("Acme a finalisé le rachat de Widgets."), [ACME])[0]
    assert deal_entry(known) is None


def _bench() -> Any:
    spec = importlib.util.spec_from_file_location("bench_news", ROOT / "scripts" / "bench_news.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


BENCH = _bench()
CASES = BENCH.seed_cases() + BENCH.corpus_cases()[0]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_every_candidate_of_every_seed_article_builds(case: Any) -> None:
    deals = BENCH.known_deals()
    entries = {
        d["slug"]: d
        for path in [
            ROOT / "seeds" / "nvidia-openai.yaml",
            *sorted((ROOT / "seeds" / "sagas").glob("*.yaml")),
            *sorted((ROOT / "scripts" / "news_reference").glob("*.yaml")),
        ]
        for d in (yaml.safe_load(path.read_text()) or {}).get("deals", []) or []
    }
    candidates = extract(case.article, deals)
    assert candidates
    for candidate in candidates:
        for quote in candidate.quotes:
            assert case.article.text[quote.start : quote.end] == quote.text
        entry = deal_entry(candidate) or entries[candidate.deal]
        builds(candidate_report(candidate, case.article), [entry])
