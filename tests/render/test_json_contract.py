"""The `--json` contract: every command's document validates against its shipped schema.

Scripts rely on these documents, so the tests drive the real commands on the
seed saga and check each output against tracker/schemas/, then pin the
shapes the issue names: exact decimal strings, no float anywhere, each
credit once, the deal's version, and schemas that list what the catalogue has.
"""

from __future__ import annotations

import dataclasses
import json
import uuid
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from tests.builders import make, moment, source, terms
from tests.conftest import SEEDS
from tracker import schemas
from tracker.cli.main import cli
from tracker.domain.amount_parser import parse_amount
from tracker.domain.amounts import Qualifier
from tracker.domain.dates import FuzzyDate, Happened, Precision
from tracker.domain.diff import Aspect
from tracker.domain.events import (
    CATALOG,
    ApprovalKind,
    ApprovalStatus,
    DealLink,
    Event,
    LitigationStatus,
    Participation,
    Party,
    Status,
    WithTerms,
)
from tracker.domain.provenance import Attribution, Citation
from tracker.domain.state import Entry
from tracker.render.json import amount_json, decimal_text, entry_json, instant, schema_name
from tracker.store.codec import iso_utc

DEAL = "nvidia-openai"
OLD = ("--as-of", "2025-10-15", "--known-at", "2025-10-31")


def invoke(url: str, *args: str) -> Any:
    result = CliRunner().invoke(cli, list(args), env={"TRACKER_DATABASE_URL": url, "NO_COLOR": "1"})
    assert "Traceback" not in result.output, result.output
    return result


def document(url: str, *args: str, exit_code: int = 0) -> dict[str, Any]:
    result = invoke(url, *args)
    assert result.exit_code == exit_code, result.output
    parsed = json.loads(result.stdout)
    assert isinstance(parsed, dict)
    return parsed


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, Any]]]:
    """One SQLite file with the seeds in it (and the first ingest's own document), shared by the module."""
    url = f"sqlite:///{tmp_path_factory.mktemp('contract') / 'tracker.db'}"
    yield url, document(url, "ingest", "--json", str(SEEDS))


def validate(kind: str, data: dict[str, Any]) -> None:
    errors = sorted(schemas.validator(kind).iter_errors(data), key=lambda e: list(e.absolute_path))
    assert not errors, [f"{list(e.absolute_path)}: {e.message[:300]}" for e in errors[:5]]
    assert next(iter(data)) == "schema" and data["schema"] == f"deal-tracker/{kind}/v1"
    assert not list(floats(data))
    for money in amounts(data):
        assert money["value"] is None or isinstance(money["value"], str)
        assert all(isinstance(money[end], str) for end in ("low", "high") if end in money)


def walk(value: Any) -> Iterator[Any]:
    yield value
    children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    for child in children:
        yield from walk(child)


def floats(data: Any) -> Iterator[float]:
    return (v for v in walk(data) if isinstance(v, float))


def amounts(data: Any) -> list[dict[str, Any]]:
    return [v for v in walk(data) if isinstance(v, dict) and "qualifier" in v and "text" in v]


ARTICLE_A = ("--publisher", "French tech press", "--published-at", "2026-02-19T18:00+01:00", "--language", "fr")
COMMANDS = {
    "state now": ("state", "state", DEAL, "--json"),
    "state then": ("state", "state", DEAL, "--json", *OLD),
    "state world then, known now": ("state", "state", DEAL, "--json", "--as-of", "2026-02-15"),
    "state known then": ("state", "state", DEAL, "--json", "--as-of", "2026-02-15", "--known-at", "2025-12-31"),
    "summary now": ("state", "state", DEAL, "--summary", "--json"),
    "summary then": ("state", "state", DEAL, "--summary", "--json", *OLD),
    "state via --format": ("state", "state", "amazon-openai", "--format", "json"),
    "timeline": ("timeline", "timeline", DEAL, "--json"),
    "timeline filtered": (
        "timeline",
        "timeline",
        DEAL,
        "--json",
        "--since",
        "2026-01",
        "--type",
        "deal_suspended,context_noted",
        "--reverse",
    ),
    "timeline by party": ("timeline", "timeline", DEAL, "--json", "--party", "Nvidia", "-n", "3"),
    "timeline by source": ("timeline", "timeline", DEAL, "--json", "--source", "Wall Street Journal"),
    "timeline later": ("timeline", "timeline", DEAL, "--json", "--as-of", "2025-10-15", "--show-later"),
    "diff world": ("diff", "diff", DEAL, "--from", "2025-10-15", "--to", "2026-02-15", "--json"),
    "diff knowledge": (
        "diff",
        "diff",
        DEAL,
        "--from",
        "2025-12-31",
        "--to",
        "2026-02-28",
        "--axis",
        "knowledge",
        "--json",
    ),
    "chart": ("chart", "chart", DEAL, "--json"),
    "chart then": ("chart", "chart", DEAL, "--json", *OLD),
    "deals": ("deals", "deals", "--json"),
    "deals then": ("deals", "deals", "--json", "--known-at", "2025-09-30"),
    "deals of a party": ("deals", "deals", "--party", "Nvidia", "--json"),
    "deals of nobody": ("deals", "deals", "--party", "Nobody At All", "--json"),
    "runs": ("runs", "runs", "--json"),
    "read": ("read", "read", str(SEEDS / "articles" / "000_4e08157f431db579.txt"), "--json", *ARTICLE_A),
    "read an HTML page": ("read", "read", str(SEEDS / "articles" / "002_microsoft-activision-closes.html"), "--json"),
    "review list": ("review-list", "review", "list", "--json"),
    "review list all": ("review-list", "review", "list", "--status", "all", "--json"),
    "review stats": ("review-stats", "review", "stats", "--json"),
}


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_prints_a_document_its_schema_accepts(seeded: tuple[str, dict[str, Any]], name: str) -> None:
    kind, *args = COMMANDS[name]
    validate(kind, document(seeded[0], *args))


