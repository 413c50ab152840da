"""The fold's rules for real deals, one by one: bids, approvals, contests, reinstatement, tranches,
valuations, stances, partial restructurings, several participants and same-day order.

Each rule is also checked against the state index by the property tests (the generators draw every
type); these say what each rule means on a small history a reader can follow.
"""

from __future__ import annotations

from typing import Any

from tests.builders import make, moment, terms
from tests.memory_finder import MemoryFinder
from tracker.domain.decisive import decisive
from tracker.domain.events import (
    AgreementReinstated,
    AgreementSigned,
    ApprovalKind,
    ApprovalStatus,
    ApprovalUpdated,
    BidMade,
    ConditionMet,
    DealClosed,
    DealDescribed,
    DealRestructured,
    DealTerminated,
    Event,
    LitigationStatus,
    LitigationUpdated,
    ParticipantJoined,
    Participation,
    Party,
    ReportDenied,
    Status,
    StatusContested,
)
from tracker.domain.fold import project, summarize
from tracker.domain.provenance import Attribution
from tracker.domain.state import Summary
from tracker.domain.versions import versions

DEAL = "acme-widget"
LATER = moment("2030-01-01")
DESCRIBED = make(
    DealDescribed,
    occurred=None,
    reported="2020-01-01",
    name="Bidco buys Acme",
    parties=(Party("Bidco", "buyer"), Party("Acme", "target")),
)


def summary(*events: Event, as_of: str = "2030-01-01") -> Summary:
    state = project([DESCRIBED, *events], DEAL, moment(as_of), LATER)
    return state.summary


def signed(on: str = "2022-04-25", **fields: Any) -> Any:
    return make(AgreementSigned, occurred=on, reported=on, **fields)


def test_a_bid_makes_the_deal_proposed_until_it_is_signed() -> None:
    bid = make(
        BidMade, occurred="2022-04-14", reported="2022-04-14", bidder="Bidco", terms=terms(price="$54.20 a share")
    )
    assert summary(bid).status is Status.PROPOSED
    assert summary(bid, signed()).status is Status.SIGNED


def test_a_blocked_approval_is_the_last_change_and_the_status_stands() -> None:
    blocked: Any = make(
        ApprovalUpdated,
        occurred="2023-04-26",
        reported="2023-04-26",
        authority="UK CMA",
        kind=ApprovalKind.ANTITRUST,
        status=ApprovalStatus.BLOCKED,
    )
    state = summary(signed(), blocked)
    assert state.status is Status.SIGNED and state.last_change == blocked
    assert [a.authority for a in state.blocked] == ["UK CMA"]
    cleared = make(
        ApprovalUpdated,
        occurred="2023-10-13",
        reported="2023-10-13",
        authority="UK CMA",
        kind=ApprovalKind.ANTITRUST,
        status=ApprovalStatus.CLEARED,
    )
    assert summary(signed(), blocked, cleared).blocked == ()


def test_a_contested_termination_reads_terminated_until_the_agreement_is_reinstated() -> None:
    ended: Any = make(DealTerminated, occurred="2022-07-08", reported="2022-07-08", by="Bidco")
    contested = make(StatusContested, occurred="2022-07-12", reported="2022-07-12", party="Acme")
    suit = make(
        LitigationUpdated,
        occurred="2022-07-12",
        reported="2022-07-12",
        case="Acme v. Bidco",
        court="Delaware Court of Chancery",
        parties=("Acme", "Bidco"),
        status=LitigationStatus.FILED,
    )
    state = summary(signed(), ended, contested, suit)
    assert state.status is Status.TERMINATED and state.contested_by == ("Acme",)
    assert state.contests[0].contested == ended and [s.case for s in state.litigation] == ["Acme v. Bidco"]
    back = make(AgreementReinstated, occurred="2022-10-04", reported="2022-10-04")
    reinstated = summary(signed(), ended, contested, suit, back)
    assert reinstated.status is Status.SIGNED and reinstated.contested_by == ()


