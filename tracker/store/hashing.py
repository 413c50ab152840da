"""Tamper evidence: each row's hash covers its content and the previous row's hash.

The content is spelled as canonical JSON: keys sorted, no spaces, text as
UTF-8. ``row_hash`` is the reference spelling (the stdlib's), with which every
stored chain was hashed; verification and imports use it. Appends spell the
same bytes with orjson (``canonical_json``, ``HashTemplate``), about ten times
faster; a property test pins the two spellings to each other.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import orjson

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


_SORTED = orjson.OPT_SORT_KEYS


def canonical_json(value: Any) -> bytes:
    """The bytes ``row_hash`` spells for a JSON value, by orjson.

    orjson writes what the codec produces (text, integers, booleans, null,
    lists, objects with text keys) exactly as ``json.dumps`` does with these
    options; what it refuses (an integer past 64 bits) goes through the stdlib.
    """
    try:
        return orjson.dumps(value, option=_SORTED)
    except orjson.JSONEncodeError:
        return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


# The hashed columns known only under the append lock, and where they fall among the others once keys are sorted:
# every column before "position" (the payload last), then position and recorded_at, then reported_at,
# schema_version and stream_id, then version.
_PLACED = ("position", "recorded_at", "version")
_AFTER_PLACED = ("reported_at", "schema_version", "stream_id")
assert sorted(HASHED_COLUMNS)[-7:] == ["payload", "position", "recorded_at", *_AFTER_PLACED, "version"]
assert sorted(HASHED_COLUMNS)[-8] < "payload"


@dataclass(frozen=True, slots=True)
class HashTemplate:
    """A row's hashed JSON with gaps for position, recorded_at and version: the canonical spelling, spelled once.

    ``digest`` fills the gaps and hashes, with bytes formatting instead of a second JSON encoding per row.
    """

    head: bytes  # {"event_id":...,"payload":{...}
    tail: bytes  # "reported_at":...,"schema_version":...,"stream_id":...

    @classmethod
    def of(cls, known: Mapping[str, Any]) -> HashTemplate:
        """``known``: the hashed columns but the placed ones; instants by ``iso_utc``, the payload a Fragment."""
        spelled = canonical_json(known)
        cut = spelled.rindex(b',"reported_at":')  # a quote inside a text value is escaped: this is the column's key
        return cls(spelled[:cut], spelled[cut + 1 : -1])

    def digest(self, prev_hash: str, position: int, version: int, recorded_at: bytes) -> str:
        """``recorded_at``: the instant's JSON (``canonical_json(iso_utc(moment))``), the same for a whole append."""
        return hashlib.sha256(
            b'%s\n%s,"position":%d,"recorded_at":%s,%s,"version":%d}'
            % (prev_hash.encode(), self.head, position, recorded_at, self.tail, version)
        ).hexdigest()
