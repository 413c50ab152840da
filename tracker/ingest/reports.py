"""Report documents in, domain events out, or one clear line saying what is wrong and where.

Each document (as tracker.ingest.files reads it from YAML, JSON or JSON Lines)
is validated against report.schema.json first, then read into events (dates,
amounts in the report's language, references between reports). Nothing here
touches the database: the caller decides what to append.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from decimal import Decimal
from enum import Enum
from functools import cache
from types import UnionType
from typing import Any, Union, get_args, get_origin, get_type_hints

from pendulum import DateTime

from tracker.domain.amount_parser import mentions_a_figure, parse_amount
from tracker.domain.amounts import InvalidAmount, Money, Qualifier, Quantity
from tracker.domain.date_terms import DATE_TERMS, parse_date_term
from tracker.domain.dates import FuzzyDate, InvalidDate
from tracker.domain.events import (
    CATALOG,
    CORRECTIONS,
    DealDescribed,
    DealLink,
    Event,
    Participating,
    Participation,
    Party,
    Term,
)
from tracker.domain.provenance import Attribution, Citation, Source
from tracker.domain.term_words import is_term_word
from tracker.domain.text import one_line
from tracker.ingest.boundary import Unacceptable, number_problem, plain
from tracker.ingest.keys import deal_key, event_id_for, referenced_id, report_key
from tracker.ingest.references import Reference
from tracker.ingest.validation import path_text, schema_problem
from tracker.store.eventstore import NewEvent


class ReportError(ValueError):
    """A report that cannot be taken: names the place, the field and what was expected.

    ``place`` is where the fault lies, down to a required field that is missing, and ``reason``
    the message alone, so a caller that built the report from flags can name the flag instead.
    """

    def __init__(self, location: str, message: str, missing: str | None = None) -> None:
        super().__init__(one_line(f"{location}: {message}"))
        self.place = f"{location}.{missing}" if missing else location
        self.reason = one_line(message)


@dataclass(frozen=True)
class Batch:
    """Everything one file asks to append, and the deals it relies on."""

    events: tuple[NewEvent, ...]
    defines: frozenset[str]
    uses: dict[str, tuple[str, str]]  # deal slug -> (file, field) first using it, for "unknown deal"
    places: tuple[str, ...] = ()  # where each event was written, for errors found against the database
    references: tuple[Reference, ...] = ()


def build_batch(documents: list[tuple[str, Any]], now: DateTime, *, allow_future: bool = False) -> Batch:
    """The events the documents ask for; a date after ``now`` is refused unless ``allow_future`` says it is meant."""
    not_after = None if allow_future else now
    events: list[NewEvent] = []
    places: list[str] = []
    references: list[Reference] = []
    defines: set[str] = set()
    uses: dict[str, tuple[str, str]] = {}
    for where, document in documents:
        document = _plain(_as_document(document), where)
        _validate(document, where)
        reports = document.get("reports", [])
        built = [
            _build_report(r, document.get("sources", {}), f"{where}: reports[{i}]", now, not_after)
            for i, r in enumerate(reports)
        ]
        for i, report in enumerate(reports):
            uses.setdefault(report["deal"], (where, f"reports[{i}].deal"))
            references.extend(_references(report, f"{where}: reports[{i}]"))
        for i, deal in enumerate(document.get("deals", [])):
            events.append(_describe(deal, built, now, f"{where}: deals[{i}]"))
            places.append(f"{where}: deals[{i}]")
            defines.add(deal["slug"])
        _refuse_duplicate_ids(built, where)
        events.extend(built)
        places.extend(f"{where}: reports[{i}]" for i in range(len(built)))
    return Batch(tuple(events), frozenset(defines), uses, tuple(places), tuple(references))


def _references(report: Mapping[str, Any], where: str) -> Iterator[Reference]:
    for name in ("target", "regarding"):
        if name in report:
            written = report[name]
            yield Reference(f"{where}.{name}", name, written, referenced_id(written), report["deal"], report["type"])
    for i, written in enumerate(report.get("covers", [])):
        place = f"{where}.covers[{i}]"
        yield Reference(place, "regarding", written, referenced_id(written), report["deal"], report["type"])


def _as_document(document: Any) -> Any:
    """A file may hold a whole document, a single report, or a list of reports."""
    if isinstance(document, list):
        return {"reports": document}
    if isinstance(document, dict) and "type" in document and "reports" not in document:
        return {"reports": [document]}
    return document


def _plain(document: Any, where: str) -> Any:
    try:
        return plain(document)
    except Unacceptable as error:
        raise ReportError(f"{where}: {path_text(error.path) or '(document)'}", error.message) from None


def _validate(document: Any, where: str) -> None:
    problem = schema_problem(document)
    if problem:
        raise ReportError(f"{where}: {problem.path or '(document)'}", problem.expected, problem.missing)


def _refuse_duplicate_ids(built: list[NewEvent], where: str) -> None:
    seen: set[str] = set()
    for index, new in enumerate(built):
        key = new.idempotency_key
        if key.startswith("id:") and key in seen:
            raise ReportError(f"{where}: reports[{index}].id", f"report id {key[3:]!r} appears twice in the same file")
        seen.add(key)


def _describe(deal: Mapping[str, Any], built: list[NewEvent], now: DateTime, where: str) -> NewEvent:
    """A deal's name and parties, known from ``described_at`` or else from its earliest report here.

    The default keeps a deal named in knowledge-time queries as far back as its
    reports go; a rename gives ``described_at`` so it wins from that day on.
    """
    slug = deal["slug"]
    key = deal_key(deal)
    own = [n.event.reported_at for n in built if n.event.deal == slug]
    stated = deal.get("described_at")
    event = DealDescribed(
        event_id=event_id_for(key),
        deal=slug,
        occurred=None,
        reported_at=_moment(stated, f"{where}.described_at") if stated else min(own, default=now),
        summary=f"Deal described: {deal['name']}",
        name=deal["name"],
        kind=deal.get("kind", "deal"),
        parties=tuple(Party(p["name"], p["role"]) for p in deal.get("parties", [])),
        links=tuple(DealLink(link["deal"], link["relation"]) for link in deal.get("links", [])),
        headline_term=deal.get("headline_term", "investment"),
    )
    return NewEvent(event, key)


def _build_report(
    report: dict[str, Any], named: Mapping[str, Any], where: str, now: DateTime, not_after: DateTime | None
) -> NewEvent:
    cls = CATALOG[report["type"]]
    sources = tuple(
        _source(s, named, f"{where}.sources[{i}]", not_after) for i, s in enumerate(report.get("sources", []))
    )
    language = report.get("language") or (sources[0].language if sources else "en")
    key = report_key(report, sources)
    fields_ = {
        "event_id": event_id_for(key),
        "deal": report["deal"],
        "occurred": _date(report["occurred"], f"{where}.occurred") if cls not in CORRECTIONS else None,
        "reported_at": _reported_at(report, sources, where, now, not_after),
        "summary": report["summary"],
        "sources": sources,
    }
    _refuse_a_report_before_its_development(fields_["occurred"], report, sources, fields_["reported_at"], where)
    _refuse_the_future(fields_["occurred"], f"{where}.occurred", not_after, "a development that has begun")
    fields_.update(_specific_fields(cls, report, (language, report.get("currency")), where))
    _refuse_the_future(fields_.get("new_occurred"), f"{where}.new_occurred", not_after, "a date that has begun")
    return NewEvent(cls(**fields_), key)


def _refuse_a_report_before_its_development(
    occurred: FuzzyDate | None,
    report: Mapping[str, Any],
    sources: tuple[Source, ...],
    reported_at: DateTime,
    where: str,
) -> None:
    """No report can tell of what had not begun when the last of its sources appeared.

    The last source, not the first: a report is often known earlier through an
    outlet its source cites. A day's grace, since a report dated by its day counts
    from that day's start and time zones differ.
    """
    appeared = reported_at if "reported_at" in report or not sources else max(s.published_at for s in sources)
    # stdlib addition: pendulum's add() costs ten times as much, and on a UTC instant both agree
    if occurred is not None and occurred.earliest >= datetime.__add__(appeared, _GRACE):
        raise ReportError(
            f"{where}.occurred",
            f"{report['occurred']!r} begins after the report appeared "
            f"({appeared.to_date_string()}): expected a development "
            "that had begun by its publication date",
        )


def _refuse_the_future(date: FuzzyDate | None, where: str, not_after: DateTime | None, expected: str) -> None:
    """A date that begins after now is most often a mistyped year; taken in, it would wait unseen past every cut
    a reader makes today. A day's grace, as above: a day-dated report may come from a time zone already there.
    """
    if date is not None and not_after is not None and date.earliest >= datetime.__add__(not_after, _GRACE):
        raise ReportError(
            where,
            f"{date.text!r} is in the future (today is {not_after.to_date_string()}): expected {expected} "
            "(a mistyped year?); --allow-future takes a date after today as written",
        )


_GRACE = timedelta(days=1)
_ENVELOPE_KEYS = {"id", "deal", "type", "occurred", "reported_at", "summary", "language", "currency", "sources"}


Reading = tuple[str, str | None]  # the language amounts are written in, and their default currency


def _specific_fields(cls: type[Event], report: Mapping[str, Any], reading: Reading, where: str) -> dict[str, Any]:
    accepted = _field_names(cls.event_type)
    values: dict[str, Any] = {}
    for name, raw in report.items():
        if name in _ENVELOPE_KEYS:
            continue
        if name == "participants" and issubclass(cls, Participating):
            values.update(_participants(raw, reading, f"{where}.participants"))
            continue
        if name not in accepted:
            raise ReportError(f"{where}.{name}", f"not a field of {cls.event_type} reports")
        values[name] = _field_value(name, raw, reading, f"{where}.{name}", _hint(cls.event_type, name))
    return values


def _participants(raw: list[Mapping[str, Any]], reading: Reading, where: str) -> dict[str, Any]:
    """ "Co-led by A, B and C": one report, several participants; the first is the event's ``party``."""
    each = [
        Participation(p["party"], p.get("role", "investor"), _money(p["amount"], reading, f"{where}[{i}].amount"))
        if "amount" in p
        else Participation(p["party"], p.get("role", "investor"))
        for i, p in enumerate(raw)
    ]
    first, *others = each
    return {"party": first.party, "role": first.role, "amount": first.amount, "others": tuple(others) or None}


