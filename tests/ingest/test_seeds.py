"""The seed saga is faithful to its two articles."""

from __future__ import annotations

from pathlib import Path

import pendulum

from tests.conftest import SEEDS
from tracker.ingest.files import read_file


def test_every_quote_in_the_seeds_is_verbatim_from_an_article() -> None:
    articles = "\n".join(path.read_text() for path in (SEEDS / "articles").glob("*.txt"))
    batch = read_file(SEEDS / "nvidia-openai.yaml", pendulum.now("UTC"))
    quotes = [s.quote for n in batch.events for s in n.event.sources if s.quote]
    assert len(quotes) > 30
    assert [q for q in quotes if q not in articles] == []


def test_every_seed_report_has_an_id_a_source_and_french_provenance() -> None:
    batch = read_file(SEEDS / "nvidia-openai.yaml", pendulum.now("UTC"))
    reports = [n for n in batch.events if n.event.event_type != "deal_described"]
    assert all(n.idempotency_key.startswith("id:") for n in reports)
    assert all(n.event.sources and all(s.language == "fr" for s in n.event.sources) for n in reports)


def test_the_french_long_scale_is_read_right_in_the_seeds() -> None:
    batch = read_file(Path(SEEDS / "nvidia-openai.yaml"), pendulum.now("UTC"))
    figures = {f.name: f.value for n in batch.events for f in getattr(n.event, "figures", ())}
    assert figures["commitments"].value == 1_400_000_000_000
