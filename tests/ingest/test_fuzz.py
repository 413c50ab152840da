"""Property tests: whatever bytes or documents arrive, ingestion answers 0 or 1 and the log stays whole.

A short profile runs in CI; TRACKER_LONG=1 runs the long one (thousands of examples).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pendulum
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.bootstrap import App, open_app
from tracker.cli.main import cli
from tracker.ingest.files import REPORT_SUFFIXES
from tracker.ingest.service import ingest

settings.register_profile(
    "ingest-fuzz-ci",
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile(
    "ingest-fuzz-long",
    max_examples=3000,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FUZZ = settings.get_profile("ingest-fuzz-long" if os.environ.get("TRACKER_LONG") == "1" else "ingest-fuzz-ci")
NOW = pendulum.datetime(2026, 11, 22, tz="UTC")

scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text()
    | st.sampled_from(["2025-09", "9999-12-31", "1e999999999", "acme", "r1", "USD", "\ud800", "'); --"])
)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=20,
)
TYPES = [
    "talks_reported",
    "terms_reported",
    "participant_joined",
    "statement_made",
    "deal_suspended",
    "event_retracted",
    "event_amended",
    "report_denied",
    "context_noted",
    "deal_restructured",
]


def either(good: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return good | json_values


amounts = either(
    st.sampled_from(["up to $100 billion", "environ 3 milliards de dollars", "beaucoup", "10 GW"])
    | st.fixed_dictionaries(
        {
            "qualifier": st.sampled_from(["exactly", "about", "range"]),
            "value": either(st.decimals(allow_nan=False).map(str)),
            "currency": either(st.just("USD")),
        }
    )
)
sources = st.lists(
    st.fixed_dictionaries(
        {"publisher": either(st.just("Wire")), "published_at": either(st.sampled_from(["2025-09-10", "2026"]))},
        optional={
            "title": json_values,
            "url": json_values,
            "quote": json_values,
            "language": either(st.just("fr")),
            "cites": json_values,
            "attribution": either(st.just("denied")),
        },
    ),
    max_size=2,
)
reports = st.fixed_dictionaries(
    {
        "deal": either(st.just("acme")),
        "type": either(st.sampled_from(TYPES)),
        "summary": either(st.text(min_size=1)),
        "occurred": either(st.sampled_from(["2025-09", "2025-09-22~", "2026-21", "2026-Q1"])),
        "sources": sources,
    },
    optional={
        "id": either(st.sampled_from(["r1", "r2", "fuzz"])),
        "terms": st.dictionaries(st.sampled_from(["investment", "power"]) | st.text(max_size=12), amounts, max_size=2),
        "target": either(st.just("r1")),
        "regarding": either(st.just("r1")),
        "reason": json_values,
        "party": json_values,
        "amount": amounts,
        "stage": json_values,
        "new_summary": json_values,
        "reported_at": json_values,
    },
)
documents = (
    json_values
    | reports
    | st.lists(reports, max_size=3)
    | st.fixed_dictionaries(
        {"reports": st.lists(reports, max_size=3)}, optional={"deals": json_values, "sources": json_values}
    )
)


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> App:
    app = open_app(database_url, clock=lambda: NOW)
    definition = tmp_path / "deals.yaml"
    definition.write_text(
        "deals: [{slug: acme, name: Acme}]\nreports:\n  - {id: r1, deal: acme, "
        "type: talks_reported, occurred: 2025-09, summary: Talks, "
        "sources: [{publisher: Wire, published_at: 2025-09-10}]}\n"
    )
    assert ingest(app.store, [definition], NOW)[0].appended == 2
    return app


def ingest_and_check(app: App, path: Path) -> None:
    """The promise under test: a verdict in one line, all of the input or none of it, an intact chain."""
    before = len(app.store.read())
    [outcome] = ingest(app.store, [path], NOW)
    after = len(app.store.read())
    if outcome.error:
        assert len(outcome.error.splitlines()) == 1 and outcome.error.encode("utf-8")
        assert after == before, outcome.error
    else:
        assert after == before + outcome.appended
    assert app.store.verify().broken is None


@FUZZ
@given(data=st.binary(max_size=2000), suffix=st.sampled_from(REPORT_SUFFIXES))
def test_arbitrary_bytes_never_crash_ingestion(app: App, tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"input{suffix}"
    path.write_bytes(data)
    ingest_and_check(app, path)


@FUZZ
@given(document=documents, suffix=st.sampled_from([".json", ".jsonl", ".yaml"]))
def test_arbitrary_documents_never_crash_ingestion(app: App, tmp_path: Path, document: Any, suffix: str) -> None:
    path = tmp_path / f"input{suffix}"
    path.write_text(json.dumps(document), encoding="utf-8", errors="surrogatepass")
    ingest_and_check(app, path)


@FUZZ
@given(
    data=st.binary(max_size=500) | documents.map(lambda d: json.dumps(d).encode("utf-8", "surrogatepass")),
    suffix=st.sampled_from(REPORT_SUFFIXES),
)
def test_the_real_command_answers_0_or_1_in_one_line(app: App, tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"input{suffix}"
    path.write_bytes(data)
    result = CliRunner().invoke(cli, ["ingest", str(path)], env={"TRACKER_DATABASE_URL": app.url})
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert len(result.stderr.splitlines()) == (result.exit_code == 1)
    assert app.store.verify().broken is None