@cache
def _field_names(event_type: str) -> frozenset[str]:
    return frozenset(f.name for f in fields(CATALOG[event_type]))


@cache
def _hint(event_type: str, name: str) -> Any:
    """The field's type, its optional part unwrapped: an enum field reads its value, a tuple field a list.

    Worked out once per event type and field: every report asks it of each of its fields."""
    hint = _hints(event_type)[name]
    options = [o for o in get_args(hint) if o is not type(None)] if get_origin(hint) in (Union, UnionType) else [hint]
    return options[0] if len(options) == 1 else hint


@cache
def _hints(event_type: str) -> dict[str, Any]:
    return get_type_hints(CATALOG[event_type])


def _field_value(name: str, raw: Any, reading: Reading, where: str, hint: Any = None) -> Any:
    if name in ("terms", "figures", "said"):
        return tuple(Term(term, _term_value(term, value, reading, f"{where}.{term}")) for term, value in raw.items())
    if name in ("amount", "fee"):
        return _money(raw, reading, where)
    if name in ("regarding", "target"):
        return referenced_id(raw)
    if name == "covers":
        return tuple(referenced_id(written) for written in raw)
    if name == "new_occurred":
        return _date(raw, where)
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint(raw)  # the schema allowed only its values
    if isinstance(raw, list):
        return tuple(raw)
    return raw


