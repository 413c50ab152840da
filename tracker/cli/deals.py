"""`tracker deal add`: a deal described from flags, as a report file's ``deals:`` entry describes one.

The main group adds the ``deal`` group. The command parses the flags into a
``DealDescription`` (which the use case checks as a file's entry), calls
``describe_deal`` and prints what became of it. Heavy modules are imported
inside the command, so `tracker --help` stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from tracker.cli.common import app_for, db_option, json_option, print_json, render, reports_errors

if TYPE_CHECKING:
    from tracker.app.commands import Described


@click.group("deal")
def deal() -> None:
    """Add a deal from flags, or describe one anew (a rename, other parties), with no file to write."""


@deal.command("add")
@click.argument("slug")
@click.option("--name", required=True, help="The deal's name, e.g. 'Acme–Beta merger'.")
@click.option(
    "--party",
    "parties",
    multiple=True,
    metavar="NAME:ROLE",
    help="A party and its role, e.g. Nvidia:investor (repeat; split at the last ':', so a name may hold one).",
)
@click.option("--kind", metavar="KIND", help="What kind of deal, e.g. investment or funding_round (default deal).")
@click.option(
    "--headline-term", metavar="TERM", help="The term whose amount is the deal's headline (default investment)."
)
@click.option(
    "--link",
    "links",
    multiple=True,
    metavar="DEAL:RELATION",
    help="A related deal, e.g. openai-funding-round:part_of (repeat; relations as in a report file's links).",
)
@click.option(
    "--described-at",
    metavar="DATE",
    help="When this description became known, e.g. 2026-02-19 (default now); the latest one names the deal.",
)
@db_option
@json_option
@reports_errors
def add(
    slug: str,
    name: str,
    parties: tuple[str, ...],
    kind: str | None,
    headline_term: str | None,
    links: tuple[str, ...],
    described_at: str | None,
    db_url: str | None,
    as_json: bool,
) -> None:
    """Add a deal, or describe it anew, as a report file's `deals:` entry would. Safe to repeat.

    The same description again appends nothing; another name or other parties
    for a known deal name it from --described-at (or now). Then `tracker record
    SLUG ...` adds its developments.

    \b
    Examples:
      tracker deal add acme-beta --name "Acme–Beta merger" --kind merger \\
        --party Acme:acquirer --party Beta:target
      tracker deal add acme-beta --name "Acme–Beta (called off)" --party Acme:acquirer --party Beta:target
    """
    from tracker.app.commands import DealDescription, describe_deal
    from tracker.app.errors import InvalidOption

    try:
        description = DealDescription(
            slug=slug,
            name=name,
            parties=tuple(_pair(spec, "--party", "NAME:ROLE", "Nvidia:investor") for spec in parties),
            kind=kind,
            headline_term=headline_term,
            links=tuple(_pair(spec, "--link", "DEAL:RELATION", "openai-funding-round:part_of") for spec in links),
            described_at=described_at,
        )
    except InvalidOption as error:
        if error.option != "slug":
            raise
        raise click.BadParameter(error.message, param_hint="SLUG") from None
    done = describe_deal(app_for(db_url, create=True), description)  # checked first: a refusal writes nothing
    if as_json:
        print_json(_document(done))
        return
    render(_confirmation(done))


def _pair(spec: str, flag: str, shape: str, example: str) -> tuple[str, str]:
    """'Foo: Bar Inc:investor' is ('Foo: Bar Inc', 'investor'): only the last ':' separates."""
    first, sep, second = spec.rpartition(":")
    if not sep or not first.strip() or not second.strip():
        raise click.BadParameter(f"{spec!r}: expected {shape} with neither side empty, e.g. {example}", param_hint=flag)
    return first.strip(), second.strip()


def _confirmation(done: Described) -> Any:
    from rich.text import Text

    from tracker.render.theme import day, safe

    event = done.event
    deal_text = safe(event.deal, "tracker.title")
    named = Text.assemble(deal_text, ": ", safe(event.name), f" (event {event.event_id})")
    if not done.appended:
        said = Text.assemble("already stored: ", named, "; nothing appended")
    elif done.new_deal:
        said = Text.assemble("added deal ", named, f", known from {day(event.reported_at)}")
    else:
        said = Text.assemble("described anew ", named, f", from {day(event.reported_at)}")
    if done.names_the_deal:
        return said
    return Text.assemble(
        said,
        "\nnote: a description reported later still names ",
        safe(event.deal),
        "; give --described-at after it for this one to win",
    )


def _document(done: Described) -> dict[str, Any]:
    from tracker.render.json import instant, schema_name

    event = done.event
    return {
        "schema": schema_name("deal-add"),
        "deal": event.deal,
        "event_id": str(event.event_id),
        "appended": done.appended,
        "new_deal": done.new_deal,
        "names_the_deal": done.names_the_deal,
        "name": event.name,
        "kind": event.kind,
        "headline_term": event.headline_term,
        "parties": [{"name": party.name, "role": party.role} for party in event.parties],
        "links": [{"deal": link.deal, "relation": link.relation} for link in event.links],
        "described_at": instant(event.reported_at),
    }
