"""Control characters are stripped from untrusted text where it enters: files, every field, and `record` flags."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from tests.security.test_injection import document, marked, strings_in
from tracker.bootstrap import open_app
from tracker.cli.main import cli

HOSTILE = "A\x1b[2J\x1b]8;;http://evil\x07\x9b31m\x00\x7f\x85\rB\tC\nD"
CLEAN = "A[2J]8;;http://evil31mB\tC\nD"
FIELDS = (
    "publisher",
    "title",
    "url",
    "quote",
    "outlet",
    "cite url",
    "name",
    "party name",
    "party role",
    "summary",
    "party",
    "role",
    "speaker",
    "unit",
    "reason",
    "new summary",
)


def test_every_text_field_of_a_report_is_cleaned(database_url: str, tmp_path: Path) -> None:
    path = tmp_path / "report.json"
    path.write_text(json.dumps(document(HOSTILE)))
    result = CliRunner().invoke(cli, ["ingest", str(path)], env={"TRACKER_DATABASE_URL": database_url})
    assert result.exit_code == 0, result.output
    stored = set(strings_in(open_app(database_url).store.read()))
    assert {marked(CLEAN, field) for field in FIELDS} <= stored
    assert not any(ch in text for text in stored for ch in "\x1b\x07\x9b\x00\x7f\x85\r")


def test_every_recorded_flag_is_cleaned(sqlite_url: str, tmp_path: Path) -> None:
    env = {"TRACKER_DATABASE_URL": sqlite_url}
    (tmp_path / "deal.yaml").write_text("deals: [{slug: acme, name: Acme}]\n")
    assert CliRunner().invoke(cli, ["ingest", str(tmp_path / "deal.yaml")], env=env).exit_code == 0
    names = ("summary", "publisher", "title", "url", "quote", "party", "speaker")
    flags = [part for name in names for part in (f"--{name}", marked(HOSTILE, name))]
    result = CliRunner().invoke(
        cli,
        [
            "record",
            "acme",
            "--type",
            "statement_made",
            "--occurred",
            "2026-01",
            "--published-at",
            "2026-01-31",
            "--cites",
            marked(HOSTILE, "outlet"),
            *flags,
        ],
        env=env,
    )
    assert result.exit_code == 0, result.output
    stored = set(strings_in(open_app(sqlite_url).store.read()))
    assert {marked(CLEAN, name) for name in (*names, "outlet")} <= stored
    assert not any(ch in text for text in stored for ch in "\x1b\x07\x9b\x00\x7f\x85\r")
