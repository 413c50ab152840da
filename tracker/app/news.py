"""News in, as use cases: read articles into candidates, and review them (accept, edit, reject).

A candidate becomes events only when a person accepts it; accepting writes it
as a report in the input format and sends it through the same building,
validation and append as a report file (``commands.append_documents``).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from tracker.app.errors import InvalidOption, Refused
from tracker.bootstrap import App
from tracker.domain.events import Event
from tracker.domain.news import ACCEPTED, PENDING, REJECTED, Given, Kept, RuleCount, StoredCandidate
from tracker.domain.text import one_line
from tracker.ingest.http import Politeness
from tracker.ingest.reports import ReportError
from tracker.news.extract import KnownDeal
from tracker.news.intake import Undated, keep_article, known_deals
from tracker.news.reports import candidate_report, deal_entry
from tracker.store.checkpoints import write_transaction
from tracker.store.news import decide, review_counts, stored_candidates


@dataclass
class NewsRead:
    articles: list[Kept] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)  # one line per input that cannot be used as it is
    not_kept: list[str] = field(default_factory=list)  # articles with no development of the deal asked for
    unavailable: list[str] = field(default_factory=list)  # one line per input that failed for a passing reason


def read_news(
    app: App, inputs: Sequence[str], given: Given, deal: str | None = None, politeness: Politeness | None = None
) -> NewsRead:
    """Read pages, text files and feeds (paths or URLs) into pending candidates; ``deal`` narrows to one deal."""
    from tracker.ingest.http import HostPacer, SourceRejected, SourceUnavailable
    from tracker.news.pages import NewsInputError
    from tracker.news.poll import read_input

    deals = known_deals(app.read_models.deals())
    only = _checked(deals, deal)
    pacer = HostPacer()
    done = NewsRead()
    for name in inputs:
        try:
            articles = read_input(name, given, politeness or Politeness(), pacer, on_problem=done.rejected.append)
        except (NewsInputError, SourceRejected) as error:
            done.rejected.append(one_line(str(error)))
            continue
        except SourceUnavailable as error:
            done.unavailable.append(one_line(str(error)))
            continue
        for article in articles:
            try:
                kept = keep_article(app.store.engine, article, name, deals, app.clock(), only)
            except Undated as error:
                done.rejected.append(one_line(str(error)))
                continue
            if kept is None:
                done.not_kept.append(one_line(f"{article.url or name}: no development of {deal} found: nothing kept"))
            else:
                done.articles.append(kept)
    return done


def given_of(
    url: str | None = None,
    publisher: str | None = None,
    published_at: str | None = None,
    language: str | None = None,
    title: str | None = None,
) -> Given:
    """What the person says of an input; a publication time without a zone is read as UTC."""
    moment = None
    if published_at is not None:
        import pendulum

        try:
            parsed = pendulum.parse(published_at)
        except (ValueError, pendulum.parsing.exceptions.ParserError):
            parsed = None
        if not isinstance(parsed, pendulum.DateTime):
            raise InvalidOption(
                "published_at", f"{published_at!r}: expected a date or time, e.g. 2026-02-19T09:30+01:00"
            )
        moment = parsed
    return Given(url=url, publisher=publisher, published_at=moment, language=language, title=title)


def _checked(deals: Sequence[KnownDeal], deal: str | None) -> tuple[str, ...]:
    """The deals a read is for: the one asked for, which must exist; none means any."""
    if deal is None:
        return ()
    if deal not in {d.slug for d in deals}:
        raise InvalidOption("deal", f"no deal {deal!r}: see `tracker deals` for the slugs")
    return (deal,)


# --- review -----------------------------------------------------------------------------


def pending_candidates(app: App, deal: str | None = None) -> list[StoredCandidate]:
    return stored_candidates(app.store.engine, status=PENDING, deal=deal)


def listed_candidates(app: App, deal: str | None = None, status: str | None = PENDING) -> list[StoredCandidate]:
    if status not in (None, PENDING, ACCEPTED, REJECTED):
        raise InvalidOption("status", f"{status!r}: expected pending, accepted, rejected or all")
    return stored_candidates(app.store.engine, status=status, deal=deal)


def _document(stored: StoredCandidate, tracked: Collection[str]) -> dict[str, Any]:
    """The candidate as a report document, with its proposed deal's entry while that deal is not tracked."""
    candidate, article = stored.candidate, stored.article.article
    document: dict[str, Any] = {"reports": [candidate_report(candidate, article)]}
    proposed = candidate.proposed_deal
    if proposed is not None and proposed.slug not in tracked:
        document["deals"] = [deal_entry(candidate)]
    return document


