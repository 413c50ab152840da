"""The chart's legend dates each step by when it happened, not by when its cause was dated."""

from __future__ import annotations

from tests.builders import make, moment, source, terms
from tracker.domain.events import LetterOfIntentSigned, TermsReported
from tracker.domain.history import headline_steps
from tracker.render.chart import when_label

DEAL = "acme-widget"


def test_a_step_caused_by_a_later_dated_report_about_the_letter_is_labelled_with_the_letters_day() -> None:
    """The letter gave no figure; an October report about it did, and the fold weighs it on the letter's day."""
    loi = make(
        LetterOfIntentSigned,
        "2025-09-22",
        "2025-09-22",
        summary="Letter signed",
        terms=(),
        sources=(source("Reuters", "2025-09-22"),),
    )
    figure = make(
        TermsReported,
        "2025-10",
        "2025-10-20",
        summary="The letter said $90B",
        regarding=loi.event_id,
        terms=terms(investment="$90 billion"),
        sources=(source("Bloomberg", "2025-10-20"),),
    )
    [step] = [s for s in headline_steps([loi, figure], DEAL, moment("2026-11-22"), moment("2026-11-22")) if s.claim]
    assert step.cause == figure
    assert when_label(step) == "22 Sep 2025"


def test_a_step_at_its_causes_own_date_keeps_that_dates_precision() -> None:
    report = make(
        TermsReported,
        "2025-10",
        "2025-10-20",
        summary="Talks at $90B",
        terms=terms(investment="$90 billion"),
        sources=(source("Bloomberg", "2025-10-20"),),
    )
    [step] = [s for s in headline_steps([report], DEAL, moment("2026-11-22"), moment("2026-11-22")) if s.claim]
    assert when_label(step) == "Oct 2025"
