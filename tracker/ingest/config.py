"""The small TOML file a cron job points at instead of a long command line."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

KNOWN_KEYS: dict[str, Any] = {
    "database": str,
    "inbox": str,
    "archive": str,
    "quarantine": str,
    "urls": list,
    "settle_seconds": (int, float),
    "timeout": (int, float),
    "retries": int,
    "max_bytes": int,
    "lock_file": str,
    "log_file": str,
}


class ConfigError(ValueError):
    """A configuration file that cannot be used as written."""


@dataclass(frozen=True)
class IngestConfig:
    values: dict[str, Any]

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)


def load_config(path: Path) -> IngestConfig:
    """Read the [ingest] table; relative paths are relative to the file's folder."""
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror or error}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    table = document.get("ingest")
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: expected an [ingest] table")
    for key, value in table.items():
        expected = KNOWN_KEYS.get(key)
        if expected is None:
            raise ConfigError(f"{path}: ingest.{key}: unknown setting; expected one of {', '.join(sorted(KNOWN_KEYS))}")
        if not isinstance(value, expected) or isinstance(value, bool):
            raise ConfigError(f"{path}: ingest.{key}: expected {_name(expected)}, got {value!r}")
    for key in ("inbox", "archive", "quarantine", "lock_file", "log_file"):
        if key in table:
            table[key] = str((path.parent / Path(table[key]).expanduser()).resolve())
    return IngestConfig(table)


def _name(expected: Any) -> str:
    kinds = expected if isinstance(expected, tuple) else (expected,)
    return " or ".join(
        {"str": "a string", "list": "a list", "int": "a whole number", "float": "a number"}[k.__name__] for k in kinds
    )
