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
    "allow_future": bool,
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
        if not isinstance(value, expected) or (isinstance(value, bool) and expected is not bool):
            raise ConfigError(f"{path}: ingest.{key}: expected {_name(expected)}, got {value!r}")
    for key in ("inbox", "archive", "quarantine", "lock_file", "log_file"):
        if key in table:
            table[key] = str(_beside(path, table[key]))
    if "database" in table:
        table["database"] = _database_beside(path, table["database"])
    return IngestConfig(table)


def _beside(config: Path, written: str) -> Path:
    return (config.parent / Path(written).expanduser()).resolve()


def _database_beside(config: Path, written: str) -> str:
    """A SQLite file named by a relative path (``tracker.db`` or ``sqlite:///tracker.db``) lies beside the config.

    A server URL, an absolute path and an in-memory database are kept as written.
    """
    if "://" not in written:
        return str(_beside(config, written))
    from sqlalchemy.engine import make_url

    try:
        url = make_url(written)
    except Exception:  # the command refuses it with the reason when it opens the database
        return written
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return written
    if url.database.startswith("file:") or Path(url.database).expanduser().is_absolute():
        return written
    return url.set(database=str(_beside(config, url.database))).render_as_string(hide_password=False)


def _name(expected: Any) -> str:
    kinds = expected if isinstance(expected, tuple) else (expected,)
    return " or ".join(
        {"str": "a string", "list": "a list", "int": "a whole number", "float": "a number", "bool": "true or false"}[
            k.__name__
        ]
        for k in kinds
    )
