"""One sentence, several steps: "completed ... on Friday, a few hours after the regulator approved ...".

A sentence usually tells one development; when it tells distinct steps in
their own clauses, each step takes the date and the figures of its clause.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from types import ModuleType

from tracker.news.rules import TypeHit
from tracker.news.rules_amounts import ReadAmount
from tracker.news.rules_dates import ReadDate

# Types that tell a development of their own, so one sentence may tell two ("completed ... after the regulator
# approved ...", "renonçait ... pour laquelle il avait accepté de débourser ...").
_SPLIT_TYPES = (
    "agreement_signed",
    "deal_closed",
    "deal_terminated",
    "bid_made",
    "approval_updated",
    "litigation_updated",
    "deal_suspended",
    "deal_restructured",
    "status_contested",
    "not_confirmed",
    "report_denied",
)
_PLUPERFECT = re.compile(r"\b(?:had|avait|avaient)\b", re.IGNORECASE)
CLAUSE = re.compile(
    r"[,;:]\s|\s(?:and|but|before|after|when|while|that|which|et|mais|avant|après|lorsque|quand|puis|que|qui|"
    r"dont|pour laquelle|pour lequel)\s|\squ'",
    re.IGNORECASE,
)


def developments(
    text: str, hits: list[TypeHit], amounts: list[ReadAmount], dates: list[ReadDate], lex: ModuleType
) -> list[tuple[list[TypeHit], list[ReadAmount], list[ReadDate] | None]]:
    """The developments one sentence tells: usually one (all its hits, amounts and dates); several when it
    tells distinct steps in their own clauses. Then each takes the date and amounts of its clause; a clause
    with a date and no development gives it to the next ('said in September that ... addressed'); a step with
    no date of its own, told after a dated one, shares that date ('agreed on April 25 ..., after making an
    offer') unless told in the pluperfect ('il avait accepté': earlier, date unknown); the first step with none
    is the publication's."""
    leaders = [hits[0]]
    if hits[0].rule.type in _SPLIT_TYPES:
        for hit in hits[1:]:
            if hit.rule.type in _SPLIT_TYPES and hit.weight >= 0.7 and not any(_same_kind(hit, h) for h in leaders):
                leaders.append(hit)
    if len(leaders) == 1:
        return [(hits, amounts, None)]
    leaders.sort(key=lambda h: h.start)
    cuts = [m.start() for m in CLAUSE.finditer(text)]
    clause = [bisect_right(cuts, h.start) for h in leaders]
    groups: list[tuple[list[TypeHit], list[ReadAmount], list[ReadDate] | None]] = []
    shared: list[ReadDate] = []
    for i, leader in enumerate(leaders):
        first_clause = clause[i - 1] + 1 if i else 0
        own = [d for d in dates if bisect_right(cuts, d.start) == clause[i]]
        own = own or [d for d in dates if first_clause <= bisect_right(cuts, d.start) < clause[i]][-1:]
        earlier_still = _PLUPERFECT.search(text[max(0, leader.start - 30) : leader.end])
        chosen = own or ([] if earlier_still else shared)  # "il avait accepté": before the step told, not with it
        shared = chosen
        support = [h for h in hits if h not in leaders and _nearest(h.start, leaders) is leader]
        mine = [a for a in amounts if _nearest(a.start, leaders) is leader]
        groups.append(([leader, *support], mine, chosen))
    return groups


def governs(futures: list[int], at: int, cuts: list[int]) -> bool:
    """A future verb before the date, or in its clause, makes the date a forward one."""
    clause = bisect_right(cuts, at)
    return any(f < at or bisect_right(cuts, f) == clause for f in futures)


def _same_kind(hit: TypeHit, other: TypeHit) -> bool:
    overlap = hit.start < other.end and other.start < hit.end
    return overlap or (
        hit.rule.type == other.rule.type and (hit.rule.type != "approval_updated" or hit.rule.name == other.rule.name)
    )


def _nearest(at: int, leaders: list[TypeHit]) -> TypeHit:
    """The step told last before ``at`` (else the first): a figure belongs to the clause it follows."""
    before = [h for h in leaders if h.start <= at]
    return before[-1] if before else leaders[0]
