"""Instants are shown where the reader is (TZ, or --tz); calendar dates never shift; JSON stays UTC."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.conftest import SEEDS
from tracker.cli.main import cli

DEAL = "nvidia-openai"


def run(url: str, *args: str, zone: str | None = None, flag: str | None = None) -> Result:
    env = {"NO_COLOR": "1", "COLUMNS": "120", "TZ": zone}
    result = CliRunner().invoke(cli, [*(["--tz", flag] if flag else []), *args, "--db", url], env=env)
    assert "Traceback" not in result.output
    return result


@pytest.fixture
def recorded(tmp_path: Path) -> str:
    url = str(tmp_path / "tracker.db")
    assert run(url, "ingest", "--quiet", str(SEEDS)).exit_code == 0
    for occurred, summary in (("2026-02-19T23:30:00-05:00", "Late-evening news"), ("2026-02-19", "A calendar day")):
        args = ["--type", "context_noted", "--occurred", occurred, "--summary", summary, "--topic", "other"]
        args += ["--publisher", "Wire", "--published-at", "2026-02-19T23:30:00-05:00"]
        done = run(url, "record", DEAL, *args)
        assert done.exit_code == 0, done.output
    return url


def lines_with(result: Result, summary: str) -> list[str]:
    """The entry's date line and its summary line (narrow views put the summary below the date)."""
    assert result.exit_code == 0, result.output
    lines = [line.strip(" │") for line in result.stdout.splitlines()]
    return [f"{lines[n - 1]} {line}" for n, line in enumerate(lines) if summary in line]


def test_an_evening_in_new_york_is_shown_on_its_own_day_there(recorded: str) -> None:
    [evening] = lines_with(run(recorded, "timeline", DEAL, zone="America/New_York"), "Late-evening news")
    assert "19 Feb 2026 23:30 EST" in evening
    [flagged] = lines_with(run(recorded, "timeline", DEAL, zone="Asia/Tokyo", flag="America/New_York"), "Late-evening")
    assert "19 Feb 2026 23:30 EST" in flagged


def test_a_utc_reader_sees_utc_and_a_calendar_date_never_shifts(recorded: str) -> None:
    [evening] = lines_with(run(recorded, "timeline", DEAL), "Late-evening news")
    assert "20 Feb 2026 04:30 UTC" in evening
    for zone in ("Pacific/Honolulu", "Asia/Tokyo", None):
        [calendar] = lines_with(run(recorded, "timeline", DEAL, zone=zone), "A calendar day")
        assert "19 Feb 2026  " in calendar and "UTC" not in calendar


def test_json_stays_utc_whatever_the_zone(recorded: str) -> None:
    at = ("--as-of", "2026-03-01", "--known-at", "2026-11-22T12:00:00Z")
    documents = {run(recorded, "timeline", DEAL, *at, "--json", zone=zone).stdout for zone in ("Asia/Tokyo", None)}
    assert len(documents) == 1 and "2026-02-20T04:30:00" in documents.pop()


def test_an_unknown_zone_is_a_usage_error_naming_the_flag(recorded: str) -> None:
    refused = run(recorded, "deals", flag="Mars/Olympus_Mons")
    assert refused.exit_code == 2 and "--tz" in refused.output and "Mars/Olympus_Mons" in refused.output
    assert run(recorded, "deals", zone="not a zone").exit_code == 0  # an odd TZ falls back to UTC
