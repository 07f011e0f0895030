"""The one analyzer for indexing, querying and highlighting: `ThaiAnalyzer`.

Whoosh pickles this analyzer into the index schema, so the class must stay importable
at `indexer.text.analysis` under this name; ANALYZER_VERSION goes up whenever the class
or the tokens it produces change, and an index recorded with another version is rebuilt
or refused. The pickled analyzer holds only a dictionary key and the inner words' boost;
the word list itself is registered in this process with `use_dictionary` before the
index is opened. The index is written with
the full word list under the dictionary's version; queries are cut with the shorter list
of words the index holds, under `query_key(version)`, so one process can do both.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, Protocol

import nlpo3
from whoosh.analysis import Analyzer, Token
from whoosh.lang.porter import stem

from indexer.errors import DictionaryNotLoaded
from indexer.text.english import one_spelling
from indexer.text.thai import (
    RUNS,
    break_points,
    is_normal_thai,
    latin_word,
    normalise_digits,
    normalise_thai,
    other_words,
    strip_dots,
)
from search.ranking import RANKING

# 10: American spellings stemmed as the British ones (english.one_spelling)
# 9: words of other scripts (Cyrillic, Greek, Arabic, Han...) are tokens; they were dropped
# 8: normalise_thai repeats its pass until nothing changes (ก่์ิ, บาา้น come out settled)
# 7: invisible joiners inside a Latin word are dropped, not a break (pass<soft hyphen>port)
# 6: one analyzer class instead of a tokenizer and four filters (the same tokens)
# 5: pythainlp's other spelling rules (เเ, ์ before a vowel, ๅ, two tone marks, tone after ะ า ำ)
# 4: Thai spelled one way (ํา, tone mark order, doubled marks, invisible characters)
# 3: link reference definitions are not text (2: classes moved)
ANALYZER_VERSION = "10"
MIN_SUBWORD = 3  # shorter words inside compounds (สม, รส in สมรส) match too much to be useful
MAX_WORD = 40


def query_key(version: str) -> str:
    return f"{version}#query"


# A lazy word list (see Lexicon.handle) cuts this many runs with small lists of their own
# before it loads the whole list into nlpo3: past that, loading it once costs less.
LAZY_CUTS = 200


if TYPE_CHECKING:

    class Words(Protocol):
        """A word list read a part at a time (indexer.index.tables.WordTable)."""

        source: str  # the content name of the list it was made from
        source_size: int  # and that file's size
        longest: int

        def __contains__(self, word: str) -> bool: ...
        def inside(self, text: str) -> list[str]: ...
        def all_words(self) -> list[str]: ...


@dataclass(eq=False)  # hashed by identity: caches below key on the lexicon itself
class Lexicon:
    """A word list registered for segmentation, under the name its content gives it."""

    name: str  # the list by its content: what caches key on, and nlpo3's name for the whole list
    path: Path
    _words: frozenset[str] | None = field(default=None, repr=False)
    lazy: bool = False  # the whole list is not in nlpo3 yet
    _cuts: int = field(default=0, repr=False)
    _longest: int = field(default=0, repr=False)
    # The list filed by first letters, when the index has it: a query then reads a few
    # buckets of it instead of the whole file (11-14 ms at 10,000 procedures).
    table: Words | None = field(default=None, repr=False)

    @property
    def words(self) -> frozenset[str] | Words:
        """The list, for `in`: its table when there is one, else the whole list in memory."""
        if self.table is not None:
            return self.table
        if self._words is None:  # loaded on first need: compound splitting and lazy cuts need it
            self._words = frozenset(path_words(self.path))
        return self._words

    def __contains__(self, word: str) -> bool:
        return word in self.words

    def inside(self, text: str) -> list[str]:
        """The list's words that occur in `text` (a Thai run), sorted."""
        if self.table is not None:
            return self.table.inside(text)
        if not self._longest:
            self._longest = max(map(len, self.words), default=0)
        return words_inside(text, self.words, self._longest)

    def load_whole(self) -> None:
        if not self.lazy:
            return
        try:  # from memory: the file may be gone
            load_words(self.table.all_words() if self.table is not None else sorted(self.words), self.name)
        except OSError:  # no temporary file to be had: the generation's own file, then
            checked_word_list(self.path)
            message, ok = nlpo3.load_dict(str(self.path), self.name)
            if not ok and "exist" not in message:
                raise DictionaryNotLoaded(f"cannot load the word list {self.path}: {message}") from None
        self.lazy = False

    def handle(self, text: str) -> str:
        """nlpo3's name for a word list that cuts `text` (a Thai run without dots) as the
        whole list does.

        nlpo3 builds its trie from the whole file, about 1.5 µs a word (70 ms for the 50,000
        words an index of 10,000 procedures holds), longer than a cold query takes. Its
        newmm only ever asks the list for words starting at some position of the text, so
        the list's words that occur in the text give the same cut: a lazy lexicon loads
        those (a few dozen) for each run it is asked to cut, and the whole list only after
        LAZY_CUTS runs.
        """
        if self.lazy and self._cuts >= LAZY_CUTS:
            self.load_whole()
        if not self.lazy:
            return self.name
        self._cuts += 1
        sub = f"{self.name}/{next(_SUB_LISTS)}"  # nlpo3 never replaces a name it holds
        try:
            load_words(self.inside(text), sub)
        except OSError:  # no temporary file to be had (a read-only or full disk)
            self.load_whole()
            return self.name
        return sub


