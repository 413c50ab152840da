"""The periodic run polls the feeds of its config: new articles become candidates, never events.

The corpus pages are served from a loopback server behind the RSS and the Atom
feed of seeds/articles/, as a news site would serve them: the feeds answer
conditional requests, the pages carry tracking parameters in the feed's links.
"""

from __future__ import annotations

import http.server
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest
from click.testing import CliRunner, Result

from tests.loopback import serving
from tracker import schemas
from tracker.cli.main import cli

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "seeds" / "articles"
PAGES = sorted(CORPUS.glob("*.html"))
GERMAN = """<html lang="de"><head><title>Übernahme</title>
<meta property="article:published_time" content="2023-10-13T10:00:00+02:00"></head><body><article>
<p>Microsoft hat die Übernahme von Activision Blizzard abgeschlossen,
nachdem die britische Behörde zugestimmt hatte.</p>
<p>Die Behörde hatte das Geschäft zuvor blockiert, weil sie den Wettbewerb im Cloud-Gaming gefährdet sah und
der Konzern zunächst keine ausreichenden Zugeständnisse angeboten hatte, wie es in der Mitteilung heißt.</p>
<p>Der Kaufpreis lag bei 68,7 Milliarden Dollar, und die Aktionäre hatten dem Geschäft schon lange zugestimmt.</p>
</article></body></html>"""


