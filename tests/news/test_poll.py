"""The fetching side of news against a real server on loopback: pages as bytes with their type and
charset, Retry-After, a per-host pace, the size cap and redirect loops, feeds polled, inputs read."""

from __future__ import annotations

from collections.abc import Iterator
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import ClassVar

import pendulum
import pytest

from tests.loopback import serving
from tracker.domain.news import Given
from tracker.ingest.http import HostPacer, Politeness, SourceRejected, SourceUnavailable, fetch_bytes
from tracker.news.pages import NewsInputError
from tracker.news.poll import poll_feed, read_input
from tracker.store.ingestion import Validators

PAGES = Path(__file__).parent / "pages"
FRENCH = (PAGES / "fr_lying_charset.html").read_bytes()
ENGLISH = (PAGES / "en_wire.html").read_bytes()
GERMAN = (
    "<html lang='de'><body><article><p>"
    + "Der Konzern hat sich mit den Eigentümern auf eine Übernahme geeinigt, die noch genehmigt werden muss. " * 6
    + "</p></article></body></html>"
).encode()
UNDATED = ENGLISH.replace(b'"datePublished": "2025-03-01", ', b"")
NO_ARTICLE = b"<html lang='en'><body><nav><a href='/'>Home</a></nav><p>Please subscribe.</p></body></html>"
QUIET = Politeness(timeout=2.0, retries=1, backoff=0.0)


def rss(*items: str) -> bytes:
    entries = "".join(f"<item>{item}</item>" for item in items)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{entries}</channel></rss>'.encode()