def words_inside(text: str, words: frozenset[str], longest: int) -> list[str]:
    """The words of the list (none longer than `longest`) that occur in `text`."""
    n = len(text)
    return sorted({text[i:j] for i in range(n) for j in range(i + 1, min(n, i + longest) + 1)} & words)


def load_words(words: list[str], name: str) -> None:
    """Load a list held in memory into nlpo3 (which reads lists from files only)."""
    fd, tmp = tempfile.mkstemp(prefix="ecm-words-", suffix=".txt")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write("".join(f"{w}\n" for w in words))
        message, ok = nlpo3.load_dict(tmp, name)
    finally:
        os.unlink(tmp)
    if not ok and "exist" not in message:
        raise DictionaryNotLoaded(f"cannot load a word list into the segmenter: {message}")


_SUB_LISTS = itertools.count(1)
_LEXICONS: dict[str, Lexicon] = {}  # by key (the dictionary version, or its query key)
_BY_NAME: dict[str, Lexicon] = {}  # by content name


def path_words(path: Path) -> list[str]:
    return [w for w in path.read_text(encoding="utf-8").split("\n") if w]


def use_dictionary(path: Path, key: str, lazy: bool = False, table: Words | None = None) -> Lexicon:
    """Register the word list under `key`; tokenizers built with that key segment with it.
    A `lazy` list is loaded into the segmenter piecemeal (Lexicon.handle): for a process
    that cuts a few queries and snippets, not a manual. A lazy list may come with its
    `table` (the same words filed by first letters, which names the file's content):
    the file itself is then not read at all, unless it has another size."""
    if table is not None and not (lazy and _sized(path, table)):
        table = None
    # Named by content, not by path: each index run writes the list into a new generation
    # folder, and loading the same 60,000 words into nlpo3 again costs a sixth of a second.
    content = table.source if table is not None else content_name(checked_word_list(path))
    name = f"{key}:{content}"
    known = _LEXICONS.get(key)
    if known is not None and known.name == name:
        known.path = path  # the same words; the older folder may be removed
        if not lazy:
            known.load_whole()
        return known
    if not lazy:
        message, ok = nlpo3.load_dict(str(path), name)
        if not ok and "exist" not in message:
            raise DictionaryNotLoaded(f"cannot load the word list {path}: {message}")
    _LEXICONS[key] = _BY_NAME[name] = Lexicon(name, path, lazy=lazy, table=table)
    return _LEXICONS[key]


