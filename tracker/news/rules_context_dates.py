"""Dates a sentence takes from its context rather than from its own words.

* "the same day", "le même jour", "at the time", "à l'époque": the date the
  article last wrote before this sentence ("In August, Microsoft came back
  with a new proposal. ... The watchdog opened a fresh investigation the same
  day": August), at that date's precision;
* "The suit comes four days after ...", "intervient quatre jours après",
  "four days ago", "il y a quatre jours": counted back from publication, a day.

tracker.news.rules_dates reads what a sentence says on its own; this module
only adds what needs the article around it, so each stays one idea.
"""

from __future__ import annotations

import re
from dataclasses import replace

from pendulum import DateTime

from tracker.domain.dates import FuzzyDate
from tracker.news.rules import find, lexicon
from tracker.news.rules_dates import ReadDate, _read


def context_dates(
    text: str, language: str, published: DateTime, last_written: ReadDate | None, taken: list[ReadDate]
) -> list[ReadDate]:
    """The dates ``text`` takes from its context, none overlapping a date it writes itself (``taken``)."""
    lex = lexicon(language)
    found: list[ReadDate] = []

    def free(start: int, end: int) -> bool:
        return not any(d.start < end and start < d.end for d in [*taken, *found])

    back = find(lex.BACK_DATES, text)
    if back and last_written is not None and free(back.start(), back.end()):
        found.append(replace(last_written, text=back.group(0), start=back.start(), end=back.end()))
    for match in re.finditer(lex.DAYS_AFTER, text, re.IGNORECASE):
        word = (match.group("n") or match.group("n2") or "").lower()
        days = int(word) if word.isdigit() else lex.NUMBER_WORDS.get(word)
        if days is None or not free(match.start(), match.end()):
            continue
        day = FuzzyDate.parse(published.subtract(days=days).to_date_string())
        found.append(_read(match.group(0), match.start(), match.end(), day, published))
    return found
