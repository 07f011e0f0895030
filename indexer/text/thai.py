"""Plain functions about Thai script: runs, digits, abbreviation dots, cluster boundaries."""

from __future__ import annotations

import re

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
THAI_LETTERS = "\u0e01-\u0e3a\u0e40-\u0e4e"  # consonants, vowels, tone marks, ๆ; no digits or ฿

# A Thai run may hold dots between letters and one at the end: abbreviations like ป.พ.พ.
# A Latin run is letters and digits joined by - ' . (e-Passport, Non-B, U.S., 1.5), or a
# number with thousands commas.
THAI_RUN_PATTERN = rf"[{THAI_LETTERS}](?:[{THAI_LETTERS}]|\.(?=[{THAI_LETTERS}]))*\.?"
RUNS = re.compile(
    rf"(?P<th>{THAI_RUN_PATTERN})"
    r"|(?P<num>\d{1,3}(?:,\d{3})+(?![\d,]))"
    r"|(?P<lat>[A-Za-z0-9\u00c0-\u024f]+(?:[-'’.][A-Za-z0-9\u00c0-\u024f]+)*)"
)

THAI_RUN = re.compile(THAI_RUN_PATTERN)  # what RUNS takes for a Thai run

LEADING_VOWELS = frozenset("เแโใไ")
# Marks and following vowels that cannot begin a word: ะ ั า ำ ิ ี ึ ื ุ ู ฺ ๆ ็ ่ ้ ๊ ๋ ์ ํ ๎
NON_INITIAL = frozenset(
    chr(c)
    for c in [0x0E30, 0x0E31, 0x0E32, 0x0E33, *range(0x0E34, 0x0E3B), 0x0E45, 0x0E46, *range(0x0E47, 0x0E4F)]
)


def normalise_digits(text: str) -> str:
    """Thai digits -> Arabic digits, one character for one, so offsets stay right."""
    return text.translate(THAI_DIGITS)


def is_thai(text: str) -> bool:
    return bool(text) and "\u0e01" <= text[0] <= "\u0e4e"


def strip_dots(run: str) -> tuple[str, list[int]]:
    """Remove abbreviation dots; return the text and each kept character's index in `run`."""
    kept = [i for i, ch in enumerate(run) if ch != "."]
    return "".join(run[i] for i in kept), kept


def can_break(word: str, i: int) -> bool:
    """Whether a word boundary may fall before word[i] (a cheap stand-in for Thai clusters)."""
    if i <= 0 or i >= len(word):
        return True
    return word[i] not in NON_INITIAL and word[i - 1] not in LEADING_VOWELS


def dictionary_forms(term: str) -> list[str]:
    """The Thai words a glossary term adds to the dictionary: its runs without dots."""
    return [strip_dots(m.group("th"))[0] for m in RUNS.finditer(term) if m.group("th")]
