"""Dates as terms end to end: a report file's expected closing and outside date, then the outside date extended."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from tracker.cli.main import cli
from tracker.schemas import validator

REPORTS = """\
deals:
  - slug: acme-widgets
    name: Acme–Widgets merger
    kind: acquisition
    parties: [{name: Acme, role: acquirer}, {name: Widgets, role: target}]
    headline_term: price
reports:
  - id: acme-widgets/signed
    deal: acme-widgets
    type: agreement_signed
    occurred: 2023-03-14
    summary: Acme agrees to buy Widgets, expected to close in the second half
    terms: {price: "$2.1 billion", expected_close: "H2 2023", outside_date: "end of 2023"}
    sources: [{publisher: Reuters, published_at: 2023-03-14}]
  - id: acme-widgets/extended
    deal: acme-widgets
    type: terms_changed
    occurred: 2023-12-01
    summary: The parties extend the outside date
    terms: {outside_date: "2024-Q1"}
    sources: [{publisher: Reuters, published_at: 2023-12-01}]
"""


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("date-terms")
    (folder / "acme.yaml").write_text(REPORTS, encoding="utf-8")
    db = str(folder / "tracker.db")
    result = CliRunner().invoke(cli, ["ingest", "--db", db, "--quiet", str(folder / "acme.yaml")])
    assert result.exit_code == 0, result.output
    return db


def run(url: str, *args: str) -> Result:
    return CliRunner().invoke(cli, [*args, "--db", url], env={"COLUMNS": "100", "NO_COLOR": "1"})


def state(url: str, *cut: str) -> dict[str, Any]:
    result = run(url, "state", "acme-widgets", "--json", *cut)
    assert result.exit_code == 0, result.output
    document: dict[str, Any] = json.loads(result.stdout)
    assert not list(validator("state").iter_errors(document))
    return document


def test_the_state_shows_the_date_terms_and_the_extension_replaced_the_outside_date(url: str) -> None:
    document = state(url)
    terms = {claim["term"]: claim["value"] for claim in document["terms"]}
    assert terms["expected_close"] == {
        "kind": "date",
        "text": "2023-H2",
        "label": "H2 2023",
        "precision": "half",
        "start": "2023-07-01T00:00:00.000000+00:00",
        "end": "2024-01-01T00:00:00.000000+00:00",
        "approximate": False,
        "uncertain": False,
    }
    assert (terms["outside_date"]["text"], terms["outside_date"]["label"]) == ("2024-Q1", "Q1 2024")
    assert terms["price"]["text"] == "$2.1B"
    superseded = [(claim["term"], claim["value"]["text"]) for claim in document["superseded"]]
    assert superseded == [("outside_date", "2023-Q4")]


def test_before_the_extension_the_first_outside_date_stands(url: str) -> None:
    document = state(url, "--as-of", "2023-06-30", "--known-at", "2023-06-30")
    terms = {claim["term"]: claim["value"]["label"] for claim in document["terms"] if claim["term"] != "price"}
    assert terms == {"expected_close": "H2 2023", "outside_date": "Q4 2023"}


def test_the_fact_box_shows_each_date_as_a_reader_says_it(url: str) -> None:
    shown = run(url, "state", "acme-widgets").stdout
    assert "expected_close: H2 2023" in shown and "outside_date: Q1 2024" in shown
    assert "outside_date: Q4 2023" in shown  # struck through as superseded
    assert "2023-H2" not in shown


def test_the_chain_of_date_terms_verifies(url: str) -> None:
    result = run(url, "verify")
    assert result.exit_code == 0 and "hash chain intact" in result.output


def test_a_date_term_that_is_not_a_date_is_refused_naming_the_field(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(REPORTS.replace('"2024-Q1"', '"$10 billion"'), encoding="utf-8")
    result = CliRunner().invoke(cli, ["ingest", "--db", str(tmp_path / "t.db"), str(bad)])
    assert result.exit_code != 0
    assert "terms.outside_date" in result.output and "not a date" in result.output
