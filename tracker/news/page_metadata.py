"""What an article page says of itself: its site, when it was published (in the publisher's zone), its
language, its canonical URL and its title.

Read from the page's own tags rather than trafilatura's metadata, which keeps a date without its time
zone: a "lundi" in a Paris paper must resolve in Paris time.
"""

from __future__ import annotations

import email.utils
import json
import re
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import pendulum
from pendulum import DateTime

from tracker.domain.text import clean_text

if TYPE_CHECKING:
    from lxml.html import HtmlElement


@dataclass(frozen=True)
class PageMetadata:
    url: str | None = None
    publisher: str | None = None
    published_at: DateTime | None = None
    language: str | None = None  # as the page declares it ("fr-FR"), not yet normalised
    title: str | None = None


def parse_html(text: str) -> HtmlElement | None:
    """The page's tree; parsed from UTF-8 bytes so an XML declaration naming another charset is harmless."""
    import lxml.etree
    import lxml.html

    try:
        return lxml.html.document_fromstring(
            text.encode("utf-8", errors="replace"), parser=lxml.html.HTMLParser(encoding="utf-8")
        )
    except (lxml.etree.ParserError, ValueError):
        return None


def page_metadata(tree: HtmlElement, fetched_url: str | None) -> PageMetadata:
    linked = list(_json_ld(tree))
    url = _canonical(tree, fetched_url)
    publisher = _publisher(tree, linked, url)
    return PageMetadata(
        url=url,
        publisher=publisher,
        published_at=_published(tree, linked),
        language=_first(tree.xpath("/html/@lang"), _meta(tree, "og:locale"), _meta(tree, "content-language")),
        title=_title(tree, publisher),
    )


def _meta(tree: HtmlElement, name: str) -> str | None:
    """A <meta> by property, name, itemprop or http-equiv, any case: sites mix them freely."""
    wanted = name.lower()
    for element in tree.iter("meta"):
        keys = (element.get(attr, "") for attr in ("property", "name", "itemprop", "http-equiv"))
        if any(key.strip().lower() == wanted for key in keys):
            content = (element.get("content") or "").strip()
            if content:
                return content
    return None


def _first(*values: object) -> str | None:
    for value in values:
        if isinstance(value, list):
            value = value[0] if value else None
        if isinstance(value, str) and value.strip():
            return clean_text(value.strip())
    return None


def _json_ld(tree: HtmlElement) -> Iterator[dict[str, Any]]:
    """Every object of the page's JSON-LD, @graph members included; a broken script is skipped, not fatal."""
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        yield from _objects(data)


def _objects(data: object) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _objects(item)
    elif isinstance(data, dict):
        yield data
        yield from _objects(data.get("@graph"))


def _canonical(tree: HtmlElement, fetched_url: str | None) -> str | None:
    """The page's own address without tracking parameters. A fetched page may name only an address of its
    own site: a page on one host that calls itself another site's article would take that article's place
    (an article is read once per address) and put the other site's name on what it says."""
    from tracker.news.urls import canonical_url

    links = tree.xpath('//link[contains(concat(" ", normalize-space(translate(@rel, "CANONICAL", "canonical")), " "),'
                       '" canonical ")]/@href')  # fmt: skip
    for candidate in (*links, _meta(tree, "og:url"), fetched_url):
        if not candidate:
            continue
        absolute = urllib.parse.urljoin(fetched_url or "", candidate.strip())
        try:
            url = canonical_url(absolute)
        except ValueError:
            continue
        if url.startswith(("http://", "https://")) and (fetched_url is None or _same_site(url, fetched_url)):
            return url
    return None


def _same_site(url: str, other: str) -> bool:
    """Same host, or hosts of one registered domain ("www.example.org", "news.example.org"; courlan knows
    the public suffixes, so "bbc.co.uk" and "evil.co.uk" differ); an IP address or a local name must match."""
    from courlan import extract_domain  # trafilatura's own URL library, with the public suffix list it ships

    hosts = {(urllib.parse.urlsplit(u).hostname or "").lower().removeprefix("www.") for u in (url, other)}
    if len(hosts) == 1:
        return True
    domains = {extract_domain(u) for u in (url, other)}
    return len(domains) == 1 and None not in domains