def _term_value(term: str, raw: Any, reading: Reading, where: str) -> Money | Quantity | FuzzyDate | str:
    """A term in DATE_TERMS is a date (``expected_close: H2 2023``), any other an amount or a listed word.

    A date term is never read as an amount, nor an amount term as a date: a date under another name is refused,
    saying which names hold dates.
    """
    if term in DATE_TERMS:
        return _date_term(raw, reading[0], where)
    try:
        return _amount(raw, reading, where)
    except ReportError:
        if isinstance(raw, str) and not raw.strip().isdigit() and _reads_as_date(raw, reading[0]):
            names = ", ".join(DATE_TERMS)
            raise ReportError(
                where, f"{raw!r} is a date, and {term} is no date term: the terms holding dates are {names}"
            ) from None
        raise


def _reads_as_date(text: str, language: str) -> bool:
    try:
        parse_date_term(text, language)
    except InvalidDate:
        return False
    return True


def _date_term(raw: Any, language: str, where: str) -> FuzzyDate:
    """``H2 2023``, ``d'ici fin 2026``, ``2024-Q1``, or ``{text, language}``: read in the report's language."""
    if isinstance(raw, Mapping):
        if set(raw) - {"text", "language"}:
            raise ReportError(where, f"expected a date such as '2023-H2' or 'fin 2026', not an amount: got {raw!r}")
        raw, language = raw["text"], raw.get("language", language)
    try:
        date = parse_date_term(raw, language)
    except InvalidDate as error:
        raise ReportError(where, str(error)) from None
    if not all(YEARS[0] <= moment.year <= YEARS[1] for moment in (date.earliest, date.latest)):
        raise ReportError(where, f"expected a date between year {YEARS[0]} and {YEARS[1]}, found {raw!r}")
    return date


def _money(raw: Any, reading: Reading, where: str) -> Money:
    amount = _amount(raw, reading, where)
    if not isinstance(amount, Money):
        raise ReportError(where, f"expected money with a currency, got {raw!r}")
    return amount


def _amount(raw: Any, reading: Reading, where: str) -> Money | Quantity | str:
    language, currency = reading
    try:
        if isinstance(raw, str):
            return _bounded(_amount_or_word(raw, language, currency), where)
        if "text" in raw:
            return _bounded(parse_amount(raw["text"], raw.get("language", language), currency), where)
        return _bounded(_structured_amount(raw), where)
    except InvalidAmount as error:
        raise ReportError(where, str(error)) from None


