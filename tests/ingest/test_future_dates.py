"""A date after now is most often a mistyped year: refused, unless the caller says it is meant (allow_future)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.builders import moment
from tracker.ingest.reports import ReportError, build_batch

NOW = moment("2026-12-02T10:00:00Z")


def report(occurred: str = "2026-11", published: str = "2026-11-30", **extra: Any) -> dict[str, Any]:
    return {
        "deal": "acme-widget",
        "type": "talks_reported",
        "occurred": occurred,
        "summary": "Talks reported",
        "sources": [{"publisher": "Wire", "published_at": published}],
        **extra,
    }


def refusal(document: dict[str, Any]) -> str:
    with pytest.raises(ReportError) as caught:
        build_batch([("f.yaml", document)], NOW)
    assert build_batch([("f.yaml", document)], NOW, allow_future=True).events  # meant: taken as written
    return str(caught.value)


@pytest.mark.parametrize(
    ("occurred", "published"),
    [
        ("2026-12", "2026-12-02"),  # this month has begun
        ("2026", "2026-12"),  # so has this year, and a source dated this month
        ("2026-12-02", "2026-12-02T09:59:00Z"),
        ("2026-12-03", "2026-12-03"),  # tomorrow already, in a time zone east of here
        ("2026-12~", "2026-12-02"),
    ],
)
def test_what_has_begun_by_now_is_taken(occurred: str, published: str) -> None:
    assert build_batch([("f.yaml", report(occurred, published))], NOW).events


def test_a_source_published_after_now_is_refused_naming_the_field() -> None:
    problem = refusal(report("2026-11", "2062-11-30"))
    assert problem.startswith("f.yaml: reports[0].sources[0].published_at: '2062-11-30' is in the future")
    assert "today is 2026-12-02" in problem and "--allow-future" in problem


def test_a_development_dated_after_now_is_refused_even_when_its_source_is_this_month() -> None:
    problem = refusal(report("2026-12-20", "2026-12"))
    assert problem.startswith("f.yaml: reports[0].occurred: '2026-12-20' is in the future")


def test_a_stated_reported_at_after_now_is_refused() -> None:
    problem = refusal(report(reported_at="2027-01-05"))
    assert problem.startswith("f.yaml: reports[0].reported_at: '2027-01-05' is in the future")


def test_an_amendment_moving_a_development_after_now_is_refused() -> None:
    amendment = {
        "deal": "acme-widget",
        "type": "event_amended",
        "target": "acme/talks",
        "new_occurred": "2062-01",
        "reason": "Misdated",
        "summary": "Moved",
        "sources": [{"publisher": "Wire", "published_at": "2026-12-01"}],
    }
    assert refusal(amendment).startswith("f.yaml: reports[0].new_occurred: '2062-01' is in the future")
