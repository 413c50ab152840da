"""A report's idempotency key is a promise to every database that already holds it.

Re-ingesting a file must find the events it appended before, so each key is
pinned here as it was first computed: the seeds (report ids) and made-up reports
without ids (content keys) of every type, with every kind of source and amount.
"""

from __future__ import annotations

import json

import pendulum
import pytest

from tests.conftest import ROOT
from tracker.ingest.files import read_file
from tracker.ingest.keys import event_id_for

FIXTURE = ROOT / "tests" / "fixtures" / "idempotency_keys.json"
PINNED: dict[str, str] = json.loads(FIXTURE.read_text("utf-8"))
FILES = sorted({place.split(":")[0] for place in PINNED})
READ_AT = pendulum.datetime(2027, 1, 1, tz="UTC")  # after every date in the files: none is refused as in the future


def keys_of(relative: str) -> dict[str, str]:
    batch = read_file(ROOT / relative, READ_AT)
    return {
        place.removeprefix(f"{ROOT}/"): new.idempotency_key
        for place, new in zip(batch.places, batch.events, strict=True)
    }


@pytest.mark.parametrize("relative", FILES)
def test_every_report_keeps_the_key_it_was_first_stored_under(relative: str) -> None:
    assert keys_of(relative) == {place: key for place, key in PINNED.items() if place.split(":")[0] == relative}


def test_the_fixture_covers_the_seeds_and_reports_without_ids_of_every_type() -> None:
    assert "seeds/nvidia-openai.yaml" in FILES
    made_up = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "tests/fixtures/reports_without_ids").iterdir())
    assert set(made_up) <= set(FILES)
    content_keyed = {
        type(new.event).event_type
        for relative in made_up
        for new in read_file(ROOT / relative, READ_AT).events
        if new.idempotency_key.startswith("sha256:")
    }
    assert len(content_keyed) == 20  # every report type; deal_described is keyed by its deal


def test_event_ids_derive_from_the_pinned_keys() -> None:
    batch = read_file(ROOT / FILES[-1], READ_AT)
    assert all(new.event.event_id == event_id_for(new.idempotency_key) for new in batch.events)


def test_the_keys_do_not_depend_on_the_storage_codec(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stored rows may change their spelling (an upcaster, a new codec); the keys of old files may not."""
    from tracker.store import codec

    monkeypatch.setattr(codec, "encode", lambda value: "a different storage spelling")
    monkeypatch.setattr(codec, "iso_utc", lambda moment: "a different instant spelling")
    for relative in FILES:
        assert keys_of(relative).items() <= PINNED.items()
