"""Article pages and plain texts read from bytes: the main text without the clutter, what the page says
of itself (in the publisher's zone), a lying charset, and a clear line for what is not an article."""

from __future__ import annotations

from pathlib import Path

import pendulum
import pytest

from tracker.domain.news import Given
from tracker.news.pages import NewsInputError, guess_language, read_page, read_text

PAGES = Path(__file__).parent / "pages"
CONTROL = set(map(chr, [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)]))

GERMAN = """<!DOCTYPE html><html lang="{lang}"><head><title>Übernahme</title></head><body><article>
<h1>Alpha übernimmt Beta für zwei Milliarden Euro</h1>
<p>Der Konzern Alpha hat sich mit den Eigentümern von Beta auf eine Übernahme geeinigt, wie das Unternehmen am
Montag in Frankfurt mitteilte. Der Kaufpreis liegt nach Angaben von Insidern bei rund zwei Milliarden Euro.</p>
<p>Die Transaktion muss noch von den Kartellbehörden genehmigt werden. Beide Unternehmen erwarten den Abschluss
im Laufe des Jahres, sagte ein Sprecher. Die Aktie von Beta stieg nach der Ankündigung um zwölf Prozent, und
die Gewerkschaft fordert Garantien für die Mitarbeiter an den deutschen Standorten.</p>
</article></body></html>"""


def page(name: str) -> bytes:
    return (PAGES / name).read_bytes()


def french_page() -> bytes:
    """The fixture is UTF-8 under a <meta charset="iso-8859-1">, as a careless template writes it."""
    body = page("fr_lying_charset.html")
    assert b'charset="iso-8859-1"' in body and body.decode("utf-8")
    return body


def test_a_page_that_lies_about_its_charset_reads_as_the_utf8_it_is() -> None:
    article = read_page(french_page(), source="page.html", charset="ISO-8859-1")
    assert "Le groupe Alvéole prévoit d’investir jusqu’à 2 milliards d’euros" in article.text
    assert "Ã" not in article.text and "â€" not in article.text


def test_the_clutter_around_an_article_is_not_its_text() -> None:
    for body in (french_page(), page("en_wire.html")):
        text = read_page(body, source="page.html").text
        for clutter in ("cookie", "Top 10", "Accueil", "Home", "Mentions légales", "All rights reserved",
                        "Impôts", "mortgage", "S’abonner", "Sign in", "Manage choices"):  # fmt: skip
            assert clutter not in text, clutter


def test_paragraphs_are_lines_so_sentence_offsets_hold() -> None:
    lines = read_page(page("en_wire.html"), source="page.html").text.splitlines()
    assert lines[0].startswith("Acme Industries said on Saturday") and lines[0].endswith("parts maker.")
    assert lines[1].startswith("The deal, which has been approved")
    assert len(lines) == 3


def test_a_french_page_says_its_site_date_in_its_zone_language_canonical_url_and_title() -> None:
    article = read_page(french_page(), source="page.html", url="https://gazette-eco.example/x?utm_source=a")
    assert article.publisher == "La Gazette Économique"
    assert article.published_at == pendulum.datetime(2025, 2, 10, 6, 45, tz="UTC")
    assert article.published_at is not None and article.published_at.utcoffset() == pendulum.duration(hours=1)
    assert article.language == "fr"
    assert article.url == "https://www.gazette-eco.example/entreprises/alveole-brique"  # rel=canonical, xtor gone
    assert article.title == "Alvéole prévoit d’investir 2 milliards d’euros dans Brique"


def test_an_english_page_takes_its_publisher_from_json_ld_and_drops_the_site_from_its_title() -> None:
    article = read_page(page("en_wire.html"), source="page.html", url="https://wire.example/deals/acme?fbclid=1")
    assert article.publisher == "Wire Deals"
    assert article.title == "Acme agrees to buy Widget Corp for $3bn in cash"
    assert article.language == "en"
    assert article.url == "https://wire.example/deals/acme"  # no canonical on the page: the fetched URL
    # A date alone takes the zone of the page's other timestamp: midnight in New York, not in UTC.
    assert article.published_at == pendulum.datetime(2025, 3, 1, tz="America/New_York")
    assert article.published_at is not None and article.published_at.utcoffset() == pendulum.duration(hours=-5)


