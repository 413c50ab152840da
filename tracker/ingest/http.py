"""Poll report files over HTTP(S) politely: conditional requests, timeouts, bounded retries, a size cap.

An unchanged source costs one request answered 304 and appends nothing.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tracker.store.ingestion import Validators

_SUFFIX_BY_TYPE = {
    "application/x-ndjson": ".jsonl",
    "application/jsonl": ".jsonl",
    "application/json": ".json",
    "application/yaml": ".yaml",
    "text/yaml": ".yaml",
    "application/x-yaml": ".yaml",
}


class SourceUnavailable(RuntimeError):
    """The source could not be read this time (a 5xx, a timeout, no connection); the next run tries again."""


class SourceRejected(RuntimeError):
    """The source answered, and asking again will not change it (a 404, a body over the limit, a scheme
    that is not polled): the run rejects it like a bad file, so a typo is never mistaken for a passing outage."""


@dataclass(frozen=True)
class Fetched:
    status: int
    body: Path | None  # None when the source answered 304 Not Modified
    validators: Validators


@dataclass(frozen=True)
class Politeness:
    timeout: float = 10.0
    retries: int = 3
    max_bytes: int = 64 * 1024 * 1024
    backoff: float = 0.5


def source_url_problem(url: str) -> str | None:
    """Why a source URL is refused before any run: it does not parse, it is not http(s), or it holds
    credentials, which would reach logs and run records.

    urllib would not send them either; the message masks the whole user part (a token often sits there).
    """
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 - a port that is not a number raises here
    except ValueError as error:
        return f"{url!r} is not a URL ({error}): expected http(s)://HOST/PATH"
    if parts.scheme.lower() not in ("http", "https"):
        return f"{_one_line(url)}: {_ONLY_HTTP}"
    if parts.username is None and parts.password is None:
        return None
    masked = parts._replace(netloc="***@" + parts.netloc.rpartition("@")[2]).geturl()
    return f"{masked}: expected a URL without a user or password (they would be written to logs and run records)"


def fetch(
    url: str, known: Validators, folder: Path, politeness: Politeness, sleep: Callable[[float], None] = time.sleep
) -> Fetched:
    if not url.lower().startswith(("http://", "https://")):
        raise SourceRejected(f"{url}: {_ONLY_HTTP}")
    last_error = ""
    for attempt in range(politeness.retries + 1):
        if attempt:
            sleep(politeness.backoff * 2 ** (attempt - 1))
        try:
            return _fetch_once(url, known, folder, politeness)
        except urllib.error.HTTPError as error:
            if error.code == 304:
                return Fetched(304, None, known)
            last_error = _one_line(f"HTTP {error.code} {error.reason}")
            if error.code < 500 and error.code not in _MAY_PASS:
                raise SourceRejected(f"{url}: {last_error}; check the URL: the source refuses it") from None
        except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
            last_error = _one_line(str(getattr(error, "reason", error)))
    raise SourceUnavailable(f"{url}: {last_error} (after {attempt + 1} attempts)")


_ONLY_HTTP = "only http:// and https:// sources are polled: give an http(s) URL"
_MAY_PASS = (408, 429)  # Request Timeout, Too Many Requests: worth asking again later


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _fetch_once(url: str, known: Validators, folder: Path, politeness: Politeness) -> Fetched:
    request = urllib.request.Request(url, headers=_conditional_headers(known))
    with urllib.request.urlopen(request, timeout=politeness.timeout) as response:
        content_type = response.headers.get_content_type()
        body = folder / f"body{_suffix(url, content_type)}"
        _save_capped(response, body, politeness.max_bytes, url)
        validators = Validators(response.headers.get("ETag"), response.headers.get("Last-Modified"))
        return Fetched(response.status, body, validators)


def _conditional_headers(known: Validators) -> dict[str, str]:
    headers = {"User-Agent": "deal-tracker-ingest"}
    if known.etag:
        headers["If-None-Match"] = known.etag
    if known.last_modified:
        headers["If-Modified-Since"] = known.last_modified
    return headers


def _suffix(url: str, content_type: str) -> str:
    path_suffix = Path(url.split("?", 1)[0]).suffix.lower()
    if path_suffix in (".yaml", ".yml", ".json", ".jsonl", ".ndjson"):
        return path_suffix
    return _SUFFIX_BY_TYPE.get(content_type, ".json")


def _save_capped(response: object, body: Path, max_bytes: int, url: str) -> None:
    size = 0
    with body.open("wb") as out:
        for block in iter(lambda: response.read(1 << 16), b""):  # type: ignore[attr-defined]
            size += len(block)
            if size > max_bytes:
                raise SourceRejected(
                    f"{url}: the body is larger than the {max_bytes} byte limit; "
                    "raise --max-bytes (ingest.max_bytes) if the source is to be trusted with more"
                )
            out.write(block)
