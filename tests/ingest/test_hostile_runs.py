"""Hostile inputs in a real run: each costs only itself, the others go in, and the run says what happened."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from tests.ingest.test_hostile_input import BASE, json_report, with_term, yaml_report
from tracker.cli.main import cli

DEALS = "deals:\n  - {slug: acme, name: Acme buys Widget}\n"
HOSTILE = {
    "surrogate.json": json_report(summary="a\ud800b"),
    "deep.json": "[" * 100_000 + "]" * 100_000,
    "deep.yaml": "[" * 100_000 + "]" * 100_000,
    "huge-integer.json": json_report()[:-1] + ', "occurred": ' + "9" * 5000 + "}",
    "nan.yaml": yaml_report("terms: {investment: {qualifier: exactly, value: .nan, currency: USD}}\n"),
    "inf.yaml": yaml_report("terms: {investment: {qualifier: exactly, value: .inf, currency: USD}}\n"),
    "exponent.json": with_term("1e999999999"),
    "year-9999.json": json_report(occurred="9999-12-31"),
    "long-date.json": json_report(occurred="2025-09-22T10:00:00." + "1" * 60 + "+05:30"),
    "bomb.yaml": "a: &a [x, x, x, x, x, x, x, x, x]\n"
    + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(9)),
}


def ingest(url: str, *args: str) -> Result:
    result = CliRunner().invoke(cli, ["ingest", *args], env={"TRACKER_DATABASE_URL": url})
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def cli_json(url: str, *args: str) -> object:
    return json.loads(CliRunner().invoke(cli, list(args), env={"TRACKER_DATABASE_URL": url}).stdout)


def last_run(url: str) -> dict:
    document = cli_json(url, "runs", "--json")
    assert isinstance(document, dict)
    return document["runs"][0]


def timeline_size(url: str) -> int:
    timeline = cli_json(url, "timeline", "acme", "--json")
    assert isinstance(timeline, dict)
    return len(timeline["events"])


def good_report(n: int) -> str:
    return json.dumps(BASE | {"id": f"good-{n}", "summary": f"Good {n}"}) + "\n"


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "000-deals.yaml").write_text(DEALS)
    (folder / "good-1.jsonl").write_text(good_report(1))
    (folder / "zzz-good-2.jsonl").write_text(good_report(2))
    return folder


def test_every_hostile_input_is_quarantined_and_the_others_go_in(database_url: str, inbox: Path) -> None:
    for name, text in HOSTILE.items():
        (inbox / name).write_bytes(text.encode("utf-8", "surrogatepass"))
    result = ingest(database_url, "--inbox", str(inbox), "--settle", "0")
    assert result.exit_code == 1, result.output
    assert timeline_size(database_url) == 2
    quarantined = inbox / "quarantine"
    assert sorted(p.name for p in quarantined.iterdir() if p.suffix != ".error") == sorted(HOSTILE)
    for name in HOSTILE:
        [line] = (quarantined / f"{name}.error").read_text().splitlines()
        assert line.startswith(str(inbox / name)) and "expected" in line, line
    assert len(result.stderr.strip().splitlines()) == len(HOSTILE)
    run = last_run(database_url)
    assert (run["status"], run["appended"], run["rejected"]) == ("rejected", 3, len(HOSTILE))
    assert CliRunner().invoke(cli, ["verify"], env={"TRACKER_DATABASE_URL": database_url}).exit_code == 0
    again = ingest(database_url, "--inbox", str(inbox), "--settle", "0")
    assert again.exit_code == 0  # the inbox is not poisoned


@pytest.mark.skipif(os.uname().sysname == "Darwin", reason="macOS refuses file names that are not UTF-8")
def test_a_file_name_that_is_not_utf8_is_ingested_and_recorded_printably(database_url: str, inbox: Path) -> None:
    odd = Path(os.fsdecode(bytes(inbox) + b"/caf\xe9\x1b[2J.jsonl"))
    odd.write_text(good_report(3))
    broken = Path(os.fsdecode(bytes(inbox) + b"/bad\xff\n.json"))
    broken.write_text("{oops}")
    result = ingest(database_url, "--inbox", str(inbox), "--settle", "0", "--json")
    assert result.exit_code == 1, result.output
    assert timeline_size(database_url) == 3
    [problem] = result.stderr.strip().splitlines()
    assert "bad\\udcff\\n.json: malformed JSON" in problem
    inputs = [o["input"] for o in json.loads(result.stdout)["outcomes"]]
    assert any(i.endswith("caf\\udce9\\x1b[2J.jsonl") for i in inputs)
    assert last_run(database_url)["status"] == "rejected"


def test_an_unexpected_failure_costs_only_its_input(
    database_url: str, inbox: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tracker.ingest.service as service

    def read_batches(path: Path, *args: Any, **kwargs: Any) -> object:
        if path.name == "good-1.jsonl":
            raise RuntimeError("something nobody foresaw\nsecond line")
        return real(path, *args, **kwargs)

    real = service.read_batches
    monkeypatch.setattr(service, "read_batches", read_batches)
    result = ingest(database_url, "--inbox", str(inbox), "--settle", "0")
    assert result.exit_code == 1
    assert timeline_size(database_url) == 1
    [line] = (inbox / "quarantine" / "good-1.jsonl.error").read_text().splitlines()
    assert "good-1.jsonl: could not be ingested (RuntimeError: something nobody foresaw)" in line


def test_a_run_that_aborts_is_marked_failed_and_says_so_in_one_line(
    database_url: str, inbox: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tracker.ingest.runner as runner

    def complete_files(*args: object) -> object:
        raise RuntimeError("the inbox cannot be listed")

    monkeypatch.setattr(runner, "complete_files", complete_files)
    result = ingest(database_url, "--inbox", str(inbox), "--settle", "0")
    assert result.exit_code == 1
    assert result.stderr == "tracker: error: ingestion aborted (RuntimeError: the inbox cannot be listed)\n"
    run = last_run(database_url)
    assert run["status"] == "failed"
    assert run["errors"] == ["run aborted: RuntimeError: the inbox cannot be listed"]
