"""The fold is pure: state(events, as_of, known_at), whatever order the events arrived in."""

from __future__ import annotations

import random
import uuid

import pytest

from tests.builders import make, moment, source, terms
from tracker.domain.amount_parser import parse_amount
from tracker.domain.dates import FuzzyDate, Happened
from tracker.domain.events import (
    DealDescribed,
    DealRestructured,
    DealSuspended,
    EventAmended,
    EventRetracted,
    LetterOfIntentSigned,
    NotConfirmed,
    ParticipantInTalks,
    TalksReported,
    TermsProposed,
    TermsReported,
)
from tracker.domain.fold import all_agree, project
from tracker.domain.provenance import Attribution

NOW = moment("2026-11-22T12:00:00")


def saga():
    loi = make(
        LetterOfIntentSigned,
        "2025-09-22",
        "2025-09-22",
        binding=False,
        terms=terms(investment="up to $100 billion", compute="at least 10 GW"),
        sources=(source("Nvidia", "2025-09-22", "confirmed"),),
    )
    other_account = make(
        TermsReported,
        "2025-09",
        "2026-02-19",
        regarding=loi.event_id,
        terms=terms(investment="$10 billion", tranches="10 tranches"),
    )
    on_ice = make(DealSuspended, "2026-01", "2026-01-30")
    proposal = make(TermsProposed, "2026-01", "2026-01-30", terms=terms(investment="tens of billions of dollars"))
    stake = make(DealRestructured, "2026-02-19", "2026-02-19", terms=terms(investment="about $30 billion"))
    silent = make(NotConfirmed, "2026-02-19", "2026-02-19", party="Nvidia", regarding=stake.event_id)
    return [loi, other_account, on_ice, proposal, stake, silent]


def state(events, as_of="2026-11-22T12:00:00", known_at="2026-11-22T12:00:00"):
    return project(events, "acme-widget", moment(as_of), moment(known_at))


def test_a_letter_of_intent_with_a_disagreeing_report_keeps_both_and_flags_the_conflict() -> None:
    result = state(saga(), as_of="2025-10-15T23:59:59")
    assert result.summary.status.value == "letter_of_intent"
    assert result.summary.headline.value.human() == "up to $100B"
    assert result.summary.headline.event.attribution is Attribution.CONFIRMED
    [conflict] = result.summary.conflicts
    assert conflict.term == "investment"
    assert sorted(c.value.human() for c in conflict.claims) == ["$10B", "up to $100B"]


def test_world_time_and_knowledge_time_are_independent() -> None:
    assert state(saga(), as_of="2026-02-15T23:59:59").summary.status.value == "suspended"
    known_before_the_wsj = state(saga(), as_of="2026-02-15T23:59:59", known_at="2025-12-31T23:59:59")
    assert known_before_the_wsj.summary.status.value == "letter_of_intent"
    assert known_before_the_wsj.every_conflict == ()  # the disagreeing report came out in 2026


def test_a_restructuring_supersedes_every_earlier_term() -> None:
    result = state(saga())
    assert result.summary.status.value == "in_talks"
    assert result.summary.headline.value.human() == "about $30B"
    assert {c.term for c in result.summary.terms} == {"investment"}
    assert {c.value.human() for c in result.superseded} >= {"up to $100B", "$10B", "tens of billions of dollars"}
    assert all(c.superseded_by.event_type == "deal_restructured" for c in result.superseded)
    [conflict] = result.every_conflict
    assert not conflict.current
    assert sorted(c.value.human() for c in conflict.claims) == ["$10B", "up to $100B"]  # not the proposal
    assert [s.party for s in result.summary.stances] == ["Nvidia"]
    loi_entry = next(e for e in result.timeline if e.event.event_type == "letter_of_intent_signed")
    assert loi_entry.superseded_by.event_type == "deal_restructured"


def test_proposals_under_discussion_do_not_conflict_with_agreed_terms() -> None:
    result = state(saga(), as_of="2026-02-15T23:59:59")
    assert [c.value.human() for c in result.summary.proposed] == ["tens of billions of dollars"]
    assert {c.term for c in result.every_conflict} == {"investment"}
    assert len(next(c for c in result.every_conflict).claims) == 2


def test_a_development_whose_month_straddles_as_of_may_have_happened() -> None:
    result = state(saga(), as_of="2026-01-15T00:00:00")
    assert result.summary.status.value == "letter_of_intent"
    assert {e.event.event_type for e in result.may_have_happened} == {"deal_suspended", "terms_proposed"}
    assert all(e.happened is Happened.MAYBE for e in result.may_have_happened)


