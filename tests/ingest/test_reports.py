"""Report files: every kind of bad input gets one line naming the file, the field and what was expected."""

from __future__ import annotations

from pathlib import Path

import pendulum
import pytest

from tracker.domain.amounts import Money
from tracker.domain.events import TalksReported
from tracker.ingest.files import read_file
from tracker.ingest.keys import event_id_for
from tracker.ingest.reports import ReportError

NOW = pendulum.datetime(2026, 11, 22, tz="UTC")
GOOD_REPORT = """\
deals:
  - {slug: acme-widget, name: Acme buys Widget, parties: [{name: Acme, role: buyer}]}
reports:
  - id: acme/talks
    deal: acme-widget
    type: talks_reported
    occurred: 2025-09
    summary: Talks reported
    terms: {investment: "environ 3 milliards de dollars"}
    sources: [{publisher: Les Echos, published_at: 2025-09-10, language: fr, quote: "«Acme négocie»"}]
"""


def write(tmp_path: Path, text: str | bytes, name: str = "report.yaml") -> Path:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return path


def rejection(tmp_path: Path, text: str | bytes, name: str = "report.yaml") -> str:
    path = write(tmp_path, text, name)
    with pytest.raises(ReportError) as caught:
        read_file(path, NOW)
    message = str(caught.value)
    assert "\n" not in message and message.startswith(str(path))
    return message


def test_a_good_file_becomes_a_description_and_a_report(tmp_path: Path) -> None:
    batch = read_file(write(tmp_path, GOOD_REPORT), NOW)
    described, talks = (n.event for n in batch.events)
    assert (described.event_type, talks.event_type) == ("deal_described", "talks_reported")
    assert talks.event_id == event_id_for("id:acme/talks")
    assert isinstance(talks, TalksReported) and isinstance(talks.terms[0].value, Money)
    assert talks.terms[0].value.human() == "about $3B"
    assert talks.occurred is not None
    assert talks.occurred.label() == "Sep 2025"
    assert talks.reported_at == pendulum.datetime(2025, 9, 10, tz="UTC")
    assert batch.defines == {"acme-widget"}


def test_reports_without_an_id_get_a_content_key(tmp_path: Path) -> None:
    text = GOOD_REPORT.replace("  - id: acme/talks\n    deal", "  - deal")
    first = read_file(write(tmp_path, text), NOW).events[1]
    second = read_file(write(tmp_path, text, "copy.yaml"), NOW).events[1]
    assert first.idempotency_key.startswith("sha256:") and first.idempotency_key == second.idempotency_key


def test_the_same_reports_read_from_json_lines(tmp_path: Path) -> None:
    line = (
        '{"deal": "acme-widget", "type": "deal_suspended", "occurred": "2026-01", "summary": "On ice", '
        '"sources": [{"publisher": "WSJ", "published_at": "2026-01-30"}]}'
    )
    batch = read_file(write(tmp_path, line + "\n\n" + line.replace("On ice", "Frozen") + "\n", "r.jsonl"), NOW)
    assert [n.event.summary for n in batch.events] == ["On ice", "Frozen"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("reports: [\n  - {deal: x", "malformed YAML"),
        ("!!python/object/apply:os.system ['echo hacked']", "malformed YAML"),
        (GOOD_REPORT.replace("talks_reported", "talks_maybe"), "reports[0].type: 'talks_maybe' is not one of"),
        (GOOD_REPORT.replace("occurred: 2025-09", "occurred: 2025-13-45"), "reports[0].occurred: '2025-13-45'"),
        (
            GOOD_REPORT.replace('"environ 3 milliards de dollars"', "{qualifier: exactly, value: -5, currency: USD}"),
            "reports[0].terms.investment",
        ),
        (
            GOOD_REPORT.replace('"environ 3 milliards de dollars"', "{qualifier: exactly, value: 5, currency: USS}"),
            "reports[0].terms.investment: 'USS' is not an ISO 4217 currency code",
        ),
        (
            GOOD_REPORT.replace(
                "    sources: [{publisher: Les Echos, published_at: 2025-09-10, language: fr, "
                'quote: "«Acme négocie»"}]\n',
                "",
            ),
            "reports[0]: 'sources' is a required property",
        ),
        (GOOD_REPORT.replace("publisher: Les Echos, ", ""), "reports[0].sources[0].publisher: required"),
        (
            GOOD_REPORT.replace("summary: Talks reported", "summary: Talks\n    binding: true"),
            "reports[0].binding: not a field of talks_reported reports",
        ),
        (GOOD_REPORT + GOOD_REPORT[GOOD_REPORT.index("  - id") :], "report id 'acme/talks' appears twice"),
        ("", "the file is empty"),
        ("reports: []\nextra: 1\n", "(document): Additional properties are not allowed"),
    ],
)
def test_bad_reports_are_refused_with_one_precise_line(tmp_path: Path, text: str, expected: str | None) -> None:
    message = rejection(tmp_path, text)
    if expected:
        assert expected in message


