"""News in through the real command: `tracker read` makes candidates, `tracker review` turns them into events.

A candidate is never an event until a person accepts it; accepted, it goes
through the same ingest path as a report file; rejected, it never comes back.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from tracker import schemas
from tracker.cli.main import cli

ROOT = Path(__file__).resolve().parents[2]
ARTICLE_A = ROOT / "seeds" / "articles" / "000_4e08157f431db579.txt"
DEALS = """
deals:
  - slug: nvidia-openai
    name: Nvidia–OpenAI strategic partnership
    kind: investment
    parties: [{name: Nvidia, role: investor}, {name: OpenAI, role: investee}]
  - slug: openai-funding-round
    name: OpenAI funding round (2026)
    kind: funding_round
    headline_term: round_size
    parties: [{name: OpenAI, role: issuer}]
"""
GIVEN = ("--publisher", "Le Journal de l'Éco", "--published-at", "2026-02-19T18:30+01:00", "--language", "fr")


def run(url: str, *args: str, env: dict[str, str] | None = None) -> Result:
    environment = {"TRACKER_DATABASE_URL": url, "NO_COLOR": "1", "COLUMNS": "200"} | (env or {})
    result = CliRunner().invoke(cli, list(args), env=environment, prog_name="tracker")
    assert "Traceback" not in result.output
    return result


def ok_json(url: str, *args: str, kind: str) -> Any:
    result = run(url, *args, "--json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    schemas.validator(kind).validate(document)
    return document


@pytest.fixture
def url(tmp_path: Path) -> str:
    deals = tmp_path / "deals.yaml"
    deals.write_text(DEALS, encoding="utf-8")
    database = str(tmp_path / "tracker.db")
    assert run(database, "ingest", str(deals)).exit_code == 0
    return database


def event_count(url: str) -> int:
    result = run(url, "verify")
    assert result.exit_code == 0, result.output
    return int(result.stdout.split()[1])


def read_article(url: str) -> list[dict[str, Any]]:
    document = ok_json(url, "read", str(ARTICLE_A), *GIVEN, kind="read")
    (article,) = document["articles"]
    assert article["new"] is True and article["publisher"] == "Le Journal de l'Éco"
    assert article["published_at"] == "2026-02-19T17:30:00.000000+00:00"
    return list(article["candidates"])


def test_reading_an_article_proposes_candidates_and_writes_no_event(url: str) -> None:
    before = event_count(url)
    candidates = read_article(url)
    assert candidates, "the seed article tells several developments of nvidia-openai"
    text = ARTICLE_A.read_text(encoding="utf-8")
    for candidate in candidates:
        assert candidate["status"] == "pending" and candidate["deal"] in ("nvidia-openai", "openai-funding-round")
        for quote in candidate["quotes"]:
            assert quote["text"] in text
    assert event_count(url) == before


def test_an_article_read_again_adds_nothing(url: str) -> None:
    first = read_article(url)
    again = ok_json(url, "read", str(ARTICLE_A), *GIVEN, kind="read")["articles"][0]
    assert (again["new"], again["candidates"]) == (False, [])
    listed = ok_json(url, "review", "list", kind="review-list")["articles"]
    assert [c["id"] for a in listed for c in a["candidates"]] == [c["id"] for c in first]


def test_accept_appends_through_the_ingest_path_and_reject_keeps_the_reason(url: str) -> None:
    first, second, *_ = read_article(url)
    before = event_count(url)
    accepted = run(url, "review", "accept", str(first["id"]))
    assert accepted.exit_code == 0, accepted.output
    assert accepted.stdout.startswith(f"accepted #{first['id']}: ")
    assert event_count(url) > before
    rejected = run(url, "review", "reject", str(second["id"]), "--reason", "context, not a development")
    assert (rejected.exit_code, rejected.stdout) == (0, f"rejected #{second['id']}\n")

    pending = ok_json(url, "review", "list", kind="review-list")["articles"]
    assert {first["id"], second["id"]}.isdisjoint(c["id"] for a in pending for c in a["candidates"])
    decided = ok_json(url, "review", "list", "--status", "all", kind="review-list")["articles"][0]["candidates"]
    by_id = {c["id"]: c for c in decided}
    assert by_id[first["id"]]["status"] == "accepted" and by_id[first["id"]]["review"]["events"]
    assert by_id[second["id"]]["review"]["reason"] == "context, not a development"

    again = run(url, "review", "accept", str(second["id"]))
    assert (again.exit_code, again.stderr) == (1, f"tracker: error: candidate {second['id']} is already rejected\n")
    stats = ok_json(url, "review", "stats", kind="review-stats")
    assert (stats["total"]["accepted"], stats["total"]["rejected"]) == (1, 1)
    assert sum(r["accepted"] + r["rejected"] + r["pending"] for r in stats["rules"]) == len(decided)


def test_a_rejected_candidate_does_not_come_back_when_the_article_is_read_again(url: str) -> None:
    candidates = read_article(url)
    ids = [str(c["id"]) for c in candidates]
    assert run(url, "review", "reject", *ids, "--reason", "duplicate story").exit_code == 0
    ok_json(url, "read", str(ARTICLE_A), *GIVEN, kind="read")
    assert ok_json(url, "review", "list", kind="review-list")["articles"] == []


def test_review_mistakes_are_one_line_errors(url: str) -> None:
    read_article(url)
    unknown = run(url, "review", "accept", "9999")
    assert (unknown.exit_code, unknown.stderr) == (1, "tracker: error: no candidate 9999: see `tracker review list`\n")
    no_reason = run(url, "review", "reject", "1")
    assert no_reason.exit_code == 2 and "--reason" in no_reason.stderr
    not_a_terminal = run(url, "review")
    assert not_a_terminal.exit_code == 2 and "tracker review list" in not_a_terminal.stderr
    bad_time = run(url, "read", str(ARTICLE_A), "--published-at", "last thursday")
    assert bad_time.exit_code == 2 and "--published-at" in bad_time.stderr


def test_a_missing_input_is_rejected_and_the_others_are_read(url: str, tmp_path: Path) -> None:
    result = run(url, "read", str(tmp_path / "missing.html"), str(ARTICLE_A), *GIVEN, "--json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert len(document["articles"]) == 1 and document["articles"][0]["candidates"]
    assert "missing.html" in document["rejected"][0]


# --- the interactive review, on a real terminal -------------------------------------------------

EDITOR = """\
import sys, yaml
path = sys.argv[-1]
document = yaml.safe_load(open(path, encoding="utf-8"))
document["reports"][0]["summary"] = "Edited by a person -- " + document["reports"][0]["summary"]
open(path, "w", encoding="utf-8").write(yaml.safe_dump(document, allow_unicode=True))
"""


def on_a_terminal(url: str, keys: list[str], env: dict[str, str]) -> str:
    """Run `tracker review` on a pseudo-terminal, answering each prompt with the next key."""
    main, secondary = os.openpty()
    command = [sys.executable, "-c", "from tracker.cli.main import cli; cli()", "review"]
    environment = os.environ | {"TRACKER_DATABASE_URL": url, "NO_COLOR": "1", "COLUMNS": "120"} | env
    process = subprocess.Popen(command, stdin=secondary, stdout=secondary, stderr=secondary, env=environment)
    os.close(secondary)
    seen, pending = b"", list(keys)
    deadline = time.monotonic() + 30
    while process.poll() is None and time.monotonic() < deadline:
        ready, _, _ = select.select([main], [], [], 0.2)
        if ready:
            try:
                seen += os.read(main, 65536)
            except OSError:
                break
        if pending and seen.rstrip().endswith((b"[q]uit:", b"Reason:")):
            os.write(main, (pending.pop(0) + "\n").encode())
            seen += b"\n"
    if process.poll() is None:
        process.kill()
    process.wait(timeout=10)
    os.close(main)
    return seen.decode("utf-8", "replace")


def test_the_interactive_review_edits_in_the_editor_rejects_and_quits(url: str, tmp_path: Path) -> None:
    candidates = read_article(url)
    assert len(candidates) >= 3
    editor = tmp_path / "editor.py"
    editor.write_text(EDITOR, encoding="utf-8")
    shown = on_a_terminal(url, ["e", "r", "not news", "s", "q"], {"EDITOR": f"{sys.executable} {editor}"})
    assert f"accepted #{candidates[0]['id']}" in shown, shown
    assert f"rejected #{candidates[1]['id']}" in shown, shown
    decided = ok_json(url, "review", "list", "--status", "all", kind="review-list")["articles"][0]["candidates"]
    first, second, third = decided[:3]
    assert (first["status"], first["review"]["edited"]) == ("accepted", True)
    assert (second["status"], second["review"]["reason"]) == ("rejected", "not news")
    assert third["status"] == "pending"  # skipped
    timeline = ok_json(url, "timeline", first["deal"], kind="timeline")
    assert any(e["summary"].startswith("Edited by a person --") for e in timeline["events"])


NO_ARTICLE = "<html lang='en'><body><nav>Home · Markets · Tech</nav><p>Accept cookies</p></body></html>"
GERMAN = (
    "<html lang='de'><head><meta property='article:published_time' content='2026-02-19T10:00:00+01:00'></head>"
    "<body><article><p>"
    + "Nvidia will sich an OpenAI beteiligen, und die Gespräche über die Beteiligung dauern an. " * 8
    + "</p></article></body></html>"
)


@pytest.mark.parametrize(
    ("name", "body", "flags", "expected"),
    [
        ("empty.html", NO_ARTICLE, (), "empty.html: no article text found: expected an HTML page with an article"),
        ("seite.html", GERMAN, (), "seite.html: the text is in German (de): expected French (fr) or English (en)"),
        ("feed.xml", "Service temporarily down", (), "feed.xml: not an RSS or Atom feed"),
        ("big.html", GERMAN, ("--max-bytes", "100"), "big.html: the file is larger than the 100 byte limit"),
        ("note.txt", ARTICLE_A.read_text(encoding="utf-8"), ("--language", "fr"), "note.txt: no publication date"),
    ],
)
def test_an_input_that_cannot_be_used_is_one_line_and_nothing_is_kept(
    url: str, tmp_path: Path, name: str, body: str, flags: tuple[str, ...], expected: str
) -> None:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    result = run(url, "read", str(path), *flags)
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith("tracker: error: ") and expected in line, line
    assert ok_json(url, "review", "list", "--status", "all", kind="review-list")["articles"] == []


def test_an_article_about_no_known_deal_gives_no_candidate(url: str, tmp_path: Path) -> None:
    path = tmp_path / "weather.txt"
    path.write_text("Il a beaucoup plu à Paris jeudi, et les températures ont baissé. " * 5, encoding="utf-8")
    result = run(url, "read", str(path), *GIVEN)
    assert result.exit_code == 0, result.output
    assert "no development of a known deal found" in result.stdout


def test_accepting_several_says_each_as_it_lands_and_stops_at_the_first_refusal(url: str) -> None:
    first, second, third, *_ = read_article(url)
    assert run(url, "review", "reject", str(second["id"]), "--reason", "not news").exit_code == 0
    result = run(url, "review", "accept", str(first["id"]), str(second["id"]), str(third["id"]))
    assert result.exit_code == 1
    assert result.stdout.startswith(f"accepted #{first['id']}: ") and result.stdout.count("accepted #") == 1
    assert result.stderr == f"tracker: error: candidate {second['id']} is already rejected\n"
    listed = ok_json(url, "review", "list", "--status", "all", kind="review-list")["articles"][0]["candidates"]
    assert [c["status"] for c in listed[:3]] == ["accepted", "rejected", "pending"]


def test_readers_running_at_once_each_keep_their_article(url: str) -> None:
    assert run(url, "ingest", str(ROOT / "seeds" / "sagas")).exit_code == 0  # the deals the pages are about
    pages = sorted((ROOT / "seeds" / "articles").glob("*.html"))
    environment = os.environ | {"TRACKER_DATABASE_URL": url}
    command = [sys.executable, "-c", "from tracker.cli.main import cli; cli()", "read"]
    running = [subprocess.Popen([*command, str(page)], env=environment, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, text=True) for page in pages]  # fmt: skip
    errors = [process.communicate(timeout=120)[1] for process in running]
    assert [process.returncode for process in running] == [0] * len(pages), errors
    listed = ok_json(url, "review", "list", kind="review-list")["articles"]
    assert len(listed) == len(pages)
