"""`tracker read` and `tracker review`: news in as candidates, and a person's decision on each.

`read` turns article pages, text files and feeds into pending candidates;
`review` steps through them on a terminal (accept, edit in $EDITOR, reject,
skip), and its subcommands do the same for scripts. Heavy modules are
imported inside the commands, so `tracker --help` stays fast.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import click

from tracker.cli.common import (
    EXIT_REJECTED,
    EXIT_TEMPORARY,
    app_for,
    db_option,
    json_option,
    print_json,
    render,
    reports_errors,
)

if TYPE_CHECKING:
    from tracker.bootstrap import App
    from tracker.domain.news import StoredCandidate


@click.command()
@click.argument("inputs", nargs=-1, required=True, metavar="PATH|URL...")
@click.option("--deal", metavar="SLUG", help="Only candidates for this deal.")
@click.option("--publisher", help="Who published it (plain text; overrides the page).")
@click.option("--published-at", metavar="DATE", help="When it was published, with its zone: 2026-02-19T09:30+01:00.")
@click.option("--language", type=click.Choice(["fr", "en"]), help="The article's language (overrides the page).")
@click.option("--url", help="The article's address (for a local file).")
@click.option("--title", help="The article's title (overrides the page).")
@click.option("--timeout", type=float, default=10.0, show_default=True, help="HTTP timeout in seconds.")
@click.option("--max-bytes", type=int, default=8 * 1024 * 1024, show_default=True, help="Largest page accepted.")
@db_option
@json_option
@reports_errors
def read(inputs: tuple[str, ...], deal: str | None, db_url: str | None, as_json: bool, **given: Any) -> None:
    """Read article pages (HTML), text files and RSS/Atom feeds into candidates for review. Never writes events.

    An article read before (same address without tracking parameters, or the
    same text) adds nothing. Exit status: 0 read, 1 some input could not be
    used (the rest was read), 75 some source failed for now (try again later).

    \b
    Examples:
      tracker read https://example.org/news/nvidia-openai.html
      tracker read article.txt --publisher Reuters --published-at 2026-02-19T14:00+00:00 --language en
      tracker review
    """
    from tracker.app.news import read_news
    from tracker.ingest.http import Politeness

    politeness = Politeness(timeout=given.pop("timeout"), max_bytes=given.pop("max_bytes"))
    done = read_news(app_for(db_url, create=True), inputs, _given(given), deal, politeness)
    if as_json:
        from tracker.render.news_json import read_document

        print_json(read_document(done.articles, done.rejected, done.unavailable, done.not_kept))
    else:
        from tracker.render.news import read_listing

        render(read_listing(done.articles))
        for line in done.not_kept:
            click.echo(line)
        pending = sum(len(k.candidates) for k in done.articles)
        if pending:
            click.echo(f"{pending} candidate(s) wait for review: `tracker review`", err=True)
    for line in done.rejected + done.unavailable:
        click.echo(f"tracker: error: {line}", err=True)
    if done.rejected:
        sys.exit(EXIT_REJECTED)
    if done.unavailable:
        sys.exit(EXIT_TEMPORARY)


def _given(flags: dict[str, Any]) -> Any:
    from tracker.app.news import given_of

    return given_of(**flags)


@click.group(invoke_without_command=True)
@click.option("--deal", metavar="SLUG", help="Only candidates for this deal.")
@db_option
@click.pass_context
@reports_errors
def review(ctx: click.Context, deal: str | None, db_url: str | None) -> None:
    """Review pending candidates on a terminal: accept, edit ($EDITOR), reject with a reason, skip.

    \b
    For scripts:
      tracker review list --json
      tracker review accept 12 13
      tracker review reject 14 --reason "not about this deal"
      tracker review stats
    """
    if ctx.invoked_subcommand is not None:
        return
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise click.UsageError("review steps through candidates on a terminal; for scripts use `tracker review list`")
    from tracker.app.news import pending_candidates

    app = app_for(db_url)
    waiting = pending_candidates(app, deal)
    if not waiting:
        click.echo("No candidate waits for review.")
        return
    for number, stored in enumerate(waiting, 1):
        if _review_one(app, stored, number, len(waiting)) == "quit":
            break


def _review_one(app: App, stored: StoredCandidate, number: int, total: int) -> str:
    from tracker.render.news import candidate_card

    click.echo()
    click.echo(f"[{number}/{total}]")
    render(candidate_card(stored))
    while True:
        choice = click.prompt(
            "[a]ccept, [e]dit, [r]eject, [s]kip, [q]uit",
            type=click.Choice(["a", "e", "r", "s", "q"]),
            show_choices=False,
        )
        if choice == "s":
            return "skip"
        if choice == "q":
            return "quit"
        if choice == "r":
            _reject(app, [stored.id], click.prompt("Reason"))
            return "done"
        if choice == "a" and _try(app, stored):
            return "done"
        if choice == "e" and _edit(app, stored):
            return "done"


def _try(app: App, stored: StoredCandidate, edited: dict[str, Any] | None = None) -> bool:
    """Accept; a refused report is shown and the candidate stays for another choice."""
    from tracker.app.errors import Refused

    try:
        _accept(app, [stored.id], edited)
    except Refused as error:
        click.echo(f"tracker: error: {error}", err=True)
        return False
    return True


def _edit(app: App, stored: StoredCandidate) -> bool:
    """Open the candidate as a report file in $EDITOR; saved, it is validated and accepted, else edited again."""
    from tracker.app.news import candidate_report_text, edited_document

    text = candidate_report_text(app, stored)
    while True:
        changed = click.edit(text, extension=".yaml", require_save=True)
        if changed is None:
            click.echo("not saved: nothing changed")
            return False
        try:
            document = edited_document(changed, f"candidate {stored.id}")
        except ValueError as error:
            click.echo(f"tracker: error: {error}", err=True)
            text = changed
            if not click.confirm("Edit again?", default=True):
                return False
            continue
        if _try(app, stored, document):
            return True
        text = changed
        if not click.confirm("Edit again?", default=True):
            return False


@review.command("list")
@click.option("--deal", metavar="SLUG", help="Only candidates for this deal.")
@click.option(
    "--status",
    type=click.Choice(["pending", "accepted", "rejected", "all"]),
    default="pending",
    show_default=True,
    help="Which candidates.",
)
@db_option
@json_option
@reports_errors
def list_candidates(deal: str | None, status: str, db_url: str | None, as_json: bool) -> None:
    """List candidates, grouped by the article they come from."""
    from tracker.app.news import listed_candidates

    found = listed_candidates(app_for(db_url), deal, None if status == "all" else status)
    if as_json:
        from tracker.render.news_json import review_list_document

        print_json(review_list_document(found))
        return
    from tracker.render.news import queue_listing

    render(queue_listing(found))


@review.command("accept")
@click.argument("ids", nargs=-1, type=int, required=True, metavar="ID...")
@db_option
@reports_errors
def accept_candidates(ids: tuple[int, ...], db_url: str | None) -> None:
    """Accept candidates: each report goes through the normal ingest path into the log."""
    _accept(app_for(db_url), list(ids))


def _accept(app: App, ids: list[int], edited: dict[str, Any] | None = None) -> None:
    """One at a time, each said as it lands: a refusal stops there, with those before it accepted and said."""
    from tracker.app.news import accept

    for candidate in dict.fromkeys(ids):
        for done in accept(app, [candidate], edited):
            made = ", ".join(f"{e.event_id} ({e.event_type})" for e in done.appended) or "nothing new (already stored)"
            click.echo(f"accepted #{done.candidate}: {made}")


@review.command("reject")
@click.argument("ids", nargs=-1, type=int, required=True, metavar="ID...")
@click.option("--reason", required=True, help="Why: kept with the candidate and counted per rule.")
@db_option
@reports_errors
def reject_candidates(ids: tuple[int, ...], reason: str, db_url: str | None) -> None:
    """Reject candidates with a reason; they never come back."""
    _reject(app_for(db_url), list(ids), reason)


def _reject(app: App, ids: list[int], reason: str) -> None:
    from tracker.app.news import reject

    for rejected in reject(app, ids, reason):
        click.echo(f"rejected #{rejected}")


@review.command("stats")
@db_option
@json_option
@reports_errors
def stats(db_url: str | None, as_json: bool) -> None:
    """How candidates were decided: accepted, edited, rejected, pending, per extraction rule."""
    from tracker.app.news import review_stats

    counts = review_stats(app_for(db_url))
    if as_json:
        from tracker.render.news_json import review_stats_document

        print_json(review_stats_document(counts))
        return
    from tracker.render.news import stats_table

    render(stats_table(counts))


COMMANDS = (read, review)
