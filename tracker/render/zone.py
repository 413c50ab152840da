"""The time zone instants are shown in: the reader's (``TZ``, or ``tracker --tz``), UTC unless told.

Only instants move (a report's published time, a cutoff given as a time, a
run's start); a date the news gave at day precision is a calendar date and
never shifts. JSON always speaks UTC. The zone is a context variable that the
command line sets for the length of one command, so no view needs it as an
argument and nothing outlives the command.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import pendulum
from pendulum import DateTime

_ZONE: ContextVar[str] = ContextVar("tracker_display_zone", default="UTC")


class UnknownZone(ValueError):
    """Not a zone name of the IANA database, such as Europe/Paris or America/New_York."""


def checked_zone(name: str) -> str:
    """The zone's canonical name; a POSIX ``TZ=:Europe/Paris`` is read as Europe/Paris."""
    wanted = name.strip().removeprefix(":")
    try:
        return pendulum.timezone(wanted).name
    except Exception:  # pendulum raises its own, or zoneinfo's, or ValueError for an odd name
        raise UnknownZone(f"{name!r} is not a time zone name: expected one like Europe/Paris or UTC") from None


@contextmanager
def shown_in(zone: str) -> Iterator[None]:
    token = _ZONE.set(checked_zone(zone))
    try:
        yield
    finally:
        _ZONE.reset(token)


def local(moment: DateTime) -> DateTime:
    return moment.in_tz(_ZONE.get())
