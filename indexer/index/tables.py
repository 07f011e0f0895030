"""Lines kept in buckets by a hash of a key, so that a new process reads only what it asks for.

A cold `cli.py search` parsed the whole query word list (50,000 words at 10,000
procedures: 11-14 ms) and the whole translation table (6,500 rows: 13 ms) to look up a few
dozen entries. A table file holds the same lines grouped by `bucket(key)` behind an offset
table: opening it reads the file and checks it, a lookup decodes one bucket.

    b"ECMTABLE 1\\n"
    a JSON line: {"buckets": n, "size": bytes of what follows, "crc": its zlib.crc32, ...}
    (n + 1) little-endian uint32 offsets into the data, then the data: each bucket's
    lines in turn, UTF-8, each ending in "\\n"

Anything else in the JSON line is the writer's (`meta`): what the table was made from.
A file that is missing, of another version, truncated or damaged opens as None, and the
caller reads the plain file it was made from instead: a table is never trusted blindly.
"""

from __future__ import annotations

import itertools
import json
import os
import sys
import zlib
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from pathlib import Path

MAGIC = b"ECMTABLE 1\n"
LINES_PER_BUCKET = 8  # on average: a lookup decodes a few hundred bytes


def bucket(key: str, buckets: int) -> int:
    """The bucket of a key: stable across processes and machines (Python's hash is not)."""
    return zlib.crc32(key.encode("utf-8")) % buckets


def write(path: Path, entries: Iterable[tuple[str, str]], meta: dict) -> None:
    """Write (key, line) entries, lines without "\\n", so that `Table.lines(key)` gives
    every line written under that key (and those of other keys in its bucket)."""
    write_bytes(path, encoded(entries, meta))


def write_bytes(path: Path, raw: bytes) -> None:
    """Replace the file, never rewrite it: generations share their files as hard links."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(raw)
    os.replace(tmp, path)


def encoded(entries: Iterable[tuple[str, str]], meta: dict) -> bytes:
    """The table file of (key, line) entries, as `write` writes it."""
    entries = list(entries)
    count = max(1, len(entries) // LINES_PER_BUCKET)
    parts: list[list[str]] = [[] for _ in range(count)]
    crc = zlib.crc32
    for key, line in entries:  # bucket(), inlined: 50,000 words at 10,000 procedures
        parts[crc(key.encode("utf-8")) % count].append(line)
    chunks = [("\n".join(part) + "\n").encode("utf-8") if part else b"" for part in parts]
    offsets = array("I", itertools.accumulate(map(len, chunks), initial=0))
    if sys.byteorder == "big":
        offsets.byteswap()
    body = offsets.tobytes() + b"".join(chunks)
    header = {**meta, "buckets": count, "size": len(body), "crc": zlib.crc32(body)}
    return MAGIC + json.dumps(header, ensure_ascii=False).encode("utf-8") + b"\n" + body


class Table:
    """An open table file: its writer's `meta`, and the lines of any key's bucket."""

    def __init__(self, meta: dict, offsets: array, data: bytes):
        self.meta = meta
        self._offsets = offsets
        self._data = data
        self._buckets = len(offsets) - 1
        self._decoded: dict[int, list[str]] = {}

    @classmethod
    def open(cls, path: Path) -> Table | None:
        """The table, or None when the file is missing, not a table of this version, or
        does not hold what its header says (a short write, a damaged disk)."""
        try:
            raw = path.read_bytes()
        except OSError:
            return None
        if not raw.startswith(MAGIC):
            return None
        end = raw.find(b"\n", len(MAGIC))
        try:
            meta = json.loads(raw[len(MAGIC) : end])
            count, size, crc = meta.pop("buckets"), meta.pop("size"), meta.pop("crc")
        except (ValueError, KeyError, TypeError, AttributeError):
            return None
        body = memoryview(raw)[end + 1 :]
        if not (isinstance(count, int) and count > 0 and size == len(body) and crc == zlib.crc32(body)):
            return None
        offsets = array("I")
        if offsets.itemsize != 4 or 4 * (count + 1) > len(body):
            return None  # an unusual platform (the plain file serves), or a foreign layout
        offsets.frombytes(body[: 4 * (count + 1)])
        if sys.byteorder == "big":
            offsets.byteswap()
        data = bytes(body[4 * (count + 1) :])
        # A header and body that agree with their checksum but not with this layout (another
        # writer's) must not be read: offsets that go back would decode the wrong bytes.
        if offsets[0] != 0 or offsets[-1] != len(data) or offsets != array("I", sorted(offsets)):
            return None
        return cls(meta, offsets, data)

    def lines(self, key: str) -> list[str]:
        """The lines of the key's bucket: those written under it, perhaps among others."""
        at = bucket(key, self._buckets)
        found = self._decoded.get(at)
        if found is None:
            chunk = self._data[self._offsets[at] : self._offsets[at + 1]]
            # "replace": bytes another writer filed under a valid checksum (no UTF-8) make a
            # word no query types, not a traceback for the officer
            found = self._decoded[at] = chunk.decode("utf-8", "replace").split("\n")[:-1]
        return found

    def all_lines(self) -> list[str]:
        """Every line of the table, bucket after bucket."""
        return self._data.decode("utf-8", "replace").split("\n")[:-1]