def test_the_documents_carry_what_the_seeds_hold(seeded: tuple[str, dict[str, Any]]) -> None:
    """Not empty documents that validate trivially: amounts, ranges, quantities and summaries are there."""
    url = seeded[0]
    state, summary = document(url, "state", DEAL, "--json"), document(url, "state", DEAL, "--summary", "--json")
    assert (state["summary"], summary["summary"]) == (False, True) and "sources" not in summary
    assert {k: state["headline"][k] for k in ("value", "currency", "qualifier", "text")} == {
        "value": "30000000000",
        "currency": "USD",
        "qualifier": "about",
        "text": "about $30B",
    }
    timeline = document(url, "timeline", DEAL, "--json")
    found = amounts(timeline)
    assert {a["qualifier"] for a in found} >= {"exactly", "about", "up_to"}
    assert any("unit" in a for a in found) and all("kind" not in a for a in found)
    assert any(e["figures"] for e in timeline["events"] if e["type"] == "context_noted")
    assert document(url, "deals", "--party", "Nobody At All", "--json")["deals"] == []
    assert len(document(url, "runs", "--json")["runs"]) >= 1


def test_the_state_says_the_deals_version_whatever_the_cut(seeded: tuple[str, dict[str, Any]]) -> None:
    """``version`` is what `record --expected-version` checks: the stream's length, not what a cut shows."""
    from tracker.bootstrap import open_app

    url = seeded[0]
    events = len(open_app(url).store.read([DEAL]))
    for cut in ((), OLD):
        assert document(url, "state", DEAL, "--json", *cut)["version"] == events
        assert document(url, "state", DEAL, "--summary", "--json", *cut)["version"] == events


def test_the_default_cut_is_one_instant(seeded: tuple[str, dict[str, Any]]) -> None:
    state = document(seeded[0], "state", DEAL, "--json")
    assert state["as_of"] == state["known_at"]


def test_a_claims_sources_name_each_credit_once(seeded: tuple[str, dict[str, Any]]) -> None:
    """The seeds quote one article twice in several events; the credit line shows it once."""
    events = document(seeded[0], "timeline", DEAL, "--json")["events"]
    repeated = [e for e in events if len({s["credit"] for s in e["sources"]}) < len(e["sources"]) and e["terms"]]
    assert repeated
    for entry in events:
        credits = list(dict.fromkeys(s["credit"] for s in entry["sources"]))
        assert all(claim["sources"] == credits for claim in entry["terms"])


def test_ingest_documents_validate_when_inputs_go_in_repeat_or_are_rejected(
    seeded: tuple[str, dict[str, Any]], tmp_path: Path
) -> None:
    url, first = seeded
    validate("ingest", first)
    assert first["exit_code"] == 0 and sum(o["appended"] for o in first["outcomes"]) > 0
    again = document(url, "ingest", "--json", str(SEEDS))
    validate("ingest", again)
    assert sum(o["appended"] for o in again["outcomes"]) == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "- {deal: nvidia-openai, type: deal_suspended, occurred: 2026-13-45, summary: Bad, "
        "sources: [{publisher: AFP, published_at: 2026-03-02}]}\n"
    )
    rejected = document(url, "ingest", "--json", "--dry-run", str(bad), exit_code=1)
    validate("ingest", rejected)
    assert rejected["exit_code"] == 1 and rejected["outcomes"][0]["error"]


