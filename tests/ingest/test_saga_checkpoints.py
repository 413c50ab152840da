"""Three real sagas (seeds/sagas/) read right at dated cuts on both time axes, on SQLite and PostgreSQL.

A hostile bid signed, put on hold, terminated, contested in court and closed
(Twitter–Musk); an acquisition blocked by one regulator, cleared by others,
restructured and closed (Microsoft–Activision); a funding round in tranches
with a pre- and post-money valuation (OpenAI, 2025). Each checkpoint is what a
reader of the news on that date would call the deal's state; the state index
(`--summary`) must say the same as the fold.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from click.testing import CliRunner

from tests.conftest import SEEDS
from tracker.cli.main import cli

SAGAS = SEEDS / "sagas"
NOW = "2026-12-01"


@pytest.fixture
def sagas(database_url: str) -> str:
    result = CliRunner().invoke(cli, ["ingest", str(SAGAS), "--db", database_url])
    assert result.exit_code == 0, result.output
    return database_url


def state(url: str, deal: str, as_of: str, known_at: str = NOW, *extra: str) -> dict[str, Any]:
    args = ["state", deal, "--json", "--as-of", as_of, "--known-at", known_at, "--db", url, *extra]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    document: dict[str, Any] = json.loads(result.output)
    return document


_STANDING = ("status", "headline", "approvals", "litigation", "contested_by", "positions", "flags", "last_change")


def checked(url: str, deal: str, as_of: str, known_at: str = NOW) -> dict[str, Any]:
    """The full state, after checking that the state index's summary says the same of what stands."""
    full, summary = state(url, deal, as_of, known_at), state(url, deal, as_of, known_at, "--summary")
    assert {k: summary[k] for k in _STANDING} == {k: full[k] for k in _STANDING}
    return full


@pytest.mark.parametrize(
    ("as_of", "known_at", "status", "contested_by", "lawsuit"),
    [
        ("2022-04-20", NOW, "proposed", [], None),
        ("2022-05-20", NOW, "suspended", [], None),
        ("2022-07-15", NOW, "terminated", ["Twitter"], "filed"),
        ("2022-10-05", NOW, "signed", [], "trial_scheduled"),
        ("2022-11-01", NOW, "closed", [], "stayed"),
        ("2022-11-01", "2022-07-10", "terminated", [], None),  # known before Twitter sued
    ],
)
def test_twitter_musk(
    sagas: str, as_of: str, known_at: str, status: str, contested_by: list[str], lawsuit: str | None
) -> None:
    deal = checked(sagas, "twitter-musk", as_of, known_at)
    assert deal["status"] == status and deal["contested_by"] == contested_by
    assert [s["status"] for s in deal["litigation"]] == ([lawsuit] if lawsuit else [])
    prices = [t["value"] for t in deal["terms"] if t["term"] == "price_per_share"]
    assert all(p["per"] == "share" and Decimal(p["value"]) == Decimal("54.20") for p in prices)
    assert all(p["text"] == "$54.20 a share" for p in prices)  # never "$54.2", never a total


def test_twitter_musk_a_contest_shows_both_sides(sagas: str) -> None:
    [contest] = checked(sagas, "twitter-musk", "2022-07-15")["contests"]
    assert contest["party"] == "Twitter" and contest["contested"]["type"] == "deal_terminated"
    assert contest["sources"] and contest["contested_sources"]


@pytest.mark.parametrize(
    ("as_of", "known_at", "status", "cma", "last"),
    [
        ("2023-05-01", NOW, "signed", "blocked", "approval_updated"),
        ("2023-05-01", "2023-04-01", "signed", "objections", "approval_updated"),
        ("2023-10-20", NOW, "closed", "cleared_with_conditions", "deal_closed"),
    ],
)
def test_microsoft_activision(sagas: str, as_of: str, known_at: str, status: str, cma: str, last: str) -> None:
    deal = checked(sagas, "microsoft-activision", as_of, known_at)
    assert deal["status"] == status and deal["last_change"]["type"] == last
    assert {a["authority"]: a["status"] for a in deal["approvals"]}["UK CMA"] == cma
    assert {a["kind"] for a in deal["approvals"]} <= {"antitrust", "shareholder", "regulatory", "foreign_investment"}


def test_the_deal_list_says_who_blocked_the_deal(sagas: str) -> None:
    result = CliRunner().invoke(cli, ["deals", "--as-of", "2023-05-01", "--db", sagas], env={"COLUMNS": "200"})
    assert "signed · blocked by the UK CMA, 26 Apr 2023" in result.output


def test_a_funding_round_in_tranches(sagas: str) -> None:
    signed = checked(sagas, "openai-softbank-2025", "2025-04-15")
    assert signed["status"] == "signed" and signed["flags"] == []
    assert signed["headline"]["firm"]["text"] == "$10B" and signed["headline"]["contingent"]["text"] == "$30B"
    done = checked(sagas, "openai-softbank-2025", NOW)
    assert done["status"] == "closed" and done["headline"]["contingent"]["value"] == "0"
    assert {"SoftBank Group", "Microsoft", "Thrive Capital"} <= {p["party"] for p in done["participants"]}
    assert checked(sagas, "openai-softbank-2025", "2025-02-15")["status"] == "in_talks"
