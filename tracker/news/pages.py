"""An article page or a plain text becomes an Article: its main text, and what the page says of itself.

Bytes come in, never a URL: fetching is ``tracker.ingest.http``'s job, so no page read here reaches the
network. trafilatura finds the main text; the metadata it reads loses the time zone, so the page's own
tags are read here (``page_metadata``), keeping the zone as the publisher wrote it.
"""

from __future__ import annotations

import codecs
import copy
import re
from dataclasses import replace
from typing import TYPE_CHECKING

from tracker.domain.news import Article, Given
from tracker.domain.text import clean_text, one_line
from tracker.news.page_metadata import PageMetadata, page_metadata, parse_html

if TYPE_CHECKING:
    from lxml.html import HtmlElement

MIN_ARTICLE_WORDS = 40
MAX_ARTICLE_CHARS = 200_000  # about 30,000 words: a long-read is a fifth of that; more is a dump, not an article
LANGUAGES = {"fr": "French", "en": "English"}
OTHER_LANGUAGES = {"de": "German", "es": "Spanish", "it": "Italian", "nl": "Dutch", "pt": "Portuguese"}
_EXPECTED_LANGUAGE = "expected French (fr) or English (en)"


class NewsInputError(ValueError):
    """An input that is not a readable article, feed or text in French or English: one line, naming it."""


def read_page(
    body: bytes,
    *,
    source: str,
    charset: str | None = None,
    given: Given = Given(),  # noqa: B008 - frozen, so one shared default is safe
    url: str | None = None,
    language: str | None = None,
) -> Article:
    """The article of an HTML page. ``given`` overrides what the page says; ``language`` is only a fallback
    (a feed's configured language) for a page that says nothing and whose words do not tell."""
    text = decode(body, source=source, declared=charset or _meta_charset(body), expected="an HTML page")
    tree = parse_html(clean_text(text))  # lxml stops at some control bytes: strip them before it reads
    if tree is None:
        raise NewsInputError(f"{source}: not an HTML page: expected an HTML page with an article")
    article_text = _main_text(tree, source)
    meta = page_metadata(tree, url)
    return _with_given(
        Article(
            text=article_text,
            url=meta.url,
            publisher=meta.publisher,
            published_at=meta.published_at,
            language=_page_language(article_text, meta, given, language, source),
            title=meta.title,
        ),
        given,
    )


def read_text(body: bytes, *, source: str, given: Given = Given()) -> Article:  # noqa: B008
    """A plain text the person pasted or saved: all of it is the article; the words tell its language."""
    text = decode(body, source=source, declared=None, expected="a plain text article")
    text = clean_text(text.replace("\r\n", "\n").replace("\r", "\n")).strip()
    if not text:
        raise NewsInputError(f"{source}: no text found: expected a plain text article")
    _not_too_long(text, source)
    if given.language:
        language = _accepted(given.language, source, "--language")
    else:
        language = _accepted_guess(guess_language(text), source)
    return _with_given(Article(text=text, language=language), given)