class Site(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[Counter[str]] = Counter()
    extra_item: ClassVar[str] = ""
    down: ClassVar[set[str]] = set()  # paths answering 503 for now

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        Site.hits[path] += 1
        base = f"http://127.0.0.1:{self.server.server_address[1]}"  # type: ignore[index]
        if path in Site.down:
            self.send_error(503)
        elif path == "/x.rss":  # a feed as many servers label it
            body = (CORPUS / "feed.rss").read_text(encoding="utf-8").replace("{base}", base)
            self._send(body.encode(), "application/x-rss+xml")
        elif path in ("/feed.rss", "/feed.atom"):
            body = (CORPUS / path.lstrip("/")).read_text(encoding="utf-8").replace("{base}", base)
            if path == "/feed.rss":
                body = body.replace("</channel>", Site.extra_item.replace("{base}", base) + "</channel>")
            etag = f'"{hash(body) & 0xFFFFFFFF:x}"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.end_headers()
                return
            self._send(body.encode(), "application/rss+xml" if path.endswith("rss") else "application/atom+xml", etag)
        elif path == "/de.html":
            self._send(GERMAN.encode(), "text/html; charset=utf-8")
        elif (CORPUS / path.lstrip("/")).is_file() and path.endswith(".html"):
            self._send((CORPUS / path.lstrip("/")).read_bytes(), "text/html; charset=utf-8")
        else:
            self.send_error(404)

    def _send(self, body: bytes, kind: str, etag: str | None = None) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        if etag:
            self.send_header("ETag", etag)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def site() -> Iterator[str]:
    Site.hits.clear()
    Site.extra_item = ""
    Site.down = set()
    with serving(Site) as base:
        yield base


def run(url: str, *args: str) -> Result:
    result = CliRunner().invoke(
        cli, list(args), env={"TRACKER_DATABASE_URL": url, "NO_COLOR": "1"}, prog_name="tracker"
    )
    assert "Traceback" not in result.output
    return result


@pytest.fixture
def config(tmp_path: Path, site: str) -> tuple[str, Path]:
    database = str(tmp_path / "tracker.db")
    assert run(database, "ingest", str(ROOT / "seeds")).exit_code == 0
    path = tmp_path / "ingest.toml"
    path.write_text(
        f'[ingest]\ndatabase = "tracker.db"\nhost_delay = 0\nretries = 0\n\n'
        f'[[feeds]]\nurl = "{site}/feed.rss"\n\n[[feeds]]\nurl = "{site}/feed.atom"\nlanguage = "en"\n',
        encoding="utf-8",
    )
    return database, path


def events(database: str) -> int:
    return int(run(database, "verify").stdout.split()[1])


def pending(database: str) -> list[dict[str, Any]]:
    result = run(database, "review", "list", "--json")
    document = json.loads(result.stdout)
    schemas.validator("review-list").validate(document)
    return list(document["articles"])


def test_a_poll_turns_each_new_article_into_candidates_and_writes_no_event(config: tuple[str, Path]) -> None:
    database, path = config
    before = events(database)
    result = run(database, "ingest", "--config", str(path), "--verbose")
    assert result.exit_code == 0, result.output
    assert f"{len(PAGES)} new article(s)" in result.stdout and "0 new article(s), 0 candidate(s)" in result.stdout
    summary = result.stdout.splitlines()[-1]
    assert summary.startswith("ingest: 2 inputs, 0 events appended") and f"{len(PAGES)} new articles with " in summary
    articles = pending(database)
    publishers = {a["publisher"] for a in articles}
    assert {"Tech Ledger", "Market Dispatch", "L'Écho du Numérique"} <= publishers
    # The pages call themselves articles of other sites (their canonical links): from 127.0.0.1 that is not
    # taken; each is filed under the address it came from, without the feed's tracking parameters.
    assert all(a["url"].startswith("http://127.0.0.1:") and "utm_" not in a["url"] for a in articles)
    deals = {c["deal"] for a in articles for c in a["candidates"]}
    assert {"microsoft-activision", "twitter-musk"} <= deals
    assert events(database) == before
    assert all(Site.hits[f"/{page.name}"] == 1 for page in PAGES)  # both feeds list them: each read once


def test_a_feed_that_has_not_changed_costs_one_request_and_adds_nothing(config: tuple[str, Path]) -> None:
    database, path = config
    assert run(database, "ingest", "--config", str(path)).exit_code == 0
    first = pending(database)
    Site.hits.clear()
    again = run(database, "ingest", "--config", str(path), "--verbose")
    assert again.exit_code == 0, again.output
    assert "not modified (304)" in again.stdout
    assert dict(Site.hits) == {"/feed.rss": 1, "/feed.atom": 1}
    assert pending(database) == first


def test_a_page_that_cannot_be_used_is_rejected_once_then_left_alone(config: tuple[str, Path]) -> None:
    database, path = config
    Site.extra_item = "<item><title>Übernahme</title><link>{base}/de.html</link></item>"
    first = run(database, "ingest", "--config", str(path))
    assert first.exit_code == 1
    assert "de.html: the text is in German (de): expected French (fr) or English (en)" in first.stderr
    Site.extra_item += "<item><title>x</title><link>{base}/gone.html</link></item>"  # the feed changes
    second = run(database, "ingest", "--config", str(path))
    assert Site.hits["/de.html"] == 1  # not fetched again
    assert second.exit_code == 1 and "gone.html: HTTP 404" in second.stderr and "de.html" not in second.stderr
    runs = json.loads(run(database, "runs", "--json").stdout)["runs"]
    assert runs[0]["status"] == "rejected" and any("feed:" in s for s in runs[0]["sources"])


def test_a_config_feed_must_say_its_url(tmp_path: Path) -> None:
    path = tmp_path / "ingest.toml"
    path.write_text('[[feeds]]\nlanguage = "fr"\n', encoding="utf-8")
    result = run(str(tmp_path / "t.db"), "ingest", "--config", str(path))
    assert (result.exit_code, result.stderr) == (
        2,
        f"tracker: error: {path}: feeds[0]: expected a url (the feed's http(s) address)\n",
    )


def test_tracker_read_takes_a_feeds_url_and_reads_each_entry(config: tuple[str, Path], site: str) -> None:
    database, _ = config
    before = events(database)
    result = run(database, "read", f"{site}/feed.atom", f"{site}/nothing-here.html", "--json")
    assert result.exit_code == 1  # the missing page is rejected; the feed's pages are read
    document = json.loads(result.stdout)
    schemas.validator("read").validate(document)
    assert len(document["articles"]) == len(PAGES) and all(a["new"] for a in document["articles"])
    assert document["rejected"] == [
        f"{site}/nothing-here.html: HTTP 404 Not Found; check the URL: the source refuses it"
    ]
    assert events(database) == before


def test_a_page_that_failed_for_now_is_fetched_again_on_the_next_run(config: tuple[str, Path]) -> None:
    database, path = config
    Site.down = {"/003_twitter-sues-musk.html"}
    first = run(database, "ingest", "--config", str(path))
    assert first.exit_code == 75 and "003_twitter-sues-musk.html: HTTP 503" in first.stderr
    assert "Market Dispatch" not in {a["publisher"] for a in pending(database)}
    Site.down = set()
    Site.hits.clear()
    second = run(database, "ingest", "--config", str(path))
    assert second.exit_code == 0, second.output
    assert Site.hits["/003_twitter-sues-musk.html"] == 1 and Site.hits["/002_microsoft-activision-closes.html"] == 0
    assert "Market Dispatch" in {a["publisher"] for a in pending(database)}


def test_a_link_to_an_article_read_before_is_not_fetched_again(config: tuple[str, Path], site: str) -> None:
    database, path = config
    page = f"{site}/002_microsoft-activision-closes.html"
    assert run(database, "read", page).exit_code == 0  # read by hand first, under its own address
    Site.hits.clear()
    assert run(database, "ingest", "--config", str(path)).exit_code == 0
    Site.extra_item = "<item><title>x</title><link>{base}/gone.html</link></item>"  # the feed changes
    Site.hits.clear()
    run(database, "ingest", "--config", str(path))
    assert all(Site.hits[f"/{p.name}"] == 0 for p in PAGES)  # every listed page is known by its link now


def test_tracker_read_takes_a_feed_labelled_the_old_way(config: tuple[str, Path], site: str) -> None:
    database, _ = config
    result = run(database, "read", f"{site}/x.rss", "--json")
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)["articles"]) == len(PAGES)


