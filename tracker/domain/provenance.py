"""Where a development comes from: the article, the outlet it cites, the quote, and who stands behind it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from pendulum import DateTime

from tracker.domain.dates import FuzzyDate


class Attribution(StrEnum):
    """Who stands behind a claim, strongest first."""

    CONFIRMED = "confirmed"  # by a party to the deal
    REPORTED = "reported"  # by sources, unnamed or named, not by a party
    UNCONFIRMED = "unconfirmed"  # a party was asked and has not confirmed
    DENIED = "denied"  # a party denies it

    @property
    def rank(self) -> int:
        return list(Attribution).index(self)


@dataclass(frozen=True)
class Citation:
    """An outlet a source relies on ("as reported by Reuters") and when that outlet published."""

    outlet: str
    published: FuzzyDate | None = None
    url: str | None = None


@dataclass(frozen=True)
class Source:
    publisher: str
    published_at: DateTime
    language: str
    attribution: Attribution
    title: str | None = None
    url: str | None = None
    quote: str | None = None
    cites: tuple[Citation, ...] = ()

    @property
    def first_known_at(self) -> DateTime:
        """The earliest moment this claim was surely public: the cited outlet's date if earlier."""
        moments = [self.published_at] + [c.published.known_by for c in self.cites if c.published]
        return min(moments)

    def credit(self) -> str:
        """'Notebookcheck citing WSJ': the short credit line a timeline shows."""
        if not self.cites:
            return self.publisher
        return f"{self.publisher} citing {', '.join(c.outlet for c in self.cites)}"