def test_a_retraction_shows_in_the_timeline_document(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    assert invoke(url, "ingest", str(SEEDS)).exit_code == 0
    target = document(url, "timeline", "amazon-openai", "--json")["events"][-1]["event_id"]
    assert invoke(url, "retract", target, "--reason", "Wrong company").exit_code == 0
    timeline = document(url, "timeline", "amazon-openai", "--json")
    validate("timeline", timeline)
    retracted = next(e for e in timeline["events"] if e["event_id"] == target)
    assert retracted["retracted_by"]["type"] == "event_retracted"
    validate("state", document(url, "state", "amazon-openai", "--json"))


# --- the values, one by one --------------------------------------------------------------


def test_decimals_are_exact_strings_without_exponents() -> None:
    assert decimal_text(Decimal("54.20")) == "54.20"
    assert decimal_text(Decimal("1E+11")) == "100000000000"
    assert decimal_text(Decimal("1.4").scaleb(12)) == "1400000000000"
    assert decimal_text(Decimal("0.000000000001")) == "0.000000000001"
    assert decimal_text(Decimal("-0")) == "0"
    assert amount_json(parse_amount("up to $100 billion")) == {
        "value": "100000000000",
        "currency": "USD",
        "qualifier": "up_to",
        "text": "up to $100B",
    }
    assert amount_json(parse_amount("$10-20 billion")) == {
        "value": None,
        "low": "10000000000",
        "high": "20000000000",
        "currency": "USD",
        "qualifier": "range",
        "text": "$10B–$20B",
    }
    assert amount_json(parse_amount("about 10 GW")) == {
        "value": "10",
        "unit": "GW",
        "qualifier": "about",
        "text": "about 10 GW",
    }


def test_instants_keep_the_spelling_json_always_had() -> None:
    for text in ("2025-09-22T00:00:00Z", "2026-02-19T08:30:00.123456+01:00"):
        assert instant(moment(text)) == iso_utc(moment(text))
    assert instant(moment("2025-09-22")) == "2025-09-22T00:00:00.000000+00:00"


def _definition(name: str) -> Draft202012Validator:
    shared = Resource.from_contents(schemas.load("defs"))
    uri = shared.id() or ""
    registry: Registry[Any] = Registry().with_resource(uri, shared)
    return Draft202012Validator(
        {"$ref": f"{uri}#/$defs/{name}"}, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
    )


@pytest.mark.parametrize(
    "text",
    [
        "$100 billion",
        "up to $100 billion",
        "$54.20",
        "$10-20 billion",
        "tens of billions of dollars",
        "about 10 GW",
        "17 %",
        "des millions de processeurs",
    ],
)
def test_every_kind_of_amount_fits_the_one_money_shape(text: str) -> None:
    language = "fr" if text.startswith("des") else "en"
    _definition("amount").validate(amount_json(parse_amount(text, language)))


@pytest.mark.parametrize(
    "wrong",
    [
        {"value": 100, "currency": "USD", "qualifier": "exactly", "text": "$100"},
        {"value": "1E+2", "currency": "USD", "qualifier": "exactly", "text": "$100"},
        {"value": "100", "currency": "USD", "qualifier": "exactly", "text": "$100", "kind": "money"},
        {"value": "100", "currency": "USD", "unit": "GW", "qualifier": "exactly", "text": "$100"},
        {"value": "100", "low": "1", "high": "2", "currency": "USD", "qualifier": "exactly", "text": "$100"},
        {"value": None, "currency": "USD", "qualifier": "range", "text": "$1–$2"},
    ],
)
def test_the_money_shape_refuses_numbers_exponents_and_storage_tags(wrong: dict[str, Any]) -> None:
    assert not _definition("amount").is_valid(wrong)


_CITED = source(cites=(Citation("The Wall Street Journal", FuzzyDate.parse("2025-09")),), title="T", quote="Q")
_SAMPLE_FIELDS: dict[str, dict[str, Any]] = {
    "deal_described": {"name": "Acme", "parties": (Party("Acme", "buyer"),), "links": (DealLink("b", "related"),)},
    "letter_of_intent_signed": {"binding": True},
    "participant_in_talks": {"party": "SoftBank", "amount": parse_amount("$54.20 billion")},
    "participant_joined": {"party": "SoftBank", "others": (Participation("Thrive", "co-lead"),)},
    "deal_restructured": {"stage": Status.SIGNED, "replaces": ("investment",)},
    "deal_terminated": {"by": "Bidco", "fee": parse_amount("$1 billion"), "fee_status": "owed", "fee_payer": "Bidco"},
    "report_denied": {"party": "Nvidia", "regarding": uuid.uuid4(), "covers": (uuid.uuid4(),)},
    "not_confirmed": {"party": "Nvidia"},
    "statement_made": {"party": "Nvidia", "speaker": "Jensen Huang"},
    "context_noted": {"topic": "market", "figures": terms(share="17 %", cap="tens of billions of dollars")},
    "event_retracted": {"target": uuid.uuid4(), "reason": "wrong"},
    "also_reported": {"target": uuid.uuid4()},
    "bid_made": {"bidder": "Bidco", "form": "tender_offer", "unsolicited": True},
    "bid_raised": {"bidder": "Bidco"},
    "bid_rejected": {"party": "Acme board", "bidder": "Bidco"},
    "bid_withdrawn": {"bidder": "Bidco"},
    "defence_adopted": {"party": "Acme board", "defence": "poison pill"},
    "board_recommended": {"party": "Acme board", "recommendation": "for"},
    "approval_updated": {
        "authority": "UK CMA",
        "kind": ApprovalKind.ANTITRUST,
        "status": ApprovalStatus.CLEARED_WITH_CONDITIONS,
        "remedies": "divest the cloud gaming rights",
    },
    "litigation_updated": {
        "case": "Acme v. Bidco",
        "court": "Delaware Court of Chancery",
        "parties": ("Acme", "Bidco"),
        "status": LitigationStatus.TRIAL_SCHEDULED,
        "aim": "enforce",
    },
    "status_contested": {"party": "Acme", "regarding": uuid.uuid4()},
    "condition_met": {"condition": "a product milestone"},
    "report_confirmed": {"party": "Nvidia"},
    "event_amended": {
        "target": uuid.uuid4(),
        "reason": "typo",
        "terms": terms(investment="$10-20 billion"),
        "new_summary": "Better",
        "new_occurred": FuzzyDate.parse("2025-10~"),
    },
}


def _sample(cls: type[Event]) -> Event:
    fields = dict(_SAMPLE_FIELDS.get(cls.event_type, {}))
    if issubclass(cls, WithTerms):
        fields["terms"] = terms(investment="up to $100 billion", form="equity stake")
    return make(cls, sources=(_CITED, _CITED, source("AFP")), **fields)


@pytest.mark.parametrize("event_type", CATALOG)
def test_a_timeline_entry_of_every_event_type_fits_the_schema(event_type: str) -> None:
    """Every type's own fields, in the shapes the rest of the document uses, always present."""
    cls = CATALOG[event_type]
    entry = entry_json(Entry(_sample(cls), Happened.YES))
    _definition("entry").validate(entry)
    shared = {f.name for f in dataclasses.fields(Event)} | {"terms"}
    own = {f.name for f in dataclasses.fields(cls)} - shared
    assert own <= entry.keys() and not list(floats(entry))
    assert all(claim["sources"] == ["Reuters citing The Wall Street Journal", "AFP"] for claim in entry["terms"])


# --- the schemas themselves ---------------------------------------------------------------


@pytest.mark.parametrize("kind", [*schemas.KINDS, "defs"])
def test_the_schema_files_are_valid_draft_2020_12_schemas(kind: str) -> None:
    schema = schemas.load(kind)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].endswith(f"/{kind}.schema.json")
    if kind != "defs":
        assert schema["properties"]["schema"] == {"const": schema_name(kind)}
        assert schema["required"][0] == "schema"