def test_a_date_alone_with_no_zone_on_the_page_is_midnight_utc_and_the_host_names_an_unnamed_site() -> None:
    body = article_html(head='<meta property="article:published_time" content="2025-04-03">')
    article = read_page(body, source="page.html", url="https://www.small-paper.example/a")
    assert article.published_at == pendulum.datetime(2025, 4, 3, tz="UTC")
    assert article.publisher == "small-paper.example"


def test_a_time_element_dates_a_page_without_meta() -> None:
    body = article_html(inside='<time datetime="2025-05-06T18:00:00+02:00">6 mai</time>')
    assert read_page(body, source="page.html").published_at == pendulum.datetime(2025, 5, 6, 16, tz="UTC")


def test_what_the_person_gives_overrides_what_the_page_says() -> None:
    given = Given(
        url="https://other.example/a?utm_source=x#y",
        publisher="Les Échos",
        published_at=pendulum.datetime(2025, 2, 11, 9, tz="Europe/Paris"),
        language="fr",
        title="Un autre titre",
    )
    article = read_page(french_page(), source="page.html", given=given)
    assert (article.url, article.publisher, article.title) == ("https://other.example/a", "Les Échos", "Un autre titre")
    assert (article.published_at, article.language) == (given.published_at, "fr")


def test_control_characters_never_reach_the_text_or_the_metadata() -> None:
    body = article_html(
        head="<title>Evil\x1b[31m title\x07</title>", inside="<p>Red \x1b[31malert\x1b[0m and \x85next\x9b1m.</p>"
    )
    article = read_page(body, source="page.html")
    assert not CONTROL & set(article.text) and not CONTROL & set(article.title or "")
    assert "alert" in article.text


def test_a_page_without_an_article_is_one_line_saying_what_was_expected() -> None:
    body = b"<html lang='en'><body><nav><a href='/'>Home</a></nav><p>Subscribe to read this article.</p></body></html>"
    with pytest.raises(NewsInputError) as raised:
        read_page(body, source="page.html")
    assert str(raised.value).startswith(
        "page.html: no article text found: expected an HTML page with an article (got a page of "
    )


@pytest.mark.parametrize("lang", ["de", "de-DE", ""])
def test_a_german_page_is_refused_by_its_tag_or_its_words(lang: str) -> None:
    with pytest.raises(NewsInputError) as raised:
        read_page(GERMAN.format(lang=lang).encode(), source="seite.html")
    assert str(raised.value) == "seite.html: the text is in German (de): expected French (fr) or English (en)"


def test_a_page_whose_tag_names_another_language_and_whose_words_do_not_tell_is_refused() -> None:
    body = article_html(lang="pl", words="Lorem ipsum dolor sit amet consectetur adipiscing elit sed do")
    with pytest.raises(NewsInputError, match=r"page.html: the page says it is 'pl': expected French \(fr\) or"):
        read_page(body, source="page.html")


def test_a_given_language_overrides_the_page() -> None:
    article = read_page(GERMAN.format(lang="de").encode(), source="seite.html", given=Given(language="fr"))
    assert article.language == "fr"


def test_the_words_win_over_a_template_lang_left_at_en() -> None:
    body = french_page().replace(b'lang="fr-FR"', b'lang="en"').replace(b'content="fr_FR"', b'content="en_US"')
    assert read_page(body, source="page.html").language == "fr"


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"", "page.html: the file is empty: expected an HTML page"),
        (b"   \n\t ", "page.html: the file is empty: expected an HTML page"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "page.html: a PNG image, not text: expected an HTML page"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", "page.html: a PDF document, not text: expected an HTML page"),
        (bytes(range(256)) * 4, "page.html: binary data, not text: expected an HTML page"),
    ],
)
def test_an_empty_or_binary_body_is_one_line(body: bytes, reason: str) -> None:
    with pytest.raises(NewsInputError) as raised:
        read_page(body, source="page.html")
    assert str(raised.value) == reason


def test_a_real_latin1_page_reads_with_its_declared_charset() -> None:
    body = article_html(lang="fr").decode().replace("<head>", '<head><meta charset="iso-8859-1">')
    article = read_page(body.encode("iso-8859-1"), source="page.html")
    assert "société prévoit" in article.text


