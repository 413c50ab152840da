"""Read report files, pages and feeds over HTTP(S) politely: conditional requests, timeouts, retries, a size cap.

An unchanged source costs one request answered 304 and appends nothing.
"""

from __future__ import annotations

import email.utils
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from http.client import HTTPMessage
from pathlib import Path
from typing import IO, TypeVar

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
class FetchedBytes:
    """A page or feed held in memory; ``body`` is None when the source answered 304 Not Modified."""

    status: int
    body: bytes | None
    content_type: str | None  # as the server says it, without parameters; None when it says nothing
    charset: str | None  # the server's word, which may be wrong
    final_url: str  # after redirects
    validators: Validators


@dataclass(frozen=True)
class Politeness:
    timeout: float = 10.0
    retries: int = 3
    max_bytes: int = 64 * 1024 * 1024
    backoff: float = 0.5
    max_retry_after: float = 60.0  # a longer Retry-After makes the source unavailable for this run


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
    return _retrying(
        url,
        politeness,
        sleep,
        lambda: _fetch_once(url, known, folder, politeness),
        lambda: Fetched(304, None, known),
    )


def fetch_bytes(
    url: str,
    known: Validators,
    politeness: Politeness,
    pacer: HostPacer | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> FetchedBytes:
    """A page or feed in memory, with what the server says of its type and charset and where it ended up.

    Same rules as ``fetch``; every attempt waits its turn at the pacer, so a feed of twenty links to one
    site never sends it twenty requests at once.
    """

    def once() -> FetchedBytes:
        if pacer is not None:
            pacer.wait(url)
        return _fetch_bytes_once(url, known, politeness)

    return _retrying(url, politeness, sleep, once, lambda: FetchedBytes(304, None, None, None, url, known))


class HostPacer:
    """Consecutive requests to one host at least ``delay`` seconds apart: a polite reader, not a crawler."""

    def __init__(
        self,
        delay: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.delay = delay
        self._clock = clock
        self._sleep = sleep
        self._last: dict[str, float] = {}

    def wait(self, url: str) -> None:
        host = (urllib.parse.urlsplit(url).hostname or "").lower()
        last = self._last.get(host)
        if last is not None:
            remaining = last + self.delay - self._clock()
            if remaining > 0:
                self._sleep(remaining)
        self._last[host] = self._clock()


_ONLY_HTTP = "only http:// and https:// sources are polled: give an http(s) URL"
_MAY_PASS = (408, 429)  # Request Timeout, Too Many Requests: worth asking again later
_HONOURS_RETRY_AFTER = (429, 503)
_T = TypeVar("_T")


def _retrying(
    url: str,
    politeness: Politeness,
    sleep: Callable[[float], None],
    once: Callable[[], _T],
    unchanged: Callable[[], _T],
) -> _T:
    """The one retry policy: 304 is an answer, a 4xx is final, a 5xx or a lost connection is asked again
    after a growing pause (or the pause the server asks for, within reason)."""
    if not url.lower().startswith(("http://", "https://")):
        raise SourceRejected(f"{url}: {_ONLY_HTTP}")
    last_error, pause = "", 0.0
    for attempt in range(politeness.retries + 1):
        if attempt:
            sleep(pause)
        pause = politeness.backoff * 2**attempt
        try:
            return once()
        except urllib.error.HTTPError as error:
            if error.code == 304:
                return unchanged()
            last_error = _http_error_line(error)
            if error.code < 500 and error.code not in _MAY_PASS:
                raise SourceRejected(f"{url}: {last_error}; check the URL: the source refuses it") from None
            if error.code in _HONOURS_RETRY_AFTER:
                pause = max(pause, _retry_after(url, error, last_error, politeness))
        except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
            last_error = _one_line(str(getattr(error, "reason", error)))
    raise SourceUnavailable(f"{url}: {last_error} (after {attempt + 1} attempts)")


def _http_error_line(error: urllib.error.HTTPError) -> str:
    if 300 <= error.code < 400 and "infinite loop" in str(error.reason):
        return f"HTTP {error.code}: a redirect loop (the redirects lead back where they started)"
    return _one_line(f"HTTP {error.code} {error.reason}")


def _retry_after(url: str, error: urllib.error.HTTPError, said: str, politeness: Politeness) -> float:
    """The pause a 429 or 503 asks for; one longer than this run will wait makes the source unavailable now,
    rather than hammering it early or blocking the whole run for an hour."""
    value = (error.headers.get("Retry-After") or "").strip() if error.headers else ""
    seconds = _retry_after_seconds(value)
    if seconds is None:
        return 0.0
    if seconds > politeness.max_retry_after:
        raise SourceUnavailable(
            f"{url}: {said}: asks to retry after {seconds:.0f} s "
            f"(more than the {politeness.max_retry_after:.0f} s a run waits); the next run tries again"
        )
    return seconds


def _retry_after_seconds(value: str, now: Callable[[], float] = time.time) -> float | None:
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - now())


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _fetch_once(url: str, known: Validators, folder: Path, politeness: Politeness) -> Fetched:
    request = urllib.request.Request(url, headers=_conditional_headers(known))
    with _OPENER.open(request, timeout=politeness.timeout) as response:
        content_type = response.headers.get_content_type()
        body = folder / f"body{_suffix(url, content_type)}"
        _save_capped(response, body, politeness.max_bytes, url)
        validators = Validators(response.headers.get("ETag"), response.headers.get("Last-Modified"))
        return Fetched(response.status, body, validators)


def _fetch_bytes_once(url: str, known: Validators, politeness: Politeness) -> FetchedBytes:
    request = urllib.request.Request(url, headers=_conditional_headers(known))
    with _OPENER.open(request, timeout=politeness.timeout) as response:
        headers = response.headers
        declared = headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > politeness.max_bytes:
            raise SourceRejected(_too_big(url, politeness.max_bytes))
        body = _read_capped(response, politeness.max_bytes, url)
        return FetchedBytes(
            status=response.status,
            body=body,
            content_type=headers.get_content_type() if headers.get("Content-Type") else None,
            charset=headers.get_content_charset(),
            final_url=response.geturl(),
            validators=Validators(headers.get("ETag"), headers.get("Last-Modified")),
        )


class _PolledRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is followed only where a source URL could point: urllib alone would follow one to ftp://."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        problem = source_url_problem(urllib.parse.urljoin(req.full_url, newurl))
        if problem:
            raise SourceRejected(f"{req.full_url}: redirects to {problem}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_OPENER = urllib.request.build_opener(_PolledRedirects)


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
                raise SourceRejected(_too_big(url, max_bytes))
            out.write(block)


def _read_capped(response: object, max_bytes: int, url: str) -> bytes:
    """Stop reading at the limit: a server that lies about Content-Length, or sends none, is cut off anyway."""
    body = bytearray()
    for block in iter(lambda: response.read(1 << 16), b""):  # type: ignore[attr-defined]
        body += block
        if len(body) > max_bytes:
            raise SourceRejected(_too_big(url, max_bytes))
    return bytes(body)


def _too_big(url: str, max_bytes: int) -> str:
    return (
        f"{url}: the body is larger than the {max_bytes} byte limit; "
        "raise --max-bytes (ingest.max_bytes) if the source is to be trusted with more"
    )