@pytest.mark.parametrize("seed", range(20))
def test_arrival_order_does_not_change_the_state(seed: int) -> None:
    events = saga()
    shuffled = events[:]
    random.Random(seed).shuffle(shuffled)
    for as_of in ("2025-10-15T00:00:00", "2026-01-15T00:00:00", "2026-11-22T00:00:00"):
        assert state(shuffled, as_of) == state(events, as_of)


def test_a_late_report_of_an_earlier_development_changes_the_past_state_only_once_known() -> None:
    talks = make(TalksReported, "2025-06", "2025-06-30", terms=terms(investment="$5 billion"))
    late = make(DealSuspended, "2025-08-01", "2025-12-01")
    events = [talks, late]
    as_of = "2025-09-01T00:00:00"
    assert state(events, as_of=as_of, known_at="2025-10-01T00:00:00").summary.status.value == "in_talks"
    assert state(events, as_of=as_of, known_at="2025-12-02T00:00:00").summary.status.value == "suspended"


def test_a_retraction_removes_its_target_from_the_state_once_known_but_keeps_it_visible() -> None:
    talks = make(TalksReported, "2025-06", "2025-06-30", terms=terms(investment="$5 billion"))
    wrong = make(DealSuspended, "2025-08-01", "2025-08-01")
    retraction = make(EventRetracted, None, "2025-08-05", target=wrong.event_id, reason="Outlet withdrew it")
    events = [talks, wrong, retraction]
    assert state(events, known_at="2025-08-02T00:00:00").summary.status.value == "suspended"
    after = state(events)
    assert after.summary.status.value == "in_talks"
    entry = next(e for e in after.timeline if e.event.event_id == wrong.event_id)
    assert entry.retracted_by == retraction


def test_an_amendment_replaces_the_targets_terms_once_known() -> None:
    talks = make(TalksReported, "2025-06", "2025-06-30", terms=terms(investment="$5 billion"))
    fix = make(
        EventAmended, None, "2025-07-02", target=talks.event_id, reason="Typo", terms=terms(investment="$50 billion")
    )
    assert state([talks, fix], known_at="2025-07-01T00:00:00").summary.headline.value.human() == "$5B"
    assert state([talks, fix]).summary.headline.value.human() == "$50B"


def test_participants_and_description_are_part_of_the_state() -> None:
    described = make(DealDescribed, None, "2025-01-01", name="Acme buys Widget", sources=(), headline_term="price")
    joined = make(ParticipantInTalks, "2026-02-19", "2026-02-19", party="Amazon")
    result = state([described, joined])
    assert (result.summary.name, result.summary.status) == ("Acme buys Widget", None)
    assert [p.party for p in result.summary.participants] == ["Amazon"]
    assert result.summary.headline is None


def test_nothing_known_gives_an_empty_state() -> None:
    result = state(saga(), known_at="2025-01-01T00:00:00")
    assert (result.summary.status, result.timeline, result.event_count) == (None, (), 0)


def test_two_amendments_of_one_event_both_apply_field_by_field() -> None:
    talks = make(TalksReported, "2025-06", "2025-06-30", summary="Talks", terms=terms(investment="$5 billion"))
    new_terms = make(
        EventAmended, None, "2025-07-02", target=talks.event_id, reason="Typo", terms=terms(investment="$50 billion")
    )
    new_date = make(
        EventAmended,
        None,
        "2025-07-03",
        target=talks.event_id,
        reason="Wrong month",
        new_occurred=FuzzyDate.parse("2025-05"),
        new_summary="Talks began in May",
    )
    result = state([talks, new_terms, new_date])
    [entry] = result.timeline
    assert result.summary.headline.value.human() == "$50B"
    assert (entry.event.occurred.text, entry.event.summary) == ("2025-05", "Talks began in May")
    assert (entry.amended_by, entry.amendments) == (new_date, (new_terms, new_date))
    only_first = state([talks, new_terms, new_date], known_at="2025-07-02T12:00:00")
    assert only_first.summary.headline.value.human() == "$50B"
    assert only_first.timeline[0].event.occurred.text == "2025-06"


def test_a_later_amendment_of_the_same_field_wins_whatever_the_arrival_order() -> None:
    talks = make(TalksReported, "2025-06", "2025-06-30", terms=terms(investment="$5 billion"))
    first = make(
        EventAmended, None, "2025-07-02", target=talks.event_id, reason="Typo", terms=terms(investment="$50 billion")
    )
    second = make(
        EventAmended,
        None,
        "2025-07-09",
        target=talks.event_id,
        reason="Typo again",
        terms=terms(investment="$60 billion"),
    )
    assert state([talks, second, first]).summary.headline.value.human() == "$60B"
    assert state([talks, second, first], known_at="2025-07-05T00:00:00").summary.headline.value.human() == "$50B"


