"""Unattended ingestion through the real command: inbox, archive, quarantine, lock, runs, exit codes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pendulum
import pytest
from click.testing import CliRunner, Result

from tests.conftest import SEEDS
from tracker.cli.main import cli
from tracker.ingest.lock import exclusive

TODAY = pendulum.now("UTC").to_date_string()
DEAL = "- {slug: acme-widget, name: Acme buys Widget}\n"


def report(n: int, deal: str = "acme-widget", **overrides: object) -> dict:
    fields: dict = {
        "id": f"r{n}",
        "deal": deal,
        "type": "statement_made",
        "party": "Acme",
        "occurred": "2026-01",
        "summary": f"Statement {n}",
        "sources": [{"publisher": "Wire", "published_at": "2026-01-31"}],
    }
    return {k: v for k, v in (fields | overrides).items() if v is not None}


def definition_file(folder: Path) -> Path:
    path = folder / "000-deals.yaml"
    path.write_text("deals:\n  " + DEAL.replace("\n", "") + "\n")
    return path


def jsonl(folder: Path, name: str, reports: list[dict]) -> Path:
    path = folder / name
    path.write_text("".join(json.dumps(r) + "\n" for r in reports))
    return path


def run(url: str, *args: str) -> Result:
    result = CliRunner().invoke(cli, ["ingest", *args], env={"TRACKER_DATABASE_URL": url})
    assert "Traceback" not in result.output, result.output
    return result


def event_count(url: str) -> int:
    result = CliRunner().invoke(cli, ["deals", "--json"], env={"TRACKER_DATABASE_URL": url})
    deals = json.loads(result.stdout)["deals"]
    total = 0
    for deal in deals:
        timeline = CliRunner().invoke(cli, ["timeline", deal["deal"], "--json"], env={"TRACKER_DATABASE_URL": url})
        total += len(json.loads(timeline.stdout)["events"])
    return total


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    definition_file(folder)
    return folder


def test_a_run_archives_good_files_quarantines_bad_ones_and_says_so_in_one_line(database_url: str, inbox: Path) -> None:
    jsonl(inbox, "good.jsonl", [report(1), report(2)])
    jsonl(inbox, "bad.jsonl", [report(3), report(4, occurred="2025-13-45")])
    result = run(database_url, "--inbox", str(inbox), "--settle", "0")
    assert result.exit_code == 1
    assert result.stdout.strip().splitlines() == [
        "ingest: 3 inputs, 3 events appended, 0 duplicates skipped, 1 rejected, 0 sources unavailable"
    ]
    [problem] = result.stderr.strip().splitlines()
    assert "bad.jsonl:2: reports[0].occurred: '2025-13-45' is not a real date" in problem
    assert sorted(p.name for p in (inbox / "archive" / TODAY).iterdir()) == ["000-deals.yaml", "good.jsonl"]
    assert sorted(p.name for p in (inbox / "quarantine").iterdir()) == ["bad.jsonl", "bad.jsonl.error"]
    assert "2025-13-45" in (inbox / "quarantine" / "bad.jsonl.error").read_text()
    assert event_count(database_url) == 2  # nothing from bad.jsonl, not even its good first line
    again = run(database_url, "--inbox", str(inbox), "--settle", "0")
    assert (again.exit_code, again.stdout.split(",")[1]) == (0, " 0 events appended")


def test_the_same_content_arriving_again_is_recognised_and_archived(sqlite_url: str, inbox: Path) -> None:
    jsonl(inbox, "first.jsonl", [report(1)])
    assert run(sqlite_url, "--inbox", str(inbox), "--settle", "0").exit_code == 0
    jsonl(inbox, "copy.jsonl", [report(1)])
    result = run(sqlite_url, "--inbox", str(inbox), "--settle", "0", "--verbose")
    assert "copy.jsonl: already ingested" in result.stdout
    assert (inbox / "archive" / TODAY / "copy.jsonl").exists()


def test_files_still_being_written_are_left_for_the_next_run(sqlite_url: str, inbox: Path) -> None:
    for name in (".hidden.jsonl", "partial.jsonl.part", "upload.tmp"):
        jsonl(inbox, name, [report(1)])
    fresh = jsonl(inbox, "fresh.jsonl", [report(2)])
    run(sqlite_url, "--inbox", str(inbox), "--settle", "60")
    left = {p.name for p in inbox.iterdir() if p.is_file()}
    assert left == {".hidden.jsonl", "partial.jsonl.part", "upload.tmp", "fresh.jsonl", "000-deals.yaml"}
    os.utime(fresh, (0, 0))
    os.utime(inbox / "000-deals.yaml", (0, 0))
    run(sqlite_url, "--inbox", str(inbox), "--settle", "60")
    assert not fresh.exists()


def test_a_second_run_while_the_lock_is_held_exits_75_at_once(sqlite_url: str, inbox: Path, tmp_path: Path) -> None:
    lock = tmp_path / "ingest.lock"
    with exclusive(lock):
        result = run(sqlite_url, "--inbox", str(inbox), "--lock-file", str(lock))
    assert result.exit_code == 75
    assert result.stderr.startswith("tracker: busy: another ingestion run") and result.stderr.count("\n") == 1
    assert run(sqlite_url, "--inbox", str(inbox), "--lock-file", str(lock), "--settle", "0").exit_code == 0


def test_dry_run_validates_without_writing_or_moving(sqlite_url: str, inbox: Path) -> None:
    jsonl(inbox, "good.jsonl", [report(1)])
    result = run(sqlite_url, "--inbox", str(inbox), "--settle", "0", "--dry-run")
    assert result.exit_code == 0 and "dry run" in result.stdout
    assert (inbox / "good.jsonl").exists() and not (inbox / "archive").exists()
    runs = CliRunner().invoke(cli, ["runs", "--json"], env={"TRACKER_DATABASE_URL": sqlite_url})
    assert json.loads(runs.stdout)["runs"] == []


def test_quiet_prints_nothing_on_success_and_runs_are_recorded(sqlite_url: str, inbox: Path) -> None:
    jsonl(inbox, "good.jsonl", [report(1), report(2)])
    result = run(sqlite_url, "--inbox", str(inbox), "--settle", "0", "--quiet")
    assert (result.exit_code, result.output) == (0, "")
    listed = CliRunner().invoke(cli, ["runs", "--json"], env={"TRACKER_DATABASE_URL": sqlite_url})
    runs = json.loads(listed.stdout)["runs"]
    assert [(r["status"], r["files"], r["appended"], r["rejected"]) for r in runs] == [("ok", 2, 3, 0)]
    assert runs[0]["finished_at"] >= runs[0]["started_at"]
    table = CliRunner().invoke(cli, ["runs"], env={"TRACKER_DATABASE_URL": sqlite_url})
    assert table.exit_code == 0 and "ok" in table.stdout


def test_a_config_file_and_a_log_file(sqlite_url: str, inbox: Path, tmp_path: Path) -> None:
    jsonl(inbox, "good.jsonl", [report(1)])
    config = tmp_path / "ingest.toml"
    config.write_text(f'[ingest]\ninbox = "{inbox}"\nsettle_seconds = 0\nlog_file = "logs/ingest.log"\n')
    assert run(sqlite_url, "--config", str(config)).exit_code == 0
    log = tmp_path / "logs" / "ingest.log"
    assert "good.jsonl: appended 1" in log.read_text()
    assert oct(log.stat().st_mode & 0o777) == "0o600"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[ingest]\ninbox = 3\n", "ingest.inbox: expected a string, got 3"),
        ("[ingest]\nshelf = 'x'\n", "ingest.shelf: unknown setting"),
        ("not toml = = 1", "not valid TOML"),
        ("[other]\n", "expected an [ingest] table"),
    ],
)
def test_a_bad_config_is_a_usage_error(sqlite_url: str, tmp_path: Path, text: str, expected: str) -> None:
    config = tmp_path / "ingest.toml"
    config.write_text(text)
    result = run(sqlite_url, "--config", str(config))
    assert result.exit_code == 2 and expected in result.stderr and result.stderr.count("\n") == 1


def test_nothing_to_ingest_is_a_usage_error(sqlite_url: str) -> None:
    result = run(sqlite_url)
    assert result.exit_code == 2 and "nothing to ingest" in result.stderr


def _bad_inputs(inbox: Path, outside: Path) -> dict[str, str]:
    """File name -> a fragment of the one-line reason it must be quarantined with."""
    (inbox / "tags.yaml").write_text("!!python/object/apply:os.system ['echo pwned']\n")
    (inbox / "malformed.json").write_text('{"reports": [')
    jsonl(inbox, "unknown-type.jsonl", [report(1, type="deal_exploded")])
    jsonl(
        inbox,
        "negative.jsonl",
        [
            report(
                2,
                type="talks_reported",
                party=None,
                terms={"investment": {"qualifier": "exactly", "value": -5, "currency": "USD"}},
            )
        ],
    )
    jsonl(
        inbox,
        "not-a-number.jsonl",
        [
            report(
                3,
                type="talks_reported",
                party=None,
                terms={"investment": {"qualifier": "exactly", "value": "thirty", "currency": "USD"}},
            )
        ],
    )
    jsonl(
        inbox,
        "currency.jsonl",
        [
            report(
                4,
                type="talks_reported",
                party=None,
                terms={"investment": {"qualifier": "about", "value": 5, "currency": "XXQ"}},
            )
        ],
    )
    jsonl(inbox, "no-source.jsonl", [{k: v for k, v in report(5).items() if k != "sources"}])
    jsonl(inbox, "orphan.jsonl", [report(6, deal="nobody-nothing")])
    jsonl(inbox, "twice.jsonl", [report(7), report(7)])
    (inbox / "long-line.jsonl").write_text('{"x": "' + "a" * (10 * 2**20) + '"}\n')
    (inbox / "junk.json").write_bytes(bytes(range(256)) * 64)
    (inbox / "utf16.yaml").write_bytes(DEAL.encode("utf-16"))
    (inbox / "latin1.yaml").write_bytes("- {deal: acme-widget, summary: Échos}\n".encode("latin-1"))
    (inbox / "empty.yaml").write_text("")
    (outside / "secret.yaml").write_text("password: hunter2\n")
    (inbox / "escape.yaml").symlink_to(outside / "secret.yaml")
    (inbox / "loop.yaml").symlink_to(inbox / "loop.yaml")
    return {
        "tags.yaml": "malformed YAML",
        "malformed.json": "malformed JSON",
        "unknown-type.jsonl": "deal_exploded",
        "negative.jsonl": "terms.investment",
        "not-a-number.jsonl": "terms.investment",
        "currency.jsonl": "'XXQ' is not an ISO 4217",
        "no-source.jsonl": "'sources' is a required property",
        "orphan.jsonl": "'nobody-nothing' does not exist",
        "twice.jsonl": "'r7' appears twice",
        "long-line.jsonl": "longer than 1 MiB",
        "junk.json": "expected UTF-8",
        "utf16.yaml": "UTF-16",
        "latin1.yaml": "expected UTF-8 text, found byte 0xc9",
        "empty.yaml": "the file is empty",
        "escape.yaml": "outside the inbox",
        "loop.yaml": "looping",
    }


def test_every_kind_of_bad_input_is_quarantined_with_its_reason_and_nothing_else_is_lost(
    sqlite_url: str, inbox: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    expected = _bad_inputs(inbox, outside)
    jsonl(inbox, "zz good ünïcode name.jsonl", [report(100), report(101)])
    result = run(sqlite_url, "--inbox", str(inbox), "--settle", "0")
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == len(expected)
    quarantine = inbox / "quarantine"
    for name, reason in expected.items():
        error_file = quarantine / f"{name}.error"
        assert error_file.exists(), name
        assert reason in error_file.read_text(), (name, error_file.read_text())
        assert error_file.read_text().count("\n") == 1
    assert (outside / "secret.yaml").read_text() == "password: hunter2\n"
    assert (inbox / "archive" / TODAY / "zz good ünïcode name.jsonl").exists()
    assert event_count(sqlite_url) == 2


def test_a_rejected_symbolic_link_is_moved_to_quarantine_not_deleted(
    sqlite_url: str, inbox: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.yaml").write_text("password: hunter2\n")
    (inbox / "escape.yaml").symlink_to(outside / "secret.yaml")
    (inbox / "loop.yaml").symlink_to(inbox / "loop.yaml")
    assert run(sqlite_url, "--inbox", str(inbox), "--settle", "0").exit_code == 1
    quarantine = inbox / "quarantine"
    assert (quarantine / "escape.yaml").is_symlink() and (
        quarantine / "escape.yaml"
    ).readlink() == outside / "secret.yaml"
    assert (quarantine / "loop.yaml").is_symlink() and "outside the inbox" in (
        quarantine / "escape.yaml.error"
    ).read_text()
    assert not (inbox / "escape.yaml").is_symlink() and not (inbox / "loop.yaml").is_symlink()
    assert (outside / "secret.yaml").read_text() == "password: hunter2\n"


def test_a_file_that_vanishes_between_listing_and_reading_is_skipped(sqlite_url: str, tmp_path: Path) -> None:
    from tracker.bootstrap import open_app
    from tracker.ingest.service import ingest_file

    app = open_app(sqlite_url)
    outcome = ingest_file(app.store, tmp_path / "gone.jsonl", "gone.jsonl", app.clock())
    assert (outcome.error, outcome.note) == (None, "vanished before it could be read")


def test_the_cron_script_is_the_same_command(sqlite_url: str, inbox: Path) -> None:
    import subprocess
    import sys

    jsonl(inbox, "good.jsonl", [report(1)])
    script = Path(__file__).resolve().parents[2] / "scripts" / "ingest.py"
    result = subprocess.run(
        [sys.executable, str(script), "--inbox", str(inbox), "--settle", "0"],
        env={**os.environ, "TRACKER_DATABASE_URL": sqlite_url},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0 and result.stdout.startswith("ingest: 2 inputs, 2 events appended")


def test_seeds_still_ingest_as_plain_paths_without_moving(sqlite_url: str) -> None:
    result = run(sqlite_url, str(SEEDS))
    assert result.exit_code == 0 and (SEEDS / "nvidia-openai.yaml").exists()


def test_json_output_lists_every_input(sqlite_url: str, inbox: Path) -> None:
    jsonl(inbox, "good.jsonl", [report(1)])
    jsonl(inbox, "bad.jsonl", [report(2, occurred="someday")])
    result = run(sqlite_url, "--inbox", str(inbox), "--settle", "0", "--json")
    document = json.loads(result.stdout)
    assert document["exit_code"] == result.exit_code == 1
    assert [(Path(o["input"]).name, o["appended"], o["error"] is not None) for o in document["outcomes"]] == [
        ("000-deals.yaml", 1, False),
        ("bad.jsonl", 0, True),
        ("good.jsonl", 1, False),
    ]
