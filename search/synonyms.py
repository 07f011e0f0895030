"""Finding glossary words in an analysed query.

The index build analyses every glossary word once (`indexer.manual.glossary.merge_groups`)
and stores the groups with the index, so a query only looks them up.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

Words = tuple[str, ...]


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
        if not path.is_file():
            return cls([])
        return cls(json.loads(path.read_text(encoding="utf-8")))

    def find(self, tokens: Sequence[str]) -> list[tuple[int, int, int]]:
        """Non-overlapping (start, end, group) spans, longest match first, left to right."""
        spans, i = [], 0
        while i < len(tokens):
            for size in range(min(self.longest, len(tokens) - i), 0, -1):
                group = self.lookup.get(tuple(tokens[i : i + size]))
                if group is not None:
                    spans.append((i, i + size, group))
                    i += size
                    break
            else:
                i += 1
        return spans

    def others(self, group: int, words: Words) -> list[Words]:
        return [w for w in self.groups[group] if w != words]
