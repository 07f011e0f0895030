"""Finding lexicon words and phrases in an analysed query, in either language.

The index build stores the lexicon analysed (`indexer.text.lexicon.translation_table`),
keeping only the forms the index holds, so a query only looks words up.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from indexer.index.tables import RowTable
from search.spans import Words, longest_matches, read_table


class Translations:
    """The stored rows ([words, form, form, ...]) by their words joined with spaces (no
    token holds one); a row's forms become tuples when a query looks it up. Turning the
    whole table into tuples on load took longer than all of a cold query's lookups: 6,400
    rows at 10,000 procedures. With the index's table of them (indexer.index.tables) a
    query parses only the rows it looks up: parsing the JSON file took 5-13 ms more."""

    def __init__(self, rows: list[list[Words]]):
        self.row = {" ".join(r[0]): r for r in rows}.get
        self.longest = max((len(r[0]) for r in rows), default=0)

    @classmethod
    def load(cls, path: Path, table: Path | None = None) -> Translations:
        found = RowTable.open(table, path) if table is not None else None
        if found is None:
            return cls(read_table(path))
        translations = cls([])
        translations.row, translations.longest = found.get, found.longest
        return translations

    def get(self, words: Words) -> list[Words] | None:
        row = self.row(" ".join(words))
        return None if row is None else [tuple(t) for t in row[1:]]

    def of(self, words: Words) -> list[Words]:
        """The words' translations: their own, then the siblings reached through one."""
        return [form for form in self.get(words) or [] if form]

    def weighed(self, words: Words) -> list[tuple[Words, bool]]:
        """(form, chained) for each translation: chained for the siblings the stored row
        lists after its empty form (indexer.text.lexicon.with_siblings)."""
        forms = self.get(words) or []
        at = forms.index(()) if () in forms else len(forms)
        return [(form, i > at) for i, form in enumerate(forms) if form]

    def phrases(self, tokens: Sequence[str]) -> list[tuple[int, int]]:
        """Non-overlapping (start, end) spans of two words or more with a translation,
        longest first, left to right."""
        return [(start, end) for start, end, _ in longest_matches(tokens, self.get, self.longest, 2)]
