"""A large JSON Lines file streams through in bounded memory: ten times the input, about the same peak.

The suite uses a 40 MB file; TRACKER_LONG=1 generates 1 GB (see docs/reliability.md).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

LONG = os.environ.get("TRACKER_LONG") == "1"
QUOTE = "Une citation rapportée, assez longue pour peser. " * 160  # about 8 KB per report


def write_feed(path: Path, reports: int) -> int:
    with path.open("w") as out:
        out.write(json.dumps({"deals": [{"slug": "big-deal", "name": "Big deal"}]}) + "\n")
        for n in range(reports):
            out.write(
                json.dumps(
                    {
                        "id": f"big-{n}",
                        "deal": "big-deal",
                        "type": "statement_made",
                        "party": "Acme",
                        "occurred": f"20{10 + n % 15}-{1 + n % 12:02d}",
                        "summary": f"Statement {n}",
                        "sources": [{"publisher": "Wire", "published_at": "2026-01-01", "quote": QUOTE}],
                    }
                )
                + "\n"
            )
    return path.stat().st_size


def peak_rss_mb(feed: Path, url: str) -> float:
    code = (
        "import resource, sys\nfrom tracker.cli.main import cli\n"
        "try:\n    cli(sys.argv[1:])\nexcept SystemExit as done:\n    assert done.code == 0, done.code\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, "ingest", "--quiet", str(feed)],
        capture_output=True,
        text=True,
        env={**os.environ, "TRACKER_DATABASE_URL": url},
        check=True,
    )
    return float(result.stdout.strip().splitlines()[-1])


def test_ten_times_the_input_needs_about_the_same_memory(tmp_path: Path) -> None:
    small, large = tmp_path / "small.jsonl", tmp_path / "large.jsonl"
    small_size = write_feed(small, 500)
    large_size = write_feed(large, 125_000 if LONG else 5_000)
    small_peak = peak_rss_mb(small, f"sqlite:///{tmp_path / 'small.db'}")
    large_peak = peak_rss_mb(large, f"sqlite:///{tmp_path / 'large.db'}")
    assert large_size > 9 * small_size
    assert large_peak < small_peak * 1.25, (small_peak, large_peak, large_size / 2**20)
