"""Feeds polled and inputs read: the fetching side of news, with no database.

The caller stores what comes back (articles, validators) and remembers which URLs it has seen; a
problem with one entry of a feed is one line among the results, never the end of the poll.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from tracker.domain.news import Article, Given
from tracker.domain.text import one_line
from tracker.ingest.http import (
    FetchedBytes,
    HostPacer,
    Politeness,
    SourceRejected,
    SourceUnavailable,
    fetch_bytes,
    source_url_problem,
)
from tracker.news.feeds import Feed, FeedEntry, looks_like_feed, read_feed
from tracker.news.pages import NewsInputError, read_page, read_text
from tracker.store.ingestion import Validators

Sleep = Callable[[float], None]
_PAGE_TYPES = ("text/html", "application/xhtml+xml")
_FEED_TYPES = (
    *("application/rss+xml", "application/atom+xml", "application/feed+xml", "application/rdf+xml"),
    *("application/x-rss+xml", "application/x-atom+xml"),  # what many servers (and Python's mimetypes) send
)
PAGE_MAX_BYTES = 8 * 1024 * 1024  # an article page, clutter included, is well under this; a report feed may be larger
_XML_TYPES = ("application/xml", "text/xml")
_UNSAID_TYPES = (None, "application/octet-stream", "binary/octet-stream")
_EXPECTED = "expected an HTML page, a plain text or an RSS/Atom feed"


@dataclass(frozen=True)
class FeedPoll:
    status: int
    validators: Validators
    not_modified: bool = False
    articles: list[Article] = field(default_factory=list)
    links: list[str] = field(default_factory=list)  # the feed's link to each article, often not its canonical URL
    refused: dict[str, str] = field(default_factory=dict)  # entry URL -> its lasting problem: not fetched again
    unavailable: list[str] = field(default_factory=list)  # entries that failed for now: the next poll asks again
    known_links: list[str] = field(default_factory=list)  # entries whose page is an article read before
    already_seen: int = 0
    skipped: int = 0  # entries without a usable link

    @property
    def problems(self) -> list[str]:
        """One line for each entry that could not be read: the entry's URL and why."""
        return [*self.refused.values(), *self.unavailable]


def poll_feed(
    feed_url: str,
    known: Validators,
    politeness: Politeness,
    pacer: HostPacer,
    seen: Callable[[str], bool],
    language: str | None,
    sleep: Sleep = time.sleep,
) -> FeedPoll:
    """One conditional request for the feed; on 304 nothing is parsed. Otherwise each entry not yet seen
    is fetched (through the pacer) and read; ``language`` is the feed's configured language, used only
    for a page that does not tell its own."""
    fetched = fetch_bytes(feed_url, known, politeness, pacer, sleep)
    if fetched.body is None:
        return FeedPoll(fetched.status, fetched.validators, not_modified=True)
    feed = read_feed(fetched.body, source=feed_url, url=fetched.final_url)
    articles: list[Article] = []
    links: list[str] = []
    refused: dict[str, str] = {}
    unavailable: list[str] = []
    known_links: list[str] = []
    already_seen = 0
    for entry in _distinct(feed):
        if seen(entry.url):
            already_seen += 1
            continue
        try:
            article = entry_article(entry, Given(), language, politeness, pacer, sleep)
        except (NewsInputError, SourceRejected, SourceUnavailable) as error:
            line = one_line(str(error))
            if isinstance(error, SourceUnavailable):
                unavailable.append(line)
            else:
                refused[entry.url] = line
            continue
        if article.url and article.url != entry.url and seen(article.url):
            already_seen += 1
            known_links.append(entry.url)
            continue
        articles.append(article)
        links.append(entry.url)
    return FeedPoll(
        fetched.status,
        fetched.validators,
        False,
        articles,
        links,
        refused,
        unavailable,
        known_links,
        already_seen,
        feed.skipped,
    )


def entry_article(
    entry: FeedEntry,
    given: Given,
    language: str | None,
    politeness: Politeness,
    pacer: HostPacer,
    sleep: Sleep = time.sleep,
) -> Article:
    """The page an entry links to, read; the entry's date and title fill what the page does not say."""
    for_a_page = replace(politeness, max_bytes=min(politeness.max_bytes, PAGE_MAX_BYTES))
    fetched = fetch_bytes(entry.url, Validators(), for_a_page, pacer, sleep)
    if fetched.body is None:  # a 304 to a request that sent no validators: nothing to read
        raise SourceUnavailable(f"{entry.url}: answered 304 Not Modified to a first request")
    if fetched.content_type not in (*_PAGE_TYPES, *_UNSAID_TYPES):
        raise NewsInputError(f"{entry.url}: a {fetched.content_type} document: expected an HTML page")
    article = read_page(
        fetched.body,
        source=entry.url,
        charset=fetched.charset,
        given=given,
        url=fetched.final_url,
        language=language or entry.language,
    )
    return replace(
        article,
        url=article.url or entry.url,
        published_at=article.published_at or entry.published,
        title=article.title or entry.title,
    )


