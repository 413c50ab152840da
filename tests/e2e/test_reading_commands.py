"""The reading commands end to end on the seeds: filters, diff, chart, exports, links, the viewer's guard."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.conftest import SEEDS
from tracker.cli.main import cli

AT = ["--as-of", "2026-11-22", "--known-at", "2026-11-22"]


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = str(tmp_path_factory.mktemp("reading") / "tracker.db")
    assert CliRunner().invoke(cli, ["ingest", "--db", url, "--quiet", str(SEEDS)]).exit_code == 0
    return url


def run(url: str, *args: str, width: int = 100) -> Result:
    return CliRunner().invoke(cli, [*args, "--db", url], env={"COLUMNS": str(width), "NO_COLOR": "1"})


def timeline_types(url: str, *args: str) -> list[str]:
    result = run(url, "timeline", "nvidia-openai", *AT, "--json", *args)
    assert result.exit_code == 0, result.output
    return [e["type"] for e in json.loads(result.stdout)["events"]]


def test_filters_narrow_the_timeline(seeded: str) -> None:
    assert timeline_types(seeded, "--type", "deal_suspended,deal_restructured") == [
        "deal_suspended",
        "deal_restructured",
    ]
    assert timeline_types(seeded, "--source", "wall street journal", "-n", "1") == ["terms_proposed"]
    assert set(timeline_types(seeded, "--since", "2026-02", "--until", "2026-02")) <= {
        "context_noted",
        "not_confirmed",
        "deal_restructured",
    }
    assert timeline_types(seeded, "--grep", "on ice") == ["deal_suspended"]
    everything = timeline_types(seeded)
    assert timeline_types(seeded, "--reverse") == everything[::-1]
    assert "not_confirmed" in timeline_types(seeded, "--party", "Nvidia")


def test_an_unknown_type_or_date_is_a_usage_error_naming_the_flag(seeded: str) -> None:
    result = run(seeded, "timeline", "nvidia-openai", "--type", "deal_eaten")
    assert result.exit_code == 2 and "--type" in result.output and "deal_suspended" in result.output
    result = run(seeded, "timeline", "nvidia-openai", "--since", "Jan 2026")
    assert result.exit_code == 2 and "--since" in result.output and "Traceback" not in result.output


def test_the_as_of_line_counts_what_came_later_and_can_show_it(seeded: str) -> None:
    hidden = run(seeded, "timeline", "nvidia-openai", "--as-of", "2025-10-15", "--known-at", "2026-11-22")
    assert "▲ as of 15 Oct 2025 · 12 later developments known (--show-later)" in hidden.stdout
    shown = run(
        seeded, "timeline", "nvidia-openai", "--as-of", "2025-10-15", "--known-at", "2026-11-22", "--show-later"
    )
    after_line = shown.stdout.split("▲ as of 15 Oct 2025", 1)[1]
    assert "ON ICE" in after_line and "RESTRUCTURED" in after_line
    later = json.loads(
        run(seeded, "timeline", "nvidia-openai", "--as-of", "2025-10-15", "--show-later", "--json").stdout
    )["later"]
    assert len(later) == 12


def test_diff_names_the_change_and_its_source_on_both_axes(seeded: str) -> None:
    world = json.loads(
        run(seeded, "diff", "nvidia-openai", "--from", "2025-10-15", "--to", "2026-02-15", "--json").stdout
    )
    status = next(c for c in world["changes"] if c["aspect"] == "status")
    assert (status["before"], status["after"], status["cause"]["type"]) == (
        "letter_of_intent",
        "suspended",
        "deal_suspended",
    )
    knowledge = run(
        seeded,
        "diff",
        "nvidia-openai",
        "--from",
        "2025-12-31",
        "--to",
        "2026-02-28",
        "--axis",
        "knowledge",
        "--as-of",
        "2026-02-28",
        width=240,
    )
    assert knowledge.exit_code == 0
    assert "letter of intent" in knowledge.stdout and "about $30B" in knowledge.stdout
    assert "Financial Times" in knowledge.stdout


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["--from", "2026-02-15", "--to", "2025-10-15"],
            "'2026-02-15' (by 15 Feb 2026) is later than --to '2025-10-15' (by 15 Oct 2025)",
        ),
        (["--from", "2026-02-15", "--to", "2025-10-15", "--axis", "knowledge"], "is later than --to"),
        (["--from", "2025-10-15", "--as-of", "2026-01-01"], "on the world axis --from and --to give the --as-of dates"),
        (
            ["--from", "2025-10-15", "--axis", "knowledge", "--known-at", "2026-01-01"],
            "on the knowledge axis --from and --to give the --known-at dates",
        ),
    ],
)
def test_diff_refuses_dates_backwards_and_a_flag_its_axis_would_override(
    seeded: str, args: list[str], expected: str
) -> None:
    result = run(seeded, "diff", "nvidia-openai", *args)
    assert result.exit_code == 2 and expected in result.output, result.output
    assert "Traceback" not in result.output


def test_chart_steps_from_100_to_30_billion(seeded: str) -> None:
    steps = json.loads(run(seeded, "chart", "nvidia-openai", *AT, "--json").stdout)["steps"]
    assert [(s["headline"]["qualifier"], s["headline"]["value"]) for s in steps] == [
        ("up_to", "100000000000"),
        ("about", "30000000000"),
    ]
    text = run(seeded, "chart", "nvidia-openai", *AT).stdout
    assert "█" in text and "up to $100B" in text and "about $30B" in text


def test_deals_for_a_party_show_how_they_link(seeded: str) -> None:
    out = run(seeded, "deals", "--party", "Nvidia", *AT).stdout
    assert "nvidia-openai" in out and "nvidia-anthropic" in out and "amazon-openai\n" not in out.split("Links")[0]
    links = out.split("Links between deals", 1)[1]
    assert "→ openai-funding-round (part of)" in links and "→ nvidia-anthropic (related)" in links
    assert run(seeded, "deals", "--party", "Nobody").stdout.strip() == "No deal matches."


@pytest.mark.parametrize("command", ["timeline", "state"])
@pytest.mark.parametrize("kind", ["text", "markdown", "html", "svg", "csv", "timelinejs", "json"])
def test_every_export_writes_a_readable_file(seeded: str, tmp_path: Path, command: str, kind: str) -> None:
    if (command, kind) == ("state", "timelinejs"):
        pytest.skip("a state is no timeline: refused, see test_a_state_is_no_timeline_and_exports_read_well")
    target = tmp_path / f"out.{kind}"
    result = run(seeded, command, "nvidia-openai", *AT, "--format", kind, "-o", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    content = target.read_text(encoding="utf-8")
    if kind in ("json", "timelinejs"):
        json.loads(content)
    elif kind == "csv":
        assert len(list(csv.reader(io.StringIO(content)))) > 1
    elif kind == "html":
        assert content.startswith("<!DOCTYPE html>")
    elif kind == "svg":
        assert content.lstrip().startswith("<svg")
    elif kind == "text":
        assert content.startswith(("Nvidia–OpenAI", "╭")) and "\x1b" not in content
    else:
        assert content.startswith("# Nvidia–OpenAI strategic partnership")


def test_an_unwritable_output_is_one_line(seeded: str, tmp_path: Path) -> None:
    result = run(seeded, "state", "nvidia-openai", "--format", "csv", "-o", str(tmp_path / "no" / "such.csv"))
    assert result.exit_code == 1 and result.output.startswith(f"tracker: error: {tmp_path / 'no' / 'such.csv'}: cannot")
    assert len(result.output.splitlines()) == 1


def test_timelinejs_dates_carry_only_the_precision_reported(seeded: str) -> None:
    document = json.loads(run(seeded, "timeline", "nvidia-openai", *AT, "--format", "timelinejs").stdout)
    dates = {e["text"]["headline"][:20]: e["start_date"] for e in document["events"]}
    on_ice = next(d for h, d in dates.items() if h.startswith("The WSJ reports"))
    assert on_ice == {"year": 2026, "month": 1, "display_date": "Jan 2026"}
    assert document["title"]["text"]["headline"] == "Nvidia–OpenAI strategic partnership"


def test_view_without_a_terminal_points_to_timeline(seeded: str) -> None:
    result = run(seeded, "view", "nvidia-openai")
    assert result.exit_code == 1
    assert result.output.strip() == (
        "tracker: error: tracker view needs an interactive terminal; use `tracker timeline` to print the timeline"
    )


def test_output_that_is_not_a_terminal_is_never_paged(seeded: str) -> None:
    result = run(seeded, "timeline", "nvidia-openai", *AT, "--pager")
    assert result.exit_code == 0 and "Nvidia–OpenAI" in result.stdout


def test_on_a_terminal_long_output_goes_through_the_pager(seeded: str) -> None:
    import os
    import pty
    import subprocess
    import sys

    leader, follower = pty.openpty()
    env = os.environ | {"PAGER": "sed s/^/PAGED:/", "LINES": "10", "COLUMNS": "100", "NO_COLOR": "1"}
    code = "from tracker.cli.main import cli; cli()"
    args = [sys.executable, "-c", code, "timeline", "nvidia-openai", "--db", seeded, *AT]
    process = subprocess.run(args, stdin=follower, stdout=follower, stderr=follower, env=env, timeout=60)
    os.close(follower)
    output = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    os.close(leader)
    assert process.returncode == 0
    assert output.count(b"PAGED:") > 10 and b"strategic partnership" in output
    short = subprocess.run([*args, "--no-pager"], stdin=subprocess.DEVNULL, capture_output=True, env=env, timeout=60)
    assert b"PAGED:" not in short.stdout


@pytest.mark.parametrize("width", [80, 120, 200])
def test_timeline_lines_carry_no_trailing_spaces_to_copy_along(seeded: str, width: int) -> None:
    result = run(seeded, "timeline", "nvidia-openai", *AT, width=width)
    assert result.exit_code == 0
    assert [line for line in result.stdout.splitlines() if line.endswith(" ")] == []


def test_every_timeline_export_carries_the_disputes_the_terminal_shows(seeded: str) -> None:
    """In October 2025 the letter's $100B is contradicted by article A's $10B: every format must say so."""
    at = ["--as-of", "2025-10-15", "--known-at", "2026-11-22"]
    dispute = "disputed: investment up to $100B vs $10B"
    assert dispute in run(seeded, "timeline", "nvidia-openai", *at, width=200).stdout
    assert dispute in run(seeded, "timeline", "nvidia-openai", *at, "--format", "markdown").stdout
    assert dispute in run(seeded, "timeline", "nvidia-openai", *at, "--format", "timelinejs").stdout
    rows = list(csv.DictReader(io.StringIO(run(seeded, "timeline", "nvidia-openai", *at, "--format", "csv").stdout)))
    assert any(dispute in row["disputed"] for row in rows)
    events = json.loads(run(seeded, "timeline", "nvidia-openai", *at, "--json").stdout)["events"]
    letter = next(e for e in events if e["type"] == "letter_of_intent_signed")
    figures = {d["term"]: [f["value"]["text"] for f in d["figures"]] for d in letter["disputed"]}
    assert figures["investment"] == ["up to $100B", "$10B"]


def test_state_exports_say_whether_a_dispute_still_stands_and_list_discussed_terms(seeded: str) -> None:
    today = run(seeded, "state", "nvidia-openai", *AT, "--format", "markdown").stdout
    assert "| Was disputed investment |" in today and "| Disputed investment |" not in today
    october = run(
        seeded, "state", "nvidia-openai", "--as-of", "2025-10-15", "--known-at", "2026-11-22", "--format", "markdown"
    ).stdout
    assert "| Disputed investment |" in october
    january = run(
        seeded, "state", "nvidia-openai", "--as-of", "2026-01", "--known-at", "2026-11-22", "--format", "markdown"
    ).stdout
    assert "| Discussed investment | tens of billions of dollars" in january
    kinds = [
        row["kind"]
        for row in csv.DictReader(io.StringIO(run(seeded, "state", "nvidia-openai", *AT, "--format", "csv").stdout))
    ]
    assert kinds.count("was_disputed") == 4


def test_a_state_is_no_timeline_and_exports_read_well(seeded: str) -> None:
    refused = run(seeded, "state", "nvidia-openai", *AT, "--format", "timelinejs")
    assert refused.exit_code == 2 and "--format" in refused.output and "tracker timeline" in refused.output
    for command in ("state", "timeline"):
        page = run(seeded, command, "nvidia-openai", *AT, "--format", "html").stdout
        assert "<title>Nvidia–OpenAI strategic partnership" in page.split("</head>")[0]
    markdown = run(seeded, "timeline", "nvidia-openai", *AT, "--format", "markdown").stdout.splitlines()
    headings = [n for n, line in enumerate(markdown) if line.startswith("#")]
    assert len(headings) > 3 and all(markdown[n - 1] == "" for n in headings[1:])
    document = json.loads(run(seeded, "timeline", "nvidia-openai", *AT, "--format", "timelinejs").stdout)
    groups = {event["group"] for event in document["events"]}
    assert {"Letter of intent", "On ice", "Not confirmed"} <= groups