def content_name(raw: bytes) -> str:
    """A word list's name by its content (the index writer files it with the list's table)."""
    return hashlib.sha256(raw).hexdigest()[:16]


def _sized(path: Path, table: Words) -> bool:
    try:
        return path.stat().st_size == table.source_size
    except OSError:
        return False


MAX_WORD_LIST_BYTES = 64_000_000


def checked_word_list(path: Path) -> bytes:
    """Refuse a word list nlpo3 could choke on before handing it over: a panic inside
    nlpo3 can leave its lock poisoned and every later segmentation stuck, so a missing,
    empty, oversized or non-UTF-8 file is a DictionaryNotLoaded here, in Python."""
    try:
        size = path.stat().st_size
        if not path.is_file() or size == 0 or size > MAX_WORD_LIST_BYTES:
            raise DictionaryNotLoaded(f"the word list {path} is missing, empty or too large")
        raw = path.read_bytes()
        text = raw.decode("utf-8")
    except OSError as exc:
        raise DictionaryNotLoaded(f"cannot read the word list {path}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise DictionaryNotLoaded(f"the word list {path} is not UTF-8 text") from None
    if "\x00" in text or not text.strip():
        raise DictionaryNotLoaded(f"the word list {path} holds no words or binary data")
    return raw


def lexicon(key: str) -> Lexicon:
    try:
        return _LEXICONS[key]
    except KeyError:
        raise DictionaryNotLoaded(f"the word list {key} is not loaded") from None


def segment_thai(run: str, offset: int, dict_name: str) -> Iterator[tuple[str, int, int]]:
    """Words of a Thai run with their character spans in the original text."""
    return ((word, offset + start, offset + end) for word, start, end, _ in run_words(run, dict_name))


# (word, start, end, inner): inner is None when the word is as long as its span of the
# run (at most a tone mark and its vowel swapped, a pair no inner word splits); otherwise
# (dots, invisible characters, merged or doubled marks) it holds each character's span in
# the run, relative to start, so that a word inside the word marks its own characters.
RunWord = tuple[str, int, int, tuple[tuple[int, int], ...] | None]


@lru_cache(maxsize=4096)  # the analyzer keeps its own answers (thai_tokens); this serves queries
def run_words(run: str, dict_name: str) -> tuple[RunWord, ...]:
    """Words of a Thai run with their character spans in the run; `dict_name` names
    the loaded word list by its content, so a changed list never reuses a cut."""
    handle = _BY_NAME[dict_name].handle
    if "." not in run and is_normal_thai(run):  # most runs: the text is cut as written
        words, pos = [], 0
        for word in nlpo3.segment(run, handle(run)):
            start, pos = pos, pos + len(word)
            if word.strip():
                words.append((word, start, pos, None))
        return tuple(words)
    bare, where = strip_dots(run)
    text, spans = normalise_thai(bare)  # spans index `bare`; `where` maps them into `run`
    pos = 0
    words = []
    for word in nlpo3.segment(text, handle(text)):
        start, pos = pos, pos + len(word)
        if not word.strip():
            continue
        begin, end = where[spans[start][0]], where[spans[pos - 1][1] - 1] + 1
        inner = None
        if end - begin != len(word):
            inner = tuple((where[a] - begin, where[b - 1] + 1 - begin) for a, b in spans[start:pos])
        words.append((word, begin, end, inner))
    return tuple(words)


# A token as the analyzer gives it: (text, position, start, end, boost), the position
# counting words and the characters those of the analysed text.
Tok5 = tuple[str, int, int, int, float]
# Tokens of a run relative to it: (text, which word of the run, start, end, boost).
RunPieces = tuple[tuple[str, int, int, int, float], ...]
RunTokens = tuple[RunPieces, int]


class ThaiAnalyzer(Analyzer):
    """Thai runs cut into words by nlpo3 (and, when indexing, each compound followed by
    the dictionary words inside it), Latin words whole and in parts, lower case, English
    stems, the words of other scripts lower case as they are. Every rule works on a run of
    text at a time and its answers are kept (`thai_tokens`, `latin_tokens`,
    `other_tokens`): a manual repeats its runs, and a token stream is
    then a few lookups per run instead of a chain of filters per token.
    """

    def __init__(self, dictionary_version: str, subword_boost: float = RANKING.subword_boost):
        self.dictionary_version = dictionary_version
        self.subword_boost = subword_boost

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ThaiAnalyzer) and vars(other) == vars(self)

    def __hash__(self) -> int:
        return hash(self.dictionary_version)

    def __repr__(self) -> str:
        return f"ThaiAnalyzer({self.dictionary_version!r})"

    def tokens(self, value: str, mode: str = "index", start_pos: int = 0, start_char: int = 0) -> list[Tok5]:
        """The tokens of `value`. With mode="query" a compound is not followed by its
        inner words: the query planner asks for those itself."""
        out: list[Tok5] = []
        add = out.append
        pos = start_pos
        for pieces, count, at in self.runs(value, mode):
            at += start_char
            for text, k, start, end, boost in pieces:
                add((text, pos + k, at + start, at + end, boost))
            pos += count
        return out

    def runs(self, value: str, mode: str = "index") -> Iterator[tuple[RunPieces, int, int]]:
        """Each run of `value` as (its tokens relative to it, how many positions it takes,
        where it starts): what `tokens` spells out, and what the index writer reads
        without making a token of each (whoosh_parallel.positions_postings)."""
        name = lexicon(self.dictionary_version).name
        subwords = self.subword_boost if mode != "query" else None
        for match in RUNS.finditer(normalise_digits(value)):
            run = match.group("th")
            if run:
                pieces, count = thai_tokens(run, name, subwords)
                yield pieces, count, match.start()
            elif match.group("num"):
                number = match.group()
                yield ((number.replace(",", ""), 0, 0, len(number), 1.0),), 1, match.start()
            elif match.group("lat"):
                yield latin_tokens(match.group()), 1, match.start()
            else:
                pieces = other_tokens(match.group())
                yield pieces, len(pieces), match.start()

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True, mode="",
                 **kwargs):  # fmt: skip
        """Whoosh's interface: one Token, changed for each token in turn."""
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for text, pos, start, end, boost in self.tokens(value, mode, start_pos, start_char):
            t.text, t.boost, t.stopped = text, boost, False
            if keeporiginal:
                t.original = value[start - start_char : end - start_char]
            if positions:
                t.pos = pos
            if chars:
                t.startchar, t.endchar = start, end
            yield t


