"""The news benchmark still runs, and the extractor keeps the issue's quality floor on the seeds and the corpus.

Quality, not speed: recall of reference developments at least 0.8, every stated amount read exactly,
every cited outlet found, no candidate from boilerplate. Throughput is reported, never asserted.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from tracker.domain.news import Candidate

ROOT = Path(__file__).resolve().parents[2]


def test_bench_news_runs_quickly() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "bench_news.py"), "--json", "--repeat", "1"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    figures = json.load(io.StringIO(done.stdout))
    for name in ("seeds", "corpus"):
        part = figures[name]
        assert part["recall_developments"] >= 0.8, (name, part["recall_developments"])
        assert part["boilerplate_candidates"] == 0, name
        for fraction in (part["amounts_read_exactly"], part["cites_found"]):
            found, total = fraction.split("/")
            assert found == total, (name, fraction)
    assert figures["throughput"]["articles_per_second"] > 0


def _bench() -> Any:
    sys.path.insert(0, str(ROOT / "scripts"))
    import bench_news

    return bench_news


def _candidate(occurred: str, party: str | None = None, **extra: str) -> Candidate:
    precision = {7: "month", 10: "day"}.get(len(occurred), "year")
    return Candidate("d", "statement_made", "r", occurred, precision, "s", (), party=party, extra=extra)


def test_match_rule_date_strict_and_as_the_article_states_it() -> None:
    bench = _bench()
    report = {"deal": "d", "type": "statement_made", "occurred": "2025-09-22", "sources": [{"quote": "q"}]}
    month, day, other_month = _candidate("2025-09"), _candidate("2025-09-22"), _candidate("2025-10")
    assert (bench.matches(month, report), bench.matches(month, report, as_stated=True)) == (False, True)
    assert bench.matches(day, report) and bench.matches(day, report, as_stated=True)
    assert not bench.matches(other_month, report, as_stated=True)
    monthly = {**report, "occurred": "2025-09"}
    assert bench.matches(day, monthly) and bench.matches(month, monthly)


def test_match_rule_key_party_or_authority_and_one_to_one() -> None:
    bench = _bench()
    report = {"deal": "d", "type": "statement_made", "occurred": "2025-09", "sources": [{"quote": "q"}]}
    by_a, by_b = {**report, "party": "A"}, {**report, "party": "B"}
    assert not bench.matches(_candidate("2025-09", party="A"), by_b)
    assert bench.matches(_candidate("2025-09", party="US Department of Justice"), {**report, "party": "US DOJ"})
    assert not bench.matches(_candidate("2025-09", authority="UK CMA"), {**report, "authority": "European Commission"})
    only_one = [_candidate("2025-09")]
    assert len(bench.paired([by_a, by_b], only_one, True)) == 1  # one candidate never counts for two reports
    assert len(bench.paired([by_a, by_b], [_candidate("2025-09", "B"), _candidate("2025-09", "A")], True)) == 2