def test_a_restructuring_without_a_stage_keeps_a_signed_deal_signed_and_replaces_only_what_it_names() -> None:
    deal = signed(terms=terms(total="$68.7 billion", cloud="undisclosed"))
    partial = make(DealRestructured, occurred="2023-08-22", reported="2023-08-22", replaces=("cloud",))
    state = summary(deal, partial)
    assert state.status is Status.SIGNED
    assert [c.term for c in state.terms] == ["total"]
    talks = make(DealRestructured, occurred="2023-08-22", reported="2023-08-22", stage=Status.IN_TALKS)
    assert summary(deal, talks).status is Status.IN_TALKS and summary(deal, talks).terms == ()


def test_firm_and_contingent_parts_move_when_a_condition_is_met() -> None:
    round_ = signed(terms=terms(investment="$40 billion", firm="$10 billion", contingent="$30 billion"))
    met = make(
        ConditionMet,
        occurred="2025-10-28",
        reported="2025-10-28",
        condition="the restructuring",
        terms=terms(firm="$40 billion", contingent="$0"),
    )
    before, after = summary(round_), summary(round_, met)
    assert before.firm and before.firm.value.human() == "$10B"  # type: ignore[union-attr]
    assert after.firm and after.firm.value.human() == "$40B"  # type: ignore[union-attr]


def test_valuations_that_do_not_add_up_are_flagged_within_the_rounding_of_the_reports() -> None:
    fine = signed(terms=terms(valuation_pre="$260 billion", round_size="$40 billion", valuation="$300 billion"))
    assert summary(fine).flags == ()
    rounded = signed(
        terms=terms(valuation_pre="$157 billion", round_size="$6.6 billion", valuation_post="$164 billion")
    )
    assert summary(rounded).flags == ()  # 163.6 rounds to 164
    wrong = signed(terms=terms(valuation_pre="$150 billion", round_size="$40 billion", valuation_post="$300 billion"))
    assert [f.code for f in summary(wrong).flags] == ["valuation_mismatch"]


def test_a_signing_lifts_a_denial_of_the_deal_s_parties() -> None:
    denied = make(ReportDenied, occurred="2022-04-01", reported="2022-04-01", party="Acme")
    assert summary(denied).stances[0].attribution is Attribution.DENIED
    assert summary(denied, signed()).stances[0].attribution is Attribution.CONFIRMED


def test_one_report_can_name_several_participants() -> None:
    joined = make(
        ParticipantJoined,
        party="SoftBank",
        role="lead",
        others=(Participation("Microsoft"), Participation("Thrive", "co-lead")),
    )
    assert [(p.party, p.role) for p in summary(joined).participants] == [
        ("SoftBank", "lead"),
        ("Microsoft", "investor"),
        ("Thrive", "co-lead"),
    ]


def test_on_one_day_a_deal_is_signed_before_it_closes_whatever_the_ids() -> None:
    for _ in range(5):
        closed, sign = make(DealClosed, occurred="2022-10-27"), make(AgreementSigned, occurred="2022-10-27")
        state = project([DESCRIBED, closed, sign], DEAL, LATER, LATER)
        assert [e.event.event_type for e in state.timeline] == ["agreement_signed", "deal_closed"]
        assert state.summary.status is Status.CLOSED
    first = make(DealClosed, occurred="2022-10-27", sequence=1)
    second = make(AgreementSigned, occurred="2022-10-27", sequence=2)
    explicit = project([DESCRIBED, first, second], DEAL, LATER, LATER)
    assert [e.event.event_type for e in explicit.timeline] == ["deal_closed", "agreement_signed"]


def test_the_few_developments_the_index_would_pick_decide_the_same_summary() -> None:
    events = [
        DESCRIBED,
        make(ReportDenied, occurred="2022-04-01", reported="2022-04-01", party="Acme"),
        signed(),
        make(DealTerminated, occurred="2022-07-08", reported="2022-07-08"),
        make(StatusContested, occurred="2022-07-12", reported="2022-07-12", party="Acme"),
        make(DealRestructured, occurred="2022-08-01", reported="2022-08-01", replaces=("total",)),
    ]
    full = project(events, DEAL, LATER, LATER).summary
    find = MemoryFinder(versions(events), LATER, LATER)
    picked = [v.event for v in decisive(find)]
    assert summarize(DEAL, LATER, LATER, DESCRIBED, picked) == full