# --- the query word list ---------------------------------------------------------------

PREFIX = 3  # letters a word is filed under: a word shorter than that under itself
SCAN = 24  # a group of words sharing their first letters this small is looked through
LAST = "\U0010ffff"  # sorts after any letter a word continues with


def write_words(path: Path, words: list[str], source_name: str, source_size: int) -> None:
    """The word table of a word list; `source_name` is the content name of the list's
    file as written (indexer.text.analysis.content_name, as `use_dictionary` names a list
    it reads whole), `source_size` that file's size in bytes."""
    longest = max(map(len, words), default=0)
    meta = {"source": source_name, "source_size": source_size, "longest": longest, "prefix": PREFIX}
    write(path, ((w[:PREFIX], w) for w in words), meta)


class WordTable:
    """A word list filed by first letters: whether it holds a word, and which of its words
    occur in a text, each answered from a few buckets instead of the whole list."""

    def __init__(self, table: Table, source: str, source_size: int, longest: int):
        self.table = table
        self.source = source  # content_name of the list it was made from
        self.source_size = source_size
        self.longest = longest
        self._sets: dict[str, set[str]] = {}  # by key: the lines of its bucket
        self._heads: dict[str, tuple[str, ...]] = {}  # by PREFIX letters: the words they start
        self._short: dict[str, bool] = {}  # by piece shorter than PREFIX: a word or not

    @classmethod
    def open(cls, path: Path) -> WordTable | None:
        table = Table.open(path)
        if table is None:
            return None
        meta = table.meta
        source, size, longest = meta.get("source"), meta.get("source_size"), meta.get("longest")
        if not (isinstance(source, str) and isinstance(size, int) and isinstance(longest, int)):
            return None
        if meta.get("prefix") != PREFIX:  # filed by another number of letters: lookups would miss
            return None
        return cls(table, source, size, longest)

    def _filed(self, key: str) -> set[str]:
        found = self._sets.get(key)
        if found is None:
            found = self._sets[key] = set(self.table.lines(key))
        return found

    def _starting(self, key: str) -> tuple[str, ...]:
        """The words that start with `key` (PREFIX letters), sorted."""
        found = self._heads.get(key)
        if found is None:
            found = self._heads[key] = tuple(sorted(w for w in self.table.lines(key) if w.startswith(key)))
        return found

    def _known(self, piece: str) -> bool:
        """Whether a piece shorter than PREFIX letters is a word of the list."""
        found = self._short.get(piece)
        if found is None:
            found = self._short[piece] = piece in self._filed(piece)
        return found

    def __contains__(self, word: str) -> bool:
        return word in self._filed(word[:PREFIX])

    def inside(self, text: str) -> list[str]:
        """The list's words that occur in `text`, sorted. (The caches are read inline: a
        title of 80 letters asks them some 250 times.)"""
        found = set()
        n = len(text)
        short, heads = self._short, self._heads
        for i in range(n):
            for k in range(1, min(PREFIX, n - i + 1)):  # shorter words: filed under themselves
                piece = text[i : i + k]
                known = short.get(piece)
                if known is None:
                    known = self._known(piece)
                if known:
                    found.add(piece)
            if i + PREFIX <= n:
                key = text[i : i + PREFIX]
                group = heads.get(key)
                if group is None:
                    group = self._starting(key)
                if len(group) <= SCAN:
                    found.update(w for w in group if text.startswith(w, i))
                else:
                    found.update(self._prefixes(group, text, i))
        return sorted(found)

    def _prefixes(self, group: tuple[str, ...], text: str, i: int) -> Iterator[str]:
        """The words of a large sorted group (การ..., ความ...) that start `text` at `i`: the
        range of words starting with a longer and longer piece, narrowed by bisection,
        instead of a look at each of hundreds of words at every position they could start."""
        lo, hi = 0, len(group)
        for end in range(i + PREFIX, min(len(text), i + self.longest) + 1):
            piece = text[i:end]
            lo = bisect_left(group, piece, lo, hi)
            if lo == hi:
                return
            if group[lo] == piece:
                yield piece
            hi = bisect_left(group, piece + LAST, lo, hi)  # past the words starting with it

    def all_words(self) -> list[str]:
        return self.table.all_lines()


