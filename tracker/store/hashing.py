"""Tamper evidence: each row's hash covers its content and the previous row's hash."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from uuid import UUID

from tracker.store.codec import iso_utc

GENESIS = "0" * 64
HASHED_COLUMNS = (
    "position",
    "event_id",
    "stream_id",
    "version",
    "event_type",
    "schema_version",
    "payload",
    "occurred_start",
    "occurred_end",
    "occurred_text",
    "reported_at",
    "recorded_at",
    "idempotency_key",
)


def row_hash(row: Mapping[str, Any], prev_hash: str) -> str:
    content = {column: _canonical(row[column]) for column in HASHED_COLUMNS}
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(f"{prev_hash}\n{text}".encode()).hexdigest()


def _canonical(value: Any) -> Any:
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, datetime):
        return iso_utc(value)
    return value