def test_the_schemas_install_with_the_package() -> None:
    """A plain wheel carries only what pyproject.toml names: the package and its *.schema.json files."""
    import tomllib

    setuptools = tomllib.loads((SEEDS.parent / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert "tracker.schemas" in setuptools["packages"]
    assert setuptools["package-data"]["tracker.schemas"] == ["*.schema.json"]
    shipped = {p.name.removesuffix(".schema.json") for p in Path(schemas.__file__).parent.glob("*.schema.json")}
    assert shipped == {*schemas.KINDS, "defs"}


def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="expected one of state"):
        schemas.load("states")


def test_the_schemas_list_what_the_catalogue_declares() -> None:
    """Enums and the entry's fields are copies of the domain's: a new event type or field must reach them."""
    defs = schemas.load("defs")["$defs"]
    assert defs["event_type"]["enum"] == list(CATALOG)
    assert defs["status"]["enum"] == [s.value for s in Status]
    assert defs["attribution"]["enum"] == [a.value for a in Attribution]
    assert defs["qualifier"]["enum"] == [q.value for q in Qualifier]
    assert defs["date"]["properties"]["precision"]["enum"] == [p.value for p in Precision]
    assert defs["entry"]["properties"]["happened"]["enum"] == [h.value for h in Happened]
    diff_aspects = schemas.load("diff")["properties"]["changes"]["items"]["properties"]["aspect"]["enum"]
    assert diff_aspects == [a.value for a in Aspect]
    own_fields = {f.name for cls in CATALOG.values() for f in dataclasses.fields(cls)}
    entry_keys = set(defs["entry"]["properties"])
    assert own_fields - {"sources", "terms"} <= entry_keys
    assert entry_keys - set(defs["entry"]["required"]) == own_fields - {f.name for f in dataclasses.fields(Event)} - {
        "terms"
    }