def counted_words(counts: dict[str, int], source_name: str, source_size: int) -> bytes:
    """The table file of words with a count each ("word<TAB>count" lines), filed by first
    letters as `write_words` files a word list: `CountedWords` reads it."""
    longest = max(map(len, counts), default=0)
    meta = {"source": source_name, "source_size": source_size, "longest": longest, "prefix": PREFIX}
    return encoded(((w[:PREFIX], f"{w}\t{n}") for w, n in counts.items()), meta)


class CountedWords(WordTable):
    """A word table whose words carry a count (indexer/text/language.py: how common each
    word is in its language): a word list to segment with, and a word's count."""

    def __init__(self, table: Table, source: str, source_size: int, longest: int):
        super().__init__(table, source, source_size, longest)
        self._counted: dict[str, dict[str, int]] = {}  # by key: its bucket's words and counts

    def _counts(self, key: str) -> dict[str, int]:
        found = self._counted.get(key)
        if found is None:
            pairs = (line.partition("\t") for line in self.table.lines(key))
            found = self._counted[key] = {w: int(n) for w, _, n in pairs if n.isdigit()}
        return found

    def _filed(self, key: str) -> set[str]:
        return set(self._counts(key))

    def _starting(self, key: str) -> tuple[str, ...]:
        found = self._heads.get(key)
        if found is None:
            found = self._heads[key] = tuple(sorted(w for w in self._counts(key) if w.startswith(key)))
        return found

    def __contains__(self, word: str) -> bool:
        return word in self._counts(word[:PREFIX])

    def count(self, word: str) -> int | None:
        """The word's count, or None when the table lacks it."""
        return self._counts(word[:PREFIX]).get(word)

    def all_words(self) -> list[str]:
        return [line.partition("\t")[0] for line in self.table.all_lines()]


# --- rows looked up by their words (the translations) ------------------------------------


def write_rows(path: Path, rows: list[list[list[str]]], source_size: int) -> None:
    """The rows of a stored table ([words, form, form, ...]), each under its words joined
    with spaces; `source_size` is the size of the JSON file they were saved to, which a
    reader compares before it trusts this table to say the same."""
    by_key = {" ".join(r[0]): r for r in rows}  # a key given twice: its last row, as a dict keeps it
    meta = {"source_size": source_size, "longest": max((len(r[0]) for r in rows), default=0)}
    write(path, ((key, row_line(key, row)) for key, row in by_key.items()), meta)


def row_line(key: str, row: list) -> str:
    # The key JSON-quoted, so no character of it can pass for the tab that ends it.
    return json.dumps(key, ensure_ascii=False) + "\t" + json.dumps(row, ensure_ascii=False)


class RowTable:
    """Stored rows by their words joined with spaces, each parsed when looked up."""

    def __init__(self, table: Table, longest: int):
        self.table = table
        self.longest = longest  # words in the longest row's key

    @classmethod
    def open(cls, path: Path, source: Path) -> RowTable | None:
        """The table at `path`, if it was made with the JSON file `source` as it is now."""
        table = Table.open(path)
        if table is None:
            return None
        size, longest = table.meta.get("source_size"), table.meta.get("longest")
        try:
            same = source.stat().st_size == size
        except OSError:
            same = False
        return cls(table, longest) if same and isinstance(longest, int) else None

    def get(self, key: str) -> list | None:
        head = json.dumps(key, ensure_ascii=False) + "\t"
        for line in self.table.lines(key):
            if line.startswith(head):
                return json.loads(line[len(head) :])
        return None