def test_reading_for_one_deal_keeps_nothing_of_an_article_about_others(config: tuple[str, Path]) -> None:
    database, _ = config
    twitter, adobe = (str(CORPUS / name) for name in ("003_twitter-sues-musk.html", "004_adobe-figma-abandon.html"))
    result = run(database, "read", twitter, adobe, "--deal", "microsoft-activision", "--json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    schemas.validator("read").validate(document)
    assert document["articles"] == [] and len(document["not_kept"]) == 2
    assert "no development of microsoft-activision found: nothing kept" in document["not_kept"][0]
    again = json.loads(run(database, "read", twitter, adobe, "--json").stdout)["articles"]
    assert [a["new"] for a in again] == [True, True] and all(a["candidates"] for a in again)  # nothing was lost
    assert {c["deal"] for c in again[1]["candidates"]} == {"adobe-figma"}  # unfiltered, a new deal is proposed


def test_a_feed_for_some_deals_leaves_the_other_articles_unread_and_does_not_fetch_them_again(
    config: tuple[str, Path], site: str
) -> None:
    database, path = config
    settings = '[ingest]\ndatabase = "tracker.db"\nhost_delay = 0\nretries = 0\n\n'
    path.write_text(settings + f'[[feeds]]\nurl = "{site}/feed.atom"\ndeals = ["twitter-musk"]\n', encoding="utf-8")
    result = run(database, "ingest", "--config", str(path), "--verbose")
    assert result.exit_code == 0, result.output
    assert "3 about other deals (not kept)" in result.stdout
    assert {c["deal"] for a in pending(database) for c in a["candidates"]} == {"twitter-musk"}
    Site.extra_item = ""
    Site.hits.clear()
    assert run(database, "ingest", "--config", str(path)).exit_code == 0
    assert sum(Site.hits[f"/{p.name}"] for p in PAGES) == 0
    later = json.loads(run(database, "read", str(CORPUS / "005_microsoft-activision-cma-bloque.html"), "--json").stdout)
    assert later["articles"][0]["new"] is True
