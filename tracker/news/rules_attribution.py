"""Who tells it, and how sure: the outlet cited, anonymous sources, a party's own word, the conditional.

* An outlet cited ("selon le Financial Times", "comme le rapporte Reuters", "a
  rapporté Reuters", "le Wall Street Journal rapportait", "according to
  Bloomberg", "Reuters reported") goes in ``cites``, under one name per outlet
  ("le Financial Times", "FT" -> "Financial Times"; "WSJ" -> "Wall Street
  Journal"): attribution ``reported``.
* Anonymous sources ("ont indiqué les sources", "selon des initiés", "people
  familiar with the matter"): ``attributed_to`` anonymous, ``reported``.
* A party's own statement ("a annoncé", "said in a statement"), with no outlet
  or source in between: ``attributed_to`` party, ``confirmed``.
* The journalistic conditional ("aurait", "serait en train de", "reportedly")
  is reported, never confirmed, and flagged ``conditional``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracker.news.rules import lexicon

OUTLETS: tuple[tuple[str, str], ...] = (
    ("Financial Times", r"financial times|\bFT\b"),
    ("Wall Street Journal", r"wall street journal|\bWSJ\b"),
    ("New York Times", r"new york times|\bNYT\b"),
    ("Reuters", r"\breuters\b"),
    ("Bloomberg", r"\bbloomberg(?: news)?\b"),
    ("Associated Press", r"associated press|\bAP\b"),
    ("AFP", r"\bAFP\b|agence france-presse"),
    ("The Information", r"\bthe information\b"),
    ("CNBC", r"\bCNBC\b"),
    ("Axios", r"\baxios\b"),
    ("Les Echos", r"les [ée]chos"),
    ("Le Monde", r"\ble monde\b"),
    ("Le Figaro", r"\ble figaro\b"),
    ("La Tribune", r"\bla tribune\b"),
    ("BFM Business", r"\bBFM\b"),
    ("L'Informé", r"l'informé"),
    ("Handelsblatt", r"handelsblatt"),
    ("Nikkei", r"\bnikkei\b"),
    ("Sky News", r"sky news"),
    ("Semafor", r"\bsemafor\b"),
    ("TechCrunch", r"techcrunch"),
    ("The Verge", r"the verge"),
    ("Dow Jones", r"dow jones"),
    ("Business Insider", r"business insider"),
    ("CNN", r"\bCNN\b"),
    ("Politico", r"\bpolitico\b"),
    ("The Guardian", r"the guardian"),
    ("BBC", r"\bBBC\b"),
)
_CUE = {
    "fr": r"\bselon\b|\brapport\w*\b|\bd'après\b|\bcité\w* par\b|\ba révélé\b|\brévèle\b|\bindique\b",
    "en": r"\baccording to\b|\breport\w*\b|\bciting\b|\bsaid\b|\btold\b|\bfirst reported\b|\bper\b|\brevealed\b",
}
_GENERIC_CITE = {
    "fr": r"selon (?:le |la |l')?(?:journal |quotidien |magazine |site |agence )?"
    r"(?P<name>[A-Z][\w'&.-]*(?: [A-Z][\w'&.-]*)*)",
    "en": r"according to (?:the )?(?P<name>[A-Z][\w'&.-]*(?: [A-Z][\w'&.-]*)*)",
}


@dataclass(frozen=True)
class Attribution:
    attribution: str  # confirmed, reported, unconfirmed, denied
    attributed_to: str | None  # outlet, anonymous, party, or None when the article says nothing
    cites: tuple[str, ...]
    conditional: bool


def _search(pattern: str, text: str, full: bool = False) -> re.Match[str] | None:
    """Each alternative on its own: an abbreviation ('FT', 'AP') only in capitals, a name in any case."""
    best: re.Match[str] | None = None
    for alternative in pattern.split("|"):
        flags = 0 if re.search(r"[A-Z]{2,}", alternative) else re.IGNORECASE
        match = re.fullmatch(alternative, text, flags) if full else re.search(alternative, text, flags)
        if match and (best is None or match.start() < best.start()):
            best = match
    return best


def normalise_outlet(name: str) -> str:
    """'le Financial Times' -> 'Financial Times', 'FT' -> 'Financial Times', 'The Wall Street Journal' ->
    'Wall Street Journal'."""
    bare = re.sub(r"^(?:le |la |les |l'|the |du |de la |des )", "", name.strip(), flags=re.IGNORECASE)
    for canonical, pattern in OUTLETS:
        if _search(pattern, bare, full=True):
            return canonical
    return bare


def cited_outlets(text: str, language: str, parties: set[str]) -> tuple[str, ...]:
    """Outlets the sentence relies on, in the order it names them; a party's name is never an outlet."""
    lang = "fr" if language == "fr" else "en"
    found: list[tuple[int, str]] = []
    if not re.search(_CUE[lang], text, re.IGNORECASE):
        return ()
    for canonical, pattern in OUTLETS:
        match = _search(pattern, text)
        if match and canonical not in parties:
            found.append((match.start(), canonical))
    for match in re.finditer(_GENERIC_CITE[lang], text):
        name = normalise_outlet(match.group("name").rstrip(".'"))
        known = {n for _, n in found}
        if name not in parties and name not in known and not _is_anonymous(name, lang) and len(name) > 2:
            found.append((match.start(), name))
    return tuple(name for _, name in sorted(found))


def _is_anonymous(name: str, lang: str) -> bool:
    return bool(re.search(lexicon(lang).ANONYMOUS, name, re.IGNORECASE))


def attribution_of(text: str, language: str, parties: set[str], unconfirmed: bool, denied: bool) -> Attribution:
    lang = "fr" if language == "fr" else "en"
    lex = lexicon(lang)
    cites = cited_outlets(text, lang, parties)
    conditional = bool(re.search(lex.CONDITIONAL, text, re.IGNORECASE))
    anonymous = bool(re.search(lex.ANONYMOUS, text, re.IGNORECASE))
    if denied:
        return Attribution("denied", "party", cites, conditional)
    if unconfirmed:
        return Attribution("unconfirmed", "party", cites, conditional)
    if cites:
        return Attribution("reported", "outlet", cites, conditional)
    if anonymous:
        return Attribution("reported", "anonymous", cites, conditional)
    if re.search(lex.PARTY_STATEMENT, text, re.IGNORECASE) and not conditional:
        return Attribution("confirmed", "party", cites, conditional)
    return Attribution("reported", None, cites, conditional)
