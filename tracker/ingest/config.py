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
    "host_delay": (int, float),
}
FEED_KEYS: dict[str, Any] = {"url": str, "deals": list, "language": str}


class ConfigError(ValueError):
    """A configuration file that cannot be used as written."""


@dataclass(frozen=True)
class FeedSource:
    """An RSS or Atom feed the periodic run polls; its new articles become candidates for review."""

    url: str
    deals: tuple[str, ...] = ()  # only candidates for these deals (default: any known deal)
    language: str | None = None  # for pages that do not say theirs


@dataclass(frozen=True)
class IngestConfig:
    values: dict[str, Any]
    feeds: tuple[FeedSource, ...] = ()

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
    table = document.get("ingest", {} if "feeds" in document else None)
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: expected an [ingest] table")
    unknown = sorted(set(document) - {"ingest", "feeds"})
    if unknown:
        raise ConfigError(f"{path}: {unknown[0]}: unknown table; expected [ingest] and [[feeds]]")
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
    return IngestConfig(table, _feeds(path, document.get("feeds", [])))


def _feeds(path: Path, written: Any) -> tuple[FeedSource, ...]:
    if not isinstance(written, list) or not all(isinstance(f, dict) for f in written):
        raise ConfigError(f"{path}: feeds: expected [[feeds]] tables, each with a url")
    return tuple(_feed(path, f"feeds[{i}]", table) for i, table in enumerate(written))


def _feed(path: Path, where: str, table: dict[str, Any]) -> FeedSource:
    for key, value in table.items():
        expected = FEED_KEYS.get(key)
        if expected is None:
            raise ConfigError(f"{path}: {where}.{key}: unknown setting; expected one of {', '.join(FEED_KEYS)}")
        if not isinstance(value, expected):
            raise ConfigError(f"{path}: {where}.{key}: expected {_name(expected)}, got {value!r}")
    if "url" not in table:
        raise ConfigError(f"{path}: {where}: expected a url (the feed's http(s) address)")
    deals = table.get("deals", [])
    if not all(isinstance(d, str) for d in deals):
        raise ConfigError(f"{path}: {where}.deals: expected a list of deal slugs, got {deals!r}")
    language = table.get("language")
    if language not in (None, "fr", "en"):
        raise ConfigError(f'{path}: {where}.language: expected "fr" or "en", got {language!r}')
    return FeedSource(table["url"], tuple(deals), language)


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
