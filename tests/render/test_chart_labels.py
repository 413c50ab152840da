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


def chart_text(events: list, as_of: str = "2026-11-22") -> str:
    import io

    from rich.console import Console

    from tracker.domain.fold import project
    from tracker.render.chart import StepChart
    from tracker.render.theme import THEME

    cut = moment(as_of)
    console = Console(file=io.StringIO(), width=80, force_terminal=False, theme=THEME, _environ={})
    console.print(StepChart(project(events, DEAL, cut, cut), headline_steps(events, DEAL, cut, cut)))
    out = console.file
    assert isinstance(out, io.StringIO)
    return out.getvalue()


def test_a_termination_stops_the_amount_and_is_marked() -> None:
    from tracker.domain.events import DealTerminated

    signed = make(LetterOfIntentSigned, "2025-09-22", "2025-09-22", terms=terms(investment="$90 billion"))
    ended = make(DealTerminated, "2026-03-10", "2026-03-10", summary="The parties walk away")
    steps = headline_steps([signed, ended], DEAL, moment("2026-11-22"), moment("2026-11-22"))
    assert [(s.claim is not None, s.ended, s.cause) for s in steps] == [(True, False, signed), (False, True, ended)]
    text = chart_text([signed, ended])
    assert "✖ 10 Mar 2026  ended: no amount stands  The parties walk away" in text
    plot = [line for line in text.splitlines() if "│" in line]
    assert plot[-1].endswith(" " * 20)  # after the termination the last columns are empty


def test_steps_on_consecutive_days_each_keep_their_own_mark() -> None:
    from tracker.domain.events import TermsChanged

    first = make(TermsChanged, "2025-09-22", "2025-09-22", terms=terms(investment="$90 billion"))
    second = make(TermsChanged, "2025-09-23", "2025-09-23", terms=terms(investment="$95 billion"))
    third = make(TermsChanged, "2025-09-24", "2025-09-24", terms=terms(investment="$97 billion"))
    fourth = make(TermsChanged, "2026-06-01", "2026-06-01", terms=terms(investment="$50 billion"))
    lines = chart_text([first, second, third, fourth]).splitlines()
    marks = lines[lines.index(next(line for line in lines if "└" in line)) + 1]
    assert [c for c in marks if c != " "] == ["1", "2", "3", "4"]
