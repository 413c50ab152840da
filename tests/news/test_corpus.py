"""The news test corpus: articles in seeds/articles/, their reference reports in scripts/news_reference/.

Each HTML article is a page about a real deal, written for the extraction
benchmark; its reference file is the report a careful reader would write from
it. These tests hold the corpus to what the benchmark assumes of it: every
reference ingests cleanly on top of the seeds with the real `tracker` command,
every quote and every amount is the article's own visible text, the reference's
source says what the page says of itself, and the feeds list the articles.
"""

from __future__ import annotations

import http.server
import os
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import feedparser
import lxml.html
import pytest
import yaml

from tests.loopback import serving

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
ARTICLES = SEEDS / "articles"
REFERENCES = ROOT / "scripts" / "news_reference"
TRACKER = str(Path(sys.executable).parent / "tracker")

HTML_ARTICLES = sorted(ARTICLES.glob("*.html"))
SEED_ARTICLES = sorted(ARTICLES.glob("*.txt"))
SCALE_WORDS = ("milliard", "billion", "million")
FEED_TYPES = {"feed.rss": "application/rss+xml", "feed.atom": "application/atom+xml"}


def normalised(text: str) -> str:
    """Whitespace folded to single spaces (no-break spaces included), as a reader sees the text."""
    return " ".join(text.split())