def candidate_report_text(app: App, stored: StoredCandidate) -> str:
    """The candidate as a report file for a person to edit: what saving it will ingest."""
    import yaml

    origin = stored.article.article.url or stored.article.source
    header = (
        f"# Candidate {stored.id} ({stored.candidate.rule}), from {origin}\n"
        "# Edit the report below; saving it validates and accepts it. Quit without saving to leave it pending.\n"
    )
    document = _document(stored, app.store.streams())
    return header + yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100)


def edited_document(text: str, where: str) -> dict[str, Any]:
    """A saved edit read back as a report file is read, or ValueError with the one line that says what is wrong.

    An edit that leaves no report would be an acceptance that appends nothing: rejecting says that.
    """
    from tracker.ingest.files import parse_yaml

    document = parse_yaml(text, where)
    if not isinstance(document, dict) or not isinstance(document.get("reports"), list) or not document["reports"]:
        raise ValueError(
            f"{where}: expected a report document with at least one report under 'reports:' (to drop "
            "the candidate, reject it)"
        )
    return document


@dataclass(frozen=True)
class Accepted:
    candidate: int
    appended: tuple[Event, ...]
    duplicates: tuple[Event, ...]


def accept(app: App, ids: Sequence[int], edited: dict[str, Any] | None = None) -> list[Accepted]:
    """Send each candidate's report (or the person's edited one) through the ingest path, then mark it accepted.

    The events and the decision are written in one transaction: a refused report
    leaves the candidate pending and the log as it was.
    """
    from tracker.app.commands import append_documents

    if edited is not None and not edited.get("reports"):
        raise Refused("the edited candidate holds no report: to drop it, reject it")
    done = []
    for stored in _pending(app, ids):
        document = edited if edited is not None else _document(stored, app.store.streams())
        where = f"candidate {stored.id}"
        try:
            with app.store.unit_of_work() as unit:
                result = append_documents(app, unit, [(where, document)])
                event_ids = [str(n.event.event_id) for n in (*result.appended, *result.duplicates)]
                decided = decide(
                    unit.connection, stored.id, ACCEPTED, app.clock(), edited=edited is not None, event_ids=event_ids
                )
                if not decided:
                    raise Refused(f"candidate {stored.id} was decided meanwhile; nothing appended")
                unit.commit()
        except ReportError as error:
            raise Refused(f"{error}; the candidate stays pending, edit it with `tracker review`") from None
        appended, duplicates = (tuple(n.event for n in part) for part in (result.appended, result.duplicates))
        done.append(Accepted(stored.id, appended, duplicates))
    return done


def reject(app: App, ids: Sequence[int], reason: str) -> list[int]:
    """Reject candidates with the reason; a rejected candidate never comes back (its article is known)."""
    if not reason.strip():
        raise InvalidOption("reason", "say why the candidate is rejected")
    chosen = _pending(app, ids)
    with write_transaction(app.store.engine) as connection:
        for stored in chosen:
            decide(connection, stored.id, REJECTED, app.clock(), reason=reason.strip())
    return [s.id for s in chosen]


def _pending(app: App, ids: Sequence[int]) -> list[StoredCandidate]:
    """The candidates named, all pending, or a refusal naming the first that is not."""
    found = {s.id: s for s in stored_candidates(app.store.engine, status=None, ids=ids)}
    for wanted in ids:
        if wanted not in found:
            raise Refused(f"no candidate {wanted}: see `tracker review list`")
        if found[wanted].status != PENDING:
            raise Refused(f"candidate {wanted} is already {found[wanted].status}")
    return [found[i] for i in dict.fromkeys(ids)]


def review_stats(app: App) -> list[RuleCount]:
    return review_counts(app.store.engine)
