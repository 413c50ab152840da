"""Which versions decide a cut's summary, found by key by whoever holds them (memory or the state index).

Each version is filed under the keys of what it can decide (``keys_of``); a
``Finder`` answers, for one cut, the last or first version under a key, and
``decisive`` asks it for the few that ``summarize`` needs, so a summary costs
a handful of look-ups however long the deal's history.
"""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

from tracker.domain.events import ApprovalUpdated, DealDescribed, LitigationUpdated, StatusContested, WithTerms
from tracker.domain.fold import (
    PARTICIPATIONS,
    POSITIONS,
    SIGNINGS,
    STANCES,
    always_changes,
    approval_key,
    canonical_term,
    case_key,
    replaced_terms,
    sets_status,
    status_set_by,
    term_role,
    wipes_terms,
)
from tracker.domain.versions import Version


def keys_of(version: Version) -> list[str]:
    """The index keys a version is found under: what it can decide in a summary."""
    event = version.event
    if isinstance(event, DealDescribed):
        return ["description"]
    keys = []
    if wipes_terms(event):
        keys.append("restructure")
    if always_changes(event):
        keys.append("change")
    if sets_status(event):
        keys.append("status")
    if status_set_by(event) is not None:
        keys.append("status:own")  # sets it whatever came before
    if isinstance(event, SIGNINGS):
        keys.append("signing")
    role = term_role(event)
    if isinstance(event, WithTerms) and role:
        named = [canonical_term(t.name) for t in event.terms] + list(replaced_terms(event))
        keys.extend(f"term:{name}:{role}" for name in dict.fromkeys(named))
    if isinstance(event, PARTICIPATIONS):
        keys.extend(f"participant:{p.party}" for p in event.participations)
    if isinstance(event, STANCES):
        keys.append(f"stance:{event.party}")
    if isinstance(event, ApprovalUpdated):
        keys.append(f"approval:{approval_key(event)}")
    if isinstance(event, LitigationUpdated):
        keys.append(f"litigation:{case_key(event)}")
    if isinstance(event, POSITIONS):
        keys.append(f"position:{event.party}")
    if isinstance(event, StatusContested):
        keys.append("contest")
    return list(dict.fromkeys(keys))  # a party named twice in one report is one key


_NAMED = ("participant", "stance", "approval", "litigation", "position")


def named_in(key: str) -> tuple[str, str] | None:
    """The term or party a key of ``keys_of`` is about, with its kind ("term", "participant", "stance")."""
    kind, _, rest = key.partition(":")
    if kind == "term":
        return kind, rest.rpartition(":")[0]
    return (kind, rest) if kind in _NAMED else None


class Ranked(Protocol):
    @property
    def world_key(self) -> Any: ...


R = TypeVar("R", bound=Ranked)


class Finder(Protocol[R]):
    """Versions alive at one cut (known at ``known_at``, surely happened by ``as_of``), found by key.

    What it returns needs only a ``world_key`` that orders them as the fold
    would: a ``Version`` in memory, a row of the state index in the store.
    """

    def latest(self, key: str, at_most: R | None = None) -> R | None:
        """The one last in world order, or last at or before ``at_most``."""

    def after(self, key: str, floor: R | None) -> list[R]:
        """Every one after ``floor`` in world order (all of them if None)."""

    def earliest(self, key: str) -> R | None: ...

    def names(self, kind: str) -> list[str]:
        """The terms, parties, authorities or cases (a kind of ``named_in``) ever seen in the deal."""


def decisive(find: Finder[R]) -> list[R]:
    """The versions that decide a cut's summary, in world order; ``summarize`` of them equals that of all.

    Status: the last status set, and whether the last change was a change of
    status. Terms: the last replacement of each, what was added since, the last
    proposal. Parties: the first mention (it fixes their order) and the last.
    A restructuring wipes terms and proposals; it is picked, so an older pick
    it wiped is wiped again when the picks are folded. A status that depends on
    the one before (a restructuring with no stage) gets the last status set
    outright before it; a signing lifts stances; contests stand from the last
    status on; an authority, a case or a party's position is its first and last step.
    """
    restructure, change = find.latest("restructure"), find.latest("change")
    picked = [restructure, change]
    if change is not None:
        before = find.latest("status", at_most=change)
        picked.extend((before, find.latest("status:own", at_most=before) if before else None))
    picked.extend(find.after("status", change))
    picked.extend((find.latest("signing"), *find.after("contest", find.latest("status"))))
    for term in find.names("term"):
        replaced = find.latest(f"term:{term}:replace")
        floor = max((v for v in (restructure, replaced) if v), key=lambda v: v.world_key, default=None)
        picked.append(replaced)
        picked.extend(find.after(f"term:{term}:add", floor))
        picked.append(find.latest(f"term:{term}:proposal"))
    for kind in _NAMED:
        for party in find.names(kind):
            picked.extend((find.earliest(f"{kind}:{party}"), find.latest(f"{kind}:{party}")))
    unique = {v.world_key: v for v in picked if v is not None}  # a development's key names it
    return [unique[key] for key in sorted(unique)]
