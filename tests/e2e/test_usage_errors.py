"""Mistakes on the command line: one line, the flag the user gave, the right exit code, nothing created."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.conftest import SEEDS
from tracker.cli.main import cli


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    result = CliRunner().invoke(cli, list(args), env={"NO_COLOR": "1", **(env or {})}, prog_name="tracker")
    assert "Traceback" not in result.output
    return result


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = str(tmp_path_factory.mktemp("usage") / "tracker.db")
    assert run("ingest", "--db", url, "--quiet", str(SEEDS)).exit_code == 0
    return url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("mysql://x:hunter2@y/z", "'mysql://x:***@y/z': the mysql engine is not supported: expected a file path"),
        ("http://example.com", "the http engine is not supported"),
        ("postgresql+asyncpg://x@y/z", "the postgresql+asyncpg engine is not supported"),
        ("postgresql+psycopg://postgres@127.0.0.1:abc/test", "is not a database URL"),
    ],
)
@pytest.mark.parametrize("command", [["deals"], ["state", "x"], ["ingest", str(SEEDS)], ["backup", "copy.db"]])
def test_a_database_url_the_tracker_cannot_use_is_one_line_and_exit_2(
    url: str, expected: str, command: list[str]
) -> None:
    result = run(*command, "--db", url)
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1 and expected in result.stderr, result.stderr
    assert "hunter2" not in result.output


@pytest.mark.parametrize(
    "command", [["deals"], ["state", "nvidia-openai"], ["timeline", "nvidia-openai"], ["verify"], ["runs"], ["export"]]
)
def test_reading_a_database_that_is_not_there_creates_nothing(tmp_path: Path, command: list[str]) -> None:
    missing = tmp_path / "typo" / "tracker.db"
    result = run(*command, "--db", str(missing))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"tracker: error: no database at {missing}: expected an existing")
    assert not missing.parent.exists()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["state", "nvidia-openai", "--as-of", "x"], "Invalid value for --as-of: 'x' is not a date"),
        (["state", "nvidia-openai", "--known-at", "2026-13"], "Invalid value for --known-at: '2026-13'"),
        (["diff", "nvidia-openai", "--from", "x"], "Invalid value for --from: 'x' is not a date"),
        (["diff", "nvidia-openai", "--from", "2025", "--to", "zz"], "Invalid value for --to: 'zz'"),
        (["timeline", "nvidia-openai", "--since", "2026-02", "--until", "2026-01"], "'2026-02' is after --until"),
        (["timeline", "nvidia-openai", "--type", ""], "an empty type is not a development on the timeline"),
        (["timeline", "nvidia-openai", "--type", "event_retracted"], "'event_retracted' is not a development"),
        (["timeline", "nvidia-openai", "--bogus"], "No such option '--bogus'"),
        (["timeline"], "Missing argument 'DEAL'"),
    ],
)
def test_usage_mistakes_are_one_line_naming_the_flag_given(seeded: str, args: list[str], expected: str) -> None:
    result = run(*args, "--db", seeded)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("tracker: error: "), result.stderr
    assert expected in result.stderr and f"(see `tracker {args[0]} --help`)" in result.stderr


def test_tracker_alone_still_shows_its_help() -> None:
    result = run()
    assert "Usage: tracker" in result.output and "Commands:" in result.output


def test_a_zero_terminal_width_renders_at_80_columns(seeded: str) -> None:
    result = run("state", "nvidia-openai", "--db", seeded, env={"COLUMNS": "0"})
    assert result.exit_code == 0 and max(len(line) for line in result.stdout.splitlines()) == 80


def test_the_timeline_help_example_finds_what_it_promises(seeded: str) -> None:
    result = run(
        "timeline",
        "nvidia-openai",
        "--since",
        "2026-01",
        "--source",
        "Wall Street Journal",
        "--grep",
        "on ice",
        "--db",
        seeded,
    )
    assert result.exit_code == 0 and "1 of " in result.stdout


def test_json_and_another_format_at_once_are_refused(seeded: str) -> None:
    result = run("timeline", "nvidia-openai", "--format", "csv", "--json", "--db", seeded)
    assert result.exit_code == 2 and "--json and --format csv ask for two formats" in result.stderr


def test_deals_lists_only_what_had_been_reported_by_the_knowledge_time(seeded: str) -> None:
    assert "No deal matches" in run("deals", "--known-at", "1990", "--db", seeded).stdout
    september = run("deals", "--known-at", "2025-09-30", "--db", seeded, env={"COLUMNS": "120"}).stdout
    assert "nvidia-openai" in september and "openai-funding-round" not in september.split("Links")[0]


def test_a_database_path_with_controls_stays_one_inert_line(tmp_path: Path) -> None:
    odd = tmp_path / "a\x1b]0;PWNED\x07\nb.db"
    result = run("deals", "--db", str(odd))
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr


def test_since_and_until_at_the_same_instant_are_allowed(seeded: str) -> None:
    at = "2026-02-19T10:00:00+00:00"
    assert run("timeline", "nvidia-openai", "--since", at, "--until", at, "--db", seeded).exit_code == 0
