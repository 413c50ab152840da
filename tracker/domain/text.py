"""Untrusted text is cleaned once, where it enters the system."""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, and C1 controls (which include CSI and OSC).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_text(text: str) -> str:
    """Strip terminal control characters so a title can never move the cursor or open a link."""
    return _CONTROL.sub("", text)
