"""Versions over knowledge time answer every cut exactly as the fold does, on random histories.

This is the equality the issue asks of any snapshot scheme: the as-of answer
from the index must be the answer from folding everything. The histories mix
late reports about earlier developments, fuzzy windows of every width,
retractions of retractions and amendments that move a development in time.
"""

from __future__ import annotations

from uuid import UUID

from hypothesis import given
from pendulum import DateTime

from tests.builders import make, moment, terms
from tests.memory_finder import MemoryFinder
from tests.unit.test_fold_properties import DEAL, PROFILE, cutoffs, histories
from tracker.domain.dates import Happened
from tracker.domain.decisive import decisive
from tracker.domain.events import DealDescribed, Event, TalksReported, TermsChanged
from tracker.domain.fold import project, summarize
from tracker.domain.versions import Version, references, versions


@PROFILE
@given(histories(max_size=30), cutoffs(), cutoffs())
def test_versions_alive_at_a_cut_are_what_the_fold_applies(
    events: list[Event], as_of: DateTime, known_at: DateTime
) -> None:
    state = project(events, DEAL, as_of, known_at)
    find = MemoryFinder(versions(events), as_of, known_at)
    applied = [e.event for e in state.timeline if e.happened is Happened.YES and e.retracted_by is None]
    assert [v.event for v in find.applied] == applied
    description = find.description()
    assert summarize(DEAL, as_of, known_at, _described(description), applied) == state.summary
    chosen = [v.event for v in decisive(find)]
    assert summarize(DEAL, as_of, known_at, _described(description), chosen) == state.summary


def _described(version: Version | None) -> DealDescribed | None:
    if version is None:
        return None
    assert isinstance(version.event, DealDescribed)
    return version.event


def test_a_late_report_about_an_earlier_development_changes_the_past_answer_once_known() -> None:
    """The known trap: a recording-order snapshot taken in December would miss November's late report."""
    early = make(TalksReported, occurred="2025-09", reported="2025-10-01", terms=terms(investment="$10 billion"))
    later = make(TermsChanged, occurred="2025-12-01", reported="2025-12-02", terms=terms(investment="$20 billion"))
    late = make(TermsChanged, occurred="2025-11-01", reported="2026-01-15", terms=terms(investment="$15 billion"))
    made = versions([early, later, late])
    assert [(v.event, v.known_from, v.known_until) for v in made] == [
        (early, early.reported_at, None),
        (later, later.reported_at, None),
        (late, late.reported_at, None),
    ]
    for known_at, expected in (("2025-12-31", early), ("2026-02-01", late)):
        find = MemoryFinder(made, moment("2025-11-15"), moment(known_at))
        chosen = [v.event for v in decisive(find)]
        summary = summarize("acme-widget", moment("2025-11-15"), moment(known_at), None, chosen)
        assert summary.headline is not None and summary.headline.event == expected


@PROFILE
@given(histories(max_size=30))
def test_versions_of_each_tangle_alone_are_the_versions_of_the_whole_history(events: list[Event]) -> None:
    """What the state index relies on to index a correction without reading the whole deal."""
    assert _by_event(versions(events)) == _by_event([v for group in _tangles(events) for v in versions(group)])


def _tangles(events: list[Event]) -> list[list[Event]]:
    """Events linked by corrections and cross-references, either way, each group in recording order."""
    group_of = {e.event_id: e.event_id for e in events}

    def root(event_id: UUID) -> UUID:
        while group_of[event_id] != event_id:
            event_id = group_of[event_id]
        return event_id

    for event in events:
        for target in references([event]):
            if target in group_of:
                group_of[root(event.event_id)] = root(target)
    groups: dict[UUID, list[Event]] = {}
    for event in events:
        groups.setdefault(root(event.event_id), []).append(event)
    return list(groups.values())


def _by_event(made: list[Version]) -> dict[UUID, list[tuple[object, ...]]]:
    """Each event's versions, comparable: a description's tie-break is its place in its own list."""
    found: dict[UUID, list[tuple[object, ...]]] = {}
    for v in sorted(made, key=lambda v: v.known_from):
        key = v.world_key if v.surely_by is not None else v.world_key[:1]
        found.setdefault(v.event.event_id, []).append((v.event, v.known_from, v.known_until, v.surely_by, key))
    return found
