"""An RSS or Atom feed becomes a list of links to read: each entry's canonical URL, title and date.

feedparser is given the bytes in a stream, never a string: given a URL it fetches it, and given bytes
that look like a file name it opens that file. Nothing read here reaches the network or the disk.
"""

from __future__ import annotations

import io
import urllib.parse
from dataclasses import dataclass
from typing import Any

from pendulum import DateTime

from tracker.domain.text import clean_text, one_line
from tracker.news.page_metadata import parse_moment
from tracker.news.pages import NewsInputError, normalise_language
from tracker.news.urls import canonical_url


@dataclass(frozen=True)
class FeedEntry:
    url: str  # canonical
    title: str | None
    published: DateTime | None  # None when the entry gives no date: the caller flags it, the page may fill it
    summary: str | None
    language: str | None  # normalised ("fr"), as the entry or the feed declares it


@dataclass(frozen=True)
class Feed:
    title: str | None
    entries: tuple[FeedEntry, ...]
    skipped: int = 0  # entries without a usable link


def read_feed(body: bytes, *, source: str, url: str | None = None) -> Feed:
    """The entries of a feed, in its order. ``url`` (where the feed was fetched) resolves relative links."""
    import feedparser

    if not body.strip():
        raise NewsInputError(f"{source}: not an RSS or Atom feed: the file is empty")
    parsed = feedparser.parse(io.BytesIO(body), resolve_relative_uris=False, sanitize_html=True)
    if not parsed.get("version") and not parsed.entries:
        raise NewsInputError(f"{source}: not an RSS or Atom feed: {_why_not(parsed, body)}")
    feed_info = parsed.get("feed", {})
    base = feed_info.get("link") or url or ""
    feed_language = normalise_language(feed_info.get("language"))
    entries, skipped = [], 0
    for raw in parsed.entries:
        entry = _entry(raw, base, feed_language)
        if entry is None:
            skipped += 1
        else:
            entries.append(entry)
    return Feed(_clean(feed_info.get("title")), tuple(entries), skipped)


def looks_like_feed(body: bytes) -> bool:
    """A cheap sniff of the first bytes, to route a file or answer of unclear type."""
    head = body[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head


def _why_not(parsed: Any, body: bytes) -> str:
    if b"<html" in body[:4096].lower():
        return "it is an HTML page (give it as a page, or find the site's feed link)"
    problem = parsed.get("bozo_exception")
    if problem is not None:
        return f"the XML does not parse ({one_line(str(problem))[:200]})"
    return "no <rss>, <feed> or <rdf:RDF> root element"


def _entry(raw: Any, base: str, feed_language: str | None) -> FeedEntry | None:
    link = _link(raw)
    if not link:
        return None
    try:
        url = canonical_url(urllib.parse.urljoin(base, link))
    except ValueError:
        return None
    if not url.startswith(("http://", "https://")):
        return None
    return FeedEntry(
        url=url,
        title=_clean(raw.get("title")),
        published=_published(raw),
        summary=_plain(raw.get("summary")),
        language=normalise_language(_entry_language(raw)) or feed_language,
    )


def _link(raw: Any) -> str | None:
    """The entry's page: its alternate link, else its link, else a permalink guid (RSS isPermaLink)."""
    for link in raw.get("links", []):
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return str(link["href"]).strip()
    if raw.get("link"):
        return str(raw["link"]).strip()
    guid = raw.get("id") or ""
    if raw.get("guidislink") and guid.startswith(("http://", "https://")):
        return str(guid).strip()
    return None


def _published(raw: Any) -> DateTime | None:
    """The publication date as written, so its zone survives; feedparser's parsed form is UTC only."""
    moment = parse_moment(raw.get("published"))
    return moment[0] if moment else None


def _entry_language(raw: Any) -> str | None:
    for key in ("title_detail", "summary_detail"):
        detail = raw.get(key) or {}
        if detail.get("language"):
            return str(detail["language"])
    return None


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    text = " ".join(clean_text(value).split())
    return text or None


def _plain(value: object) -> str | None:
    """A summary as text: feeds often carry HTML there."""
    if not isinstance(value, str) or not value.strip():
        return None
    if "<" in value:
        import lxml.etree
        import lxml.html

        try:
            value = lxml.html.fromstring(value).text_content()
        except (ValueError, lxml.etree.ParserError):
            return None
    return _clean(value)
