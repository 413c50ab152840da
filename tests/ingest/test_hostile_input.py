"""Hostile report files: each is refused with one line naming file, field and what was expected; none crashes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pendulum
import pytest

from tracker.domain.text import one_line
from tracker.ingest.files import read_file
from tracker.ingest.reports import ReportError

NOW = pendulum.datetime(2026, 11, 22, tz="UTC")
BASE = {
    "deal": "acme",
    "type": "talks_reported",
    "occurred": "2025-09",
    "summary": "Talks",
    "sources": [{"publisher": "Wire", "published_at": "2025-09-10"}],
}
AMOUNT = '{"qualifier": "exactly", "value": %s, "currency": "USD"}'


def json_report(**overrides: object) -> str:
    return json.dumps(BASE | overrides)


def with_term(value: str) -> str:
    return json_report()[:-1] + ', "terms": {"investment": ' + AMOUNT % value + "}}"


def yaml_report(extra: str) -> str:
    return (
        "deal: acme\ntype: talks_reported\noccurred: 2025-09\nsummary: Talks\n"
        "sources: [{publisher: Wire, published_at: 2025-09-10}]\n" + extra
    )


def refused(tmp_path: Path, text: str | bytes, name: str = "report.json") -> str:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass"))
    with pytest.raises(ReportError) as caught:
        read_file(path, NOW)
    message = str(caught.value)
    assert len(message.splitlines()) == 1 and message.startswith(one_line(str(path))), message
    return message


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        (json_report(summary="a\ud800b"), "r.json", "summary: contains a lone surrogate \\ud800"),
        ("[" * 100_000 + "]" * 100_000, "r.json", "nested too deeply"),
        ("[" * 100_000 + "]" * 100_000, "r.yaml", "nested too deeply"),
        ("[" * 40 + "]" * 40, "r.json", "nested deeper than"),
        (json_report()[:-1] + ', "occurred": ' + "9" * 5000 + "}", "r.json", "number too large"),
        (yaml_report("reported_at: " + "9" * 5000 + "\n"), "r.yaml", "number too large"),
        (json_report(occurred=10**30), "r.json", "occurred: expected a whole number of at most"),
        (
            yaml_report("terms: {investment: {qualifier: exactly, value: .nan, currency: USD}}\n"),
            "r.yaml",
            "terms.investment.value: expected a finite number",
        ),
        (
            yaml_report("terms: {investment: {qualifier: exactly, value: .inf, currency: USD}}\n"),
            "r.yaml",
            "terms.investment.value: expected a finite number",
        ),
        (
            yaml_report("terms: {investment: {qualifier: exactly, value: -.inf, currency: USD}}\n"),
            "r.yaml",
            "terms.investment.value: expected a finite number",
        ),
        (with_term("1e999999999"), "r.json", "terms.investment.value: expected a number below"),
        (with_term('"1e999999999"'), "r.json", "terms.investment: 1E+999999999 is more than 10^16"),
        (with_term("1e-999999999"), "r.json", "terms.investment.value: expected at most 36 significant digits"),
        (
            json_report(terms={"investment": "1" + "0" * 100 + " dollars"}),
            "r.json",
            "terms.investment: '1" + "0" * 100 + " dollars'",
        ),
        (json_report(occurred="9999-12-31"), "r.json", "occurred: '9999-12-31': year 9999 is outside 0001-9998"),
        (
            json_report(reported_at="9999-12-31T23:59:59-12:00"),
            "r.json",
            "reported_at: '9999-12-31T23:59:59-12:00' is not a timestamp: its year is outside 0001-9998: "
            "expected a year from 0001 to 9998",
        ),
        (
            json_report(occurred="2025-09-22T10:00:00." + "1" * 60 + "+05:30"),
            "r.json",
            "occurred: expected at most 64 characters",
        ),
        (
            json_report(type="event_retracted", target="6f1d3c2e-5b8a-4e0f-9a57-2d3c4b5a6e7f\n", reason="r"),
            "r.json",
            "target",
        ),
        (json_report(deal="acme\n"), "r.json", "reports[0].deal: 'acme\\n' does not match"),
        (
            json_report(terms={"investment": {"qualifier": "exactly", "value": 5, "currency": "USD\n"}}),
            "r.json",
            "terms.investment",
        ),
        (
            json_report(occurred="2025\t09"),
            "r.json",
            "occurred: '2025\\t09': expected EDTF level 1 (2025, 2025-09, 2025-09-22",
        ),
        (
            json_report(occurred="2026-03"),
            "r.json",
            "occurred: '2026-03' begins after the report appeared (2025-09-10): expected a development that had begun",
        ),
        (
            yaml_report("summary: !!binary aGVsbG8=\n").replace("summary: Talks\n", ""),
            "r.yaml",
            "summary: expected text, a number, a list or a mapping, found bytes",
        ),
        (json_report(language="x" * 100_000), "r.json", "language"),
    ],
)
def test_hostile_values_are_refused_with_one_line(tmp_path: Path, text: str, name: str, expected: str) -> None:
    assert expected in refused(tmp_path, text, name)


def test_a_yaml_alias_bomb_is_refused_at_once(tmp_path: Path) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(9)
    )
    assert len(bomb) < 500
    message = refused(tmp_path, bomb, "bomb.yaml")  # the unpatched loader spends 37 s and 2.3 GB expanding it
    assert "aliases" in message and "not allowed" in message


@pytest.mark.parametrize(
    "tag",
    ["!!python/object:os.system", "!!python/object/apply:os.system", "!!python/name:os.system", "!!python/module:os"],
)
def test_python_tags_are_refused(tmp_path: Path, tag: str) -> None:
    assert "malformed YAML" in refused(tmp_path, yaml_report(f"party: {tag} ['echo hacked']\n"), "r.yaml")


def test_an_anchor_without_alias_is_harmless_but_refused_too(tmp_path: Path) -> None:
    assert "anchors" in refused(tmp_path, yaml_report("party: &p Acme\n"), "r.yaml")


@pytest.mark.parametrize("key", ["evil\x1b[31m\nkey", "a\u2028b", "tab\there"])
@pytest.mark.parametrize("place", ["report", "named source"])
def test_map_keys_with_controls_give_one_line(tmp_path: Path, key: str, place: str) -> None:
    document = BASE | {key: 1} if place == "report" else {"sources": {key: {"publisher": 5}}, "reports": []}
    message = refused(tmp_path, json.dumps(document))
    assert "\x1b" not in message and "\u2028" not in message and "\t" not in message


def test_a_file_name_with_escapes_and_newlines_gives_one_line(tmp_path: Path) -> None:
    message = refused(tmp_path, "{oops}", "bad\x1b[2J\nname.json")
    assert "\x1b" not in message and "\\n" in message


def test_a_file_name_with_a_direction_override_cannot_reorder_the_message(tmp_path: Path) -> None:
    message = refused(tmp_path, "{oops}", "report\u202enosj.json")
    assert "\u202e" not in message and "report\\u202enosj.json" in message


@pytest.mark.skipif(os.uname().sysname == "Darwin", reason="macOS refuses file names that are not UTF-8")
def test_a_file_name_that_is_not_utf8_gives_a_printable_line(tmp_path: Path) -> None:
    path = Path(os.fsdecode(bytes(tmp_path) + b"/caf\xe9.json"))
    path.write_text("{oops}")
    with pytest.raises(ReportError) as caught:
        read_file(path, NOW)
    message = str(caught.value)
    message.encode("utf-8")  # printable and storable: the byte is shown escaped
    assert "caf\\udce9.json" in message


@pytest.mark.parametrize("occurred", ["2025-Q4~", "2025-09-11~", "2025-09-10T23:00:00+00:00", "2025-09"])
def test_an_approximate_or_same_day_development_is_not_taken_for_the_future(tmp_path: Path, occurred: str) -> None:
    """Published 2025-09-10: 'about Q4' may begin in September, so it is no prophecy; nor is the same day."""
    path = tmp_path / "r.json"
    path.write_text(json_report(occurred=occurred))
    read_file(path, NOW)
