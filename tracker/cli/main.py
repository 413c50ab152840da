"""The `tracker` command: parse, call the library, render.

Only click is imported at start-up; SQLAlchemy, Alembic, pendulum and rich
are imported inside the commands that use them so `tracker --help` is fast.
User mistakes become one line on stderr and a non-zero exit, never a traceback.
Exit codes: 0 done, 1 input rejected or check failed, 2 usage or configuration,
75 try again later (only what may pass by itself), 130 interrupted.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from tracker.cli.common import (
    Failure,
    TrackerGroup,
    db_option,
    json_option,
    print_json,
    render,
    reports_errors,
)
from tracker.cli.common import app_for as _app
from tracker.cli.deals import deal as deal_group
from tracker.cli.maintenance import COMMANDS as MAINTENANCE_COMMANDS
from tracker.cli.news import COMMANDS as NEWS_COMMANDS
from tracker.cli.reading import COMMANDS as READING_COMMANDS

# --- commands ------------------------------------------------------------------


@click.group(cls=TrackerGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="deal-tracker")
@click.option(
    "--tz",
    "zone",
    metavar="ZONE",
    help="Show times in this zone, e.g. Europe/Paris (default: env TZ, else UTC); JSON stays UTC.",
)
@click.pass_context
def cli(ctx: click.Context, zone: str | None) -> None:
    """Follow business deals as the news reports them, at any date.

    \b
    Quick look at the Nvidia–OpenAI saga:
      tracker ingest seeds/
      tracker timeline nvidia-openai
      tracker state nvidia-openai --as-of 2026-02-15 --known-at 2025-12-31
    """
    from tracker.render.zone import UnknownZone, checked_zone, shown_in

    try:
        chosen = checked_zone(zone) if zone is not None else _zone_of_the_environment()
    except UnknownZone as error:
        raise click.BadParameter(str(error), param_hint="--tz") from None
    ctx.with_resource(shown_in(chosen))


def _zone_of_the_environment() -> str:
    """TZ names the reader's zone; an empty or unreadable one (say a POSIX rule) is not worth a failed command."""
    from tracker.render.zone import UnknownZone, checked_zone

    try:
        return checked_zone(os.environ.get("TZ") or "UTC")
    except UnknownZone:
        return "UTC"


for _command in READING_COMMANDS + MAINTENANCE_COMMANDS + NEWS_COMMANDS:
    cli.add_command(_command)
cli.add_command(deal_group)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--inbox",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder to drain: files move to archive/ or quarantine/.",
)
@click.option(
    "--archive",
    type=click.Path(path_type=Path, file_okay=False),
    help="Where processed inbox files go (default INBOX/archive).",
)
@click.option(
    "--quarantine",
    type=click.Path(path_type=Path, file_okay=False),
    help="Where rejected files go with a .error (default INBOX/quarantine).",
)
@click.option(
    "--url", "urls", multiple=True, metavar="URL", help="HTTP(S) source of report files, polled conditionally."
)
@click.option(
    "--config", "config_path", type=click.Path(path_type=Path, dir_okay=False), help="TOML file with an [ingest] table."
)
@click.option("--dry-run", is_flag=True, help="Validate everything, write nothing, move nothing.")
@click.option(
    "--allow-future",
    is_flag=True,
    default=None,
    help="Take developments and sources dated after today as written (else refused: a mistyped year?).",
)
@click.option("--quiet", is_flag=True, help="Print nothing when all went well.")
@click.option("--verbose", is_flag=True, help="One line per input on stdout.")
@click.option(
    "--log-file", type=click.Path(path_type=Path, dir_okay=False), help="Append a log of the run to this file."
)
@click.option(
    "--lock-file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Lock that keeps runs apart (default: beside the database).",
)
@click.option(
    "--settle", "settle_seconds", type=float, help="Leave inbox files changed in the last N seconds (default 2)."
)
@click.option("--timeout", type=float, help="HTTP timeout in seconds (default 10).")
@click.option("--retries", type=int, help="HTTP retries with backoff (default 3).")
@click.option("--max-bytes", type=int, help="Largest HTTP body accepted (default 64 MiB).")
@db_option
@json_option
@reports_errors
def ingest(db_url: str | None, as_json: bool, **options: Any) -> None:
    """Ingest report files (YAML, JSON, JSON Lines) from paths, an inbox folder and URLs. Safe to repeat.

    Each input goes in whole or not at all; a rejected one does not stop the others.
    Exit status: 0 all good, 1 some input or source rejected (the rest went in),
    2 usage or configuration error (the line says what to fix), 75 try again later
    (another run holds the lock, the database is busy or unreachable, a source
    answers 5xx or times out), 130 interrupted.

    \b
    Examples:
      tracker ingest seeds/
      tracker ingest --inbox /var/lib/deal-tracker/inbox --url https://example.org/feed.jsonl --quiet
      tracker ingest --config /etc/deal-tracker/ingest.toml
    """
    from tracker.cli.ingesting import run_ingest_command

    sys.exit(run_ingest_command(db_url, as_json, options))


@cli.command()
@click.option("-n", "limit", default=20, show_default=True, help="How many recent runs.")
@db_option
@json_option
@reports_errors
def runs(limit: int, db_url: str | None, as_json: bool) -> None:
    """Show recent ingestion runs: when, what they read, what they appended or rejected."""
    from tracker.app.queries import recent_runs
    from tracker.render.json import runs_document

    rows = recent_runs(_app(db_url), limit)
    if as_json:
        print_json(runs_document(rows))
        return
    from tracker.render.lists import runs_table

    render(runs_table(rows))


