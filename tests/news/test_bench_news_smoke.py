"""The news benchmark still runs (its figures are reported, never asserted, except that it finds no boilerplate)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

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
    assert figures["seeds"]["candidates"] > 0
    assert figures["seeds"]["boilerplate_candidates"] == 0
    assert figures["throughput"]["articles_per_second"] > 0