def _publisher(tree: HtmlElement, linked: list[dict[str, Any]], url: str | None) -> str | None:
    named = _first(_meta(tree, "og:site_name"), *(_org_name(item) for item in linked))
    if named:
        return named
    host = urllib.parse.urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else None


def _org_name(item: dict[str, Any]) -> str | None:
    for key in ("publisher", "author"):
        for who in _as_list(item.get(key)):
            if isinstance(who, dict) and (key == "publisher" or who.get("@type") in _ORGANISATIONS):
                name = who.get("name")
                if isinstance(name, str) and name.strip():
                    return name
    return None


_ORGANISATIONS = ("Organization", "NewsMediaOrganization")


def _as_list(value: object) -> list[object]:
    return value if isinstance(value, list) else [value]


def _title(tree: HtmlElement, publisher: str | None) -> str | None:
    title = _first(_meta(tree, "og:title"), tree.xpath("//title/text()"))
    if not title:
        return None
    title = " ".join(title.split())
    if publisher:
        for separator in (" | ", " - ", " – ", " — ", " :: ", " · "):
            head, sep, tail = title.rpartition(separator)
            if sep and head and tail.strip().casefold() == publisher.casefold():
                return head.strip()
    return title


_DATE_METAS = ("article:published_time", "datepublished", "og:published_time", "pubdate", "publish-date",
               "parsely-pub-date", "dc.date.issued", "dc.date", "date")  # fmt: skip


_ZONE_HINTS = ("article:modified_time", "og:updated_time", "datemodified")


def _published(tree: HtmlElement, linked: list[dict[str, Any]]) -> DateTime | None:
    """The first date the page gives for its publication, in the zone it is written in. A date alone, or a
    time without a zone, takes the zone of another timestamp on the page, else UTC."""
    written = [
        *(_meta(tree, name) for name in _DATE_METAS),
        *(item.get("datePublished") for item in linked),
        *tree.xpath("//time[@pubdate or @itemprop='datePublished']/@datetime"),
        *tree.xpath("//article//time/@datetime"),
        *tree.xpath("//time/@datetime"),
    ]
    first = next((moment for moment in map(parse_moment, written) if moment), None)
    if first is None:
        return None
    moment, zoned = first
    if zoned:
        return moment
    others = [*written, *(_meta(tree, name) for name in _ZONE_HINTS), *(item.get("dateModified") for item in linked)]
    zone = next((other.tzinfo for other, other_zoned in filter(None, map(parse_moment, others)) if other_zoned), None)
    return moment.replace(tzinfo=zone) if zone else moment


def parse_moment(value: object) -> tuple[DateTime, bool] | None:
    """A moment and whether its text said its zone; pendulum reads ISO 8601, email.utils RFC 2822."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if not _ISO_DATE.match(text):
        return _parse_rfc2822(text)
    try:
        parsed = pendulum.parse(text)
    except (ValueError, TypeError):
        return None
    if not isinstance(parsed, DateTime):
        if isinstance(parsed, pendulum.Date):
            return pendulum.datetime(parsed.year, parsed.month, parsed.day, tz="UTC"), False
        return None
    return parsed, bool(_ZONE.search(text[10:]))


def _parse_rfc2822(text: str) -> tuple[DateTime, bool] | None:
    try:
        moment = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        return pendulum.instance(moment, tz="UTC"), False
    offset = moment.utcoffset() or timedelta(0)
    return pendulum.instance(moment, tz=pendulum.FixedTimezone(int(offset.total_seconds()))), True


_ISO_DATE = re.compile(r"\d{4}-\d\d-\d\d")
_ZONE = re.compile(r"(Z|[+-]\d\d(:?\d\d)?)$", re.IGNORECASE)
