"""Finding glossary words in an analysed query.

The index build analyses every glossary word once (`indexer.manual.glossary.merge_groups`)
and stores the groups with the index, so a query only looks them up.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from search.spans import Words, longest_matches, read_table


class Synonyms:
    def __init__(self, groups: list[list[Words]]):
        self.groups = [[tuple(w) for w in g] for g in groups]
        self.lookup: dict[Words, int] = {}
        for i, group in enumerate(self.groups):
            for words in group:
                self.lookup.setdefault(words, i)
        self.longest = max((len(w) for w in self.lookup), default=0)

    @classmethod
    def load(cls, path: Path) -> Synonyms:
        return cls(read_table(path))

    def find(self, tokens: Sequence[str]) -> list[tuple[int, int, int]]:
        """Non-overlapping (start, end, group) spans, longest match first, left to right."""
        return longest_matches(tokens, self.lookup.get, self.longest)

    def others(self, group: int, words: Words) -> list[Words]:
        return [w for w in self.groups[group] if w != words]
