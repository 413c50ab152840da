#!/usr/bin/env python3
"""Measure the core paths: ingest throughput, projection time, command start-up.

    python scripts/bench.py            # 10,000 reports
    python scripts/bench.py --reports 1000 --repeat 3

Prints one line per measure (median of --repeat runs). Nothing here is a
test: speed is measured, never asserted.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pendulum

from tracker.bootstrap import open_app
from tracker.domain.fold import project
from tracker.ingest.service import ingest

DEALS = 10


def write_reports(path: Path, count: int) -> None:
    """JSON Lines shaped like real reports: imprecise dates, French amounts, a source with a quote."""
    with path.open("w") as out:
        out.write(json.dumps({"deals": [{"slug": f"deal-{d}", "name": f"Deal {d}"} for d in range(DEALS)]}) + "\n")
        for n in range(count):
            month = 1 + n % 12
            out.write(json.dumps({
                "id": f"bench/{n}", "deal": f"deal-{n % DEALS}",
                "type": ("talks_reported", "terms_reported", "statement_made")[n % 3],
                "occurred": f"{2020 + n % 6}-{month:02d}" if n % 2 else f"{2020 + n % 6}-{month:02d}-15",
                "summary": f"Development {n} of the bench saga",
                **({"terms": {"investment": f"jusqu'à {n % 90 + 10} milliards de dollars"}} if n % 3 < 2
                   else {"party": "Acme"}),
                "sources": [{"publisher": "Bench Wire", "published_at": f"{2020 + n % 6}-{month:02d}-28",
                             "language": "fr", "quote": "Une citation de quelque longueur, " * 4}],
            }) + "\n")


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def bench_ingest_and_projection(reports: int, repeat: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "reports.jsonl"
        write_reports(source, reports)
        ingest_times = []
        for run in range(repeat):
            app = open_app(f"sqlite:///{folder}/bench-{run}.db")
            ingest_times.append(median_seconds(lambda app=app: ingest(app.store, [source], app.clock()), 1))
        seconds = statistics.median(ingest_times)
        print(f"ingest (SQLite, one file, {reports} reports): {seconds:.2f} s, {reports / seconds:,.0f} events/s")
        events = app.store.read(["deal-0"])
        now = pendulum.now("UTC")
        folded = median_seconds(lambda: project(events, "deal-0", now, now), repeat)
        print(f"projection of one deal ({len(events)} events, in memory): {folded * 1000:.1f} ms")
        read = median_seconds(lambda: app.store.read(["deal-0"]), repeat)
        print(f"reading one deal's events from SQLite ({len(events)} events): {read * 1000:.1f} ms")


def bench_startup(repeat: int) -> None:
    def run(*argv: str) -> Callable[[], object]:
        return lambda: subprocess.run([sys.executable, *argv], check=True, capture_output=True)

    click_only = median_seconds(run("-c", "import click"), repeat)
    help_time = median_seconds(run("-c", "from tracker.cli.main import cli; cli(['--help'])"), repeat)
    print(f"start-up: `tracker --help` {help_time * 1000:.0f} ms vs `import click` {click_only * 1000:.0f} ms "
          f"({help_time / click_only:.2f}x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    bench_ingest_and_projection(args.reports, args.repeat)
    bench_startup(max(args.repeat, 5))


if __name__ == "__main__":
    main()
