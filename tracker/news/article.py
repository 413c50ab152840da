"""An article as the extractor reads it: its main text and what the page says of itself."""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass

from pendulum import DateTime


@dataclass(frozen=True)
class Given:
    """What the person says of an input, overriding what the page says (``tracker read --publisher`` ...)."""

    url: str | None = None
    publisher: str | None = None
    published_at: DateTime | None = None  # timezone-aware
    language: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class Article:
    """The main text of one article with its metadata; offsets of quotes are offsets into ``text``."""

    text: str
    url: str | None = None  # canonical, without tracking parameters, when known
    publisher: str | None = None
    published_at: DateTime | None = None  # timezone-aware, in the publisher's zone when the page says it
    language: str | None = None  # "fr" or "en"
    title: str | None = None

    @property
    def text_hash(self) -> str:
        """Same words, same hash: an article seen again under another URL adds nothing."""
        return text_hash(self.text)


def text_hash(text: str) -> str:
    folded = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()
