"""Instants keep one spelling and one value on their way to the database.

The hash chain hashes the spelling, so a change to it would break every
stored chain: the stdlib path iso_utc takes must spell instants exactly as
pendulum did when those chains were written.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pendulum
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.dialects import postgresql

from tracker.store.codec import iso_utc
from tracker.store.tables import UTCDateTime

# What the store holds: instants in UTC or at a fixed offset (parsed timestamps, the clock), away from
# the calendar's edges. A wall time inside a daylight-saving gap is no instant, and stdlib and pendulum
# read it differently; none reaches the store, whose instants are all pendulum's or offset by whole minutes.
OFFSETS = st.integers(-(24 * 60 - 1), 24 * 60 - 1).map(lambda minutes: timezone(timedelta(minutes=minutes)))
INSTANTS = st.datetimes(min_value=datetime(2, 1, 1), max_value=datetime(9998, 12, 31), timezones=OFFSETS)
ZONES = st.sampled_from(["UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata", "Pacific/Chatham"])


def pendulum_spelling(moment: datetime) -> str:
    """How iso_utc spelled an instant when the first chains were hashed."""
    return pendulum.instance(moment).in_tz("UTC").isoformat(timespec="microseconds")


@given(INSTANTS)
def test_iso_utc_spells_stdlib_instants_as_pendulum_did(moment: datetime) -> None:
    assert iso_utc(moment) == pendulum_spelling(moment)


@given(INSTANTS, ZONES)
def test_iso_utc_spells_pendulum_instants_as_pendulum_did(moment: datetime, zone: str) -> None:
    local = pendulum.instance(moment).in_tz(zone)
    assert iso_utc(local) == pendulum_spelling(local)


@given(st.datetimes(min_value=datetime(2, 1, 1), max_value=datetime(9998, 12, 31)))
def test_a_naive_instant_is_taken_as_utc(moment: datetime) -> None:
    assert iso_utc(moment) == pendulum_spelling(moment) == iso_utc(moment.replace(tzinfo=UTC))


@given(INSTANTS, ZONES)
def test_postgresql_is_handed_the_same_instant_as_a_plain_utc_datetime(moment: datetime, zone: str) -> None:
    """A plain datetime, because the driver's arithmetic on a pendulum one is slow."""
    local = pendulum.instance(moment).in_tz(zone)
    bound = UTCDateTime().process_bind_param(local, postgresql.dialect())
    assert type(bound) is datetime and bound.tzinfo is UTC
    assert bound == local
