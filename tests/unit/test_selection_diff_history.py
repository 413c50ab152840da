"""Timeline filters, the diff between two dates, and the headline's steps: pure, on built events."""

from __future__ import annotations

from tests.builders import make, moment, source, terms
from tracker.domain.amounts import Money, Quantity
from tracker.domain.dates import FuzzyDate
from tracker.domain.diff import Aspect, Change, diff_states
from tracker.domain.events import (
    DealDescribed,
    DealRestructured,
    DealSuspended,
    EventRetracted,
    LetterOfIntentSigned,
    NotConfirmed,
    ParticipantJoined,
    Status,
    TermsReported,
)
from tracker.domain.fold import project
from tracker.domain.history import Step, headline_steps
from tracker.domain.provenance import Citation
from tracker.domain.selection import TimelineFilter

DEAL = "acme-widget"


def saga() -> list:
    loi = make(
        LetterOfIntentSigned,
        "2025-09-22",
        "2025-09-22",
        summary="Acme and Widget sign a letter",
        terms=terms(investment="up to $100 billion"),
        sources=(source("Reuters", "2025-09-22"),),
    )
    return [
        make(DealDescribed, None, "2025-09-01", name="Acme–Widget", sources=()),
        loi,
        make(
            TermsReported,
            "2025-09",
            "2026-02-19",
            summary="Another outlet says $10B",
            terms=terms(investment="$10 billion"),
            regarding=loi.event_id,
            sources=(source("Le Monde", "2026-02-19", cites=(Citation("Financial Times"),)),),
        ),
        make(DealSuspended, "2026-01", "2026-01-30", summary="Talks on ice", sources=(source("WSJ", "2026-01-30"),)),
        make(
            DealRestructured,
            "2026-02-19",
            "2026-02-19",
            summary="A $30B stake replaces the plan",
            terms=terms(investment="about $30 billion"),
            sources=(source("FT", "2026-02-19"),),
        ),
        make(NotConfirmed, "2026-02-20", "2026-02-20", summary="Widget has not confirmed", party="Widget"),
    ]


def state_at(events: list, as_of: str, known_at: str = "2026-11-22"):
    return project(events, DEAL, moment(as_of), moment(known_at))


def summaries(entries) -> list[str]:
    return [e.event.summary for e in entries]


def cause_summary(change: Change) -> str:
    assert change.cause is not None
    return change.cause.summary


def headline(step: Step) -> str:
    assert step.claim is not None and isinstance(step.claim.value, Money | Quantity)
    return step.claim.value.human()


def test_filters_select_by_date_type_party_source_and_words() -> None:
    timeline = state_at(saga(), "2026-11-22").timeline
    since = TimelineFilter(since=FuzzyDate.parse("2026-01"))
    assert summaries(since.apply(timeline))[0] == "Talks on ice"
    assert summaries(TimelineFilter(until=FuzzyDate.parse("2025")).apply(timeline)) == [
        "Acme and Widget sign a letter",
        "Another outlet says $10B",
    ]
    assert summaries(TimelineFilter(types=frozenset({"deal_suspended"})).apply(timeline)) == ["Talks on ice"]
    assert summaries(TimelineFilter(party="widget").apply(timeline)) == [
        "Acme and Widget sign a letter",
        "Widget has not confirmed",
    ]
    assert summaries(TimelineFilter(source="financial times").apply(timeline)) == ["Another outlet says $10B"]
    assert summaries(TimelineFilter(grep="ON ICE").apply(timeline)) == ["Talks on ice"]


def test_limit_keeps_the_most_recent_and_reverse_puts_them_first() -> None:
    timeline = state_at(saga(), "2026-11-22").timeline
    assert summaries(TimelineFilter(limit=2, newest_first=True).apply(timeline)) == [
        "Widget has not confirmed",
        "A $30B stake replaces the plan",
    ]
    assert TimelineFilter(limit=0).apply(timeline) == ()


def test_a_month_only_date_overlaps_a_since_inside_that_month() -> None:
    timeline = state_at(saga(), "2026-11-22").timeline
    kept = TimelineFilter(since=FuzzyDate.parse("2026-01-15")).apply(timeline)
    assert "Talks on ice" in summaries(kept)


