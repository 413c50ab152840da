"""A long input's batches skip the collector's young generations; garbage that hid in the oldest is still freed."""

from __future__ import annotations

import gc
import json
import weakref
from pathlib import Path
from typing import Any

import pendulum

from tracker.ingest.files import LONG_INPUT_BATCHES, read_batches

NOW = pendulum.datetime(2026, 11, 22, tz="UTC")


def _feed(path: Path, reports: int) -> Path:
    lines: list[dict[str, Any]] = [{"deals": [{"slug": "acme", "name": "Acme"}]}]
    lines += [
        {
            "id": f"r{n}",
            "deal": "acme",
            "type": "statement_made",
            "occurred": "2025-09",
            "summary": f"Statement {n}",
            "party": "Nvidia",
            "sources": [{"publisher": "Les Échos", "published_at": "2025-09-30"}],
        }
        for n in range(reports)
    ]
    path.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines), encoding="utf-8")
    return path


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def _garbage_in_the_oldest_generation() -> weakref.finalize:
    """A cycle that survived a full collection, then lost its last reference: only another full one frees it."""
    kept = _Cycle()
    gc.collect()
    freed = weakref.finalize(kept, lambda: None)
    del kept
    return freed


def test_a_long_input_leaves_no_cyclic_garbage_behind(tmp_path: Path) -> None:
    feed = _feed(tmp_path / "long.jsonl", 2 * (LONG_INPUT_BATCHES + 5))
    freed = _garbage_in_the_oldest_generation()
    batches = list(read_batches(feed, NOW, chunk=2))
    assert len(batches) == LONG_INPUT_BATCHES + 6  # the deal's line, then two reports a batch
    assert sum(len(b.events) for b in batches) == 2 * (LONG_INPUT_BATCHES + 5) + 1
    assert not freed.alive


def test_a_short_input_pauses_as_before_and_collects_nothing_itself(tmp_path: Path) -> None:
    feed = _feed(tmp_path / "short.jsonl", 3)
    freed = _garbage_in_the_oldest_generation()
    gc.disable()  # no collection of its own: nothing but the ingest could free the cycle
    try:
        assert sum(len(b.events) for b in read_batches(feed, NOW, chunk=2)) == 4
        assert freed.alive
    finally:
        gc.enable()
        gc.collect()