class Handler(BaseHTTPRequestHandler):
    hits: ClassVar[dict[str, int]] = {}
    base: ClassVar[str] = ""

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        Handler.hits[path] = Handler.hits.get(path, 0) + 1
        getattr(self, "route_" + path.strip("/").replace("/", "_").replace(".", "_"), self.route_missing)()

    def route_fr(self) -> None:
        self.send(200, FRENCH, "text/html; charset=ISO-8859-1")

    def route_en(self) -> None:
        self.send(200, ENGLISH, "text/html; charset=utf-8")

    def route_undated(self) -> None:
        self.send(200, UNDATED, "text/html")

    def route_de(self) -> None:
        self.send(200, GERMAN, "text/html")

    def route_empty(self) -> None:
        self.send(200, NO_ARTICLE, "text/html")

    def route_pdf(self) -> None:
        self.send(200, b"%PDF-1.7 ...", "application/pdf")

    def route_note(self) -> None:
        self.send(200, b"The company said on Monday that it had agreed to buy its rival.", "text/plain")

    def route_feed_xml(self) -> None:
        if self.headers.get("If-None-Match") == '"f1"':
            self.send(304, b"", None)
            return
        items = [
            f"<title>Fr</title><link>{Handler.base}/fr?utm_source=rss</link>",
            f"<title>Undated page</title><link>{Handler.base}/undated</link>"
            "<pubDate>Sat, 01 Mar 2025 08:30:00 -0500</pubDate>",
            f"<title>De</title><link>{Handler.base}/de</link>",
            f"<title>Gone</title><link>{Handler.base}/gone</link>",
            f"<title>Empty</title><link>{Handler.base}/empty</link>",
            f"<title>Seen</title><link>{Handler.base}/en</link>",
            f"<title>Twice</title><link>{Handler.base}/fr#again</link>",
            "<title>No link</title>",
        ]
        self.send(200, rss(*items), "application/rss+xml", {"ETag": '"f1"'})

    def route_busy(self) -> None:
        if Handler.hits["/busy"] == 1:
            self.send(429, b"slow down", "text/plain", {"Retry-After": "2"})
        else:
            self.send(200, ENGLISH, "text/html")

    def route_unavailable(self) -> None:
        self.send(503, b"maintenance", "text/plain", {"Retry-After": "3600"})

    def route_unavailable_until(self) -> None:
        self.send(503, b"maintenance", "text/plain", {"Retry-After": formatdate(2_000_000_000, usegmt=True)})

    def route_loop(self) -> None:
        self.send(302, b"", None, {"Location": "/loop"})

    def route_moved(self) -> None:
        self.send(301, b"", None, {"Location": "/en?utm_medium=x"})

    def route_to_ftp(self) -> None:
        self.send(302, b"", None, {"Location": "ftp://127.0.0.1/secret"})

    def route_big(self) -> None:
        self.send(200, b"<html>" + b"x" * 50_000, "text/html")

    def route_big_unsized(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()  # no Content-Length: HTTP/1.0, the body ends when the connection closes
        self.wfile.write(b"<html>" + b"x" * 50_000)

    def route_missing(self) -> None:
        self.send(404, b"no", "text/plain")

    def send(self, status: int, body: bytes, kind: str | None, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        if kind:
            self.send_header("Content-Type", kind)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    with serving(Handler, poll_interval=0.02) as base:
        Handler.hits, Handler.base = {}, base
        yield base


class FakeTime:
    """A clock that moves only when someone sleeps, recording each wait."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.waits: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.waits.append(round(seconds, 6))
        self.now += seconds


def no_pace() -> HostPacer:
    return HostPacer(0.0)


def test_a_page_comes_as_bytes_with_its_type_charset_and_final_url(server: str) -> None:
    fetched = fetch_bytes(f"{server}/fr", Validators(), QUIET)
    assert (fetched.status, fetched.body, fetched.final_url) == (200, FRENCH, f"{server}/fr")
    assert (fetched.content_type, fetched.charset) == ("text/html", "iso-8859-1")
    moved = fetch_bytes(f"{server}/moved", Validators(), QUIET)
    assert moved.final_url == f"{server}/en?utm_medium=x" and moved.body == ENGLISH


def test_retry_after_is_waited_when_it_is_short(server: str) -> None:
    time = FakeTime()
    fetched = fetch_bytes(f"{server}/busy", Validators(), QUIET, sleep=time.sleep)
    assert fetched.status == 200 and time.waits == [2.0] and Handler.hits["/busy"] == 2


@pytest.mark.parametrize(("path", "asked"), [("/unavailable", "3600 s"), ("/unavailable_until", " s (more than")])
def test_retry_after_longer_than_a_run_waits_gives_up_at_once_naming_it(server: str, path: str, asked: str) -> None:
    time = FakeTime()
    with pytest.raises(SourceUnavailable) as raised:
        fetch_bytes(f"{server}{path}", Validators(), Politeness(retries=3), sleep=time.sleep)
    message = str(raised.value)
    assert message.startswith(f"{server}{path}: HTTP 503 Service Unavailable: asks to retry after ")
    assert asked in message and "(more than the 60 s a run waits)" in message and "\n" not in message
    assert time.waits == [] and Handler.hits[path] == 1


def test_report_files_share_the_same_retry_after_rule(server: str, tmp_path: Path) -> None:
    from tracker.ingest.http import fetch

    with pytest.raises(SourceUnavailable, match="asks to retry after 3600 s"):
        fetch(f"{server}/unavailable", Validators(), tmp_path, Politeness(retries=3), sleep=FakeTime().sleep)


def test_the_pacer_keeps_requests_to_one_host_apart_and_others_free() -> None:
    time = FakeTime()
    pacer = HostPacer(1.5, clock=time.clock, sleep=time.sleep)
    pacer.wait("https://a.example/1")
    time.now += 0.5
    pacer.wait("https://A.example/2")  # one host, whatever its case: waits the second missing
    pacer.wait("https://b.example/1")  # another host: no wait
    time.now += 10
    pacer.wait("https://a.example/3")  # long enough since: no wait
    assert time.waits == [1.0]


def test_a_poll_paces_its_requests_to_the_site(server: str) -> None:
    time = FakeTime()
    pacer = HostPacer(0.25, clock=time.clock, sleep=time.sleep)
    poll_feed(f"{server}/feed.xml", Validators(), QUIET, pacer, lambda url: False, None, sleep=time.sleep)
    requests = sum(Handler.hits.values())
    assert requests == 7 and time.waits == [0.25] * (requests - 1)


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/loop", "HTTP 302: a redirect loop (the redirects lead back where they started); check the URL"),
        ("/to_ftp", "redirects to ftp://127.0.0.1/secret: only http:// and https:// sources are polled"),
        ("/big", "the body is larger than the 1000 byte limit; raise --max-bytes"),
        ("/big_unsized", "the body is larger than the 1000 byte limit; raise --max-bytes"),
    ],
)
def test_what_asking_again_will_not_change_is_rejected_in_one_line(server: str, path: str, reason: str) -> None:
    with pytest.raises(SourceRejected) as raised:
        fetch_bytes(f"{server}{path}", Validators(), Politeness(max_bytes=1000, retries=2, backoff=0.0))
    message = str(raised.value)
    assert message.startswith(f"{server}{path}: ") and reason in message and "\n" not in message
    if path != "/loop":  # urllib itself follows the loop a few times before it gives up
        assert Handler.hits[path] == 1  # rejected, so never asked again


def test_a_feed_polled_reads_each_new_entry_and_one_bad_entry_never_stops_the_others(server: str) -> None:
    poll = poll_feed(f"{server}/feed.xml", Validators(), QUIET, no_pace(), lambda url: url.endswith("/en"), "en")
    assert (poll.status, poll.not_modified, poll.validators.etag) == (200, False, '"f1"')
    french, undated = poll.articles
    assert french.url == f"{server}/fr" and french.language == "fr"  # its canonical names another site: not taken
    assert undated.published_at == pendulum.datetime(2025, 3, 1, 13, 30, tz="UTC")  # the entry's date
    assert undated.published_at is not None and undated.published_at.utcoffset() == pendulum.duration(hours=-5)
    assert poll.problems == [
        f"{server}/de: the text is in German (de): expected French (fr) or English (en)",
        f"{server}/gone: HTTP 404 Not Found; check the URL: the source refuses it",
        f"{server}/empty: no article text found: expected an HTML page with an article (got a page of 2 words)",
    ]
    assert list(poll.refused) == [f"{server}/de", f"{server}/gone", f"{server}/empty"]  # lasting: not fetched again
    assert (poll.already_seen, poll.skipped, Handler.hits.get("/en")) == (1, 1, None)
    assert Handler.hits["/fr"] == 1  # listed twice, read once


def test_an_unchanged_feed_costs_one_304_and_parses_nothing(server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import feedparser

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a 304 must not be parsed")

    monkeypatch.setattr(feedparser, "parse", refuse)
    monkeypatch.setattr("tracker.news.poll.read_feed", refuse)
    known = Validators('"f1"', None)
    poll = poll_feed(f"{server}/feed.xml", known, QUIET, no_pace(), lambda url: False, "fr")
    assert (poll.status, poll.not_modified, poll.validators, poll.articles, poll.problems) == (304, True, known, [], [])
    assert Handler.hits == {"/feed.xml": 1}


def test_a_feed_that_is_gone_is_the_callers_error_not_a_problem_line(server: str) -> None:
    with pytest.raises(SourceRejected, match="HTTP 404"):
        poll_feed(f"{server}/nothing.xml", Validators(), QUIET, no_pace(), lambda url: False, None)


def test_read_input_reads_local_pages_texts_and_feeds(tmp_path: Path, server: str) -> None:
    (tmp_path / "a.html").write_bytes(FRENCH)
    (tmp_path / "a.txt").write_text("La société a annoncé lundi qu'elle allait racheter son concurrent.")
    (tmp_path / "a.xml").write_bytes(rss(f"<link>{server}/en</link>", f"<link>{server}/pdf</link>"))
    given, pacer = Given(publisher="Given"), no_pace()
    [page] = read_input(str(tmp_path / "a.html"), given, QUIET, pacer)
    [text] = read_input(str(tmp_path / "a.txt"), Given(), QUIET, pacer)
    problems: list[str] = []
    [entry] = read_input(str(tmp_path / "a.xml"), given, QUIET, pacer, on_problem=problems.append)
    assert (page.publisher, page.language, text.language) == ("Given", "fr", "fr")
    assert (entry.publisher, entry.url) == ("Given", f"{server}/en")
    assert problems == [f"{server}/pdf: a application/pdf document: expected an HTML page"]
    with pytest.raises(NewsInputError, match="a application/pdf document"):
        read_input(str(tmp_path / "a.xml"), given, QUIET, pacer)


def test_read_input_reads_urls_by_their_content_type(server: str) -> None:
    pacer = no_pace()
    [page] = read_input(f"{server}/fr", Given(), QUIET, pacer)
    [note] = read_input(f"{server}/note?utm_source=x", Given(), QUIET, pacer)
    articles = read_input(f"{server}/feed.xml", Given(), QUIET, pacer, on_problem=lambda line: None)
    assert "Alvéole prévoit d’investir" in page.text
    assert (note.language, note.url) == ("en", f"{server}/note")
    assert len(articles) == 3  # fr, undated and en; de, gone and empty were problems


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("missing.html", "missing.html: no such file: expected an HTML page, a plain text or an RSS/Atom feed"),
        ("/pdf", "/pdf: a application/pdf document: expected an HTML page, a plain text or an RSS/Atom feed"),
    ],
)
def test_read_input_refuses_what_it_cannot_read_in_one_line(
    tmp_path: Path, server: str, target: str, message: str
) -> None:
    where = f"{server}{target}" if target.startswith("/") else str(tmp_path / target)
    with pytest.raises(NewsInputError) as raised:
        read_input(where, Given(), QUIET, no_pace())
    assert str(raised.value).startswith(f"{where}: ") and message.split(": ", 1)[1] in str(raised.value)


@pytest.mark.parametrize("url", ["ftp://example.org/feed.xml", "https://bob:s3cret@example.org/a"])
def test_read_input_refuses_a_url_it_would_not_poll(url: str) -> None:
    with pytest.raises(SourceRejected) as raised:
        read_input(url, Given(), QUIET, no_pace())
    assert "s3cret" not in str(raised.value)