# A manual repeats its phrases: two runs in three were cut before. Their repeats follow a
# Zipf law, so the commonest runs give nearly all the hits: a sub-writer adding 5,000 of
# the 10,000 bench procedures used the same CPU with 10,000 entries as with 50,000 and
# peaked at 163 MB instead of 226.
@lru_cache(maxsize=10_000)
def thai_tokens(run: str, dict_name: str, subword_boost: float | None) -> RunTokens:
    """The tokens of a Thai run (relative to it) and how many words it holds: each word,
    then, unless `subword_boost` is None, the words of at least MIN_SUBWORD letters on
    some complete split of it (จดทะเบียนสมรส: จดทะเบียน, ทะเบียน, ทะเบียนสมรส, สมรส) at its
    position with that boost. Thai has no case and no stems."""
    words = run_words(run, dict_name)
    if subword_boost is None:
        return tuple((word, k, start, end, 1.0) for k, (word, start, end, _) in enumerate(words)), len(words)
    out = []
    for k, (word, start, end, inner) in enumerate(words):
        out.append((word, k, start, end, 1.0))
        if len(word) <= MIN_SUBWORD:
            continue
        for sub, i, j in compound_parts(word, _BY_NAME[dict_name]):
            if inner:
                out.append((sub, k, start + inner[i][0], start + inner[j - 1][1], subword_boost))
            else:
                out.append((sub, k, start + i, start + j, subword_boost))
    return tuple(out), len(words)


