"""`tracker record --field NAME=VALUE`: every real-deal type recorded from flags, checked like a report file."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from tracker.cli.main import cli

SOURCE = ("--publisher", "CMA", "--published-at", "2023-04-26", "--occurred", "2023-04-26")


def run(db: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [*args, "--db", str(db)], env={"NO_COLOR": "1"})
    return result.exit_code, result.output


def test_an_approval_and_a_lawsuit_recorded_from_flags_reach_the_state(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    assert run(db, "deal", "add", "msft-atvi", "--name", "Microsoft–Activision", "--party", "Microsoft:buyer")[0] == 0
    code, said = run(
        db,
        "record",
        "msft-atvi",
        "--type",
        "approval_updated",
        "--summary",
        "The CMA blocks the deal",
        *SOURCE,
        "--field",
        "authority=UK CMA",
        "--field",
        "kind=antitrust",
        "--field",
        "status=blocked",
    )
    assert code == 0, said
    code, said = run(
        db,
        "record",
        "msft-atvi",
        "--type",
        "litigation_updated",
        "--summary",
        "The FTC sues to block",
        *SOURCE,
        "--field",
        "case=FTC v. Microsoft",
        "--field",
        "court=FTC administrative court",
        "--field",
        "parties=FTC, Microsoft",
        "--field",
        "status=filed",
        "--field",
        "aim=block",
    )
    assert code == 0, said
    state = json.loads(run(db, "state", "msft-atvi", "--json")[1])
    assert [(a["authority"], a["status"]) for a in state["approvals"]] == [("UK CMA", "blocked")]
    assert state["litigation"][0]["parties"] == ["FTC", "Microsoft"]


def test_a_field_the_type_cannot_take_is_a_usage_error_naming_the_flag(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    run(db, "deal", "add", "acme", "--name", "Acme")
    base = ("record", "acme", "--type", "approval_updated", "--summary", "s", *SOURCE)
    code, said = run(db, *base, "--field", "authority=EC", "--field", "kind=antitrust", "--field", "status=bogus")
    assert code == 2 and "--field" in said and "status='bogus'" in said and "Traceback" not in said
    code, said = run(db, *base, "--field", "authority")
    assert code == 2 and "expected NAME=VALUE" in said
    assert json.loads(run(db, "timeline", "acme", "--json")[1])["events"] == []
