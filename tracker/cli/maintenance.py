"""`tracker export`, `tracker import` and `tracker backup`: getting the log out and back in.

The main group adds COMMANDS, as it does the reading commands.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from tracker.cli.common import Failure, app_for, db_option, reports_errors


@click.command("export")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="New file to write, owner-only (default: standard output).",
)
@click.option("--force", is_flag=True, help="With -o: replace the file if it exists (never through a symbolic link).")
@db_option
@reports_errors
def export_log(output: Path | None, force: bool, db_url: str | None) -> None:
    """Write the whole event log, hashes included, as JSON Lines: a portable backup.

    \b
    Example:
      tracker export -o tracker-2026-03-01.jsonl
    """
    from tracker.app.commands import export_log as write_export

    app = app_for(db_url)
    if output is None:
        write_export(app, sys.stdout)
        return
    from tracker.cli.files import PRIVATE, writing

    with writing(output, force, PRIVATE) as out:
        summary = write_export(app, out)
    click.echo(f"exported {summary.events} events to {output} (head {summary.head[:12]})")


@click.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@db_option
@reports_errors
def import_log(file: Path, db_url: str | None) -> None:
    """Load an export into an EMPTY database; the hash chain must verify, or nothing is written.

    \b
    Example:
      tracker import tracker-2026-03-01.jsonl --db postgresql+psycopg://tracker@db/tracker
    """
    from tracker.app.commands import import_log as load_export
    from tracker.store.backup import BackupError

    app = app_for(db_url, create=True)
    try:
        with file.open(encoding="utf-8") as lines:
            summary = load_export(app, lines, str(file))
    except BackupError as error:
        raise Failure(str(error)) from None
    except UnicodeDecodeError:
        raise Failure(f"{file}: expected UTF-8 JSON Lines") from None
    click.echo(f"imported {summary.events} events from {file}; hash chain intact (head {summary.head[:12]})")


@click.command("backup")
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--force", is_flag=True, help="Replace PATH if it exists (never through a symbolic link).")
@db_option
@reports_errors
def backup(path: Path, force: bool, db_url: str | None) -> None:
    """Copy a SQLite database to PATH while it is in use (SQLite's online backup), then verify the copy.

    For PostgreSQL use pg_dump, or `tracker export`.

    \b
    Example:
      tracker backup ~/backups/tracker-2026-03-01.db
    """
    from tracker.app.commands import backup_sqlite
    from tracker.app.errors import Refused
    from tracker.cli.files import PRIVATE, replacing
    from tracker.store.backup import BackupError

    with replacing(path, force, PRIVATE) as staged:  # a copy that does not verify never takes PATH's place
        try:
            result = backup_sqlite(db_url, staged)
        except (BackupError, Refused) as error:
            raise Failure(str(error).replace(str(staged), str(path))) from None
        if result.broken:
            raise Failure(
                f"{path}: the copy's chain is broken at position {result.broken.position}: {result.broken.reason}"
            )
    click.echo(f"backed up {result.checked} events to {path}; hash chain intact")


COMMANDS = (export_log, import_log, backup)