def _bounded(amount: Money | Quantity | str, where: str) -> Money | Quantity | str:
    """Amounts are stored and printed in full: each number must have a size a report can mean."""
    if isinstance(amount, Money | Quantity):
        for number in (amount.value, amount.low, amount.high):
            problem = number_problem(number) if number is not None else None
            if problem:
                raise ReportError(where, problem)
    return amount


def _amount_or_word(text: str, language: str, currency: str | None) -> Money | Quantity | str:
    """A term is an amount the parser reads, or one of the words of tracker.domain.term_words (``form: equity
    stake``), kept as written. Anything else is refused: with the parser's reason when it has digits, a currency,
    or number or scale words ("trente milliards dollars"), else saying which words a term may be."""
    if is_term_word(text):
        return text
    try:
        return parse_amount(text, language, currency)
    except InvalidAmount:
        if mentions_a_figure(text):
            raise
    raise InvalidAmount(
        f"{text!r} is neither an amount nor a listed word: expected an amount ('up to $100 billion', "
        "'30 milliards de dollars', '$54.20 a share') or a word of tracker/domain/term_words.py such as "
        "'equity stake', 'cash and stock', 'undisclosed', 'non divulgué' (the list: docs/input-format.md, Amounts)"
    )


def _structured_amount(raw: Mapping[str, Any]) -> Money | Quantity:
    """``{qualifier, value or low and high, currency or unit}``, and ``per: share`` for a price per share."""
    value, low, high = (Decimal(str(raw[k])) if k in raw else None for k in ("value", "low", "high"))
    qualifier = Qualifier(raw["qualifier"])
    if "currency" in raw:
        return Money(qualifier=qualifier, value=value, low=low, high=high, currency=raw["currency"], per=raw.get("per"))
    if "unit" in raw and "per" in raw:
        raise InvalidAmount(f"a price per {raw['per']} is money: expected a currency (ISO 4217, e.g. USD), not a unit")
    if "unit" in raw:
        return Quantity(qualifier=qualifier, value=value, low=low, high=high, unit=raw["unit"])
    raise InvalidAmount("expected a currency (ISO 4217, e.g. USD) or a unit")


MAX_DATE_TEXT = 64  # the events.occurred_text column
YEARS = (1000, 9000)  # wide of any deal, and far from the edges where adding a day overflows


def _date(raw: Any, where: str) -> FuzzyDate:
    if len(str(raw)) > MAX_DATE_TEXT:
        raise ReportError(where, f"expected at most {MAX_DATE_TEXT} characters, like 2025-09-22T10:00:00+02:00")
    try:
        date = FuzzyDate.parse(raw)
    except InvalidDate as error:
        raise ReportError(where, str(error)) from None
    except (OverflowError, ValueError, ArithmeticError):
        date = None
    if date is None or not (YEARS[0] <= date.start.year and date.end.year <= YEARS[1]):  # a window starts first
        raise ReportError(where, f"expected a date between year {YEARS[0]} and {YEARS[1]}, found {raw!r}")
    return date


def _moment(raw: Any, where: str) -> DateTime:
    return _date(raw, where).known_by


def _reported_at(
    report: Mapping[str, Any], sources: tuple[Source, ...], where: str, now: DateTime, not_after: DateTime | None
) -> DateTime:
    if "reported_at" in report:
        stated = _date(report["reported_at"], f"{where}.reported_at")
        _refuse_the_future(stated, f"{where}.reported_at", not_after, "a time the report was known by")
        return stated.known_by
    if sources:
        return min(source.first_known_at for source in sources)
    return now


def _source(entry: Mapping[str, Any], named: Mapping[str, Any], where: str, not_after: DateTime | None) -> Source:
    merged = entry
    if "ref" in entry:
        ref = entry["ref"]
        if ref not in named:
            raise ReportError(f"{where}.ref", f"no source named {ref!r} in this file's sources")
        merged = {**named[ref], **{key: value for key, value in entry.items() if key != "ref"}}
    for required in ("publisher", "published_at"):
        if required not in merged:
            raise ReportError(f"{where}.{required}", "required: every source names its publisher and publication date")
    published = _date(merged["published_at"], f"{where}.published_at")
    _refuse_the_future(published, f"{where}.published_at", not_after, "a source already published")
    return Source(
        publisher=merged["publisher"],
        published_at=published.known_by,
        language=merged.get("language", "en"),
        attribution=Attribution(merged.get("attribution", "reported")),
        title=merged.get("title"),
        url=merged.get("url"),
        quote=merged.get("quote"),
        cites=tuple(
            Citation(
                c["outlet"],
                _date(c["published"], f"{where}.cites[{i}].published") if "published" in c else None,
                c.get("url"),
            )
            for i, c in enumerate(merged.get("cites", []))
        ),
    )