def test_diff_on_the_world_axis_credits_each_change_to_its_event() -> None:
    events = saga()
    changes = diff_states(state_at(events, "2025-10-15"), state_at(events, "2026-02-15"))
    status = next(c for c in changes if c.aspect is Aspect.STATUS)
    assert isinstance(status.before, Status) and isinstance(status.after, Status) and status.cause is not None
    assert (status.before.value, status.after.value, status.cause.summary) == (
        "letter_of_intent",
        "suspended",
        "Talks on ice",
    )
    assert [cause_summary(c) for c in changes if c.aspect is Aspect.DEVELOPMENT] == ["Talks on ice"]


def test_diff_on_the_knowledge_axis_shows_the_conflict_and_the_restructuring_arriving() -> None:
    events = saga()
    before, after = state_at(events, "2026-11-22", "2026-01-31"), state_at(events, "2026-11-22", "2026-02-28")
    changes = diff_states(before, after)
    term = next(c for c in changes if c.aspect is Aspect.TERM and c.after is not None)
    assert isinstance(term.after, Money) and isinstance(term.before, Money)
    assert term.after.human() == "about $30B" and term.before.human() == "up to $100B"
    assert cause_summary(term) == "A $30B stake replaces the plan"
    assert any(c.aspect is Aspect.STANCE and c.subject == "Widget" for c in changes)


def test_a_retraction_shows_as_a_development_that_went() -> None:
    events = saga()
    suspended = events[3]
    retraction = make(
        EventRetracted, None, "2026-03-01", target=suspended.event_id, reason="The WSJ withdrew it", summary="Retracted"
    )
    before = state_at(events, "2026-11-22", "2026-02-28")
    after = state_at([*events, retraction], "2026-11-22", "2026-03-02")
    went = [c for c in diff_states(before, after) if c.aspect is Aspect.DEVELOPMENT and c.after is None]
    assert [(c.before, cause_summary(c)) for c in went] == [("Talks on ice", "Retracted")]


def test_a_retracted_participant_and_stance_show_as_gone_with_the_retraction_as_cause() -> None:
    joined = make(
        ParticipantJoined,
        "2026-03",
        "2026-03-05",
        summary="SoftBank joins",
        party="SoftBank",
        amount=terms(x="$30 billion")[0].value,
    )
    events = [*saga(), joined]
    retractions = [
        make(EventRetracted, None, "2026-04-01", target=target.event_id, reason="Wrong", summary="Retracted")
        for target in (joined, events[5])
    ]
    before = state_at(events, "2026-11-22", "2026-03-31")
    after = state_at([*events, *retractions], "2026-11-22", "2026-04-02")
    gone = {
        (c.aspect, c.subject): (c.before, c.after, c.cause)
        for c in diff_states(before, after)
        if c.aspect in (Aspect.PARTICIPANT, Aspect.STANCE)
    }
    assert gone == {
        (Aspect.PARTICIPANT, "SoftBank"): ("joined", None, retractions[0]),
        (Aspect.STANCE, "Widget"): ("unconfirmed", None, retractions[1]),
    }


def test_nothing_changes_between_equal_dates() -> None:
    state = state_at(saga(), "2026-01-15")
    assert diff_states(state, state) == ()


def test_the_headline_steps_follow_world_time_even_for_late_reports() -> None:
    steps = headline_steps(saga(), DEAL, moment("2026-11-22"), moment("2026-11-22"))
    assert [(s.moment.to_date_string(), headline(s)) for s in steps] == [
        ("2025-09-22", "up to $100B"),
        ("2026-02-19", "about $30B"),
    ]
    early = headline_steps(saga(), DEAL, moment("2026-11-22"), moment("2025-12-31"))
    assert [headline(s) for s in early] == ["up to $100B"]


def test_a_report_about_another_events_terms_is_filtered_where_the_timeline_places_it() -> None:
    """Dated October but about September's letter: the fold weighs it on 22 Sep, so must --until."""
    events = saga()
    loi = events[1]
    late = make(
        TermsReported,
        "2025-10",
        "2025-10-20",
        summary="The letter said $90B",
        regarding=loi.event_id,
        terms=terms(investment="$90 billion"),
        sources=(source("Bloomberg", "2025-10-20"),),
    )
    timeline = state_at([*events, late], "2026-11-22").timeline
    [entry] = [e for e in timeline if e.event == late]
    assert entry.dated == loi
    until = TimelineFilter(until=FuzzyDate.parse("2025-09-25")).apply(timeline)
    assert summaries(until) == ["Acme and Widget sign a letter", "Another outlet says $10B", "The letter said $90B"]
