"""Commands: what changes the log (record, describe a deal, retract, ingest, import) and the upkeep around it.

A recorded development and a deal described from flags go through the same
validation and building as a report file, so a flag can say nothing a file could not.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any
from uuid import UUID

import pendulum
from pendulum import DateTime

from tracker.app.errors import InvalidOption, Refused
from tracker.bootstrap import App
from tracker.domain.events import (
    CORRECTION_TYPES,
    REPORT_TYPES,
    DealDescribed,
    Event,
    EventAmended,
    EventRetracted,
)
from tracker.domain.fold import removed_ids
from tracker.ingest.lock import exclusive
from tracker.ingest.references import correction_problem
from tracker.ingest.reports import ReportError, build_batch
from tracker.ingest.runner import Plan, Progress, RunResult, run
from tracker.ingest.service import refuse_reused_ids, require_known_deals, require_real_references, second_tellings
from tracker.store.appending import UnitOfWork
from tracker.store.backup import Summary as ExportSummary
from tracker.store.backup import import_lines, write_export
from tracker.store.codec import iso_utc
from tracker.store.engine import default_database_path, resolve_url
from tracker.store.eventstore import AppendResult, NewEvent, Verification

# --- record ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Development:
    """One development as a person gives it on the command line: the fields of a report with one source."""

    deal: str
    type: str
    occurred: str
    summary: str
    publisher: str
    published_at: str
    title: str | None = None
    url: str | None = None
    quote: str | None = None
    language: str = "en"
    attribution: str = "reported"
    cites: tuple[str, ...] = ()  # "OUTLET" or "OUTLET@DATE"
    terms: tuple[tuple[str, str], ...] = ()  # (name, amount text)
    party: str | None = None
    role: str | None = None
    speaker: str | None = None
    stage: str | None = None
    topic: str | None = None
    binding: bool | None = None
    amount: str | None = None
    regarding: str | None = None
    report_id: str | None = None
    other_fields: tuple[tuple[str, str], ...] = ()  # (name, text): any other field of the type's reports

    def as_report(self) -> dict[str, Any]:
        """The report a file would hold for it: the one format every input is validated in."""
        source_fields = ("publisher", "published_at", "title", "url", "quote", "language", "attribution")
        source: dict[str, Any] = {key: getattr(self, key) for key in source_fields if getattr(self, key)}
        source["cites"] = [dict(zip(("outlet", "published"), c.split("@", 1), strict=False)) for c in self.cites]
        report: dict[str, Any] = {
            "deal": self.deal,
            "type": self.type,
            "occurred": self.occurred,
            "summary": self.summary,
            "sources": [source],
        }
        for key in ("party", "role", "speaker", "stage", "topic", "amount", "regarding", "binding"):
            if getattr(self, key) is not None:
                report[key] = getattr(self, key)
        if self.report_id:
            report["id"] = self.report_id
        if self.terms:
            report["terms"] = dict(self.terms)
        report.update((name, _field_text(name, text)) for name, text in self.other_fields)
        return report


_LIST_FIELDS = ("parties", "replaces", "covers")
_FLAG_FIELDS = ("unsolicited", "binding")


def _field_text(name: str, text: str) -> Any:
    """A field given as text, in the shape the report format holds it: a list, a yes/no, a number, or text."""
    if name in _LIST_FIELDS:
        return [item.strip() for item in text.split(",") if item.strip()]
    if name in _FLAG_FIELDS and text.lower() in ("true", "false", "yes", "no"):
        return text.lower() in ("true", "yes")
    if name == "sequence" and text.isdigit():
        return int(text)
    return text


@dataclass(frozen=True)
class Recorded:
    appended: tuple[Event, ...]
    duplicates: tuple[Event, ...]  # already stored under the same report id or content: nothing appended


def record(
    app: App, development: Development, expected_version: int | None = None, *, allow_future: bool = False
) -> Recorded:
    """Append one development to an existing deal; ``expected_version`` guards against a deal changed since.

    A date after now is refused as a likely mistyped year unless ``allow_future``.
    """
    batch = _built(development, app, allow_future)
    if development.deal not in app.store.streams():
        raise Refused(
            f"no deal {development.deal!r}: add it with `tracker deal add` "
            "or ingest a file that defines it under 'deals:'"
        )
    with app.store.unit_of_work() as unit:
        batch = second_tellings(unit, batch)
        new_events = [replace(n, expected_version=expected_version) for n in batch.events]
        require_real_references(unit, batch)
        refuse_reused_ids(unit, batch)
        result = unit.append(new_events)
        unit.commit()
    return Recorded(tuple(n.event for n in result.appended), tuple(n.event for n in result.duplicates))


def append_documents(app: App, unit: UnitOfWork, documents: list[tuple[str, Any]]) -> AppendResult:
    """Append report documents inside ``unit`` as an ingested file's are: built, checked against the log, appended.

    The caller commits, together with whatever else it records (a candidate's review).
    """
    batch = build_batch(documents, app.clock())
    require_known_deals(batch, unit.streams())
    batch = second_tellings(unit, batch)
    require_real_references(unit, batch)
    refuse_reused_ids(unit, batch)
    return unit.append(batch.events)


RECORDABLE_TYPES = tuple(t for t in REPORT_TYPES if t not in CORRECTION_TYPES)  # corrections: `tracker retract`


def _built(development: Development, app: App, allow_future: bool) -> Any:
    """The development built like a report, or the refusal of the one field at fault, named as it was given."""
    if development.type not in RECORDABLE_TYPES:
        named = (
            "a correction, made with `tracker retract`"
            if development.type in CORRECTION_TYPES
            else "not a development type"
        )
        raise InvalidOption("type", f"{development.type!r} is {named}; expected one of: {', '.join(RECORDABLE_TYPES)}")
    try:
        return build_batch([(_FLAGS_GIVEN, development.as_report())], app.clock(), allow_future=allow_future)
    except ReportError as error:
        field = _field_of(error.place)
        given = dict(development.other_fields)
        flagged = [name for name in given if f"reports[0].{name}" in error.place]
        if field is None and flagged:
            raise InvalidOption("other_fields", f"{flagged[0]}={given[flagged[0]]!r}: {error.reason}") from None
        if field is None:
            raise
        if field == "deal":
            raise InvalidOption(
                "deal", f"{development.deal!r} is not a deal slug: expected lower-case letters, digits and hyphens"
            ) from None
        if error.place.endswith(f".{field}") and error.reason.endswith("is a required property"):
            raise InvalidOption(field, f"required for a {development.type} development") from None
        if error.reason.startswith("not a field of"):
            raise InvalidOption(field, f"does not apply to a {development.type} development") from None
        raise InvalidOption(field, error.reason) from None


_FLAGS_GIVEN = "command line"
_SOURCE_FIELDS = ("publisher", "published_at", "title", "url", "quote", "language", "attribution", "cites")


def _field_of(place: str) -> str | None:
    """The Development field a place in its report came from: 'reports[0].sources[0].language' is 'language'."""
    path = place.removeprefix(f"{_FLAGS_GIVEN}: ").removeprefix("reports[0]")
    names = [part for part in re.split(r"[.\[\]]+", path) if part and not part.isdigit()]
    if not names:
        return None
    if names[0] == "sources":
        return next((name for name in names[1:] if name in _SOURCE_FIELDS), None)
    first = {"id": "report_id"}.get(names[0], names[0])
    return first if first in Development.__dataclass_fields__ else None


# --- describe a deal ------------------------------------------------------------------


@dataclass(frozen=True)
class DealDescription:
    """A deal as a person describes it on the command line: the fields of a report file's ``deals:`` entry.

    Made only valid: it is built as that entry would be, so a value a file could not hold is refused
    here, as an InvalidOption naming the field it came in (``slug``, ``name``, ``kind``,
    ``headline_term``, ``described_at``, ``party``, ``link``), before any database is opened.
    """

    slug: str
    name: str
    parties: tuple[tuple[str, str], ...] = ()  # (name, role)
    kind: str | None = None  # None: left out, as a file leaves it out ("deal")
    headline_term: str | None = None  # None: left out ("investment")
    links: tuple[tuple[str, str], ...] = ()  # (deal slug, relation)
    described_at: str | None = None  # None: known from when it is added

    def __post_init__(self) -> None:
        _deal_built(self, _ANY_MOMENT)  # the moment only dates a description without described_at

    def as_entry(self) -> dict[str, Any]:
        """The ``deals:`` entry a file would hold for it, so its idempotency key and event are the file's."""
        entry: dict[str, Any] = {"slug": self.slug, "name": self.name}
        for key in ("kind", "headline_term", "described_at"):
            if getattr(self, key) is not None:
                entry[key] = getattr(self, key)
        if self.parties:
            entry["parties"] = [{"name": name, "role": role} for name, role in self.parties]
        if self.links:
            entry["links"] = [{"deal": deal, "relation": relation} for deal, relation in self.links]
        return entry


@dataclass(frozen=True)
class Described:
    event: DealDescribed  # as stored: the one appended, or the one stored before under the same key
    appended: bool  # False: this very description was stored before; nothing appended
    new_deal: bool  # the slug named no deal before
    names_the_deal: bool  # the deal goes by it now (False: a description reported later names it)


def describe_deal(app: App, description: DealDescription) -> Described:
    """Describe a deal as a file's ``deals:`` entry would: a new slug opens a deal, a known one is described anew.

    The same description again appends nothing (its idempotency key is the file's); a different one
    (a rename, other parties) names the deal from its ``described_at``, or from now.
    """
    new = _deal_built(description, app.clock())
    with app.store.unit_of_work() as unit:
        new_deal = description.slug not in unit.streams()
        result = unit.append([new])
        unit.commit()
    stored = new.event if result.appended else app.store.find(str(new.event.event_id))[0]
    assert isinstance(stored, DealDescribed)
    entry = next((e for e in app.read_models.deals() if e.deal == description.slug), None)
    names = entry is not None and (entry.name, entry.kind, entry.parties, entry.links) == (
        stored.name,
        stored.kind,
        stored.parties,
        stored.links,
    )
    return Described(stored, bool(result.appended), new_deal, names)


_ANY_MOMENT = pendulum.datetime(2000, 1, 1, tz="UTC")
_SHOWN = 60  # characters of a --party or --link echoed in its refusal
_SLUG_EXPECTED = "expected up to 100 lower-case letters, digits and hyphens, starting with a letter or a digit"


def _deal_built(description: DealDescription, now: DateTime) -> NewEvent:
    """The description built as a file's entry, or the refusal of the one field at fault, named as it was given."""
    try:
        batch = build_batch([(_FLAGS_GIVEN, {"deals": [description.as_entry()]})], now)
    except ReportError as error:
        refusal = _deal_refusal(error, description)
        if refusal is None:
            raise
        raise refusal from None
    return batch.events[0]


def _deal_refusal(error: ReportError, description: DealDescription) -> InvalidOption | None:
    """'command line: deals[0].parties[1].role' is the second --party; the reason is the file's, in its words."""
    path = error.place.removeprefix(f"{_FLAGS_GIVEN}: deals[0]")
    names = [part for part in re.split(r"[.\[\]]+", path) if part]
    if not names or names[0] not in ("slug", "name", "kind", "headline_term", "described_at", "parties", "links"):
        return None
    field = names[0]
    if field == "slug":
        return InvalidOption("slug", f"{description.slug!r} is not a deal slug: {_SLUG_EXPECTED}")
    if field not in ("parties", "links") or len(names) < 2 or not names[1].isdigit():
        return InvalidOption(field, _reason(error, getattr(description, field)))
    index, given = int(names[1]), description.parties if field == "parties" else description.links
    pair = given[index] if index < len(given) else ("", "")
    option, spec = ("party", "NAME:ROLE") if field == "parties" else ("link", "DEAL:RELATION")
    said = f"{pair[0]}:{pair[1]}"
    said = said if len(said) <= _SHOWN else said[: _SHOWN - 1] + "…"  # the reason says what is too long
    if field == "links" and names[2:3] == ["deal"]:
        return InvalidOption(option, f"{said!r}: {pair[0]!r} is not a deal slug: {_SLUG_EXPECTED}")
    part = pair[1] if names[2:3] in (["role"], ["relation"]) else pair[0]
    return InvalidOption(option, f"{said!r} ({spec}): {_reason(error, part)}")


def _reason(error: ReportError, value: Any) -> str:
    """The file's reason, without echoing a long value whole: 'is too long' says the limit instead."""
    if isinstance(value, str) and error.reason.endswith(" is too long"):
        return f"{len(value)} characters is too long: expected at most {_longest_name()}"
    return error.reason


def _longest_name() -> int:
    """The report format's limit on a name, read from the schema itself (only when a name broke it)."""
    import json
    from importlib.resources import files

    schema = json.loads(files("tracker.ingest").joinpath("report.schema.json").read_text("utf-8"))
    return int(schema["$defs"]["name"]["maxLength"])


# --- retract --------------------------------------------------------------------------

_ID_PREFIX = re.compile(r"[0-9a-fA-F]{4}[0-9a-fA-F-]{0,32}")


@dataclass(frozen=True)
class Retracted:
    target: Event
    retraction: Event
    restored: UUID | None = None  # the target was a retraction: what it had retracted
    still_retracted: bool = False  # ... and another retraction still keeps that out
    unamended: UUID | None = None  # the target was an amendment: the event it no longer changes


def retract(app: App, event_id: str, reason: str) -> Retracted:
    """Append a correction that retracts one event, named by its id or a unique prefix of it."""
    if not reason.strip():
        raise InvalidOption("reason", f"{reason!r} is blank: expected why the event should not stand")
    target = _one_event(app, event_id)
    problem = correction_problem(EventRetracted.event_type, target.event_type)
    if problem:
        raise Refused(f"cannot retract {target.event_id}: {problem}")
    if target.event_id in removed_ids(app.store.read([target.deal])):
        raise Refused(f"{target.event_id} is already retracted; to restore it, retract that retraction")
    now = app.clock()
    report = {
        "deal": target.deal,
        "type": EventRetracted.event_type,
        "target": str(target.event_id),
        "reason": reason,
        "summary": f"Retracted: {reason}",
        "reported_at": iso_utc(now),
    }  # a retraction after an undo is a new report
    appended = app.store.append(list(build_batch([("command line", report)], now).events)).appended
    if not appended:  # the same words at the same microsecond: the store kept the first
        raise Refused(f"{target.event_id} was just retracted for that reason; nothing appended")
    retraction = appended[0].event
    if isinstance(target, EventRetracted):
        restored = target.target
        return Retracted(target, retraction, restored, restored in removed_ids(app.store.read([target.deal])))
    return Retracted(target, retraction, unamended=target.target if isinstance(target, EventAmended) else None)


def _one_event(app: App, event_id: str) -> Event:
    """The one event an id prefix names; a prefix that is not hex would match every id (LIKE '%')."""
    if not _ID_PREFIX.fullmatch(event_id):
        raise InvalidOption(
            "event_id",
            f"{event_id!r}: expected an event id or at least its first 4 hex digits, "
            "as `tracker timeline DEAL --json` shows them",
        )
    matches = app.store.find(event_id)
    if not matches:
        raise Refused(f"no event id starts with {event_id!r}")
    if len(matches) != 1:
        raise Refused(f"{event_id!r} matches {len(matches)} events: give more of the id")
    return matches[0]


# --- ingest ---------------------------------------------------------------------------


def ingest(app: App, plan: Plan, progress: Progress, lock_file: Path | None = None) -> RunResult:
    """One ingestion run, alone: another run holding the lock makes this one refuse (LockHeld)."""
    with exclusive(lock_file or default_lock(app)):
        return run(app, plan, progress)


def default_lock(app: App) -> Path:
    """Beside a SQLite file; for a server database, one lock per URL in the user's data folder."""
    if app.url.startswith("sqlite:///"):
        return Path(app.url.removeprefix("sqlite:///") + ".ingest.lock")
    digest = hashlib.sha256(resolve_url(app.url).encode()).hexdigest()[:16]
    return default_database_path().parent / f"ingest-{digest}.lock"


# --- the log as a whole ---------------------------------------------------------------


def verify(app: App) -> Verification:
    """Walk the hash chain from the first event; the result names the first broken link."""
    return app.store.verify()


def export_log(app: App, out: IO[str]) -> ExportSummary:
    return write_export(app.store.engine, out)


def import_log(app: App, lines: Iterable[str], source: str) -> ExportSummary:
    """Load an export into an empty database, checking the chain before and after, in one transaction."""
    return import_lines(app.store.engine, lines, source, app.clock)


# --- the schema -----------------------------------------------------------------------


@dataclass(frozen=True)
class Upgraded:
    url: str  # with any password masked
    before: str | None  # None: the database was empty
    after: str | None


def upgrade_schema(url: str | None) -> Upgraded:
    """Create or migrate the schema to the newest revision, without opening an App (which would do it too)."""
    from tracker.store.engine import make_engine, safe_url
    from tracker.store.migrate import current_revision, upgrade

    resolved = resolve_url(url)
    engine = make_engine(resolved)
    before = current_revision(engine)
    upgrade(engine)
    return Upgraded(safe_url(resolved), before, current_revision(engine))


def backup_sqlite(url: str | None, target: Path) -> Verification:
    """Copy a SQLite database with SQLite's online backup (writers carry on), then walk the copy's chain read-only."""
    import sqlite3

    from tracker.store.backup import sqlite_backup, verify_copy
    from tracker.store.engine import checked_url

    parsed = checked_url(resolve_url(url))
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        raise Refused("tracker backup copies SQLite files; for PostgreSQL use pg_dump or `tracker export`")
    try:
        sqlite_backup(Path(parsed.database), target)
    except (OSError, sqlite3.Error) as error:
        raise Refused(f"{target}: cannot back up {parsed.database} there: {error}") from None
    return verify_copy(target)  # read-only and closed when it returns: the copy stays as written, no -wal beside it
