"""`tracker ingest`: options and config in, one run under the lock, cron-friendly output out."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

import click
from sqlalchemy.exc import OperationalError

from tracker.app.commands import ingest
from tracker.bootstrap import utc_now
from tracker.cli.common import app_for
from tracker.domain.text import one_line
from tracker.ingest.config import ConfigError, IngestConfig, load_config
from tracker.ingest.http import Politeness, source_url_problem
from tracker.ingest.lock import LockHeld, private
from tracker.ingest.runner import EXIT_REJECTED, EXIT_TEMPORARY, Plan, RunResult
from tracker.ingest.service import FileOutcome
from tracker.store.engine import (
    URL_VARIABLE,
    DatabaseUnusable,
    DatabaseUrlError,
    lasting_problem,
    resolve_url,
    safe_url,
    without_secrets,
)

EXIT_USAGE = 2


def run_ingest_command(db_url: str | None, as_json: bool, options: dict[str, Any]) -> int:
    try:
        config = load_config(options["config_path"]) if options["config_path"] else IngestConfig({})
    except ConfigError as error:
        click.echo(f"tracker: error: {error}", err=True)
        return EXIT_USAGE
    setting = _settings(options, config)
    plan = _plan(options, setting, config)
    if not (plan.paths or plan.inbox or plan.urls or plan.feeds):
        click.echo("tracker: error: nothing to ingest: give PATH, --inbox, --url or --config", err=True)
        return EXIT_USAGE
    for problem in filter(None, map(source_url_problem, plan.urls)):
        click.echo(f"tracker: error: --url / ingest.urls: {one_line(problem)}", err=True)
        return EXIT_USAGE
    for problem in filter(None, (source_url_problem(feed.url) for feed in plan.feeds)):
        click.echo(f"tracker: error: feeds.url: {one_line(problem)}", err=True)
        return EXIT_USAGE
    url = resolve_url(db_url or setting("database"))
    with _log(setting("log_file")) as log:
        try:
            app = app_for(url, create=True)
            lock = setting("lock_file")
            result = ingest(app, plan, _progress(options, log), Path(lock) if lock else None)
        except LockHeld as error:
            return _fail(log, f"busy: {error}; try again later", EXIT_TEMPORARY)
        except DatabaseUrlError as error:
            return _fail(log, f"error: --db / {URL_VARIABLE}: {error}", EXIT_USAGE)
        except DatabaseUnusable as error:
            return _fail(log, f"error: {error}", EXIT_USAGE)
        except OperationalError as error:
            lasting = lasting_problem(error)
            if lasting:
                return _fail(log, f"error: cannot use {safe_url(url)}: {without_secrets(lasting, url)}", EXIT_USAGE)
            reason = _first_line(error.orig or error)
            return _fail(
                log,
                f"unavailable: cannot use {safe_url(url)}: {without_secrets(reason, url)}; try again later",
                EXIT_TEMPORARY,
            )
        except Exception as error:  # no traceback for cron; the run itself is already marked failed
            code = EXIT_TEMPORARY if isinstance(error, OSError) else EXIT_REJECTED
            reason = without_secrets(f"{type(error).__name__}: {_first_line(error)}", url)
            return _fail(log, f"error: ingestion aborted ({reason})", code)
        _report(result, options, as_json, log)
    return result.exit_code


def _fail(log: Any, message: str, code: int) -> int:
    line = one_line(message)
    click.echo(f"tracker: {line}", err=True)
    log.write(line + "\n")
    return code


def _first_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


def _settings(options: dict[str, Any], config: IngestConfig) -> Any:
    def setting(key: str, default: Any = None) -> Any:
        value = options.get(key)
        return value if value not in (None, ()) else config.get(key, default)

    return setting


def _plan(options: dict[str, Any], setting: Any, config: IngestConfig) -> Plan:
    def path(key: str) -> Path | None:
        value = setting(key)
        return Path(value) if value else None

    return Plan(
        paths=tuple(options["paths"]),
        inbox=path("inbox"),
        archive=path("archive"),
        quarantine=path("quarantine"),
        urls=tuple(setting("urls", ())),
        settle_seconds=setting("settle_seconds", 2.0),
        politeness=Politeness(setting("timeout", 10.0), setting("retries", 3), setting("max_bytes", 64 * 2**20)),
        dry_run=options["dry_run"],
        allow_future=bool(setting("allow_future", False)),
        feeds=config.feeds,
        host_delay=float(setting("host_delay", 1.0)),
    )


@contextmanager
def _log(path: str | None) -> Iterator[Any]:
    if not path:
        with open(os.devnull, "w") as sink:
            yield sink
        return
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    private(descriptor)
    with os.fdopen(descriptor, "a", encoding="utf-8") as log:
        yield _Timestamped(log)


class _Timestamped:
    """Log lines that start with the time, so a cron log reads as a history."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, line: str) -> None:
        self._stream.write(f"{utc_now().isoformat(timespec='seconds')} {line}")
        self._stream.flush()