def read_input(
    path_or_url: str,
    given: Given,
    politeness: Politeness,
    pacer: HostPacer,
    *,
    on_problem: Callable[[str], None] | None = None,
    sleep: Sleep = time.sleep,
) -> list[Article]:
    """``tracker read PATH|URL``: a page, a plain text, or a feed whose every entry is read.

    A feed's entry that cannot be read is passed to ``on_problem`` (one line) and the others go on; with
    no ``on_problem``, it raises like any other input error.
    """
    if "://" in path_or_url:
        problem = source_url_problem(path_or_url)
        if problem:
            raise SourceRejected(problem)
        fetched = fetch_bytes(path_or_url, Validators(), politeness, pacer, sleep)
        return _read_fetched(fetched, path_or_url, given, politeness, pacer, on_problem, sleep)
    return _read_file(Path(path_or_url), given, politeness, pacer, on_problem, sleep)


def _read_file(
    path: Path,
    given: Given,
    politeness: Politeness,
    pacer: HostPacer,
    on_problem: Callable[[str], None] | None,
    sleep: Sleep,
) -> list[Article]:
    source = one_line(str(path))
    body = _file_bytes(path, source, politeness.max_bytes)
    suffix = path.suffix.lower()
    if suffix in (".xml", ".rss", ".atom") or (suffix not in (".html", ".htm", ".txt") and looks_like_feed(body)):
        feed = read_feed(body, source=source)
        return _feed_articles(feed, given, politeness, pacer, on_problem, sleep)
    if suffix == ".txt" or (suffix not in (".html", ".htm") and not _looks_like_html(body)):
        return [read_text(body, source=source, given=given)]
    return [read_page(body, source=source, given=given)]


def _file_bytes(path: Path, source: str, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise NewsInputError(f"{source}: the file is larger than the {max_bytes} byte limit: expected an article")
        return path.read_bytes()
    except FileNotFoundError:
        raise NewsInputError(f"{source}: no such file: {_EXPECTED}, or an http(s) URL") from None
    except IsADirectoryError:
        raise NewsInputError(f"{source}: a folder, not a file: {_EXPECTED}") from None
    except OSError as error:
        raise NewsInputError(f"{source}: cannot be read ({one_line(error.strerror or str(error))})") from None


def _read_fetched(
    fetched: FetchedBytes,
    url: str,
    given: Given,
    politeness: Politeness,
    pacer: HostPacer,
    on_problem: Callable[[str], None] | None,
    sleep: Sleep,
) -> list[Article]:
    body, kind = fetched.body or b"", fetched.content_type
    if kind in _FEED_TYPES or (kind in (*_XML_TYPES, *_UNSAID_TYPES) and looks_like_feed(body)):
        feed = read_feed(body, source=url, url=fetched.final_url)
        return _feed_articles(feed, given, politeness, pacer, on_problem, sleep)
    if kind in (*_PAGE_TYPES, *_XML_TYPES) or (kind in _UNSAID_TYPES and _looks_like_html(body)):
        return [read_page(body, source=url, charset=fetched.charset, given=given, url=fetched.final_url)]
    if kind == "text/plain" or kind in _UNSAID_TYPES:
        return [read_text(body, source=url, given=replace(given, url=given.url or fetched.final_url))]
    raise NewsInputError(f"{url}: a {kind} document: {_EXPECTED}")


def _feed_articles(
    feed: Feed,
    given: Given,
    politeness: Politeness,
    pacer: HostPacer,
    on_problem: Callable[[str], None] | None,
    sleep: Sleep,
) -> list[Article]:
    """Every entry's page. What the person said of the feed (publisher, language) holds for each entry;
    a URL, a title or a date said of the feed would be wrong for all but one."""
    for_entries = Given(publisher=given.publisher, language=given.language)
    articles = []
    for entry in _distinct(feed):
        try:
            articles.append(entry_article(entry, for_entries, None, politeness, pacer, sleep))
        except (NewsInputError, SourceRejected, SourceUnavailable) as error:
            if on_problem is None:
                raise
            on_problem(one_line(str(error)))
    return articles


def _distinct(feed: Feed) -> list[FeedEntry]:
    """A feed that lists one page twice (two categories, a re-post) reads it once."""
    by_url: dict[str, FeedEntry] = {}
    for entry in feed.entries:
        by_url.setdefault(entry.url, entry)
    return list(by_url.values())


def _looks_like_html(body: bytes) -> bool:
    head = body[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head or b"<body" in head
