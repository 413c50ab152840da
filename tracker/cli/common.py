"""What every command shares: failures and exit codes, option bundles, opening the app, printing.

Only click is imported here at start-up; everything heavier is imported
inside the functions that need it, so `tracker --help` stays fast.
Exit codes: 0 done, 1 input rejected or check failed, 2 usage, 75 try again later.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])
EXIT_REJECTED = 1
EXIT_TEMPORARY = 75


class Failure(click.ClickException):
    """Input rejected or a check failed: one line on stderr, exit 1."""

    exit_code = EXIT_REJECTED

    def show(self, file: Any = None) -> None:
        click.echo(f"tracker: error: {self.message}", err=True)


class TemporaryFailure(Failure):
    """Worth retrying later (the database is unreachable): exit 75, as cron expects."""

    exit_code = EXIT_TEMPORARY


# --- shared options ------------------------------------------------------------


def db_option(function: F) -> F:
    return click.option(
        "--db", "db_url", envvar="TRACKER_DATABASE_URL", metavar="URL",
        help="Database URL or SQLite path (default: tracker.db in your data directory; env TRACKER_DATABASE_URL).",
    )(function)


def json_option(function: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts instead of text.")(function)


def axes_options(function: F) -> F:
    function = click.option(
        "--known-at", metavar="DATE", default="now",
        help="Knowledge time: only what had been reported by then (default now).",
    )(function)
    return click.option(
        "--as-of", metavar="DATE", default="now",
        help="World time: what had happened by then, e.g. 2025-10-15 or 2026-01 (default now).",
    )(function)


def reports_errors(function: F) -> F:
    """Turn library errors into one clear line and the right exit code."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from sqlalchemy.exc import DBAPIError, OperationalError

        from tracker.domain.amounts import InvalidAmount
        from tracker.domain.dates import InvalidDate
        from tracker.ingest.reports import ReportError
        from tracker.store.engine import safe_url
        from tracker.store.eventstore import ConcurrencyConflict
        from tracker.store.migrate import SchemaTooNew

        try:
            return function(*args, **kwargs)
        except (ReportError, InvalidDate, InvalidAmount, ConcurrencyConflict, SchemaTooNew) as error:
            raise Failure(str(error)) from None
        except OperationalError as error:
            where = safe_url(kwargs.get("db_url") or "the database")
            reason = str(error.orig).splitlines()[0] if error.orig else "unreachable"
            raise TemporaryFailure(f"cannot use {where}: {reason}") from None
        except DBAPIError as error:  # e.g. a role without the grants it needs
            where = safe_url(kwargs.get("db_url") or "the database")
            reason = str(error.orig).splitlines()[0] if error.orig else type(error).__name__
            raise Failure(f"{where} refused the operation: {reason}") from None

    return wrapper  # type: ignore[return-value]


# --- helpers -------------------------------------------------------------------


def app_for(db_url: str | None) -> Any:
    from tracker.bootstrap import open_app

    return open_app(db_url)


def print_json(data: Any) -> None:
    import json

    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def render(renderable: Any, page: bool = False) -> None:
    """Print for the terminal; long output goes through a pager only when a person is reading."""
    from tracker.render.theme import make_console

    console = make_console()
    if page and console.is_terminal and sys.stdin.isatty():
        lines = console.render_lines(renderable, console.options, pad=False)
        if len(lines) > console.height:
            os.environ.setdefault("LESS", "FRX")  # keep colours, quit if it fits, leave the text on screen
            with console.pager(styles=True):
                console.print(renderable)
            return
    console.print(renderable)


def cutoffs(app: Any, as_of: str, known_at: str) -> tuple[Any, Any]:
    from tracker.domain.dates import InvalidDate, parse_cutoff

    now = app.clock()
    try:
        return parse_cutoff(as_of, now), parse_cutoff(known_at, now)
    except InvalidDate as error:
        raise click.BadParameter(str(error), param_hint="--as-of/--known-at") from None


def read_deal(app: Any, deal: str) -> list[Any]:
    """Every event of one deal, or a clear failure that names the deals there are."""
    events = app.store.read([deal])
    if not events:
        known = ", ".join(app.store.streams()) or "none yet: run `tracker ingest seeds/`"
        raise Failure(f"no deal {deal!r} in {shown_url(app)}; known deals: {known}")
    return events


def project_deal(app: Any, deal: str, as_of: str, known_at: str, events: list[Any] | None = None) -> Any:
    from tracker.domain.fold import project

    events = read_deal(app, deal) if events is None else events
    as_of_cut, known_cut = cutoffs(app, as_of, known_at)
    return project(events, deal, as_of_cut, known_cut)


def shown_url(app: Any) -> str:
    from tracker.store.engine import safe_url

    return safe_url(app.url)
