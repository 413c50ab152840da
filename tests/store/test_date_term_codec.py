"""A date term is stored tagged and reads back as a date; words, amounts and every other date keep their bytes."""

from __future__ import annotations

import json
from decimal import Decimal
from uuid import UUID

import pendulum
from sqlalchemy import Engine

from tests.builders import make, source
from tracker.domain.amounts import Money, Qualifier
from tracker.domain.dates import FuzzyDate
from tracker.domain.events import ContextNoted, EventAmended, ReportDenied, Term, TermsChanged
from tracker.domain.provenance import Citation
from tracker.store.codec import canonical_fields, decode, decode_into, encode
from tracker.store.eventstore import EventStore, NewEvent
from tracker.store.mapper import payload_of, prepare

NOW = pendulum.datetime(2026, 11, 22, 12, tz="UTC")
ENVELOPE = frozenset({"event_id", "deal", "occurred", "reported_at"})
PRICE = Money(qualifier=Qualifier.EXACTLY, value=Decimal("2100000000"), currency="USD")


def _changed(*terms: Term) -> TermsChanged:
    return make(TermsChanged, occurred="2024-02-20", reported="2024-02-20", terms=terms, event_id=UUID(int=7))


def test_a_date_term_is_spelled_tagged_by_every_encoder() -> None:
    event = _changed(
        Term("outside_date", FuzzyDate.parse("2024-Q1")), Term("expected_close", FuzzyDate.parse("2023-41"))
    )
    tagged = [
        {"name": "outside_date", "value": {"kind": "date", "text": "2024-Q1"}},
        {"name": "expected_close", "value": {"kind": "date", "text": "2023-41"}},
    ]
    assert payload_of(event)["terms"] == tagged  # the plan per class
    assert encode(event.terms) == tagged  # the generic encoder the hash was first spelled with
    assert json.loads(canonical_fields(event, ENVELOPE))["terms"] == tagged  # orjson, the append's spelling
    assert b'"value":{"kind":"date","text":"2024-Q1"}' in canonical_fields(event, ENVELOPE)


def test_a_date_term_reads_back_as_a_date_not_as_words() -> None:
    event = _changed(
        Term("outside_date", FuzzyDate.parse("2026-12")),
        Term("form", "2026-12"),  # words that look like a date stay words
        Term("price", PRICE),
    )
    envelope = {name: getattr(event, name) for name in ENVELOPE}
    back = decode_into(TermsChanged, payload_of(event), **envelope)
    assert back == event
    values = [term.value for term in back.terms]
    assert values == [FuzzyDate.parse("2026-12"), "2026-12", PRICE]
    assert [type(value) for value in values] == [FuzzyDate, str, Money]
    assert decode(tuple[Term, ...], encode(event.terms)) == event.terms


def test_words_and_amounts_keep_their_bytes() -> None:
    event = _changed(Term("form", "equity stake"), Term("price", PRICE))
    assert (
        canonical_fields(event, ENVELOPE)
        .decode()
        .endswith(
            '"terms":[{"name":"form","value":"equity stake"},'
            '{"name":"price","value":{"currency":"USD","kind":"money","qualifier":"exactly","value":"2100000000"}}]}'
        )
    )


def test_dates_outside_a_term_stay_plain_edtf_text() -> None:
    amended = make(
        EventAmended,
        target=UUID(int=1),
        reason="wrong month",
        new_occurred=FuzzyDate.parse("2023-H2"),
        sources=(source(cites=(Citation("WSJ", FuzzyDate.parse("2025-09")),)),),
    )
    payload = json.loads(canonical_fields(amended, ENVELOPE))
    assert payload["new_occurred"] == "2023-H2"
    assert payload["sources"][0]["cites"][0]["published"] == "2025-09"
    assert payload == payload_of(amended)


def test_date_terms_in_figures_and_denials_are_tagged_too() -> None:
    date = FuzzyDate.parse("2027-Q1")
    noted = make(ContextNoted, figures=(Term("expected_completion", date),))
    denied = make(ReportDenied, party="Acme", said=(Term("closing_date", date),))
    assert payload_of(noted)["figures"][0]["value"] == {"kind": "date", "text": "2027-Q1"}
    assert json.loads(canonical_fields(denied, ENVELOPE))["said"][0]["value"] == {"kind": "date", "text": "2027-Q1"}


def test_a_chain_with_date_terms_reads_back_equal_and_verifies(engine: Engine) -> None:
    store = EventStore(engine, lambda: NOW)
    first = _changed(Term("expected_close", FuzzyDate.parse("2023-H2")), Term("price", PRICE))
    later = make(
        TermsChanged,
        occurred="2024-02-20",
        reported="2024-02-20",
        terms=(Term("outside_date", FuzzyDate.parse("2024-06-30~")),),
        event_id=UUID(int=8),
    )
    store.append([NewEvent(first, "k1"), NewEvent(later, "k2")])
    assert store.read() == [first, later]
    assert isinstance(store.read()[1].terms[0].value, FuzzyDate)  # type: ignore[attr-defined]
    verification = store.verify()
    assert verification.broken is None and verification.checked == 2
    assert json.loads(prepare(first, "k1", "sqlite").payload) == payload_of(first)
