"""scripts/bench.py keeps working: every section runs at tiny sizes and reports a table and JSON.

Speed is never asserted here (the machine running the suite decides it);
only that each measure produced a number, or says why it was not run.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "scripts" / "bench.py"
LOCAL_SECTIONS = "append,replay,asof,startup,memory,render"


def run_bench(tmp_path: Path, only: str, **env: str) -> dict[str, Any]:
    out = tmp_path / "bench.json"
    result = subprocess.run(
        [sys.executable, str(BENCH), "--tiny", "--only", only, "--json", str(out)],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "| measure" in result.stdout
    return json.loads(out.read_text())


def measured_or_explained(row: dict[str, Any]) -> bool:
    return isinstance(row["tracker"], int | float) or row["note"].startswith("not run: ")


@pytest.fixture(scope="module")
def local_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return run_bench(tmp_path_factory.mktemp("bench"), LOCAL_SECTIONS)


def rows_of(report: dict[str, Any], section: str) -> list[dict[str, Any]]:
    return [row for row in report["rows"] if row["section"] == section]


def test_every_local_section_produces_a_row_with_a_number_or_a_reason(local_run: dict[str, Any]) -> None:
    assert {row["section"] for row in local_run["rows"]} == set(LOCAL_SECTIONS.split(","))
    assert all(measured_or_explained(row) for row in local_run["rows"]), local_run["rows"]
    assert local_run["machine"]["cores"] and local_run["machine"]["versions"]["python"]


def test_the_floor_is_measured_beside_tracker(local_run: dict[str, Any]) -> None:
    rows = [row for section in ("append", "replay", "render") for row in rows_of(local_run, section)]
    assert len(rows) == 5  # store append twice (a transaction per deal, one for all), ingest, replay, render
    assert all(row["tracker"] > 0 and row["floor"] > 0 and row["vs_floor"] is not None for row in rows)


def test_every_compared_row_says_which_side_does_what(local_run: dict[str, Any]) -> None:
    for row in rows_of(local_run, "append") + rows_of(local_run, "replay"):
        assert "tracker:" in row["note"] and "floor:" in row["note"], row


def test_the_peer_is_measured_beside_tracker(local_run: dict[str, Any]) -> None:
    pytest.importorskip("eventsourcing", reason="the peer is compared only when eventsourcing is installed")
    compared = [row for row in local_run["rows"] if "peer" in row["target"]]
    assert [row["section"] for row in compared] == ["append", "append", "replay"]
    assert all(row["peer"] > 0 and row["vs_peer"] is not None for row in compared)


@pytest.mark.skipif(
    importlib.util.find_spec("eventsourcing") is not None, reason="eventsourcing is installed, so the peer runs"
)
def test_without_the_peer_the_table_says_why(local_run: dict[str, Any]) -> None:
    row = rows_of(local_run, "append")[0]
    assert row["peer"] is None and "eventsourcing" in row["note"]


def test_help_is_checked_for_heavy_imports(local_run: dict[str, Any]) -> None:
    help_row = rows_of(local_run, "startup")[0]
    assert "SQLAlchemy" in help_row["target"] and "imports" in help_row["note"]


@pytest.mark.postgres
def test_concurrent_postgres_writers_are_measured(tmp_path: Path, postgres_admin_url: str) -> None:
    rows = run_bench(tmp_path, "postgres", TRACKER_BENCH_POSTGRES_URL=postgres_admin_url)["rows"]
    assert len(rows) == 6 and all(row["tracker"] > 0 for row in rows)  # 5 rounds of writers, and the ceiling's share
    ceiling = [row for row in rows if row["unit"] == "%"]
    assert len(ceiling) == 1 and ceiling[0]["target"] == ">= 80" and ceiling[0]["met"] in (True, False)


def test_the_deal_list_and_big_deals_are_measured_as_whole_processes(tmp_path: Path) -> None:
    report = run_bench(tmp_path, "deals,bigdeals")
    whole = [row for row in report["rows"] if "whole process" in row["measure"]]
    assert {row["section"] for row in whole} == {"deals", "bigdeals"}
    assert len(rows_of(report, "bigdeals")) == 3  # state, state --summary, timeline -n 20
    assert all(measured_or_explained(row) for row in report["rows"]), report["rows"]
    assert all(row["note"] for row in whole)