def _progress(options: dict[str, Any], log: Any) -> Any:
    show = sys.stderr.isatty() and not options["quiet"] and not options["verbose"]
    counter = {"done": 0}

    def on_outcome(outcome: FileOutcome) -> None:
        counter["done"] += 1
        log.write(f"{_describe(outcome)}\n")
        if show:
            click.echo(f"\r{counter['done']} inputs read", nl=False, err=True)

    return on_outcome


def _describe(outcome: FileOutcome) -> str:
    if outcome.error:
        return f"rejected: {outcome.error}"
    if outcome.note:
        return f"{outcome.path}: {outcome.note}"
    return f"{outcome.path}: appended {outcome.appended}, skipped {outcome.duplicates} already stored"


def _summary(result: RunResult, dry_run: bool) -> str:
    """One line a person reads: a dry run says what it would do, an input not read again is counted as such."""
    totals = result.totals()
    unread = sum(1 for o in result.outcomes if (o.note or "").startswith(("already ingested", "not modified")))
    appended, duplicates = _count(totals.appended, "event"), _count(totals.duplicates, "duplicate")
    parts = [
        _count(totals.files, "input"),
        f"would append {appended}" if dry_run else f"{appended} appended",
        f"would skip {duplicates}" if dry_run else f"{duplicates} skipped",
        *([f"{unread} already ingested (not read again)"] if unread else []),
        f"{totals.rejected} rejected",
        f"{_count(len(result.source_errors), 'source')} unavailable",
    ]
    if result.news is not None:
        articles, candidates = result.news
        parts.append(f"{_count(articles, 'new article')} with {_count(candidates, 'candidate')} for review")
    return "ingest: " + ", ".join(parts) + (" (dry run: nothing written)" if dry_run else "")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _report(result: RunResult, options: dict[str, Any], as_json: bool, log: Any) -> None:
    if sys.stderr.isatty() and not options["quiet"] and not options["verbose"]:
        click.echo("", err=True)
    for outcome in result.rejected:
        click.echo(f"tracker: rejected: {outcome.error}", err=True)
    for error in map(one_line, result.source_errors):
        click.echo(f"tracker: source unavailable: {error}", err=True)
        log.write(f"source unavailable: {error}\n")
    summary = _summary(result, options["dry_run"])
    log.write(summary + "\n")
    if as_json:
        from tracker.render.json import ingest_document

        document = ingest_document(result.outcomes, result.source_errors, result.exit_code)
        click.echo(json.dumps(document, indent=2, ensure_ascii=False))
        return
    if options["verbose"] or (sys.stdout.isatty() and not options["quiet"]):
        for outcome in result.outcomes:
            if not outcome.error:
                click.echo(_describe(outcome))
    if not (options["quiet"] and result.exit_code == 0):
        click.echo(summary)