def page(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(path.read_bytes())


def visible_text(path: Path) -> str:
    """The page's text with its tags stripped: the body only, scripts and styles left out."""
    root = page(path)
    body = root.find("body")
    assert body is not None, f"{path.name} has no <body>"
    for element in body.xpath(".//script | .//style"):
        element.drop_tree()
    return normalised(body.text_content())


def meta(root: lxml.html.HtmlElement, prop: str) -> str:
    values = root.xpath(f'//meta[@property="{prop}"]/@content')
    assert len(values) == 1, f"expected one <meta property={prop!r}>, found {len(values)}"
    return str(values[0])


def load(path: Path) -> dict[str, Any]:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(document, dict), f"{path.name} is not a mapping"
    return document


def reference_for(article: Path) -> Path:
    return REFERENCES / f"{article.stem}.yaml"


def seed_deals() -> set[str]:
    slugs: set[str] = set()
    for path in SEEDS.rglob("*.yaml"):
        slugs |= {deal["slug"] for deal in load(path).get("deals") or []}
    return slugs


def tracker(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("TRACKER_DATABASE_URL", None)
    return subprocess.run([TRACKER, *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)


def amount_texts(report: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(field, text) for every amount written as text: terms, figures, a fee, an amount.

    Listed words ("cash", "asset sale", "undisclosed") are not the article's
    wording of a figure and are left out: a text is an amount when it holds a
    digit or a French or English scale word.
    """
    found: list[tuple[str, Any]] = []
    for group in ("terms", "figures", "said"):
        found += [(f"{group}.{name}", value) for name, value in (report.get(group) or {}).items()]
    found += [(name, report[name]) for name in ("fee", "amount") if name in report]
    for name, value in found:
        text = value.get("text") if isinstance(value, dict) else value
        if isinstance(text, str) and (any(c.isdigit() for c in text) or any(w in text.lower() for w in SCALE_WORDS)):
            yield name, text


# --- the corpus is complete ---------------------------------------------------------------------


def test_the_corpus_has_at_least_four_html_articles_two_in_each_language() -> None:
    languages = [page(path).get("lang") for path in HTML_ARTICLES]
    assert languages.count("fr") >= 2 and languages.count("en") >= 2, languages


def test_every_article_has_a_reference_and_every_reference_an_article() -> None:
    articles = {path.stem for path in HTML_ARTICLES + SEED_ARTICLES}
    references = {path.stem for path in REFERENCES.glob("*.yaml")}
    assert articles == references


# --- the HTML articles' references --------------------------------------------------------------


@pytest.mark.parametrize("article", HTML_ARTICLES, ids=lambda p: p.stem)
def test_the_reference_ingests_cleanly_on_top_of_the_seeds(article: Path, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'corpus.db'}"
    seeds = tracker("ingest", "--db", db, str(SEEDS))
    assert seeds.returncode == 0, seeds.stdout + seeds.stderr
    first = tracker("ingest", "--db", db, str(reference_for(article)))
    assert first.returncode == 0, first.stdout + first.stderr
    assert " 0 rejected" in first.stdout, first.stdout + first.stderr
    assert "Traceback" not in first.stderr
    again = tracker("ingest", "--db", db, str(reference_for(article)))
    assert again.returncode == 0, again.stdout + again.stderr
    assert " 0 events appended" in again.stdout, again.stdout


@pytest.mark.parametrize("article", HTML_ARTICLES, ids=lambda p: p.stem)
def test_every_quote_and_every_amount_is_the_articles_own_visible_text(article: Path) -> None:
    text = visible_text(article)
    reference = load(reference_for(article))
    missing = []
    for report in reference["reports"]:
        for source in report["sources"]:
            if normalised(source["quote"]) not in text:
                missing.append(f"{report['id']}: quote {source['quote']!r}")
        for field, amount in amount_texts(report):
            if normalised(amount) not in text:
                missing.append(f"{report['id']}: {field} {amount!r}")
    assert not missing, "\n".join(missing)


@pytest.mark.parametrize("article", HTML_ARTICLES, ids=lambda p: p.stem)
def test_the_reference_source_says_what_the_page_says_of_itself(article: Path) -> None:
    root = page(article)
    reference = load(reference_for(article))
    (source,) = reference["sources"].values()
    assert source["publisher"] == meta(root, "og:site_name")
    assert source["title"] == meta(root, "og:title")
    assert source["language"] == root.get("lang")
    assert source["published_at"] == meta(root, "article:published_time")
    (canonical,) = root.xpath('//link[@rel="canonical"]/@href')
    assert source["url"] == canonical
    assert meta(root, "og:url").startswith(canonical + "?utm_source=rss")
    assert f'"datePublished": "{source["published_at"]}"' in article.read_text(encoding="utf-8")


@pytest.mark.parametrize("article", HTML_ARTICLES, ids=lambda p: p.stem)
def test_every_report_cites_the_article_and_names_a_known_or_defined_deal(article: Path) -> None:
    reference = load(reference_for(article))
    (key,) = reference["sources"]
    defined = {deal["slug"] for deal in reference.get("deals") or []}
    known = seed_deals()
    assert not defined & known, "a deal already in seeds/ is described again"
    ids = [report["id"] for report in reference["reports"]]
    assert len(ids) == len(set(ids))
    for report in reference["reports"]:
        assert report["deal"] in defined | known, report["id"]
        assert report["id"].startswith(f"{report['deal']}/news-{article.stem[:3]}/"), report["id"]
        assert {source["ref"] for source in report["sources"]} == {key}, report["id"]


def test_at_least_two_articles_are_about_seed_deals_and_one_proposes_a_new_deal() -> None:
    known = seed_deals()
    about_seeds = [p for p in HTML_ARTICLES if {r["deal"] for r in load(reference_for(p))["reports"]} <= known]
    proposing = [p for p in HTML_ARTICLES if load(reference_for(p)).get("deals")]
    assert len(about_seeds) >= 2 and len(proposing) >= 1


# --- the two seed articles: their reports are already in seeds/nvidia-openai.yaml ----------------


@pytest.mark.parametrize("article", SEED_ARTICLES, ids=lambda p: p.stem)
def test_a_seed_articles_reference_lists_exactly_the_seed_reports_quoting_it(article: Path) -> None:
    reference = load(reference_for(article))
    assert reference["article"] == str(article.relative_to(ROOT))
    text = normalised(article.read_text(encoding="utf-8"))
    seed = load(SEEDS / "nvidia-openai.yaml")
    ref = reference["source_ref"]
    assert seed["sources"][ref]["publisher"] == reference["publisher"]
    assert str(seed["sources"][ref]["published_at"]) == str(reference["published_at"])
    quoting = [r for r in seed["reports"] if any(s.get("ref") == ref for s in r["sources"])]
    assert reference["reports"] == [r["id"] for r in quoting]
    for report in quoting:
        for source in report["sources"]:
            if source.get("ref") == ref:
                assert normalised(source["quote"]) in text, f"{report['id']}: {source['quote']!r}"


# --- the feeds ----------------------------------------------------------------------------------


@pytest.fixture
def served_corpus() -> Iterator[str]:
    """seeds/articles/ on a loopback server, the feeds formatted with its address."""
    holder: dict[str, str] = {}

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(ARTICLES), **kwargs)

        def do_GET(self) -> None:
            name = self.path.split("?", 1)[0].lstrip("/")
            if name in FEED_TYPES:
                body = (ARTICLES / name).read_text(encoding="utf-8").format(base=holder["base"]).encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", FEED_TYPES[name])
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            else:
                super().do_GET()

        def log_message(self, *args: Any) -> None:
            pass

    with serving(Handler) as base:
        holder["base"] = base
        yield base


@pytest.mark.parametrize(("name", "version"), [("feed.rss", "rss20"), ("feed.atom", "atom10")])
def test_each_feed_lists_every_html_article_one_undated(served_corpus: str, name: str, version: str) -> None:
    with urllib.request.urlopen(f"{served_corpus}/{name}", timeout=10) as response:
        parsed = feedparser.parse(response.read())
    assert parsed.version == version and not parsed.bozo
    links = [entry.link for entry in parsed.entries]
    assert all(link.startswith(f"{served_corpus}/") and "utm_source=rss" in link for link in links)
    assert sorted(link.split("?", 1)[0].rsplit("/", 1)[1] for link in links) == [p.name for p in HTML_ARTICLES]
    undated = [e for e in parsed.entries if not (e.get("published_parsed") or e.get("updated_parsed"))]
    assert len(undated) == 1
    for link in links:
        with urllib.request.urlopen(link, timeout=10) as article:
            assert article.status == 200 and b"<html lang=" in article.read()