def test_amendments_known_at_the_same_moment_apply_in_recording_order() -> None:
    talks = make(TalksReported, "2025-06", "2025-06-30", terms=terms(investment="$5 billion"))
    recorded_first = make(
        EventAmended,
        None,
        "2025-07-02",
        target=talks.event_id,
        reason="Typo",
        terms=terms(investment="$50 billion"),
        event_id=uuid.UUID(int=2),
    )
    recorded_second = make(
        EventAmended,
        None,
        "2025-07-02",
        target=talks.event_id,
        reason="Typo again",
        terms=terms(investment="$60 billion"),
        event_id=uuid.UUID(int=1),
    )
    assert state([talks, recorded_first, recorded_second]).summary.headline.value.human() == "$60B"


def test_a_retracted_amendment_no_longer_applies() -> None:
    talks = make(TalksReported, "2025-06", "2025-06-30", terms=terms(investment="$5 billion"))
    fix = make(
        EventAmended, None, "2025-07-02", target=talks.event_id, reason="Typo", terms=terms(investment="$50 billion")
    )
    oops = make(EventRetracted, None, "2025-07-03", target=fix.event_id, reason="The typo was right")
    result = state([talks, fix, oops])
    assert result.summary.headline.value.human() == "$5B"
    assert (result.timeline[0].amended_by, result.timeline[0].amendments) == (None, ())


def test_a_retracted_retraction_restores_its_target() -> None:
    talks = make(TalksReported, "2025-06", "2025-06-30")
    wrong = make(EventRetracted, None, "2025-07-02", target=talks.event_id, reason="Mixed up deals")
    undo = make(EventRetracted, None, "2025-07-03", target=wrong.event_id, reason="It was this deal")
    assert state([talks, wrong, undo]).summary.status.value == "in_talks"
    assert state([talks, wrong, undo], known_at="2025-07-02T12:00:00").summary.status is None


def test_a_rename_takes_effect_even_when_described_at_the_same_moment() -> None:
    first = make(DealDescribed, None, "2025-01-01", name="Acme buys Widget", sources=(), event_id=uuid.UUID(int=2))
    rename = make(
        DealDescribed,
        None,
        "2025-01-01",
        name="Acme and Widget merge",
        kind="merger",
        sources=(),
        event_id=uuid.UUID(int=1),
    )
    renamed = state([first, rename]).summary
    assert (renamed.name, renamed.kind) == ("Acme and Widget merge", "merger")


def test_the_latest_description_known_by_known_at_wins() -> None:
    first = make(DealDescribed, None, "2025-01-01", name="Acme buys Widget", sources=())
    rename = make(DealDescribed, None, "2025-03-01", name="Acme and Widget merge", sources=())
    assert state([rename, first]).summary.name == "Acme and Widget merge"
    assert state([rename, first], known_at="2025-02-01T00:00:00").summary.name == "Acme buys Widget"


def test_last_change_is_never_a_retracted_or_maybe_development() -> None:
    talks = make(TalksReported, "2025-06-10", "2025-06-10")
    wrong = make(DealSuspended, "2025-08-01", "2025-08-01")
    retraction = make(EventRetracted, None, "2025-08-05", target=wrong.event_id, reason="Outlet withdrew it")
    vague = make(LetterOfIntentSigned, "2025-09", "2025-09-30")
    result = state([talks, wrong, retraction, vague], as_of="2025-09-15T00:00:00")
    assert [e.happened for e in result.timeline] == [Happened.YES, Happened.YES, Happened.MAYBE]
    assert result.last_change.event == talks
    assert state([talks, wrong, vague], as_of="2025-09-15T00:00:00").last_change.event == wrong


@pytest.mark.parametrize(
    ("texts", "agreed"),
    [
        (("approximately $20 billion", "$20 billion"), True),
        (("about $20 billion", "$21 billion"), True),  # within 10%
        (("about $20 billion", "$25 billion"), False),
        (("tens of billions of dollars", "$20 billion", "about $21 billion"), True),
        (("about $20 billion", "about $23 billion", "$18.5 billion"), False),  # each pair but one meets
        (("up to $100 billion", "$10 billion"), False),  # a cap states a limit, not the size
        (("up to $100 billion", "up to $100 billion"), True),
        (("up to 10 GW", "at least 10 GW"), False),
        (("$20 billion", "€20 billion"), False),
    ],
)
def test_figures_are_a_dispute_only_when_they_cannot_all_be_true(texts: tuple[str, ...], agreed: bool) -> None:
    assert all_agree([parse_amount(text) for text in texts]) is agreed
