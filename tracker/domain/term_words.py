"""The words a report may give as a term instead of an amount: ``form: equity stake``.

A term is either an amount the parser reads (tracker.domain.amount_parser) or
one of these words, in English or French; any other text is refused, so that
"trente milliards dollars" or "beaucoup" never sits in a deal's terms as if it
were a figure. Matching ignores case, accents, hyphens against spaces and
repeated spaces ("All-cash", "all cash"); the term keeps the text as written.
The list is documented in docs/input-format.md (Amounts); add a word here and there.
"""

from __future__ import annotations

import re
import unicodedata

TERM_WORDS: tuple[str, ...] = (
    # the form of a deal
    "equity",
    "equity stake",
    "stake",
    "minority stake",
    "majority stake",
    "controlling stake",
    "equity investment",
    "investment",
    "partnership",
    "strategic partnership",
    "joint venture",
    "merger",
    "acquisition",
    "takeover",
    "asset purchase",
    "asset sale",
    "share purchase",
    "tender offer",
    "exchange offer",
    "prise de participation",
    "participation",
    "participation minoritaire",
    "participation majoritaire",
    "investissement",
    "partenariat",
    "partenariat stratégique",
    "coentreprise",
    "fusion",
    "rachat",
    "cession",
    "offre publique d'achat",
    "opa",
    "offre publique d'échange",
    "ope",
    # how it is paid
    "cash",
    "stock",
    "shares",
    "cash and stock",
    "cash and shares",
    "stock and cash",
    "all-cash",
    "all-stock",
    "all-share",
    "debt",
    "loan",
    "convertible notes",
    "convertible bonds",
    "preferred shares",
    "preferred stock",
    "warrants",
    "compute credits",
    "numéraire",
    "en numéraire",
    "actions",
    "en actions",
    "numéraire et actions",
    "dette",
    "prêt",
    "obligations convertibles",
    "actions de préférence",
    # not told
    "undisclosed",
    "not disclosed",
    "confidential",
    "unknown",
    "non divulgué",
    "non divulguée",
    "non communiqué",
    "non communiquée",
    "confidentiel",
    "inconnu",
)


def _key(text: str) -> str:
    """Lower case, no accents, one kind of apostrophe, hyphens as spaces, single spaces."""
    text = re.sub(r"[\u2019\u2018\u02bc]", "'", text).lower()
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return re.sub(r"[\s\-]+", " ", text).strip()


_KEYS = frozenset(_key(word) for word in TERM_WORDS)
_DIGIT = re.compile("[0-9]")
assert not any(_DIGIT.search(key) for key in _KEYS)  # so a text with a digit, which its key keeps, is no term word


def is_term_word(text: str) -> bool:
    """Whether ``text`` is one of TERM_WORDS, up to case, accents, hyphens and spacing.

    Every amount is asked first, and nearly every amount has a digit: no term word does.
    """
    return not _DIGIT.search(text) and _key(text) in _KEYS
