"""The timeline's dispute notes: each distinct figure counted once, however many reports there are."""

from __future__ import annotations

from tests.builders import make, moment, source, terms
from tracker.domain.amounts import Money, Quantity
from tracker.domain.disputes import disputes_by_event
from tracker.domain.events import LetterOfIntentSigned, TermsReported, TermValue
from tracker.domain.fold import project

DEAL = "acme-widget"


def human(value: TermValue) -> str:
    assert isinstance(value, Money | Quantity)
    return value.human()


def test_every_distinct_figure_is_counted_once_even_past_fifty() -> None:
    loi = make(
        LetterOfIntentSigned,
        summary="Letter",
        terms=terms(investment="up to $100 billion"),
        sources=(source("Reuters", "2025-09-22"),),
    )
    figures = [f"${n} billion" for n in range(1, 81)]
    reports = [
        make(
            TermsReported,
            "2025-09",
            f"2026-01-{1 + n % 28:02d}",
            summary=f"Outlet {n}",
            regarding=loi.event_id,
            terms=terms(investment=figures[n % 80]),
            sources=(source(f"Outlet {n}", "2026-01-01"),),
        )
        for n in range(160)
    ]
    state = project([loi, *reports], DEAL, moment("2026-11-22"), moment("2026-11-22"))
    [dispute] = disputes_by_event(state)[loi.event_id]
    rivals, more = dispute.rivals(2)
    assert len({human(r.value) for r in rivals} - {"up to $100B"}) == 2
    assert more == 78  # 81 distinct figures: the letter's, and 80 others of which two are shown
    assert len(dispute.figures) == 81
