"""People an article ties to a deal beyond tracker.news.rules_parties' forms.

* A party that is a person ("Elon Musk") is named by the last name alone
  once the article shows it is a person's: an honorific ("Mr. Musk", "M.
  Musk") or the name with a speech verb ("Musk said"). The last name then
  becomes an alias of that party.
* "Bret Taylor, Twitter's chairman": a person, then the party's title in the
  possessive (rules_parties reads "Twitter's chairman Bret Taylor" and "Bret
  Taylor, the chairman of Twitter").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import cache

from tracker.news.rules import lexicon
from tracker.news.rules_parties import _PERSON, _TITLE_WORDS, KnownDeal, party_aliases

_CORPORATE = re.compile(
    r"\b(?:inc|corp|corporation|group|groupe|holdings?|sa|se|ag|plc|ltd|llc|capital|partners|bank|banque|"
    r"technologies|systems|games|studios|media|labs)\b\.?",
    re.IGNORECASE,
)


def with_person_aliases(deals: Sequence[KnownDeal], text: str, language: str) -> list[KnownDeal]:
    """The deals, a person party's last name added to its aliases when the article treats it as a person's."""
    cues = lexicon(language).PERSON_CUES
    out = []
    for deal in deals:
        extra = []
        for name in deal.party_names():
            words = name.split()
            if not 2 <= len(words) <= 3 or _CORPORATE.search(name) or not all(w[:1].isupper() for w in words):
                continue
            if words[-1] not in deal.aliases and any(p.search(text) for p in _cues(cues, words[-1])):
                extra.append(words[-1])
        out.append(replace(deal, aliases=(*deal.aliases, *extra)) if extra else deal)
    return out


@cache
def _cues(cues: tuple[str, ...], last: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(cue.format(last=re.escape(last))) for cue in cues)


@cache
def _titled(names: tuple[str, ...]) -> re.Pattern[str]:
    alias = "(?i:" + "|".join(re.escape(n) for n in names) + ")"
    return re.compile(rf"{_PERSON},\s+(?:{alias})'s\s+{_TITLE_WORDS}\b")


def more_speakers(text: str, deals: Sequence[KnownDeal]) -> dict[str, str]:
    """'Bret Taylor, Twitter's chairman' -> {'Bret Taylor': 'Twitter', 'Taylor': 'Twitter'}."""
    found: dict[str, str] = {}
    for deal in deals:
        for party, names in party_aliases(deal).items():
            if not party:
                continue
            for match in _titled(names).finditer(text):
                person = match.group(1).strip()
                found.setdefault(person, party)
                found.setdefault(person.split()[-1], party)
    return found
