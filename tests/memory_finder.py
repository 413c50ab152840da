"""The state index's finder over a list of versions in memory: the reference the SQL finder is held to."""

from __future__ import annotations

from pendulum import DateTime

from tracker.domain.decisive import keys_of, named_in
from tracker.domain.versions import Version


class MemoryFinder:
    def __init__(self, every: list[Version], as_of: DateTime, known_at: DateTime) -> None:
        alive = [v for v in every if v.known_from <= known_at and (v.known_until is None or v.known_until > known_at)]
        self.descriptions = sorted((v for v in alive if v.surely_by is None), key=_world)
        self.applied = sorted((v for v in alive if v.surely_by is not None and v.surely_by <= as_of), key=_world)
        self._seen = {key for v in every for key in keys_of(v)}

    def _found(self, key: str) -> list[Version]:
        return [v for v in self.applied if key in keys_of(v)]

    def latest(self, key: str, at_most: Version | None = None) -> Version | None:
        found = [v for v in self._found(key) if at_most is None or v.world_key <= at_most.world_key]
        return found[-1] if found else None

    def after(self, key: str, floor: Version | None) -> list[Version]:
        return [v for v in self._found(key) if floor is None or v.world_key > floor.world_key]

    def earliest(self, key: str) -> Version | None:
        found = self._found(key)
        return found[0] if found else None

    def names(self, kind: str) -> list[str]:
        return sorted({named[1] for key in self._seen if (named := named_in(key)) and named[0] == kind})

    def description(self) -> Version | None:
        return self.descriptions[-1] if self.descriptions else None


def _world(version: Version) -> tuple[object, ...]:
    return version.world_key
