"""SIGKILL a real ingestion process at random moments; the next run must finish the work exactly once.

The suite runs a few scenarios; TRACKER_LONG=1 runs many more (see docs/reliability.md).
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tracker.bootstrap import open_app

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = 40 if os.environ.get("TRACKER_LONG") == "1" else 4
FILES, REPORTS_PER_FILE = 80, 60  # about 2.5 s of work (2026-12-07), so the kills below land inside it
KILLS = 8  # attempts killed at a random moment before one run is allowed to finish


def fill_inbox(inbox: Path) -> int:
    inbox.mkdir()
    (inbox / "000-deals.yaml").write_text("deals:\n  - {slug: acme-widget, name: Acme buys Widget}\n")
    for f in range(FILES):
        lines = [
            json.dumps(
                {
                    "id": f"f{f}-r{r}",
                    "deal": "acme-widget",
                    "type": "statement_made",
                    "party": "Acme",
                    "occurred": f"2026-{1 + r % 12:02d}",
                    "summary": f"Statement {f}/{r}",
                    "sources": [{"publisher": "Wire", "published_at": "2026-12-01", "quote": "q" * 200}],
                }
            )
            for r in range(REPORTS_PER_FILE)
        ]
        (inbox / f"batch-{f:02d}.jsonl").write_text("\n".join(lines) + "\n")
    return 1 + FILES * REPORTS_PER_FILE


def start_run(inbox: Path, url: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, str(ROOT / "scripts" / "ingest.py"), "--inbox", str(inbox), "--settle", "0", "--quiet"],
        env={**os.environ, "TRACKER_DATABASE_URL": url},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


@pytest.mark.parametrize("scenario", range(SCENARIOS))
def test_killed_runs_lose_nothing_and_duplicate_nothing(tmp_path: Path, scenario: int) -> None:
    rng = random.Random(scenario)
    inbox, url = tmp_path / "inbox", f"sqlite:///{tmp_path / 'tracker.db'}"
    expected = fill_inbox(inbox)
    kills = 0
    for _ in range(KILLS):
        if not any(p.suffix == ".jsonl" for p in inbox.iterdir()):
            break
        process = start_run(inbox, url)
        try:
            process.wait(timeout=rng.uniform(0.3, 0.9))  # start-up takes about 0.4 s
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
            process.wait()
            kills += 1
    final = start_run(inbox, url)
    _, errors = final.communicate(timeout=120)
    assert final.returncode == 0, errors.decode()
    assert kills > 0
    engine = create_engine(url)
    with engine.connect() as connection:
        stored = connection.scalar(text("SELECT count(*) FROM events"))
        marked = connection.scalar(text("SELECT count(*) FROM processed_inputs"))
    engine.dispose()
    assert (stored, marked) == (expected, FILES + 1), f"after {kills} kills"
    assert open_app(url).store.verify().broken is None
    archived = [p.name for p in (inbox / "archive").rglob("*") if p.is_file()]
    assert sorted(archived) == sorted(["000-deals.yaml"] + [f"batch-{f:02d}.jsonl" for f in range(FILES)])
    assert not (inbox / "quarantine").exists()
    assert [p.name for p in inbox.iterdir() if p.is_file()] == []
