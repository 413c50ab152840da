"""Which known deal a sentence speaks of: parties, their aliases, the people who speak for them.

A party is found by its name or an alias, case-insensitively and as whole
words: "NVIDIA" is Nvidia, "Activision" is Activision Blizzard (a name's first
word, once corporate suffixes are gone: Inc., Corp., Group, SA, plc...).
A deal is chosen by the parties a sentence names (its neighbours and the
title break ties), preferring the deal whose kind fits the words (a funding
round when the sentence speaks of a round) and, for an investment, the one
whose investee follows "dans"/"in".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

_SUFFIXES = (
    r"(?:,?\s+(?:inc\.?|incorporated|corp\.?|corporation|co\.?|company|group|groupe|holdings?|sa|s\.a\.|se|ag|"
    r"plc|ltd\.?|limited|llc|nv|n\.v\.|bv|spa|s\.p\.a\.|gmbh))+$"
)
_COMMON_WORDS = frozenset({"the", "le", "la", "les", "new", "general", "united", "group", "first", "banque", "bank"})


@dataclass(frozen=True)
class KnownDeal:
    """A deal the tracker knows, as the extractor needs it: who is in it and how the news may name them."""

    slug: str
    name: str
    parties: tuple[tuple[str, str], ...]  # (name, role)
    aliases: tuple[str, ...] = ()  # more names for its parties, or for the deal itself
    kind: str = "deal"  # investment, funding_round, acquisition, merger ...
    headline_term: str | None = None

    def party_names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.parties)

    def role_of(self, party: str) -> str | None:
        return next((role for name, role in self.parties if name == party), None)


def aliases_of(name: str) -> tuple[str, ...]:
    """'Activision Blizzard Inc.' -> ('Activision Blizzard Inc.', 'Activision Blizzard', 'Activision')."""
    found = [name]
    bare = re.sub(_SUFFIXES, "", name.strip(), flags=re.IGNORECASE).strip(" ,")
    if bare and bare not in found:
        found.append(bare)
    words = bare.split()
    if len(words) > 1 and len(words[0]) >= 4 and words[0].lower() not in _COMMON_WORDS:
        found.append(words[0])
    return tuple(found)


@cache
def _party_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    ordered = sorted({n for n in names if n}, key=len, reverse=True)
    body = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in ordered)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)


def party_aliases(deal: KnownDeal) -> dict[str, tuple[str, ...]]:
    """Each party of the deal with every name it may go by; the deal's own aliases stand for its first party
    when they match one of its parties' names' words, else for the deal as a whole (key '')."""
    named: dict[str, list[str]] = {party: list(aliases_of(party)) for party in deal.party_names()}
    for alias in deal.aliases:
        owner = next((p for p in named if alias.lower() in p.lower() or p.lower() in alias.lower()), "")
        named.setdefault(owner, []).append(alias)
    return {party: tuple(names) for party, names in named.items()}


def parties_in(text: str, deals: Sequence[KnownDeal]) -> dict[str, list[tuple[int, int]]]:
    """The known parties a text names (by any alias), with where; '' collects deal-wide aliases."""
    found: dict[str, list[tuple[int, int]]] = {}
    for deal in deals:
        for party, names in party_aliases(deal).items():
            if party in found:
                continue
            spans = [(m.start(), m.end()) for m in _party_pattern(names).finditer(text)]
            if spans:
                found[party] = spans
    return found


def all_parties(deals: Sequence[KnownDeal]) -> set[str]:
    return {party for deal in deals for party in deal.party_names()}


@dataclass(frozen=True)
class DealChoice:
    deal: KnownDeal
    score: float
    from_context: bool  # the sentence itself names none of its parties


def choose_deal(
    sentence: str,
    named_here: dict[str, list[tuple[int, int]]],
    named_near: set[str],
    named_in_title: set[str],
    deals: Sequence[KnownDeal],
    round_words: bool,
) -> DealChoice | None:
    """The deal the sentence most likely speaks of, or None when no party of any deal is near."""
    best: DealChoice | None = None
    for deal in deals:
        parties = set(deal.party_names())
        here = parties & set(named_here)
        score = 2.0 * len(here) + 0.6 * len(parties & named_near) + 0.3 * len(parties & named_in_title)
        if not here and not (parties & named_near) and not (parties & named_in_title):
            continue
        if "" in named_here and any(alias in sentence for alias in deal.aliases):
            score += 2.0
        is_round = deal.kind in ("funding_round", "round")
        if round_words and is_round:
            score += 2.5
        elif is_round:
            score -= 1.0
        score += _object_bonus(sentence, deal, named_here)
        if len(here) == len(parties) and len(parties) > 1:
            score += 0.5
        if best is None or score > best.score:
            best = DealChoice(deal, score, not here)
    return best


def _object_bonus(sentence: str, deal: KnownDeal, named_here: dict[str, list[tuple[int, int]]]) -> float:
    """'investir ... dans Anthropic', 'invest in Anthropic': the party after dans/in is the investee or target."""
    bonus = 0.0
    for party, role in deal.parties:
        if role not in ("investee", "target", "issuer", "seller"):
            continue
        for start, _ in named_here.get(party, []):
            if re.search(r"\b(?:dans|in|into)\s*(?:l')?$", sentence[max(0, start - 8) : start]):
                bonus += 1.0
    return bonus


_TITLE_WORDS = (
    r"(?:PDG|directeur général|directrice générale|président|présidente|patron|patronne|fondateur|"
    r"cofondateur|DG|CEO|chief executive|chief executive officer|chairman|chairwoman|president|founder|co-founder)"
)
_PERSON = r"([A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){1,2})"


def speakers(text: str, deals: Sequence[KnownDeal]) -> dict[str, str]:
    """People the article ties to a party: 'Le PDG de Nvidia, Jensen Huang', 'OpenAI CEO Sam Altman',
    'Sam Altman, CEO of OpenAI'. Maps the person's full name and last name to the party."""
    found: dict[str, str] = {}
    for deal in deals:
        for party, names in party_aliases(deal).items():
            if not party:
                continue
            alias = "(?i:" + "|".join(re.escape(n) for n in names) + ")"
            patterns = (
                rf"{_TITLE_WORDS}\s+(?:de\s+|d'|d’|du\s+|of\s+)(?:{alias}),?\s+{_PERSON}",
                rf"(?:{alias})(?:'s)?\s+{_TITLE_WORDS}\s+{_PERSON}",
                rf"{_PERSON},\s+(?:le\s+|la\s+|the\s+)?{_TITLE_WORDS}\s+(?:de\s+|d'|d’|du\s+|of\s+)(?:{alias})",
            )
            for pattern in patterns:
                for match in re.finditer(pattern, text):
                    person = match.group(1).strip()
                    found.setdefault(person, party)
                    found.setdefault(person.split()[-1], party)
    return found


_NAME = r"[A-Z][\w&.'-]*(?:\s+[A-Z][\w&.'-]*)*"


def names_before(text: str, end: int, stop_words: Sequence[str] = ()) -> list[str]:
    """Proper names in the clause that ends at ``end``: 'SoftBank Group et Amazon' -> ['SoftBank Group', 'Amazon']."""
    clause = re.split(r"[,;:]\s+(?![A-Z][\w&.'-]*\s+(?:et|and|,)\s)", text[:end])[-1]
    names = re.findall(_NAME, clause)
    stop = {w.lower() for w in stop_words} | {"comme", "selon", "le", "la", "les", "the", "according", "as"}
    return [n for n in names if n.split()[0].lower() not in stop]