@lru_cache(maxsize=50_000)
def latin_tokens(run: str) -> RunPieces:
    """The tokens of a Latin run (relative to it), all at its position: e-Passport gives
    e, passport and epassport, so every spelling of it meets; lower case; Porter stems.
    Joiners inside it are dropped (thai.latin_word), each piece still spanning its letters."""
    word, inner = latin_word(run)
    if not any(ch in word for ch in "-'’."):
        pieces = [(word, 0, len(word))]
    else:
        parts, offset = [], 0
        for part in word.replace("’", "'").replace("'", "-").replace(".", "-").split("-"):
            parts.append((part, offset))
            offset += len(part) + 1
        pieces = [(part, at, at + len(part)) for part, at in parts if part]
        joined = "".join(p for p, _ in parts)
        if joined and len(parts) > 1:
            pieces.append((joined, 0, len(word)))
    if inner:
        pieces = [(text, inner[start][0], inner[end - 1][1]) for text, start, end in pieces]
    return tuple((stemmed(text.lower()), 0, start, end, 1.0) for text, start, end in pieces)


@lru_cache(maxsize=10_000)
def other_tokens(run: str) -> RunPieces:
    """The tokens of a run of another script (relative to it), a word at each position:
    no stems, no parts."""
    return tuple((word, k, start, end, 1.0) for k, (word, start, end) in enumerate(other_words(run)))


def phrase_words(words: tuple[str, ...]) -> tuple[str, ...]:
    """Analysed words as they follow one another in the index. `latin_tokens` writes a
    hyphenated, dotted or apostrophe'd word's pieces and then their join at one position
    (e-Visa: e, visa, evisa), so a phrase of all of them is never in a row anywhere;
    pieces that a following word joins up (e + visa = evisa) are dropped."""
    out: list[str] = []
    for word in words:
        joined = ""
        for start in range(len(out) - 1, -1, -1):
            joined = out[start] + joined
            if len(joined) >= len(word):
                if joined == word and len(out) - start > 1:
                    del out[start:]
                break
        out.append(word)
    return tuple(out)


def stemmed(text: str) -> str:
    """The Porter stem of a Latin word of three letters or more, in its British spelling
    (english.one_spelling); anything else as it is."""
    return cached_stem(one_spelling(text)) if text.isascii() and text.isalpha() and len(text) > 2 else text


@lru_cache(maxsize=100_000)
def compound_parts(word: str, words: Lexicon) -> tuple[tuple[str, int, int], ...]:
    """Every word of at least MIN_SUBWORD letters on some complete split of `word`."""
    edges, forward, backward = _lattice(word, words)
    return tuple(
        (word[i:j], i, j) for i, j in edges if j - i >= MIN_SUBWORD and i in forward and j in backward
    )


def best_split(word: str, words: Lexicon) -> tuple[str, ...]:
    """The split of a compound into the fewest words (ties: the longest shortest piece),
    keeping pieces of at least MIN_SUBWORD letters: จดทะเบียนสมรส -> จดทะเบียน, สมรส."""
    edges, forward, backward = _lattice(word, words)
    useful = [(i, j) for i, j in edges if i in forward and j in backward]
    best: dict[int, tuple[int, int, tuple[str, ...]]] = {0: (0, -len(word), ())}
    for i, j in useful:  # edges are ordered by start: a shortest-path sweep
        if i not in best:
            continue
        count, neg_min, pieces = best[i]
        candidate = (count + 1, max(neg_min, -(j - i)), (*pieces, word[i:j]))
        if j not in best or candidate[:2] < best[j][:2]:
            best[j] = candidate
    pieces = best.get(len(word), (0, 0, ()))[2]
    return tuple(p for p in pieces if len(p) >= MIN_SUBWORD)