def guess_language(text: str) -> str | None:
    """The language whose most common short words the text uses most, when it clearly does.

    A count of stop words is enough to tell French from English (and from the languages a feed may carry
    by mistake) in an article of a few sentences, and needs no model.
    """
    words = _WORD.findall(text.lower())
    if not words:
        return None
    counts = {code: sum(word in stops for word in words) for code, stops in _STOP_WORDS.items()}
    ranked = sorted(counts.items(), key=lambda item: item[1], reverse=True)
    (best, hits), (_, second) = ranked[0], ranked[1]
    if hits < max(2, len(words) // 20) or hits < 1.5 * second:
        return None
    return best


def decode(body: bytes, *, source: str, declared: str | None, expected: str) -> str:
    """The text of the bytes. A declared charset that does not decode them, or turns UTF-8 into mojibake,
    is wrong (a template that says ISO-8859-1 over UTF-8 text is common): clean UTF-8 wins, then
    charset_normalizer's best guess."""
    if not body.strip():
        raise NewsInputError(f"{source}: the file is empty: expected {expected}")
    kind = _binary_kind(body)
    if kind:
        raise NewsInputError(f"{source}: {kind}, not text: expected {expected}")
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return body.decode(encoding, errors="replace")
    utf8 = _strict(body, "utf-8")
    from_declared = _strict(body, declared) if declared else None
    if from_declared is not None and not (utf8 is not None and _is_mojibake(body, declared or "")):
        return from_declared
    if utf8 is not None:
        return utf8
    return _best_guess(body, source, expected)


def _strict(body: bytes, encoding: str) -> str | None:
    try:
        text = body.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        return None
    return None if "\ufffd" in text else text


def _is_mojibake(body: bytes, declared: str) -> bool:
    """UTF-8 read as a single-byte charset: multi-byte sequences valid as UTF-8 almost never occur in real
    Latin-1 or Windows-1252 text, so bytes that decode as UTF-8 with some non-ASCII are UTF-8."""
    try:
        name = codecs.lookup(declared).name
    except LookupError:
        return False
    return name not in ("utf-8", "utf-8-sig") and not body.isascii()


def _best_guess(body: bytes, source: str, expected: str) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(body).best()
    if best is None:
        raise NewsInputError(f"{source}: not text in any known character set: expected {expected}")
    return str(best)


def _binary_kind(body: bytes) -> str | None:
    head = body[:1024]
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if b"\x00" in head and not head.startswith(tuple(bom for bom, _ in _BOMS)):
        return "binary data"
    return None


def _meta_charset(body: bytes) -> str | None:
    found = _META_CHARSET.search(body[:4096])
    return found.group(1).decode("ascii") if found else None


def _main_text(tree: HtmlElement, source: str) -> str:
    """trafilatura's main text without comments, tables or link lists; one paragraph a line, so the
    extractor's sentence offsets hold."""
    import trafilatura

    try:
        document = trafilatura.bare_extraction(
            copy.deepcopy(tree),
            include_comments=False,
            include_tables=False,
            include_links=False,
            include_images=False,
            include_formatting=False,
            with_metadata=False,
            deduplicate=False,
            favor_precision=True,
        )
    except (ValueError, TypeError, AttributeError) as error:  # trafilatura's own failures on odd markup
        raise NewsInputError(f"{source}: the page could not be read ({one_line(str(error))})") from None
    text = clean_text(getattr(document, "text", None) or "").strip()
    words = len(text.split())
    if words < MIN_ARTICLE_WORDS:
        raise NewsInputError(
            f"{source}: no article text found: expected an HTML page with an article (got a page of {words} words)"
        )
    return _not_too_long(text, source)


def _not_too_long(text: str, source: str) -> str:
    if len(text) > MAX_ARTICLE_CHARS:
        raise NewsInputError(
            f"{source}: {len(text):,} characters of text: expected an article (at most {MAX_ARTICLE_CHARS:,})"
        )
    return text


def _page_language(text: str, meta: PageMetadata, given: Given, fallback: str | None, source: str) -> str:
    """The person's word first; then the words themselves when they clearly tell, since a template's
    lang attribute is often left at "en"; then what the page declares; then the fallback."""
    if given.language:
        return _accepted(given.language, source, "--language")
    guessed = guess_language(text)
    if guessed:
        return _accepted_guess(guessed, source)
    if meta.language:
        return _accepted(meta.language, source, "the page says it is")
    if fallback:
        return _accepted(fallback, source, "the feed's language")
    raise NewsInputError(f"{source}: could not tell the language of the page: {_EXPECTED_LANGUAGE}; give --language")


def _accepted(code: str, source: str, said_by: str) -> str:
    language = normalise_language(code)
    if language in LANGUAGES:
        return language
    name = OTHER_LANGUAGES.get(language or "", "")
    shown = f"{name} ({language})" if name else repr(one_line(code))
    raise NewsInputError(f"{source}: {said_by} {shown}: {_EXPECTED_LANGUAGE}")


def _accepted_guess(guessed: str | None, source: str) -> str:
    if guessed in LANGUAGES:
        return guessed
    if guessed:
        name = OTHER_LANGUAGES.get(guessed, guessed)
        raise NewsInputError(f"{source}: the text is in {name} ({guessed}): {_EXPECTED_LANGUAGE}")
    raise NewsInputError(f"{source}: could not tell the language of the text: {_EXPECTED_LANGUAGE}; give --language")


def normalise_language(code: str | None) -> str | None:
    """ "fr-FR", "fr_FR", "FR" and "fr, en" all mean "fr"."""
    if not code:
        return None
    first = re.split(r"[-_,;\s]", code.strip().lower(), maxsplit=1)[0]
    return first or None


def _with_given(article: Article, given: Given) -> Article:
    from tracker.news.urls import canonical_url

    return replace(
        article,
        url=canonical_url(given.url) if given.url else article.url,
        publisher=clean_text(given.publisher) if given.publisher else article.publisher,
        published_at=given.published_at or article.published_at,
        title=clean_text(given.title) if given.title else article.title,
    )


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_WORD = re.compile(r"[^\W\d_]+")  # "qu'elle" is "qu" and "elle": elisions are among French's surest signs
_STOP_WORDS = {
    "fr": _words(
        "le la les des du et est une un pour dans qui que pas sur au aux avec ce cette sont par il elle ont été "
        "ses leur mais plus ou son sa nous vous être fait selon après l d qu"
    ),
    "en": _words(
        "the and of to is that for with on was are this by from it has have be will its which said at an as "
        "were been their would after"
    ),
    "de": _words(
        "der die das und ist nicht mit ein eine den dem auf für sich von zu auch wird sind im des bei nach hat "
        "werden dass noch über"
    ),
    "es": _words("el los las y del por con una para es se su al como más pero sus fue este según"),
    "it": _words("il di che per non sono con della del gli nel alla è anche questo degli dopo"),
    "nl": _words("het een en van niet dat op voor met zijn aan ook wordt bij naar heeft deze"),
    "pt": _words("os das dos não uma com para por mais foi pelo pela são seu sua também"),
}
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"PK\x03\x04", "a ZIP archive (or an office document)"),
    (b"\x1f\x8b", "gzip-compressed data"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
