#!/usr/bin/env python3
"""What a feed poll that finds nothing new costs (a benchmark, not a test).

    python scripts/bench_feed_poll.py             # a table
    python scripts/bench_feed_poll.py --json      # the same figures as JSON
    python scripts/bench_feed_poll.py --repeat 5  # quick (the smoke test)

The RSS feed of seeds/articles/ is served from a loopback server that answers
conditional requests. Rows, each the median over --repeat polls, sides taking turns:

* tracker, nothing new: ``read_feed_news`` as `tracker ingest --config` calls it once the
  feed has been read: the stored validators read from a SQLite file, one conditional GET
  answered 304, nothing parsed, nothing written;
* floor: the same conditional GET with urllib and the same ETag, answered 304 (no database);
* tracker, first poll (for scale): the feed parsed, its four pages fetched, read by
  trafilatura and extracted, their candidates stored, on a fresh database each time.
"""

from __future__ import annotations

import argparse
import http.server
import json
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tracker.bootstrap import open_app  # noqa: E402
from tracker.ingest.http import HostPacer, Politeness  # noqa: E402
from tracker.ingest.service import ingest  # noqa: E402
from tracker.news.intake import known_deals, read_feed_news  # noqa: E402

CORPUS = ROOT / "seeds" / "articles"
ETAG = '"corpus-1"'


class _Site(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        base = f"http://127.0.0.1:{self.server.server_address[1]}"  # type: ignore[index]
        path = self.path.split("?", 1)[0]
        if path == "/feed.rss":
            if self.headers.get("If-None-Match") == ETAG:
                self.send_response(304)
                self.end_headers()
                return
            body = (CORPUS / "feed.rss").read_text(encoding="utf-8").replace("{base}", base).encode()
            kind = "application/rss+xml"
        elif path.endswith(".html") and (CORPUS / path.lstrip("/")).is_file():
            body, kind = (CORPUS / path.lstrip("/")).read_bytes(), "text/html; charset=utf-8"
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", ETAG)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


def _seeded(folder: Path) -> Any:
    app = open_app(f"sqlite:///{folder / 'tracker.db'}")
    ingest(app.store, [ROOT / "seeds"], app.clock())
    return app


def _poll(app: Any, url: str) -> str:
    politeness = Politeness(timeout=5, retries=0)
    deals = lambda: known_deals(app.read_models.deals())  # noqa: E731 - read only when an article is new
    return read_feed_news(app.store.engine, url, deals, None, politeness, HostPacer(0), app.clock).note


def _floor(url: str) -> None:
    request = urllib.request.Request(url, headers={"If-None-Match": ETAG, "User-Agent": "deal-tracker-ingest"})
    try:
        urllib.request.urlopen(request, timeout=5).close()
    except urllib.error.HTTPError as error:
        assert error.code == 304


def _ms(action: Callable[[], object]) -> float:
    return _median_ms(action, 1)


def _median_ms(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def measure(repeat: int) -> dict[str, Any]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/feed.rss"
    try:
        with tempfile.TemporaryDirectory(prefix="bench-feed-") as folder:
            app = _seeded(Path(folder))
            first_note = _poll(app, url)  # reads the feed and stores its validators
            assert _poll(app, url) == "not modified (304)"
            rounds = [
                (_median_ms(lambda: _poll(app, url), 1), _median_ms(lambda: _floor(url), 1)) for _ in range(repeat)
            ]
            tracker_ms = statistics.median(r[0] for r in rounds)
            floor_ms = statistics.median(r[1] for r in rounds)
        first_ms = _median_ms(lambda: _first_poll(url), max(1, repeat // 10))
    finally:
        server.shutdown()
        server.server_close()
    return {
        "nothing_new_ms": round(tracker_ms, 2),
        "floor_ms": round(floor_ms, 2),
        "ratio": round(tracker_ms / floor_ms, 2) if floor_ms else None,
        "first_poll_ms": round(first_ms, 1),
        "first_poll": first_note,
        "repeat": repeat,
    }


def _first_poll(url: str) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-feed-") as folder:
        _poll(_seeded(Path(folder)), url)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--repeat", type=int, default=100, help="polls per side")
    options = parser.parse_args(argv)
    figures = measure(options.repeat)
    if options.json:
        print(json.dumps(figures, indent=2))
        return 0
    print("| poll | what it does | ms |")
    print("|---|---|---|")
    nothing_new = "validators from SQLite, one conditional GET -> 304, no parsing"
    print(f"| tracker, nothing new | {nothing_new} | {figures['nothing_new_ms']} |")
    print(f"| floor | the same conditional GET with urllib -> 304 | {figures['floor_ms']} |")
    first = "feed parsed, 4 pages fetched, read, extracted, stored"
    print(f"| tracker, first poll | {first} | {figures['first_poll_ms']} |")
    print(f"\ntracker / floor on a poll that finds nothing new: {figures['ratio']}x ({figures['first_poll']} first)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
