"""Finding lexicon words and phrases in an analysed query, in either language.

The index build stores the lexicon analysed (`indexer.text.lexicon.translation_table`),
keeping only the forms the index holds, so a query only looks words up.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from search.spans import Words, longest_matches, read_table


class Translations:
    def __init__(self, rows: list[list[Words]]):
        self.forms: dict[Words, list[Words]] = {tuple(r[0]): [tuple(t) for t in r[1:]] for r in rows}
        self.longest = max((len(w) for w in self.forms), default=0)

    @classmethod
    def load(cls, path: Path) -> Translations:
        return cls(read_table(path))

    def of(self, words: Words) -> list[Words]:
        return self.forms.get(words, [])

    def phrases(self, tokens: Sequence[str]) -> list[tuple[int, int]]:
        """Non-overlapping (start, end) spans of two words or more with a translation,
        longest first, left to right."""
        return [(start, end) for start, end, _ in longest_matches(tokens, self.forms, self.longest, 2)]
