"""Parse what an officer typed: free words, "quoted phrases" and -excluded words.

Parsing never fails. Broken syntax (an unbalanced quote, a stray AND, a lone *) falls
back to plain words, and over-long input is cut to MAX_QUERY_CHARS, at a word's end.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from indexer.text.thai import JOINERS, normalised_thai

MAX_QUERY_CHARS = 300
OPERATORS = frozenset({"AND", "OR", "NOT", "&&", "||", "+", "-", "*", "?"})
PIECE = re.compile(r'(-?)"([^"]*)"|(\S+)')


@dataclass
class ParsedQuery:
    """The query as typed, split into free words, phrases and excluded words."""

    text: str  # the query as understood, after cleaning
    words: list[str] = field(default_factory=list)  # free text, in order
    phrases: list[str] = field(default_factory=list)  # must appear as written
    excluded: list[str] = field(default_factory=list)  # must not appear

    @property
    def is_empty(self) -> bool:
        return not (self.words or self.phrases)


FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
# Invisible characters that never part words (thai.JOINERS), dropped as the analyzer drops
# them inside a page's Latin word (pass<soft hyphen>port); inside Thai, normalise_thai
# drops the zero-width space too.
INSIDE_WORD = re.compile(f"[{JOINERS}]")


def clean(text: str) -> str:
    """Drop control and format characters, fold full-width Latin, trim to the length limit.

    NFC, not NFKC: compatibility folding would split Thai sara am (ำ) into two marks.
    Thai is spelled as page text is (normalise_thai: ํา is ำ, tone marks after vowels,
    no doubled marks, no invisible characters inside a word).
    """
    text = unicodedata.normalize("NFC", text[: MAX_QUERY_CHARS * 4]).translate(FULLWIDTH)
    text = INSIDE_WORD.sub("", normalised_thai(text))
    kept = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    return cut_at_word(" ".join(kept.split()), MAX_QUERY_CHARS)


def cut_at_word(text: str, limit: int) -> str:
    """The text up to `limit` characters, ending at a space where it had to be cut: a word
    cut in half ("passport" -> "pas") would be searched, and reported missing, as typed."""
    if len(text) <= limit:
        return text
    space = text.rfind(" ", 0, limit + 1)
    return text[:space] if space > 0 else text[:limit]


def parse_query(raw: str) -> ParsedQuery:
    text = clean(raw)
    if text.count('"') % 2:  # an unbalanced quote means no phrase was meant
        text = text.replace('"', " ")
    parsed = ParsedQuery(text=" ".join(text.split()))
    # (what is excluded, the -word as typed or None for a -"phrase"), in the order typed
    excluded: list[tuple[str, str | None]] = []
    for match in PIECE.finditer(text):
        negated, phrase, word = match.group(1), match.group(2), match.group(3)
        if phrase is not None:
            if phrase.strip() and negated:
                excluded.append((phrase.strip(), None))
            elif phrase.strip():
                parsed.phrases.append(phrase.strip())
            continue
        word = word.strip("*?")
        if not word or word in OPERATORS:
            continue
        if word.startswith("-") and len(word) > 1:
            excluded.append((word[1:], word))
        else:
            parsed.words.append(word.lstrip("-") or word)
    if parsed.is_empty:  # a -word with nothing else to find was not meant as an exclusion
        parsed.words = [typed.lstrip("-") or typed for _, typed in excluded if typed]
        excluded = [(what, typed) for what, typed in excluded if not typed]
    parsed.excluded = [what for what, _ in excluded]
    return parsed
