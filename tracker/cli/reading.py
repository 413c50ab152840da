"""The reading commands: deals, state, timeline, diff, chart and the interactive view.

Each parses its flags, calls one query of ``tracker.app.queries`` and hands
the answer to one renderer. Heavy modules are imported inside the commands.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from tracker.cli.common import (
    Failure,
    app_for,
    axes_options,
    db_option,
    print_json,
    render,
    reports_errors,
)

FORMATS = ("text", "json", "markdown", "html", "svg", "csv", "timelinejs")


def format_options(function: Any) -> Any:
    """--format with --json as its short form, and -o to write an export to a file (--force to replace one)."""
    function = click.option(
        "--force", is_flag=True, help="With -o: replace the file if it exists (never through a symbolic link)."
    )(function)
    function = click.option(
        "-o",
        "--output",
        type=click.Path(path_type=Path, dir_okay=False),
        help="Write to this new file instead of standard output (written whole, or not at all).",
    )(function)
    function = click.option("--json", "as_json", is_flag=True, help="Same as --format json.")(function)
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(FORMATS),
        default="text",
        show_default=True,
        help="text for the terminal; json for scripts; the others for people who write.",
    )(function)


@click.command()
@click.option("--party", metavar="NAME", help="Only deals this party takes part in, and how they link.")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts instead of text.")
@axes_options
@reports_errors
def deals(party: str | None, db_url: str | None, as_json: bool, as_of: str, known_at: str) -> None:
    """List deals with their status, headline amount and last change, and the links between them.

    \b
    Example:
      tracker deals --party Nvidia
    """
    from tracker.app import queries

    app = app_for(db_url)
    listing = queries.deal_listing(app, queries.cut(app, as_of, known_at), party)
    if as_json:
        from tracker.render.json import deals_document

        print_json(deals_document(listing.summaries))
        return
    from tracker.render.lists import deals_table

    render(deals_table(listing.summaries, listing.stored))


@click.command()
@click.argument("deal")
@click.option(
    "--summary",
    is_flag=True,
    help="Only what stands (status, headline, terms, parties, last change), from the state index: "
    "milliseconds however long the deal, but no history, sources or superseded terms. "
    "Text or JSON.",
)
@click.option(
    "--all-history",
    is_flag=True,
    help="List every superseded term, past dispute and maybe-happened development (the box shows the latest 10).",
)
@db_option
@format_options
@axes_options
@reports_errors
def state(
    deal: str,
    summary: bool,
    all_history: bool,
    db_url: str | None,
    output_format: str,
    as_json: bool,
    output: Path | None,
    force: bool,
    as_of: str,
    known_at: str,
) -> None:
    """Show a deal's state as a fact box: status, headline, terms, conflicts, sources.

    \b
    Examples:
      tracker state nvidia-openai
      tracker state nvidia-openai --as-of 2026-02-15 --known-at 2025-12-31 --json
      tracker state nvidia-openai --format markdown -o state.md
      tracker state nvidia-openai --summary --known-at 2025-12-31
    """
    from tracker.render.factbox import HISTORY_SHOWN, fact_box

    chosen = _chosen_format(as_json, output_format)
    if chosen == "timelinejs":
        raise click.BadParameter(
            "a state is one moment, not a timeline: use `tracker timeline DEAL --format timelinejs`, "
            "or another --format for the state",
            param_hint="--format",
        )
    if summary and chosen not in ("text", "json"):
        raise click.BadParameter(
            f"a summary has no history for --format {chosen}: expected text or json", param_hint="--summary"
        )
    from tracker.app import queries

    app = app_for(db_url)
    at, shown = queries.cut(app, as_of, known_at), None if all_history else HISTORY_SHOWN
    if summary:
        answer = queries.deal_summary(app, deal, at)
    elif chosen in ("text", "html", "svg"):  # a fact box: the latest history is all it shows
        answer = queries.deal_facts(app, deal, at, shown)
    else:
        answer = queries.deal_state(app, deal, at)
    if chosen == "text" and output is None:
        render(fact_box(answer.state, shown))
        return
    _emit(_state_export(answer.state, chosen, answer.version, shown), output, force)


def _state_export(projected: Any, chosen: str, version: int, shown: int | None) -> str:
    from tracker.render import export
    from tracker.render import json as json_render
    from tracker.render.factbox import as_of_title, fact_box

    writers = {
        "text": lambda: export.recorded(fact_box(projected, shown), "text", as_of_title(projected)),
        "json": lambda: _json_text(json_render.state_document(projected, version)),
        "markdown": lambda: export.markdown_state(projected),
        "html": lambda: export.recorded(fact_box(projected, shown), "html", as_of_title(projected)),
        "svg": lambda: export.recorded(fact_box(projected, shown), "svg", as_of_title(projected)),
        "csv": lambda: export.csv_state(projected),
    }
    return writers[chosen]()


@click.command()
@click.argument("deal")
@click.option("--since", metavar="DATE", help="Only developments from this date on (world time), e.g. 2026-01.")
@click.option("--until", metavar="DATE", help="Only developments up to this date (world time).")
@click.option(
    "--type",
    "types",
    multiple=True,
    metavar="TYPE",
    help="Only these event types (repeat, or separate with commas), e.g. deal_suspended.",
)
@click.option("--party", metavar="NAME", help="Only developments in which this party acts or is named.")
@click.option("--source", metavar="OUTLET", help="Only developments published or cited by this outlet.")
@click.option("--grep", metavar="WORDS", help="Only developments whose text contains these words (any case).")
@click.option("-n", "limit", type=click.IntRange(min=0), metavar="N", help="Only the N most recent matches.")
@click.option("--reverse", is_flag=True, help="Newest first.")
@click.option("--show-later", is_flag=True, help="Also show, dimmed below the as-of line, what happened later.")
@click.option("--pager/--no-pager", default=True, help="Page long output on a terminal (default on).")
@db_option
@format_options
@axes_options
@reports_errors
def timeline(
    deal: str,
    db_url: str | None,
    output_format: str,
    as_json: bool,
    output: Path | None,
    force: bool,
    as_of: str,
    known_at: str,
    show_later: bool,
    pager: bool,
    **filters: Any,
) -> None:
    """Show a deal's developments in the order they happened, with their sources.

    \b
    Examples:
      tracker timeline nvidia-openai --as-of 2026-01-31
      tracker timeline nvidia-openai --since 2026-01 --source "Wall Street Journal" --grep "on ice"
      tracker timeline nvidia-openai --format timelinejs -o nvidia-openai.json
    """
    from tracker.app import queries
    from tracker.render.timeline import TimelineView

    app = app_for(db_url)
    at = queries.cut(app, as_of, known_at)
    selection = queries.timeline_filter(
        types=filters["types"],
        since=filters["since"],
        until=filters["until"],
        party=filters["party"],
        source=filters["source"],
        grep=filters["grep"],
        limit=filters["limit"],
        newest_first=filters["reverse"],
    )
    chosen = _chosen_format(as_json, output_format)
    if chosen in ("text", "html", "svg"):  # a view of the entries shown, which a deal's head may answer
        view = TimelineView(queries.timeline_page(app, deal, at, selection, show_later))
        if chosen == "text" and output is None:
            render(view, page=pager)
            return
        _emit(_timeline_view_export(view, chosen), output, force)
        return
    answer = queries.deal_timeline(app, deal, at, selection, show_later)
    _emit(_timeline_export(answer, chosen), output, force)


def _timeline_view_export(view: Any, chosen: str) -> str:
    from tracker.render import export

    return export.recorded(view, chosen, view.page.summary.name)


def _timeline_export(answer: Any, chosen: str) -> str:
    from tracker.render import export
    from tracker.render import json as json_render

    state, entries = answer.state, answer.entries
    writers = {
        "json": lambda: _json_text(json_render.timeline_document(state, entries, answer.later)),
        "markdown": lambda: export.markdown_timeline(state, entries),
        "csv": lambda: export.csv_timeline(state, entries),
        "timelinejs": lambda: _json_text(export.timelinejs(state, entries)),
    }
    return writers[chosen]()


@click.command()
@click.argument("deal")
@click.option("--from", "start", required=True, metavar="DATE", help="The earlier date.")
@click.option("--to", "end", default="now", show_default=True, metavar="DATE", help="The later date.")
@click.option(
    "--axis",
    type=click.Choice(["world", "knowledge"]),
    default="world",
    show_default=True,
    help="world: what had happened by each date; knowledge: what had been reported by each date.",
)
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts instead of text.")
@axes_options
@reports_errors
def diff(
    deal: str, start: str, end: str, axis: str, db_url: str | None, as_json: bool, as_of: str, known_at: str
) -> None:
    """What changed in a deal between two dates, each change with the event and source behind it.

    On the world axis --from/--to move the as-of date (knowledge fixed by --known-at);
    on the knowledge axis they move the known-at date (world time fixed by --as-of).

    \b
    Examples:
      tracker diff nvidia-openai --from 2025-10-15 --to 2026-02-15
      tracker diff nvidia-openai --from 2025-12-31 --to 2026-02-28 --axis knowledge
    """
    from tracker.app import queries

    _refuse_a_fixed_axis_that_moves(axis)
    app = app_for(db_url)
    fixed = known_at if axis == "world" else as_of
    answer = queries.deal_diff(app, deal, "world" if axis == "world" else "knowledge", start, end, fixed)
    before, after, changes = answer.before, answer.after, answer.changes
    if as_json:
        from tracker.render.json import diff_document

        print_json(diff_document(before, after, axis, changes))
        return
    from tracker.render.diff import diff_view

    render(diff_view(before, after, axis, changes))


def _refuse_a_fixed_axis_that_moves(axis: str) -> None:
    """The axis --from/--to move; giving its own flag too would be silently overridden, so it is refused."""
    from click.core import ParameterSource

    moving = "as_of" if axis == "world" else "known_at"
    if click.get_current_context().get_parameter_source(moving) is not ParameterSource.DEFAULT:
        flag, other = f"--{moving.replace('_', '-')}", "knowledge" if axis == "world" else "world"
        raise click.BadParameter(
            f"on the {axis} axis --from and --to give the {flag} dates: drop {flag}, or use --axis {other}",
            param_hint=flag,
        )


@click.command()
@click.argument("deal")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts instead of text.")
@axes_options
@reports_errors
def chart(deal: str, db_url: str | None, as_json: bool, as_of: str, known_at: str) -> None:
    """Draw the headline amount over time as a step chart, with the developments that moved it.

    \b
    Example:
      tracker chart nvidia-openai --known-at 2026-02-28
    """
    from tracker.app import queries

    app = app_for(db_url)
    answer = queries.deal_chart(app, deal, queries.cut(app, as_of, known_at))
    projected, steps = answer.state, answer.steps
    if as_json:
        from tracker.render.json import chart_document

        print_json(chart_document(projected, steps))
        return
    from tracker.render.chart import StepChart

    render(StepChart(projected, steps))


@click.command()
@click.argument("deal")
@db_option
@axes_options
@reports_errors
def view(deal: str, db_url: str | None, as_of: str, known_at: str) -> None:
    """Browse a deal interactively: the timeline beside the state as of the selected development.

    \b
    Keys: ↑/↓ or j/k move · t switches world/knowledge time · / searches
          n next match · Enter shows the event, its sources and quotes
          c shows the candidates from the news awaiting review · q quits
    """
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise Failure("tracker view needs an interactive terminal; use `tracker timeline` to print the timeline")
    try:
        from tracker.tui.app import DealViewer
    except ImportError:
        raise Failure("tracker view needs textual: pip install 'deal-tracker[view]'") from None
    from tracker.app import queries
    from tracker.app.news import pending_candidates

    app = app_for(db_url)
    at = queries.cut(app, as_of, known_at)
    history = queries.deal_history(app, deal)
    DealViewer(history, history.state(at), pending_candidates(app, deal)).run()


def _json_text(data: Any) -> str:
    import json

    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _chosen_format(as_json: bool, output_format: str) -> str:
    """--json is short for --format json; with another --format it would silently win, so it is refused."""
    if as_json and output_format not in ("text", "json"):
        raise click.BadParameter(
            f"--json and --format {output_format} ask for two formats: expected one of them", param_hint="--json"
        )
    return "json" if as_json else output_format


def _emit(text: str, output: Path | None, force: bool) -> None:
    if output is None:
        click.echo(text, nl=False)
        return
    from tracker.cli.files import write_text

    write_text(output, text, force)
    click.echo(f"wrote {output}", err=True)


COMMANDS = (deals, state, timeline, diff, chart, view)
