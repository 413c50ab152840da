"""Sentences with their exact character offsets in the article's text.

A quote must be the article's own words, so every sentence is a slice of
``text``: ``text[s.start:s.end] == s.text``. Lines are split first (an
extracted article keeps one paragraph, headline or menu item per line, and a
line without ending punctuation is a headline or a menu, never a sentence
that runs on), then pysbd splits each line, keeping character spans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

_ENDING = re.compile(r"[.!?…]['\"’”»)\]]*\s*$")


@dataclass(frozen=True)
class Sentence:
    """One sentence, verbatim; ``line`` counts the article's non-empty lines, ``index`` its sentences."""

    text: str
    start: int
    end: int
    index: int
    line: int
    line_ends_sentence: bool  # whether its line ends with . ! ? (else a headline, a menu item, a list)


@cache
def _segmenter(language: str) -> Any:
    """pysbd is imported only when an article is split (about 12 ms), once per language."""
    import pysbd

    return pysbd.Segmenter(language="fr" if language == "fr" else "en", clean=False, char_span=True)


def split(text: str, language: str | None) -> list[Sentence]:
    """The sentences of ``text``, each stripped of surrounding white space, offsets into ``text``."""
    sentences: list[Sentence] = []
    line_number = 0
    for line in re.finditer(r"[^\n]+", text):
        raw = line.group(0)
        if not raw.strip():
            continue
        ends = bool(_ENDING.search(raw))
        for start, end in _spans(raw, language or "en"):
            sentences.append(
                Sentence(raw[start:end], line.start() + start, line.start() + end, len(sentences), line_number, ends)
            )
        line_number += 1
    return sentences


def _spans(line: str, language: str) -> list[tuple[int, int]]:
    """pysbd's spans, trimmed; where a span does not match the line (pysbd can drift), the text is searched."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    for piece in _segmenter(language).segment(line):
        sent = piece.sent
        start = piece.start if line[piece.start : piece.end] == sent else line.find(sent, cursor)
        if start < 0:
            continue
        end = start + len(sent)
        lead = len(sent) - len(sent.lstrip())
        trail = len(sent) - len(sent.rstrip())
        if end - trail > start + lead:
            spans.append((start + lead, end - trail))
        cursor = end
    return spans