@cli.command()
@click.argument("deal")
@click.option("--type", "event_type", required=True, metavar="TYPE", help="Event type, e.g. deal_suspended.")
@click.option("--occurred", required=True, metavar="DATE", help="When it happened: 2026-01, 2025-09-22, 2025?")
@click.option("--summary", required=True, help="One line saying what happened.")
@click.option("--publisher", required=True, help="Who published the report.")
@click.option("--published-at", required=True, metavar="DATE", help="When the report was published.")
@click.option("--title", help="Title of the article.")
@click.option("--url", help="Link to the article.")
@click.option("--quote", help="The sentence the development rests on.")
@click.option("--language", default="en", show_default=True, help="Language of the source (amounts are read in it).")
@click.option(
    "--attribution",
    default="reported",
    show_default=True,
    type=click.Choice(["confirmed", "reported", "unconfirmed", "denied"]),
)
@click.option(
    "--cites", multiple=True, metavar="OUTLET[@DATE]", help="Outlet the report cites, e.g. Reuters@2026-02-19."
)
@click.option(
    "--term", "terms", multiple=True, metavar="NAME=AMOUNT", help="A term, e.g. investment='up to $100 billion'."
)
@click.option("--party", help="The party (participants, denials, statements).")
@click.option("--role", help="The participant's role, e.g. investor.")
@click.option("--speaker", help="Who spoke, for statements.")
@click.option(
    "--stage", type=click.Choice(["in_talks", "letter_of_intent", "signed"]), help="Status after a restructuring."
)
@click.option(
    "--topic",
    type=click.Choice(["market", "plan", "competition", "financials", "strategy", "other"]),
    help="Kind of context.",
)
@click.option("--binding/--non-binding", default=None, help="Whether a letter of intent binds the parties.")
@click.option("--amount", help="A participant's amount, e.g. '$50 billion'.")
@click.option("--regarding", metavar="ID", help="The report or event this one is about.")
@click.option(
    "--field",
    "other_fields",
    multiple=True,
    metavar="NAME=VALUE",
    help="Any other field of the type's reports, as in a report file: --field authority='UK CMA' "
    "--field kind=antitrust --field status=blocked; lists comma-separated (parties=A,B).",
)
@click.option(
    "--id",
    "report_id",
    help="Your id for this report: recording it again is a no-op, other content under it is refused.",
)
@click.option("--expected-version", type=int, help="Fail if the deal has changed since you read this version.")
@click.option(
    "--allow-future", is_flag=True, help="Take a date after today as written (else refused: a mistyped year?)."
)
@db_option
@reports_errors
def record(deal: str, db_url: str | None, expected_version: int | None, allow_future: bool, **flags: Any) -> None:
    """Record one development from flags, validated like an ingested report.

    \b
    Example:
      tracker record nvidia-openai --type deal_suspended --occurred 2026-01 \\
        --summary "Talks on ice" --publisher WSJ --published-at 2026-01-30
    """
    from tracker.app.commands import Development, record

    flags["terms"] = tuple(_term(t) for t in flags["terms"])
    flags["other_fields"] = tuple(_pair(f, "--field", "NAME=VALUE") for f in flags["other_fields"])
    flags["cites"] = tuple(flags["cites"])
    recorded = record(
        _app(db_url, create=True),
        Development(deal=deal, type=flags.pop("event_type"), **flags),
        expected_version,
        allow_future=allow_future,
    )
    for event in recorded.appended:
        click.echo(f"recorded {event.event_id} ({event.event_type}) on {deal}")
    for event in recorded.duplicates:
        click.echo(f"already stored: {event.event_id}; nothing appended")


def _term(text: str) -> tuple[str, str]:
    return _pair(text, "--term", "NAME=AMOUNT")


def _pair(text: str, flag: str, shape: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name.strip() or not value.strip():
        raise click.BadParameter(f"{text!r}: expected {shape}", param_hint=flag)
    return name.strip(), value.strip()


@cli.command()
@click.argument("event_id")
@click.option("--reason", required=True, help="Why the event should not stand.")
@db_option
@reports_errors
def retract(event_id: str, reason: str, db_url: str | None) -> None:
    """Retract an event by id (or a unique prefix of it). Nothing is deleted: a correction is appended.

    \b
    Example:
      tracker retract 3f2a9c1e --reason "The outlet withdrew the story"
    """
    from tracker.app.commands import retract as retract_event

    done = retract_event(_app(db_url), event_id, reason)
    click.echo(f"retracted {done.target.event_id} with {done.retraction.event_id}")
    if done.restored is not None:
        click.echo(
            f"{done.restored} is still retracted by another retraction"
            if done.still_retracted
            else f"restored {done.restored}"
        )
    elif done.unamended is not None:
        click.echo(f"{done.unamended} no longer carries that amendment")


@cli.command()
@db_option
@reports_errors
def verify(db_url: str | None) -> None:
    """Walk the hash chain and name the first broken link, if any. Exit 1 if broken."""
    from tracker.app.commands import verify as verify_chain

    result = verify_chain(_app(db_url))
    if result.broken:
        link = result.broken
        raise Failure(f"chain broken at position {link.position} (event {link.event_id}): {link.reason}")
    click.echo(f"ok: {result.checked} events, hash chain intact")


@cli.group()
def db() -> None:
    """Database maintenance."""


@db.command()
@db_option
@reports_errors
def upgrade(db_url: str | None) -> None:
    """Create or migrate the database schema to the newest revision."""
    from tracker.app.commands import upgrade_schema

    done = upgrade_schema(db_url)
    click.echo(f"{done.url}: schema at revision {done.after} (was {done.before or 'empty'})")
