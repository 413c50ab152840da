"""The type rules: which words in a sentence tell which development, in French and English.

Every rule has a name (``fr.suspended.suspens``), the report type it proposes,
a weight and the reason it fires; the table is ``rule_table()``, and
``explain(name)`` gives the reason for a reviewer. The words are in
tracker.news.lexicon_fr and tracker.news.lexicon_en; a language's rules
read only that language, so an English word inside a French article (or a
French false friend: "finalement" is not "finalisé") fires nothing.

Rules with options need more than their words: ``amount`` fires only with an
amount in the sentence, ``authority`` only with a regulator named, ``speaker``
only with a person the article ties to a party.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from types import ModuleType
from typing import Any

from tracker.news import lexicon_en, lexicon_fr

AUTHORITIES = (
    ("Autorité de la concurrence", "antitrust", r"autorité de la concurrence"),
    (
        "European Commission",
        "antitrust",
        r"commission européenne|european commission|bruxelles|brussels|eu regulators?",
    ),
    (
        "UK CMA",
        "antitrust",
        r"\bCMA\b|competition and markets authority|(?:britain's|british|the uk's|uk) competition (?:watchdog|"
        r"regulator|authority)|régulateur britannique|gendarme britannique|autorité britannique de la concurrence",
    ),
    ("US FTC", "antitrust", r"\bFTC\b|federal trade commission"),
    (
        "US Department of Justice",
        "antitrust",
        r"\bDOJ\b|department of justice|justice department|ministère (?:américain )?de la justice",
    ),
    ("China SAMR", "antitrust", r"\bSAMR\b"),
    ("CFIUS", "foreign_investment", r"\bCFIUS\b"),
    ("Bundeskartellamt", "antitrust", r"bundeskartellamt"),
    ("AMF", "regulatory", r"\bAMF\b|autorité des marchés financiers"),
    ("shareholders", "shareholder", r"\bactionnaires\b|\bshareholders\b"),
)


@dataclass(frozen=True)
class TypeRule:
    name: str
    pattern: re.Pattern[str]
    type: str
    weight: float
    why: str
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class TypeHit:
    rule: TypeRule
    start: int
    end: int

    @property
    def weight(self) -> float:
        return self.rule.weight


def lexicon(language: str | None) -> ModuleType:
    return lexicon_fr if language == "fr" else lexicon_en


@cache
def rule_table(language: str) -> tuple[TypeRule, ...]:
    rows = lexicon(language).TYPE_ROWS
    return tuple(TypeRule(n, re.compile(p, re.IGNORECASE), t, w, why, o) for n, p, t, w, why, o in rows)


def explain(name: str) -> str:
    """Why a rule fires, for the reviewer: the table's own reason."""
    for language in ("fr", "en"):
        for rule in rule_table(language):
            if rule.name == name:
                return rule.why
    return _SPECIAL.get(name, "")


_SPECIAL = {
    "fr.context.figures": "a party's figure with no development: context, low confidence",
    "en.context.figures": "a party's figure with no development: context, low confidence",
    "new_deal.acquire": "two companies not tracked, one buying the other: proposes a new deal",
}


def type_hits(text: str, language: str) -> list[TypeHit]:
    """Every rule whose words are in ``text`` (straight apostrophes), strongest first."""
    hits = [
        TypeHit(rule, m.start(), m.end()) for rule in rule_table(language) for m in [rule.pattern.search(text)] if m
    ]
    return sorted(hits, key=lambda h: -h.weight)


@cache
def compiled(pattern: str) -> re.Pattern[str]:
    """A lexicon pattern compiled once, case-insensitive (the re module's own cache is too small for them all)."""
    return re.compile(pattern, re.IGNORECASE)


def find(pattern: str, text: str) -> re.Match[str] | None:
    return compiled(pattern).search(text)


def is_boilerplate(text: str, line_ends_sentence: bool, language: str) -> bool:
    """Page furniture: a menu or list line, a 'Top 10', 'Read more', a cookie notice, a line that is not a sentence."""
    if find(lexicon(language).BOILERPLATE, text.strip()):
        return True
    if not line_ends_sentence:
        return True
    return len(text.split()) < 4


def authority_in(text: str) -> tuple[str, str] | None:
    """The regulator a sentence names first, with the kind of its review."""
    found = authorities_in(text)
    return (found[0][1], found[0][2]) if found else None


def authorities_in(text: str) -> list[tuple[int, str, str]]:
    """Every regulator a text names, (offset, name, kind), in the text's order, each once.

    An abbreviation ('CMA', 'FTC') counts only in capitals; a name ('Federal Trade Commission') in any case.
    """
    found: dict[str, tuple[int, str, str]] = {}
    for name, kind, pattern in AUTHORITIES:
        for alternative in _alternatives(pattern):
            match = alternative.search(text)
            if match and (name not in found or match.start() < found[name][0]):
                found[name] = (match.start(), name, kind)
    return sorted(found.values())


@cache
def _alternatives(pattern: str) -> tuple[re.Pattern[str], ...]:
    """The pattern's top-level alternatives, each with its case rule."""
    pieces, depth, start = [], 0, 0
    for i, char in enumerate(pattern):
        depth += {"(": 1, ")": -1}.get(char, 0) if pattern[i - 1 : i] != "\\" else 0
        if char == "|" and depth == 0:
            pieces.append(pattern[start:i])
            start = i + 1
    pieces.append(pattern[start:])
    return tuple(re.compile(p, 0 if re.search(r"[A-Z]{2,}", p) else re.IGNORECASE) for p in pieces)


def straight(text: str) -> str:
    """Apostrophes made straight, one character for one, so offsets still hold."""
    return text.replace("\u2019", "'").replace("\u2018", "'").replace("\u02bc", "'")
