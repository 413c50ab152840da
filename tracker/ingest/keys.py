"""Idempotency keys of reports and deals, and the event ids derived from them.

A key is a promise to every database that already holds the event: ingesting
the same file again must find it. So a key is computed from the report as
written, in a canonical form of its own defined here, never from the storage
codec, whose spelling may change with the schema. tests/fixtures/
idempotency_keys.json pins the keys as they were first stored.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid5

from tracker.domain.provenance import Citation, Source

_EVENT_NAMESPACE = UUID("6f1d3c2e-5b8a-4e0f-9a57-2d3c4b5a6e7f")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)


def event_id_for(idempotency_key: str) -> UUID:
    """Event ids derive from the idempotency key, so a report's id is the same in every database."""
    return uuid5(_EVENT_NAMESPACE, idempotency_key)


def referenced_id(written: str) -> UUID:
    """An event id as printed, or a report id as written in a report."""
    return UUID(written) if _UUID.fullmatch(written) else event_id_for(report_id_key(written))


def report_id_key(report_id: str) -> str:
    return f"id:{report_id}"


def report_key(report: Mapping[str, Any], sources: tuple[Source, ...]) -> str:
    """The report's own id if it gives one, else what it says and who said it."""
    return report_id_key(report["id"]) if "id" in report else content_key(report, sources)


def content_key(report: Mapping[str, Any], sources: tuple[Source, ...]) -> str:
    """A report without an id is identified by its fields as written and its sources as read (refs resolved)."""
    content = {k: v for k, v in report.items() if k != "sources"} | {"sources": [_source(s) for s in sources]}
    return "sha256:" + hashlib.sha256(_canonical(content).encode()).hexdigest()


def deal_key(deal: Mapping[str, Any]) -> str:
    """A deal description is identified by its slug and everything it says."""
    return f"deal:{deal['slug']}:{hashlib.sha256(_canonical(deal).encode()).hexdigest()[:32]}"


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def _source(source: Source) -> dict[str, Any]:
    """A source's fields by name, those it lacks left out; instants in UTC to the microsecond."""
    return _present(
        {
            "publisher": source.publisher,
            "published_at": _instant(source.published_at),
            "language": source.language,
            "attribution": source.attribution.value,
            "title": source.title,
            "url": source.url,
            "quote": source.quote,
            "cites": [_citation(c) for c in source.cites],
        }
    )


def _citation(citation: Citation) -> dict[str, Any]:
    published = citation.published.text if citation.published else None
    return _present({"outlet": citation.outlet, "published": published, "url": citation.url})


def _present(fields: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in fields.items() if value is not None}


def _instant(moment: datetime) -> str:
    """'2025-03-04T14:30:00+00:00': the spelling the first keys were computed with."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)  # naive means UTC
    return datetime.astimezone(aware, UTC).isoformat(timespec="microseconds")
