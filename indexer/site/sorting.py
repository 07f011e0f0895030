"""Thai dictionary order for titles and terms, without a locale installed.

Code point order puts every word that begins with a leading vowel (เ แ โ ใ ไ) after
all the others; a Thai dictionary files such a word under the consonant that follows.
"""

from __future__ import annotations

import re

LEADING_VOWEL = re.compile(r"([\u0e40-\u0e44])([\u0e01-\u0e2e])")
MARKS = re.compile(r"[\u0e47-\u0e4e]")  # tone marks and signs only break ties


def thai_key(text: str) -> tuple[str, str]:
    folded = LEADING_VOWEL.sub(r"\2\1", text.strip().casefold())
    return MARKS.sub("", folded), folded


def thai_first_key(text: str) -> tuple[bool, tuple[str, str]]:
    """Thai words first, in dictionary order, then the others (English) in theirs."""
    first = text.strip()[:1]
    return not ("\u0e01" <= first <= "\u0e4e"), thai_key(text)
