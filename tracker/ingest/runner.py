"""One ingestion run: named paths, an inbox folder and HTTP sources, recorded in the database.

Each input goes in whole or not at all, together with the record that it is
in; files then move to the archive (or to quarantine with the reason).
A crash at any point costs nothing: an input whose transaction committed is
recognised by its content next time and only moved; one that did not commit
is simply read again.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tracker.bootstrap import App
from tracker.domain.text import one_line
from tracker.ingest.config import FeedSource
from tracker.ingest.http import Fetched, HostPacer, Politeness, SourceRejected, SourceUnavailable, fetch
from tracker.ingest.inbox import archive, complete_files, link_problem, quarantine
from tracker.ingest.service import FileOutcome, ingest, ingest_file
from tracker.store.ingestion import RunTotals, finish_run, remember_validators, start_run, validators_for

EXIT_OK, EXIT_REJECTED, EXIT_TEMPORARY = 0, 1, 75


@dataclass(frozen=True)
class Plan:
    paths: tuple[Path, ...] = ()
    inbox: Path | None = None
    archive: Path | None = None
    quarantine: Path | None = None
    urls: tuple[str, ...] = ()
    settle_seconds: float = 2.0
    politeness: Politeness = field(default_factory=Politeness)
    dry_run: bool = False
    allow_future: bool = False  # take dates after now as written (else refused as a likely mistyped year)
    feeds: tuple[FeedSource, ...] = ()
    host_delay: float = 1.0  # seconds between two requests to one host while reading a feed's pages

    @property
    def archive_root(self) -> Path:
        assert self.inbox is not None
        return self.archive or self.inbox / "archive"

    @property
    def quarantine_root(self) -> Path:
        assert self.inbox is not None
        return self.quarantine or self.inbox / "quarantine"

    def sources(self) -> list[str]:
        inbox = [f"inbox:{self.inbox}"] if self.inbox else []
        return [str(p) for p in self.paths] + inbox + list(self.urls) + [f"feed:{f.url}" for f in self.feeds]


@dataclass
class RunResult:
    outcomes: list[FileOutcome] = field(default_factory=list)
    source_errors: list[str] = field(default_factory=list)
    news: tuple[int, int] | None = None  # (new articles, candidates) when feeds were polled

    @property
    def rejected(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.error]

    @property
    def exit_code(self) -> int:
        if self.rejected:
            return EXIT_REJECTED
        return EXIT_TEMPORARY if self.source_errors else EXIT_OK

    def totals(self, aborted: str | None = None) -> RunTotals:
        """What the run did; ``aborted`` says why it stopped early, and then it is marked failed."""
        status = {EXIT_OK: "ok", EXIT_REJECTED: "rejected", EXIT_TEMPORARY: "sources_failed"}[self.exit_code]
        errors = [o.error for o in self.rejected if o.error] + self.source_errors
        if aborted:
            status, errors = "failed", [*errors, aborted]
        return RunTotals(
            status,
            len(self.outcomes),
            sum(o.appended for o in self.outcomes),
            sum(o.duplicates for o in self.outcomes),
            len(self.rejected),
            errors,
        )


Progress = Callable[[FileOutcome], None]


def run(app: App, plan: Plan, progress: Progress = lambda outcome: None) -> RunResult:
    run_id = None if plan.dry_run else start_run(app.store.engine, plan.sources(), app.clock())
    result = RunResult()
    aborted: str | None = None
    try:
        for outcome in ingest(app.store, plan.paths, app.clock(), run_id, plan.dry_run, plan.allow_future):
            _keep(result, outcome, progress)
        if plan.inbox:
            _drain_inbox(app, plan, run_id, result, progress)
        for url in plan.urls:
            _poll(app, plan, url, run_id, result, progress)
        pacer = HostPacer(plan.host_delay)
        for feed in plan.feeds:
            _poll_feed(app, plan, feed, pacer, result, progress)
    except BaseException as error:
        aborted = one_line(f"run aborted: {type(error).__name__}: {error}")[:500]
        if not isinstance(error, Exception):
            # Ctrl-C inside a driver call: SQLAlchemy leaves that cursor to the traceback's frames, and an
            # unfinalized SQLite cursor keeps the write lock the run's record needs. The user sees one line.
            error.__traceback__ = None
        raise
    finally:
        if run_id is not None:
            finish_run(app.store.engine, run_id, result.totals(aborted), app.clock())
    return result


def _keep(result: RunResult, outcome: FileOutcome, progress: Progress) -> None:
    result.outcomes.append(outcome)
    progress(outcome)


def _drain_inbox(app: App, plan: Plan, run_id: int | None, result: RunResult, progress: Progress) -> None:
    assert plan.inbox is not None
    day = app.clock().to_date_string()
    skip = (plan.archive_root, plan.quarantine_root)
    defined = frozenset().union(*(o.defines for o in result.outcomes))
    for path in complete_files(plan.inbox, skip, plan.settle_seconds):
        problem = link_problem(path, plan.inbox)
        outcome = (
            FileOutcome(str(path), error=problem)
            if problem
            else ingest_file(
                app.store,
                path,
                str(path),
                app.clock(),
                run_id,
                plan.dry_run,
                also_known=defined,
                allow_future=plan.allow_future,
            )
        )
        defined |= outcome.defines
        if not plan.dry_run and outcome.note != "vanished before it could be read":
            _file_away(path, outcome, plan, day)
        _keep(result, outcome, progress)


def _file_away(path: Path, outcome: FileOutcome, plan: Plan, day: str) -> None:
    try:
        if outcome.error:
            quarantine(path, plan.quarantine_root, outcome.error)
        else:
            archive(path, plan.archive_root, day)
    except FileNotFoundError:
        pass  # it vanished after being read: its reports are in, nothing left to move


def _poll(app: App, plan: Plan, url: str, run_id: int | None, result: RunResult, progress: Progress) -> None:
    with tempfile.TemporaryDirectory(prefix="tracker-http-") as folder:
        try:
            fetched = fetch(url, validators_for(app.store.engine, url), Path(folder), plan.politeness)
        except SourceUnavailable as error:
            result.source_errors.append(str(error))
            return
        except SourceRejected as error:
            _keep(result, FileOutcome(url, error=one_line(str(error))), progress)
            return
        if fetched.body is None:
            _keep(result, FileOutcome(url, note="not modified (304)"), progress)
            return
        outcome = ingest_file(
            app.store,
            fetched.body,
            url,
            app.clock(),
            run_id,
            plan.dry_run,
            also=_remembering(url, fetched, app),
            allow_future=plan.allow_future,
        )
        if outcome.error:
            reason = outcome.error.replace(str(fetched.body), url)
            outcome = FileOutcome(url, error=reason)
            if plan.quarantine and not plan.dry_run:
                quarantine(fetched.body, plan.quarantine, reason)
        _keep(result, outcome, progress)


def _remembering(url: str, fetched: Fetched, app: App) -> Callable[..., None]:
    return lambda connection: remember_validators(connection, url, fetched.validators, fetched.status, app.clock())


def _poll_feed(app: App, plan: Plan, feed: FeedSource, pacer: HostPacer, result: RunResult, progress: Progress) -> None:
    """A feed's new articles become candidates for review (never events); a page that cannot be used is
    rejected once and remembered, a page that failed for now is tried again next run."""
    if plan.dry_run:
        _keep(result, FileOutcome(feed.url, note="dry run: feed not polled"), progress)
        return
    from tracker.news.extract import KnownDeal
    from tracker.news.intake import known_deals, read_feed_news

    def deals() -> list[KnownDeal]:
        return known_deals(app.read_models.deals())

    engine, politeness = app.store.engine, plan.politeness
    try:
        news = read_feed_news(engine, feed.url, deals, feed.language, politeness, pacer, app.clock, feed.deals)
    except SourceUnavailable as error:
        result.source_errors.append(one_line(str(error)))
        return
    except (SourceRejected, ValueError) as error:
        _keep(result, FileOutcome(feed.url, error=one_line(str(error))), progress)
        return
    articles, candidates = result.news or (0, 0)
    result.news = (articles + news.articles, candidates + news.candidates)
    for line in news.refused:
        _keep(result, FileOutcome(feed.url, error=line), progress)
    result.source_errors.extend(news.unavailable)
    _keep(result, FileOutcome(feed.url, note=news.note), progress)
