"""Feeds read from bytes only: RSS 2.0 and Atom 1.0 entries, their dates in the zone written, refusals."""

from __future__ import annotations

from pathlib import Path

import pendulum
import pytest

from tracker.news.feeds import read_feed
from tracker.news.pages import NewsInputError

RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
<channel>
  <title>La Gazette \xc3\x89conomique - Entreprises</title>
  <link>https://www.gazette-eco.example/entreprises</link>
  <language>fr-FR</language>
  <item>
    <title>Alv\xc3\xa9ole pr\xc3\xa9voit d\xe2\x80\x99investir dans Brique</title>
    <link>https://www.gazette-eco.example/entreprises/alveole-brique?xtor=RSS-1&amp;utm_source=rss</link>
    <pubDate>Mon, 10 Feb 2025 07:45:00 +0100</pubDate>
    <description>&lt;p&gt;Le groupe Alv\xc3\xa9ole &lt;b&gt;pr\xc3\xa9voit&lt;/b&gt;
      d\xe2\x80\x99investir.&lt;/p&gt;</description>
  </item>
  <item>
    <title>Un article sans date</title>
    <link>/entreprises/sans-date</link>
  </item>
  <item>
    <title>Un article sans lien</title>
    <description>Rien \xc3\xa0 lire.</description>
  </item>
  <item>
    <title>Un lien permanent</title>
    <guid isPermaLink="true">https://www.gazette-eco.example/entreprises/guid</guid>
  </item>
</channel>
</rss>
"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <title>Wire Deals</title>
  <link href="https://wire.example/"/>
  <updated>2025-03-01T12:00:00Z</updated>
  <id>urn:uuid:feed</id>
  <entry>
    <title>Acme agrees to buy Widget for $3bn</title>
    <link rel="alternate" href="https://Wire.example/deals/acme-widget#top"/>
    <link rel="related" href="https://wire.example/other"/>
    <id>urn:uuid:1</id>
    <published>2025-03-01T08:30:00-05:00</published>
    <updated>2025-03-01T09:00:00-05:00</updated>
    <summary>Acme said on Saturday it would buy Widget.</summary>
  </entry>
  <entry>
    <title>Only updated, never said published</title>
    <link href="https://wire.example/deals/updated"/>
    <id>urn:uuid:2</id>
    <updated>2025-03-02T09:00:00Z</updated>
  </entry>
</feed>
"""


def test_an_rss_feed_gives_canonical_links_dates_in_their_zone_and_plain_summaries() -> None:
    feed = read_feed(RSS, source="feed.xml")
    assert feed.title == "La Gazette Économique - Entreprises"
    first, undated, permalink = feed.entries
    assert first.url == "https://www.gazette-eco.example/entreprises/alveole-brique"
    assert first.title == "Alvéole prévoit d’investir dans Brique"
    assert first.published == pendulum.datetime(2025, 2, 10, 7, 45, tz=pendulum.FixedTimezone(3600))
    assert first.published is not None and first.published.utcoffset() == pendulum.duration(hours=1)
    assert first.summary == "Le groupe Alvéole prévoit d’investir."
    assert first.language == "fr"
    assert (undated.url, undated.published) == ("https://www.gazette-eco.example/entreprises/sans-date", None)
    assert permalink.url == "https://www.gazette-eco.example/entreprises/guid"
    assert feed.skipped == 1


def test_an_atom_feed_takes_the_alternate_link_and_the_published_date_only() -> None:
    feed = read_feed(ATOM, source="atom.xml")
    assert feed.title == "Wire Deals"
    deal, updated_only = feed.entries
    assert deal.url == "https://wire.example/deals/acme-widget"
    assert deal.published == pendulum.datetime(2025, 3, 1, 8, 30, tz=pendulum.FixedTimezone(-5 * 3600))
    assert deal.published is not None and deal.published.day_of_week == pendulum.SATURDAY
    assert (deal.summary, deal.language) == ("Acme said on Saturday it would buy Widget.", "en")
    assert updated_only.published is None  # an update is not a publication: the caller flags it
    assert feed.skipped == 0


def test_a_feed_of_no_entries_is_a_feed() -> None:
    feed = read_feed(b'<rss version="2.0"><channel><title>Quiet</title></channel></rss>', source="quiet.xml")
    assert (feed.title, feed.entries, feed.skipped) == ("Quiet", (), 0)


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"", "the file is empty"),
        (b"this is not xml at all, just words", "not an RSS or Atom feed: "),
        (b'{"items": []}', "not an RSS or Atom feed: "),
        (b"<?xml version='1.0'?><note><to>Tove</to></note>", "not an RSS or Atom feed: "),
        (
            b"<!DOCTYPE html><html><head><title>Home</title></head><body><p>Hello</p></body></html>",
            "not an RSS or Atom feed: it is an HTML page",
        ),
    ],
)
def test_what_is_not_a_feed_is_one_line_naming_the_source(body: bytes, reason: str) -> None:
    with pytest.raises(NewsInputError) as raised:
        read_feed(body, source="feed.xml")
    message = str(raised.value)
    assert message.startswith("feed.xml: ") and reason in message and "\n" not in message


def test_bytes_that_name_a_file_are_never_opened(tmp_path: Path) -> None:
    """feedparser opens a file whose name it is given: the bytes go in as a stream, so they stay bytes."""
    secret = tmp_path / "feed.xml"
    secret.write_bytes(ATOM)
    with pytest.raises(NewsInputError, match="not an RSS or Atom feed"):
        read_feed(str(secret).encode(), source="body")


def test_a_feed_with_an_external_entity_does_not_read_it(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    body = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<rss version="2.0"><channel><title>T</title><item><title>&x;</title>'
        "<link>https://example.org/a</link></item></channel></rss>"
    ).encode()
    feed = read_feed(body, source="feed.xml")
    assert all("TOP-SECRET" not in (entry.title or "") for entry in feed.entries)


def test_control_characters_in_a_feed_are_stripped() -> None:
    body = (
        b'<rss version="2.0"><channel><title>Evil\x1b[31m feed</title><item><title>A \x1b]8;;x\x07title</title>'
        b"<link>https://example.org/a</link></item></channel></rss>"
    )
    feed = read_feed(body, source="feed.xml")
    assert "\x1b" not in (feed.title or "") and "\x1b" not in (feed.entries[0].title or "")