def test_a_page_declared_utf8_that_is_windows_1252_is_read_by_its_best_guess() -> None:
    body = article_html(lang="fr").decode().replace("'", "’").encode("cp1252")
    article = read_page(body, source="page.html", charset="utf-8")
    assert "société prévoit d’investir" in article.text


def test_a_plain_text_file_is_read_whole_and_its_language_guessed(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_bytes(
        "Le groupe Alvéole prévoit d’investir dans Brique.\r\nLa transaction est attendue cet été.\x1b[2J\n".encode()
    )
    article = read_text(path.read_bytes(), source=str(path), given=Given(publisher="Le Monde"))
    assert article.text == "Le groupe Alvéole prévoit d’investir dans Brique.\nLa transaction est attendue cet été.[2J"
    assert (article.language, article.publisher, article.url) == ("fr", "Le Monde", None)


def test_a_plain_text_in_no_language_it_can_tell_needs_language() -> None:
    with pytest.raises(NewsInputError) as raised:
        read_text(b"ACME 3bn WIDGET Q3 2025 EBITDA", source="note.txt")
    assert str(raised.value) == (
        "note.txt: could not tell the language of the text: expected French (fr) or English (en); give --language"
    )
    assert read_text(b"ACME 3bn WIDGET Q3 2025 EBITDA", source="note.txt", given=Given(language="en")).language == "en"


def test_a_plain_text_in_german_names_it() -> None:
    text = "Der Konzern hat sich mit den Eigentümern auf eine Übernahme geeinigt, die noch genehmigt werden muss."
    with pytest.raises(NewsInputError, match=r"note.txt: the text is in German \(de\): expected French"):
        read_text(text.encode(), source="note.txt")


def test_an_empty_text_is_refused() -> None:
    with pytest.raises(NewsInputError, match=r"note\.txt: the file is empty: expected a plain text article"):
        read_text(b"\n\n", source="note.txt")


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("La société a annoncé lundi qu'elle allait racheter son concurrent pour un milliard.", "fr"),
        ("The company said on Monday that it would buy its rival for a billion dollars.", "en"),
        ("Die Firma hat am Montag mitgeteilt, dass sie den Konkurrenten für eine Milliarde kauft.", "de"),
        ("La empresa anunció el lunes que comprará a su rival por mil millones de euros para crecer.", "es"),
        ("Acme Widget 2025 $3bn", None),
        ("", None),
    ],
)
def test_guess_language_counts_the_common_short_words(text: str, language: str | None) -> None:
    assert guess_language(text) == language


def article_html(head: str = "", inside: str = "", lang: str = "", words: str = "") -> bytes:
    """A small page with enough words to be an article, in French unless told otherwise."""
    body = words * 8 if words else (
        "La société prévoit d'investir 300 millions d'euros dans une nouvelle usine, selon un communiqué publié "
        "mardi. Le projet doit encore être approuvé par le conseil d'administration, qui se réunira le mois "
        "prochain. Les syndicats ont salué une décision qui devrait créer plusieurs centaines d'emplois dans la "
        "région, mais ils demandent des garanties sur les salaires et sur le calendrier des embauches."
    )  # fmt: skip
    lang_attr = f' lang="{lang}"' if lang else ""
    return (
        f"<!DOCTYPE html><html{lang_attr}><head>{head}</head><body><article><h1>Une usine</h1>"
        f"{inside}<p>{body}</p></article></body></html>"
    ).encode()


@pytest.mark.parametrize(
    ("fetched", "canonical", "kept"),
    [
        ("https://news.example.org/a?utm_source=x", "https://www.example.org/a", "https://www.example.org/a"),
        ("https://evil.co.uk/copy", "https://news.bbc.co.uk/story", "https://evil.co.uk/copy"),
        ("http://127.0.0.1:8000/copy", "https://marketdispatch.example/story", "http://127.0.0.1:8000/copy"),
    ],
)
def test_a_fetched_page_may_name_only_an_address_of_its_own_site(fetched: str, canonical: str, kept: str) -> None:
    body = (
        f"<html lang='en'><head><link rel='canonical' href='{canonical}'></head><body><article><p>"
        + "Acme agreed to buy Widgets for $2 billion in cash, the companies said on Monday morning. " * 6
        + "</p></article></body></html>"
    ).encode()
    assert read_page(body, source="page.html", url=fetched).url == kept
