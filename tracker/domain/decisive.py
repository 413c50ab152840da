"""Which versions decide a cut's summary, found by key by whoever holds them (memory or the state index).

Each version is filed under the keys of what it can decide (``keys_of``); a
``Finder`` answers, for one cut, the last or first version under a key, and
``decisive`` asks it for the few that ``summarize`` needs, so a summary costs
a handful of look-ups however long the deal's history.
"""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

from tracker.domain.events import DealDescribed, WithTerms
from tracker.domain.fold import PARTICIPATIONS, STANCES, always_changes, status_set_by, term_role, wipes_terms
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
    if status_set_by(event) is not None:
        keys.append("status")
    role = term_role(event)
    if isinstance(event, WithTerms) and role:
        keys.extend(f"term:{name}:{role}" for name in dict.fromkeys(t.name for t in event.terms))
    if isinstance(event, PARTICIPATIONS):
        keys.append(f"participant:{event.party}")
    if isinstance(event, STANCES):
        keys.append(f"stance:{event.party}")
    return keys


def named_in(key: str) -> tuple[str, str] | None:
    """The term or party a key of ``keys_of`` is about, with its kind ("term", "participant", "stance")."""
    kind, _, rest = key.partition(":")
    if kind == "term":
        return kind, rest.rpartition(":")[0]
    return (kind, rest) if kind in ("participant", "stance") else None


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
        """The terms or parties (``kind`` "term", "participant", "stance") ever seen in the deal."""


def decisive(find: Finder[R]) -> list[R]:
    """The versions that decide a cut's summary, in world order; ``summarize`` of them equals that of all.

    Status: the last status set, and whether the last change was a change of
    status. Terms: the last replacement of each, what was added since, the last
    proposal. Parties: the first mention (it fixes their order) and the last.
    A restructuring wipes terms and proposals; it is picked, so an older pick
    it wiped is wiped again when the picks are folded.
    """
    restructure, change = find.latest("restructure"), find.latest("change")
    picked = [restructure, change]
    if change is not None:
        picked.append(find.latest("status", at_most=change))
    picked.extend(find.after("status", change))
    for term in find.names("term"):
        replaced = find.latest(f"term:{term}:replace")
        floor = max((v for v in (restructure, replaced) if v), key=lambda v: v.world_key, default=None)
        picked.append(replaced)
        picked.extend(find.after(f"term:{term}:add", floor))
        picked.append(find.latest(f"term:{term}:proposal"))
    for kind in ("participant", "stance"):
        for party in find.names(kind):
            picked.extend((find.earliest(f"{kind}:{party}"), find.latest(f"{kind}:{party}")))
    unique = {v.world_key: v for v in picked if v is not None}  # a development's key names it
    return [unique[key] for key in sorted(unique)]