def test_a_listed_word_that_is_not_an_amount_is_kept_as_text(tmp_path: Path) -> None:
    batch = read_file(write(tmp_path, GOOD_REPORT.replace('"environ 3 milliards de dollars"', '"Non divulgué"')), NOW)
    talks = batch.events[1].event
    assert isinstance(talks, TalksReported)
    assert talks.terms[0].value == "Non divulgué"


def test_a_word_that_is_neither_an_amount_nor_listed_is_refused(tmp_path: Path) -> None:
    message = rejection(tmp_path, GOOD_REPORT.replace('"environ 3 milliards de dollars"', '"beaucoup"'))
    assert "reports[0].terms.investment: 'beaucoup' is neither an amount nor a listed word" in message
    assert "docs/input-format.md" in message and "\n" not in message


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (GOOD_REPORT.encode("utf-16"), "expected UTF-8 text, found UTF-16 or binary data"),
        (GOOD_REPORT.replace("Echos", "Échos").encode("latin-1"), "expected UTF-8 text, found byte 0xc9"),
        (bytes(range(256)) * 4, "expected UTF-8 text"),
    ],
)
def test_files_that_are_not_utf8_are_refused(tmp_path: Path, raw: bytes, expected: str) -> None:
    assert expected in rejection(tmp_path, raw)


def test_malformed_json_names_line_and_column(tmp_path: Path) -> None:
    assert "malformed JSON at line 1, column 2" in rejection(tmp_path, "{oops}", "r.json")
    assert "r.jsonl:2: malformed JSON" in rejection(tmp_path, '{"reports": []}\n{oops}\n', "r.jsonl")


def test_control_characters_are_stripped_when_text_enters(tmp_path: Path) -> None:
    text = GOOD_REPORT.replace("summary: Talks reported", 'summary: "Talks\\e[2J\\x9b31m reported\\u0007"')
    talks = read_file(write(tmp_path, text), NOW).events[1].event
    assert talks.summary == "Talks[2J31m reported"


def test_a_rename_with_described_at_wins_from_that_day(tmp_path: Path) -> None:
    from tracker.domain.fold import project

    first = read_file(write(tmp_path, GOOD_REPORT), NOW).events
    renamed = GOOD_REPORT.replace("name: Acme buys Widget,", "name: Acme–Widget merger, described_at: 2026-03-01,")
    second = read_file(write(tmp_path, renamed, "renamed.yaml"), NOW).events
    events = [n.event for n in (*first, *second)]
    assert second[0].event.reported_at == pendulum.datetime(2026, 3, 1, tz="UTC")

    def name_known_at(day: str) -> str:
        parsed = pendulum.parse(day, tz="UTC")
        assert isinstance(parsed, pendulum.DateTime)
        moment = parsed.end_of("day")
        return project(events, "acme-widget", NOW, moment).summary.name

    assert (name_known_at("2026-02-28"), name_known_at("2026-03-01")) == ("Acme buys Widget", "Acme–Widget merger")
    assert "described_at" in rejection(tmp_path, renamed.replace("2026-03-01", "March"), "bad.yaml")
