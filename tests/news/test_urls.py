"""One spelling per article URL: what changes the page stays, what only tracks the reader goes."""

from __future__ import annotations

import pytest

from tracker.news.urls import canonical_url


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("HTTPS://WWW.Example.COM/Path/Article", "https://www.example.com/Path/Article"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("http://example.com:80/a", "http://example.com/a"),
        ("http://example.com:8080/a", "http://example.com:8080/a"),
        ("https://example.com/a#comments", "https://example.com/a"),
        ("https://example.com/a?", "https://example.com/a"),
        ("https://example.com", "https://example.com/"),
        ("https://example.com./a", "https://example.com/a"),
        ("https://bob:secret@example.com/a", "https://example.com/a"),
        ("https://example.com/a?utm_source=rss&utm_medium=feed&utm_campaign=x", "https://example.com/a"),
        ("https://example.com/a?fbclid=1&gclid=2&mc_cid=3&mc_eid=4&igshid=5", "https://example.com/a"),
        ("https://example.com/a?ref=home&ref_src=twsrc&cmpid=nl&xtor=RSS-3", "https://example.com/a"),
        ("https://example.com/a?at_medium=email&at_campaign=x&_ga=1&ocid=2&taid=3", "https://example.com/a"),
        ("https://example.com/a?UTM_Source=x&id=7", "https://example.com/a?id=7"),
        ("https://example.com/a?page=2&id=7&utm_source=x", "https://example.com/a?id=7&page=2"),
        ("https://example.com/a?b=2&a=1&b=1", "https://example.com/a?a=1&b=2&b=1"),
        ("https://example.com/a?q=caf%C3%A9+cr%C3%A8me&flag", "https://example.com/a?flag&q=caf%C3%A9+cr%C3%A8me"),
        ("https://[2001:DB8::1]:443/a", "https://[2001:db8::1]/a"),
    ],
)
def test_a_url_has_one_canonical_spelling(url: str, canonical: str) -> None:
    assert canonical_url(url) == canonical


def test_the_canonical_spelling_is_stable() -> None:
    once = canonical_url("https://Example.com/a?z=1&utm_term=x&a=2#top")
    assert canonical_url(once) == once == "https://example.com/a?a=2&z=1"


def test_a_url_that_does_not_parse_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        canonical_url("http://example.com:port/a")
