"""What the glossary and the lexicon share at query time: their stored tables, and the
longest-first scan that finds their entries in an analysed query."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

Words = tuple[str, ...]
Value = TypeVar("Value")


def read_table(path: Path) -> list:
    """The rows an index build stored; none when the file is absent (an index written
    without a glossary or lexicon)."""
    if not path.is_file():
        return []
    return json.loads(path.read_text(encoding="utf-8"))


def longest_matches(
    tokens: Sequence[str], find: Callable[[Words], Value | None], longest: int, shortest: int = 1
) -> list[tuple[int, int, Value]]:
    """Non-overlapping (start, end, value) spans of `shortest` to `longest` tokens that
    `find` knows (a table's `get`), the longest at each position first, left to right."""
    spans, i = [], 0
    while i < len(tokens):
        for size in range(min(longest, len(tokens) - i), shortest - 1, -1):
            value = find(tuple(tokens[i : i + size]))
            if value is not None:
                spans.append((i, i + size, value))
                i += size
                break
        else:
            i += 1
    return spans
