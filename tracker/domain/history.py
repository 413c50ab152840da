"""The headline amount through world time: where it stood after each development.

A chart of the headline must not replay the log in recording order: it
projects the deal as of each development's date, so a late report about an
earlier development moves the line where that development happened.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pendulum import DateTime

from tracker.domain.amounts import Amount
from tracker.domain.events import Event, Status
from tracker.domain.fold import project
from tracker.domain.state import Claim


@dataclass(frozen=True)
class Step:
    """From ``moment`` on, the headline was ``claim`` (None: no amount stood), moved by ``cause``."""

    moment: DateTime
    claim: Claim | None
    cause: Event | None
    ended: bool = False  # the deal was terminated: its amount no longer stands


def headline_steps(events: Sequence[Event], deal: str, as_of: DateTime, known_at: DateTime) -> tuple[Step, ...]:
    """One step each time the headline amount changed, up to ``as_of``, as known at ``known_at``.

    A terminated deal's amount stops: from its termination no headline stands,
    and the step says the termination ended it (``Step.ended``).
    """
    final = project(events, deal, as_of, known_at)
    moments = sorted({settled_at(e.dated) for e in final.timeline if settled_at(e.dated) <= as_of} | {as_of})
    steps: list[Step] = []
    for moment in moments:
        summary = project(events, deal, moment, known_at).summary
        ended = summary.status is Status.TERMINATED
        claim = None if ended else summary.headline
        if steps and _same(steps[-1].claim, claim) and steps[-1].ended == ended:
            continue
        cause = summary.last_change if ended or claim is None else claim.event
        steps.append(Step(moment, claim, cause, ended))
    return tuple(steps)


def settled_at(event: Event) -> DateTime:
    """The first moment the development had surely happened: the last instant of its window."""
    if event.occurred is None:
        return event.reported_at
    window = event.occurred
    return window.start if window.latest == window.earliest else window.latest.subtract(microseconds=1)


def _same(a: Claim | None, b: Claim | None) -> bool:
    if a is None or b is None:
        return a is b
    return isinstance(a.value, Amount) and isinstance(b.value, Amount) and a.value.same_claim(b.value)
