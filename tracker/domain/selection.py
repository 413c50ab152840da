"""Which timeline entries a reader asked for: by date, type, party, source or words.

Filters select among the developments the fold kept; they never change the
state itself, so a filtered timeline still shows each entry with everything
later knowledge says about it (superseded, retracted, amended).
"""

from __future__ import annotations

from dataclasses import dataclass

from tracker.domain.dates import FuzzyDate
from tracker.domain.events import Event
from tracker.domain.state import Entry


@dataclass(frozen=True)
class TimelineFilter:
    """Every field is optional; an empty filter keeps everything, in world order."""

    since: FuzzyDate | None = None
    until: FuzzyDate | None = None
    types: frozenset[str] = frozenset()
    party: str | None = None
    source: str | None = None
    grep: str | None = None
    limit: int | None = None
    newest_first: bool = False

    def apply(self, entries: tuple[Entry, ...]) -> tuple[Entry, ...]:
        kept = [entry for entry in entries if self.keeps(entry.event, entry.dated)]
        if self.limit is not None:
            kept = kept[-self.limit :] if self.limit > 0 else []
        return tuple(reversed(kept)) if self.newest_first else tuple(kept)

    def keeps(self, event: Event, dated: Event | None = None) -> bool:
        """``dated`` is the event whose date places this one (Entry.dated), so --since agrees with the timeline."""
        return (
            self._in_window(dated or event)
            and (not self.types or event.event_type in self.types)
            and (self.party is None or mentions_party(event, self.party))
            and (self.source is None or cites_source(event, self.source))
            and (self.grep is None or contains_words(event, self.grep))
        )

    def _in_window(self, event: Event) -> bool:
        """An entry is in [since, until] if its reported window overlaps it: "2025" is in September."""
        start, end = (event.occurred.start, event.occurred.end) if event.occurred else (event.reported_at,) * 2
        after_since = self.since is None or end > self.since.start or start >= self.since.start
        return after_since and (self.until is None or start < self.until.end)


def mentions_party(event: Event, party: str) -> bool:
    """The party acts in the event (participant, denial, statement) or its summary names it."""
    wanted = party.casefold()
    named = (getattr(event, "party", None), getattr(event, "speaker", None))
    return any(n is not None and n.casefold() == wanted for n in named) or wanted in event.summary.casefold()


def cites_source(event: Event, outlet: str) -> bool:
    """The publisher of a source, or an outlet a source cites, contains ``outlet``."""
    wanted = outlet.casefold()
    names = [s.publisher for s in event.sources] + [c.outlet for s in event.sources for c in s.cites]
    return any(wanted in name.casefold() for name in names)


def contains_words(event: Event, words: str) -> bool:
    """Case-insensitive search in the summary, titles, quotes and correction reasons."""
    wanted = words.casefold()
    texts = [event.summary, getattr(event, "reason", None)]
    texts += [text for s in event.sources for text in (s.title, s.quote, s.publisher)]
    return any(text is not None and wanted in text.casefold() for text in texts)
