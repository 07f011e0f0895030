"""The words of Thai and English, with how common each is: what spelling asks before it
calls a typed word a typo (search/spelling.py).

A manual holds a few thousand words; an officer may type any word of either language.
A real word the manual lacks (ท่องเที่ยว, "position") is not a misspelling of the nearest
word the manual has (ท้องเที่ยว, "petition"), and the pieces the query's short word list
cuts it into (ภรรยา as ภ รร ยา) are not words the officer typed. Two well-kept lists say
which words are real, with their counts in a corpus:

    Thai      the segmenter's word list (pythainlp's CC0 list, our domain words, the
              glossary's), counted in pythainlp's Thai National Corpus frequencies (CC0)
    English   pyspellchecker's English frequency list (MIT), from film subtitles

Neither package is imported: their data files are read when an index is written, and
stored with it as a table (indexer/index/tables.py) that a query reads a bucket at a
time, and only when it meets a word the index lacks.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from indexer.index import tables
from indexer.text.analysis import (
    Lexicon,
    ThaiAnalyzer,
    build_analyzer,
    compound_parts,
    content_name,
    use_dictionary,
)
from indexer.text.dictionary import pythainlp_words_file
from indexer.text.thai import is_thai


def package_data(package: str, *parts: str) -> Path:
    """A data file inside an installed package, found without importing the package."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"{package} is not installed; run the README's set-up command")
    return Path(next(iter(spec.submodule_search_locations)), *parts)


def thai_counts_file() -> Path:
    return pythainlp_words_file().parent / "tnc_freq.txt"


def english_counts_file() -> Path:
    return package_data("spellchecker", "resources", "en.json.gz")


def source_files() -> list[Path]:
    """What the table is made from besides the segmenter's word list."""
    return [thai_counts_file(), english_counts_file()]


def language_counts(thai_words: Iterable[str]) -> dict[str, int]:
    """Every real word of either language -> its count in its corpus (0: a word of the
    list the corpus never counted). Thai words are the segmenter's list: the corpus
    counts also typos and fragments (หยา, ทง), which are no words. English words are
    lower case, as a query's Latin word is looked up."""
    counts = dict.fromkeys((w for w in thai_words if is_thai(w)), 0)
    for line in thai_counts_file().read_text(encoding="utf-8").split("\n"):
        word, _, count = line.partition("\t")
        if word in counts and count.isdigit():
            counts[word] = int(count)
    english = json.loads(gzip.decompress(english_counts_file().read_bytes()))
    for word, count in english.items():
        if word.isascii() and word.isalpha() and isinstance(count, int):
            key = word.lower()
            counts[key] = max(count, counts.get(key, 0))
    return counts


@lru_cache(maxsize=2)  # the relevance suite and the tests index many manuals in one process
def table_bytes(words: tuple[str, ...]) -> bytes:
    """The table file of the counts, filed as a word list (tables.CountedWords) that names
    the segmenter's list `words` as its source: its Thai words are that list's, so it can
    cut a Thai run as the index cut the pages (some 190,000 words, 3.4 MB; made in a
    third of a second)."""
    raw = ("\n".join(words) + "\n").encode("utf-8")  # as dictionary.write_words writes them
    return tables.counted_words(language_counts(words), content_name(raw), len(raw))


class Language:
    """The table of real words (a generation's store.LANGUAGE_TABLE): a word's count, or
    None for no word of either language; and an analyzer that cuts Thai as the index cut
    the pages (`page_analyzer`). Opened on the first question: a query whose words the
    index all holds asks none. An index without the table knows no words."""

    def __init__(self, path: Path, words: Path, version: str):
        self.path = path
        self.words = words  # the generation's segmenter list (store.WORDS) the table names
        self.version = version  # that list's dictionary version
        self._table: tables.CountedWords | None = None
        self._opened = False
        self._analyzer: ThaiAnalyzer | None = None
        self._lexicon: Lexicon | None = None

    @property
    def table(self) -> tables.CountedWords | None:
        if not self._opened:
            self._table, self._opened = tables.CountedWords.open(self.path), True
        return self._table

    def count(self, word: str) -> int | None:
        table = self.table
        return None if table is None else table.count(word)

    def page_analyzer(self) -> ThaiAnalyzer | None:
        """The analyzer with the whole segmenter list, as the index was written, read from
        the table a few buckets at a time (as the query word list is); None without it.
        The query's list holds the index's words only: a word no page writes is cut into
        pieces (ภรรยา as ภ รร ยา) that are not what the officer typed."""
        if self._analyzer is None and self.table is not None:
            key = f"{self.version}#pages"
            self._lexicon = use_dictionary(self.words, key, lazy=True, table=self.table)
            self._analyzer = build_analyzer(key)
        return self._analyzer

    def inner_words(self, word: str) -> list[str]:
        """The words inside a Thai word on some complete split of it by the whole list, as
        the index files them beside a compound (analysis.compound_parts)."""
        if self.page_analyzer() is None or self._lexicon is None:
            return []
        return [w for w, _, _ in compound_parts(word, self._lexicon)]
