"""The feed-poll benchmark keeps running (it asserts no timing: speed is measured, never tested)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "bench_feed_poll.py"


def test_the_feed_poll_benchmark_runs(capsys: pytest.CaptureFixture[str]) -> None:
    spec = importlib.util.spec_from_file_location("bench_feed_poll", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_feed_poll"] = module
    spec.loader.exec_module(module)
    assert module.main(["--repeat", "2", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["first_poll"].startswith("4 new article(s)")
    assert figures["nothing_new_ms"] > 0 and figures["floor_ms"] > 0
