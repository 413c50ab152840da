"""What every command shares: failures and exit codes, option bundles, opening the app, printing.

Only click is imported here at start-up; everything heavier is imported
inside the functions that need it, so `tracker --help` stays fast.
Exit codes: 0 done, 1 input rejected or check failed, 2 usage or configuration (fix it, then rerun),
75 try again later (only what may pass by itself: a lock held, a database busy or unreachable), 130 Ctrl-C.
"""

from __future__ import annotations

import functools
import gc
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from tracker.bootstrap import App

F = TypeVar("F", bound=Callable[..., Any])
EXIT_REJECTED = 1
EXIT_CONFIGURATION = 2
EXIT_TEMPORARY = 75
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report a command stopped by Ctrl-C


class Failure(click.ClickException):
    """Input rejected or a check failed: one line on stderr, exit 1."""

    exit_code = EXIT_REJECTED

    def show(self, file: Any = None) -> None:
        from tracker.domain.text import one_line  # a path or URL in the message may hold controls or newlines

        click.echo(f"tracker: error: {one_line(self.message)}", err=True)


class OneLineUsage(click.UsageError):
    """A usage mistake as one line, like every other error, with the command to ask for help."""

    def show(self, file: Any = None) -> None:
        from tracker.domain.text import one_line  # here, not at start-up: `tracker --help` stays lean

        command = self.ctx.command_path if self.ctx else "tracker"
        click.echo(f"tracker: error: {one_line(self.format_message())} (see `{command} --help`)", err=True)


class TrackerGroup(click.Group):
    """click's usage errors print usage, a hint and the error on four lines; ours print one."""

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        with _one_line_usage():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            with _one_line_usage():
                return super().invoke(ctx)
        except KeyboardInterrupt:
            raise Interrupted() from None


class Interrupted(click.ClickException):
    """Ctrl-C: one line and 130, not click's "Aborted!" and 1, which cron would read as input rejected."""

    exit_code = EXIT_INTERRUPTED

    def __init__(self) -> None:
        super().__init__("interrupted")

    def show(self, file: Any = None) -> None:
        click.echo("tracker: interrupted", err=True)


@contextmanager
def _one_line_usage() -> Iterator[None]:
    try:
        yield
    except click.exceptions.NoArgsIsHelpError:
        raise  # `tracker` alone shows the help, as it should
    except click.UsageError as error:
        if isinstance(error, OneLineUsage):
            raise
        raise OneLineUsage(error.format_message(), error.ctx) from None


class TemporaryFailure(Failure):
    """Worth retrying later (the database is unreachable): exit 75, as cron expects."""

    exit_code = EXIT_TEMPORARY


class ConfigurationFailure(Failure):
    """Wrong until someone fixes the setup (no such database or role, a read-only file): exit 2, never 75,
    because a unit that treats 75 as success would fail silently forever."""

    exit_code = EXIT_CONFIGURATION


# --- shared options ------------------------------------------------------------


def db_option(function: F) -> F:
    return click.option(
        "--db",
        "db_url",
        envvar="TRACKER_DATABASE_URL",
        metavar="URL",
        help="Database URL or SQLite path (default: tracker.db in your data directory; env TRACKER_DATABASE_URL).",
    )(function)


def json_option(function: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts instead of text.")(function)


def axes_options(function: F) -> F:
    function = click.option(
        "--known-at",
        metavar="DATE",
        default="now",
        help="Knowledge time: only what had been reported by then (default now).",
    )(function)
    return click.option(
        "--as-of",
        metavar="DATE",
        default="now",
        help="World time: what had happened by then, e.g. 2025-10-15 or 2026-01 (default now).",
    )(function)


def reports_errors(function: F) -> F:
    """Turn library errors into one clear line and the right exit code."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except click.ClickException:
            raise
        except Exception as error:
            translated = _one_line_for(error, kwargs.get("db_url"))
            if translated is None:
                raise
            raise translated from None

    return wrapper  # type: ignore[return-value]


def _one_line_for(error: Exception, db_url: str | None) -> click.ClickException | None:
    """The line and exit code for a library error, or None for a bug (which keeps its traceback).

    The error classes are imported here, once something failed: a command that
    succeeds never loads the modules that define them (ingestion, SQLAlchemy's),
    and a use case's own refusal (an unknown deal) loads none of them either.
    """
    from tracker.app.errors import InvalidOption, Refused

    if isinstance(error, InvalidOption):
        return click.BadParameter(error.message, param_hint=option_hint(error.option))
    if isinstance(error, Refused):
        return Failure(str(error))
    from sqlalchemy.exc import DBAPIError, OperationalError

    from tracker.domain.amounts import InvalidAmount
    from tracker.domain.dates import InvalidDate
    from tracker.ingest.reports import ReportError
    from tracker.store.checkpoints import ProjectionError
    from tracker.store.engine import URL_VARIABLE, DatabaseUnusable, DatabaseUrlError, lasting_problem, safe_url
    from tracker.store.eventstore import ConcurrencyConflict
    from tracker.store.migrate import SchemaTooNew

    rejected = (ReportError, InvalidDate, InvalidAmount, ConcurrencyConflict, SchemaTooNew, ProjectionError)
    where = safe_url(db_url or "the database")
    if isinstance(error, DatabaseUrlError):
        return OneLineUsage(f"--db / {URL_VARIABLE}: {error}")
    if isinstance(error, DatabaseUnusable):
        return ConfigurationFailure(str(error))
    if isinstance(error, rejected):
        return Failure(str(error))
    if isinstance(error, OperationalError):
        lasting = lasting_problem(error)
        if lasting:
            return ConfigurationFailure(f"cannot use {where}: {lasting}")
        reason = str(error.orig).splitlines()[0] if error.orig else "unreachable"
        return TemporaryFailure(f"cannot use {where}: {reason}")
    if isinstance(error, DBAPIError):  # e.g. a role without the grants it needs
        reason = str(error.orig).splitlines()[0] if error.orig else type(error).__name__
        return Failure(f"{where} refused the operation: {reason}")
    return None


_HINTS = {
    "types": "--type",
    "event_id": "EVENT_ID",
    "deal": "DEAL",
    "terms": "--term",
    "report_id": "--id",
    "other_fields": "--field",
}


def option_hint(option: str) -> str:
    """The flag (or argument) a use case's parameter came in as: ``as_of`` is ``--as-of``."""
    return _HINTS.get(option, "--" + option.replace("_", "-"))


# --- helpers -------------------------------------------------------------------


def app_for(db_url: str | None, create: bool = False) -> App:
    """The app on an existing database; only commands that write (``create``) may make a new SQLite file."""
    from tracker.bootstrap import open_app
    from tracker.store.engine import missing_database, resolve_url

    problem = None if create else missing_database(resolve_url(db_url))
    if problem:
        raise Failure(problem)
    return open_app(db_url, say=_say)


def _say(message: str) -> None:
    click.echo(message, err=True)


def print_json(data: Any) -> None:
    import json

    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def render(renderable: Any, page: bool = False) -> None:
    """Print for the terminal; long output goes through a pager only when a person is reading.

    No cyclic collection while drawing: drawing makes many small objects, and
    each collection they set off would walk every value the command holds (a
    thousand deals' summaries) again, to free none of them.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        _print(renderable, page)
    finally:
        if collecting:
            gc.enable()


def _print(renderable: Any, page: bool) -> None:
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