# compound_parts keeps its own answers, so this cache only serves best_split (a query's
# few words); 100,000 lattices took some 100 MB of a sub-writer at 10,000 procedures.
@lru_cache(maxsize=4096)
def _lattice(word: str, lexicon: Lexicon) -> tuple[list[tuple[int, int]], set[int], set[int]]:
    """Dictionary words inside `word` as (start, end) edges, the whole word excluded, with
    the positions reachable from the start and those from which the end is reachable."""
    words = lexicon.words  # a frozenset, or the table the query path reads
    n = len(word)
    # The break points found once: asking whether both ends of every span may break was
    # most of the lattice's time (some 30 calls a word at 1,000 procedures).
    breaks = break_points(word)
    edges: list[tuple[int, int]] = []
    for a, i in enumerate(breaks):
        for j in breaks[a + 1 :]:
            if j - i > MAX_WORD:
                break
            if (i, j) != (0, n) and word[i:j] in words:
                edges.append((i, j))
    forward, backward = {0}, {n}
    for i, j in edges:  # edges are ordered by start, so one pass reaches every node
        if i in forward:
            forward.add(j)
    for i, j in reversed(edges):
        if j in backward:
            backward.add(i)
    return edges, forward, backward


@lru_cache(maxsize=50_000)
def cached_stem(word: str) -> str:
    return stem(word)


def forget_cuts() -> None:
    """Empty the memos of cut runs and words. An index sub-writer calls this once its
    documents are in: writing its segment out needs the memory they hold (some 11 MB
    each at 10,000 procedures), and what it analyses after that is little."""
    for memo in (run_words, thai_tokens, latin_tokens, other_tokens, compound_parts, _lattice, cached_stem):
        memo.cache_clear()
    _ANALYSED.clear()


def build_analyzer(dictionary_version: str) -> ThaiAnalyzer:
    return ThaiAnalyzer(dictionary_version)


class Tok(NamedTuple):
    """A token of the analyzer: what queries and snippets work with."""

    text: str
    pos: int
    start: int
    end: int
    boost: float


def analyze(analyzer, text: str, mode: str = "query") -> list[Tok]:
    """The analyzer's tokens of `text`. Snippets analyse the same sections query after
    query, so the tokens of our own analyzer are kept (a bounded memo keyed by the loaded
    word list's content name, the analyzer's settings and the text)."""
    key = memo_key(analyzer, text, mode)
    found = _ANALYSED.get(key) if key is not None else None
    if found is None:
        if isinstance(analyzer, ThaiAnalyzer):
            found = tuple(map(Tok._make, analyzer.tokens(text, mode)))
        else:
            tokens = analyzer(text, positions=True, chars=True, boosts=True, mode=mode)
            found = tuple(Tok(t.text, t.pos, t.startchar, t.endchar, t.boost) for t in tokens)
        if key is not None:
            if len(_ANALYSED) >= MEMO_TEXTS:
                _ANALYSED.clear()
            _ANALYSED[key] = found
    return list(found)


MEMO_TEXTS = 4096
MEMO_MAX_CHARS = 20_000
_ANALYSED: dict[tuple, tuple[Tok, ...]] = {}


def memo_key(analyzer, text: str, mode: str) -> tuple | None:
    """What fixes the tokens: the word list's content, the analyzer's settings, the text
    and the mode; None for an analyzer that is not built by `build_analyzer`."""
    if not isinstance(analyzer, ThaiAnalyzer) or len(text) > MEMO_MAX_CHARS:
        return None
    loaded = _LEXICONS.get(analyzer.dictionary_version)
    if loaded is None:
        return None  # the analyzer raises DictionaryNotLoaded itself
    return loaded.name, analyzer.subword_boost, mode, text
