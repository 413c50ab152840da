"""HTTP sources against a real server on loopback: conditional requests, failures, limits."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from typing import ClassVar

import pytest
from click.testing import CliRunner, Result

from tests.loopback import serving
from tracker.cli.main import cli

FEED = "".join(
    json.dumps(line) + "\n"
    for line in [
        {"deals": [{"slug": "acme-widget", "name": "Acme buys Widget"}]},
        {
            "id": "h1",
            "deal": "acme-widget",
            "type": "deal_rumored",
            "occurred": "2026-03",
            "summary": "A rumour",
            "sources": [{"publisher": "Wire", "published_at": "2026-03-02"}],
        },
    ]
).encode()


class Handler(BaseHTTPRequestHandler):
    hits: ClassVar[dict[str, int]] = {}
    not_modified: ClassVar[int] = 0

    def do_GET(self) -> None:
        Handler.hits[self.path] = Handler.hits.get(self.path, 0) + 1
        route = {
            "/feed.jsonl": self._feed,
            "/broken": self._broken,
            "/slow": self._slow,
            "/loop": self._loop,
            "/big.jsonl": self._big,
            "/bad.jsonl": self._bad,
        }.get(self.path, self._missing)
        route()

    def _feed(self) -> None:
        if self.headers.get("If-None-Match") == '"v1"':
            Handler.not_modified += 1
            self.send_response(304)
            self.end_headers()
            return
        self._send(200, FEED, {"ETag": '"v1"', "Content-Type": "application/x-ndjson"})

    def _broken(self) -> None:
        self._send(500, b"oops")

    def _slow(self) -> None:
        time.sleep(1.5)
        self._send(200, FEED)

    def _loop(self) -> None:
        self._send(302, b"", {"Location": "/loop"})

    def _big(self) -> None:
        self._send(200, b"x" * 50_000)

    def _bad(self) -> None:
        self._send(200, b'{"reports": [')

    def _missing(self) -> None:
        self._send(404, b"no")

    def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    Handler.hits, Handler.not_modified = {}, 0
    with serving(Handler) as base:
        yield base


def ingest(url: str, *args: str) -> Result:
    result = CliRunner().invoke(
        cli, ["ingest", "--retries", "1", "--timeout", "0.5", *args], env={"TRACKER_DATABASE_URL": url}
    )
    assert "Traceback" not in result.output
    return result


def test_an_unchanged_source_costs_one_304_and_appends_nothing(sqlite_url: str, server: str) -> None:
    first = ingest(sqlite_url, "--url", f"{server}/feed.jsonl")
    assert first.exit_code == 0 and "2 events appended" in first.stdout
    second = ingest(sqlite_url, "--url", f"{server}/feed.jsonl", "--verbose")
    assert second.exit_code == 0 and "0 events appended" in second.stdout and "not modified (304)" in second.stdout
    assert (Handler.hits["/feed.jsonl"], Handler.not_modified) == (2, 1)


@pytest.mark.parametrize(("path", "reason"), [("/broken", "HTTP 500"), ("/slow", "timed out")])
def test_a_source_that_may_answer_later_is_unavailable_75_and_the_others_still_run(
    sqlite_url: str, server: str, path: str, reason: str
) -> None:
    result = ingest(sqlite_url, "--max-bytes", "1000", "--url", f"{server}{path}", "--url", f"{server}/feed.jsonl")
    assert result.exit_code == 75
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"tracker: source unavailable: {server}{path}: ") and reason in line
    assert "2 events appended" in result.stdout


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/nothing", "HTTP 404 Not Found; check the URL"),
        ("/loop", "HTTP 302"),
        ("/big.jsonl", "larger than the 1000 byte limit; raise --max-bytes"),
    ],
)
def test_a_source_whose_answer_will_not_change_is_rejected_1_not_75_and_the_others_still_run(
    sqlite_url: str, server: str, path: str, reason: str
) -> None:
    result = ingest(sqlite_url, "--max-bytes", "1000", "--url", f"{server}{path}", "--url", f"{server}/feed.jsonl")
    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"tracker: rejected: {server}{path}: ") and reason in line
    assert "2 events appended" in result.stdout and "1 rejected" in result.stdout


def test_server_errors_are_retried_with_backoff_but_client_errors_are_not(sqlite_url: str, server: str) -> None:
    ingest(sqlite_url, "--url", f"{server}/broken", "--url", f"{server}/nothing")
    assert (Handler.hits["/broken"], Handler.hits["/nothing"]) == (2, 1)


def test_a_malformed_body_is_rejected_and_named_by_its_url(sqlite_url: str, server: str, tmp_path) -> None:
    result = ingest(sqlite_url, "--url", f"{server}/bad.jsonl", "--quarantine", str(tmp_path / "q"))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"tracker: rejected: {server}/bad.jsonl:1: malformed JSON")
    assert (tmp_path / "q" / "body.jsonl.error").exists()


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/feed.jsonl"])
def test_only_http_urls_are_polled_and_another_is_refused_before_any_run_exit_2(sqlite_url: str, url: str) -> None:
    result = ingest(sqlite_url, "--url", url)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    expected = f"{url}: only http:// and https:// sources are polled: give an http(s) URL"
    assert result.stderr == f"tracker: error: --url / ingest.urls: {expected}\n"


def test_fetch_itself_rejects_a_scheme_it_does_not_poll(tmp_path) -> None:
    from tracker.ingest.http import Politeness, SourceRejected, fetch
    from tracker.store.ingestion import Validators

    with pytest.raises(SourceRejected, match="only http:// and https://"):
        fetch("ftp://example.org/x", Validators(None, None), tmp_path, Politeness())


@pytest.mark.parametrize("url", ["https://bob:s3cret@example.org:8443/feed.jsonl", "http://s3cret@example.org/x"])
def test_a_url_with_credentials_is_refused_before_any_run_and_never_echoed(sqlite_url: str, url: str) -> None:
    result = ingest(sqlite_url, "--url", url)
    assert result.exit_code == 2 and "expected a URL without a user or password" in result.stderr
    assert "s3cret" not in result.output and "Traceback" not in result.output
    assert "***@example.org" in result.stderr
    runs = CliRunner().invoke(cli, ["runs", "--db", sqlite_url])
    assert "s3cret" not in runs.output


@pytest.mark.parametrize("url", ["http://[::1/x", "http://example.org:port/x"])
def test_a_url_that_does_not_parse_is_one_line_and_exit_2(sqlite_url: str, url: str) -> None:
    result = ingest(sqlite_url, "--url", url)
    assert result.exit_code == 2 and "is not a URL" in result.stderr and result.stderr.count("\n") == 1
