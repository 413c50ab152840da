"""Small builders for domain events, so tests state only what matters to them."""

from __future__ import annotations

import uuid
from typing import Any

import pendulum

from tracker.domain.amount_parser import parse_amount
from tracker.domain.amounts import InvalidAmount
from tracker.domain.dates import FuzzyDate
from tracker.domain.events import Event, Term
from tracker.domain.provenance import Attribution, Source


def moment(text: str) -> pendulum.DateTime:
    parsed = pendulum.parse(text, tz="UTC")
    assert isinstance(parsed, pendulum.DateTime)
    return parsed


def source(
    publisher: str = "Reuters", published: str = "2025-09-22", attribution: str = "reported", **extra: Any
) -> Source:
    return Source(
        publisher=publisher,
        published_at=moment(published),
        language="en",
        attribution=Attribution(attribution),
        **extra,
    )


def terms(**amounts: str) -> tuple[Term, ...]:
    return tuple(Term(name, _amount_or_word(text)) for name, text in amounts.items())


def _amount_or_word(text: str) -> Any:
    try:
        return parse_amount(text)
    except InvalidAmount:
        return text


def make(
    cls: type[Event],
    occurred: str | None = "2025-09-22",
    reported: str = "2025-09-22",
    deal: str = "acme-widget",
    **fields: Any,
) -> Any:
    fields.setdefault("summary", f"{cls.event_type} on {occurred}")
    fields.setdefault("sources", (source(published=reported),))
    return cls(
        event_id=fields.pop("event_id", uuid.uuid4()),
        deal=deal,
        occurred=FuzzyDate.parse(occurred) if occurred else None,
        reported_at=moment(reported),
        **fields,
    )
