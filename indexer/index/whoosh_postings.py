"""BM25F scores of a query's variants read straight from Whoosh's posting blocks.

A query asks for every variant of every word (the word, synonyms, compound parts,
translations) in each of the seven text fields. As a Whoosh query that is one matcher per
(variant, field, segment), joined by Or matchers: below 5,000 documents Whoosh preloads
each Or into arrays as long as the index (ArrayUnionMatcher), above it walks a tree of
UnionMatchers posting by posting, and `total` needs a second pass over every match. That
was four fifths of a warm query.

Here each (field, word) is read once per query and segment, a block of postings at a time,
and scored with the very arithmetic of Whoosh's BM25FScorer (the searcher's CrossFieldBM25F
idf, Whoosh's quantised field lengths); a query's score for a document is the sum of the
scores of the parts it matches, as Whoosh's Or, And and phrase matchers sum them. The
documents come out in Whoosh's order (score, then document number) and the number of
matches falls out of the same dictionaries. Part of the Whoosh backend: it reads Whoosh
2.7's posting format (whoosh3 codec) below its public matcher API, to skip the per-posting
method calls that made the matchers slow.
"""

from __future__ import annotations

import heapq
import math
import zlib
from array import array
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from io import BytesIO
from itertools import accumulate, compress, repeat
from operator import add as add_
from operator import mul, sub, truediv
from pickle import UnpicklingError, loads
from pickle import load as pickle_load
from struct import Struct

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, WHOOSH3_HEADER_MAGIC
from whoosh.formats import Positions
from whoosh.reading import EmptyReader, TermNotFound
from whoosh.system import _INT_SIZE
from whoosh.util.numeric import byte_to_length, length_to_byte

from indexer.index.document import TEXT_FIELDS

Scores = dict[int, float]  # global document number -> score (of a term, before any boost)
BLOCK_LENGTH = Struct("!i")  # whoosh.system's pack_int, as W3PostingsWriter writes a block's length


# What the cache of recently read words may hold, in bytes (`Term.size`): a word's scores
# cost 12 bytes a posting, its positions (kept only for words a phrase has asked) some
# 90 more. The words of a manual's queries recur, and the commonest are the costliest:
# the benchmark's 240 queries at 10,000 procedures read about a million distinct postings.
CACHE_BYTES = 24_000_000
SCORE_BYTES = 12  # a document number (array 'i') and a score (array 'd')
POSITION_BYTES = 90  # a block's document number and its encoded positions, as Python objects
# Words whose document frequencies a searcher keeps (`PostingScorer.frequencies`): seven
# small integers each, asked for every word of every form of a query.
FREQUENCY_MEMO = 50_000
# Words whose term infos (a few hundred bytes) a searcher keeps for reading their postings.
INFO_MEMO = 4096


class PostingScorer:
    """One open Whoosh searcher's postings, as per-document BM25F scores."""

    def __init__(self, searcher):
        self.searcher = searcher
        self._cache: OrderedDict[tuple[str, str], Term] = OrderedDict()
        self._cached = 0  # bytes in the cache
        self.b, self.k1 = searcher.weighting.B, searcher.weighting.K1
        # an index of no procedures has one EmptyReader, with no terms to read: no leaves
        leaves = [(sub, sub.reader(), offset) for sub, offset in searcher.leaf_searchers()]
        self.leaves = [leaf for leaf in leaves if not isinstance(leaf[1], EmptyReader)]
        self.schema = searcher.schema
        self._norms: dict[tuple[int, str], list[float]] = {}
        self._frequencies: dict[str, dict[str, int]] = {}
        self._infos: dict[tuple[str, str], list] = {}  # (field, word) -> each segment's term info or None
        self._decoders: dict[str, Callable[[bytes], list[int]]] = {}
        self.doc_count = searcher.doc_count_all()

    def decoder(self, field: str) -> Callable[[bytes], list[int]]:
        """What turns a posting's value in `field` into its positions: for Whoosh's
        Positions format, its decoding without a Python step per position."""
        found = self._decoders.get(field)
        if found is None:
            fmt = self.schema[field].format
            found = self._decoders[field] = positions if type(fmt) is Positions else fmt.decode_positions
        return found

    def query(self) -> QueryTerms:
        """A reader for one query: each (field, word) it asks for is read once."""
        return QueryTerms(self)

    def frequencies(self, word: str) -> dict[str, int]:
        """How many documents (deleted ones too, as Whoosh counts them) hold the word in each
        text field, looked up once per word and searcher (at most FREQUENCY_MEMO words): the
        word's idf, whether a field holds it at all, and the engine's document frequencies
        read it, where each asked the term tables of every segment anew. The term infos
        found are kept a while (INFO_MEMO), for `read` to find the postings by: they were
        looked up in the term tables a second time."""
        found = self._frequencies.get(word)
        if found is None:
            if len(self._frequencies) >= FREQUENCY_MEMO:
                self._frequencies.clear()
            if len(self._infos) >= INFO_MEMO:
                self._infos.clear()
            tbytes = word.encode("utf-8")
            found = {}
            for field in TEXT_FIELDS:
                infos = [term_info(reader, field, tbytes) for _, reader, _ in self.leaves]
                found[field] = sum(info.doc_frequency() for info in infos if info is not None)
                if found[field]:
                    self._infos[(field, word)] = infos
            self._frequencies[word] = found
        return found

    def idf(self, word: str) -> float:
        """The word's idf as CrossFieldBM25F gives it (its commonest field's frequency)."""
        return cross_field_idf(self.doc_count, max(self.frequencies(word).values()))

    def norms(self, leaf: int, field: str) -> list[float]:
        """Per document of one segment, the length part of BM25's denominator,
        `K1 * ((1 - B) + B * length / average length)`, computed as Whoosh computes it."""
        key = (leaf, field)
        if key not in self._norms:
            _, reader, _ = self.leaves[leaf]
            avg = self.searcher.avg_field_length(field) or 1
            b, k1 = self.b, self.k1
            by_byte = [k1 * ((1 - b) + b * (byte_to_length(x) if x else 0) / avg) for x in range(256)]
            self._norms[key] = [by_byte[x] for x in length_bytes(reader, field)]
        return self._norms[key]

    def term(self, field: str, word: str, positions: bool = False) -> Term:
        """`read`, through a cache of the most recently used words (a segment never changes,
        and a searcher reads the same segments all its life). A word cached without its
        positions is read again when they are asked for. A word no segment holds in `field`
        is not looked up in the segments at all."""
        if not self.frequencies(word).get(field, 1):
            return NOWHERE
        key = (field, word)
        found = self._cache.get(key)
        if found is not None and (found.blocks is not None or not positions):
            self._cache.move_to_end(key)
            return found
        if found is not None:
            del self._cache[key]
            self._cached -= found.size()
        found = self.read(field, word, positions=positions)
        size = found.size()
        if size <= CACHE_BYTES // 8:
            self._cache[key] = found
            self._cached += size
            while self._cached > CACHE_BYTES:
                _, old = self._cache.popitem(last=False)
                self._cached -= old.size()
        return found

    def read(self, field: str, word: str, idf: float | None = None, positions: bool = True) -> Term:
        """Every live document holding `word` in `field`, with its score for the word as
        Whoosh's BM25FScorer gives it, and (with `positions`) the blocks the positions can
        be found in. `idf` is the word's, when the caller already has the statistics (the
        export reads every term's document frequencies in one pass); else the searcher's.

        The score is `idf * ((tf * (K1 + 1)) / (tf + norm))`, Whoosh's arithmetic in its
        order, worked out by `map` over operator functions: the same floats, without a
        Python-level step per posting."""
        ids, scores = array("i"), array("d")
        blocks: list[tuple[int, Sequence[int], Sequence[bytes]]] | None = [] if positions else None
        tbytes = word.encode("utf-8")
        fmt = self.schema[field].format
        k1p = self.k1 + 1
        infos = self._infos.get((field, word))
        for leaf, (_, reader, offset) in enumerate(self.leaves):
            if infos is not None and infos[leaf] is None:
                continue  # the segment lacks the word in `field`
            info = infos[leaf] if infos is not None else None
            deleted = reader.deleted_docs_set if reader.has_deletions() else ()
            norm = None
            for local, weights, values in posting_blocks(reader, field, tbytes, fmt, positions, info):
                if norm is None:
                    norm = self.norms(leaf, field).__getitem__
                    if idf is None:  # the statistics of the whole index, as Whoosh's scorer
                        idf = self.idf(word)
                scored = map(mul, repeat(idf), map(truediv, map(mul, weights, repeat(k1p)),
                                                   map(add_, weights, map(norm, local))))  # fmt: skip
                if deleted:
                    live = [
                        (doc, score) for doc, score in zip(local, scored, strict=True) if doc not in deleted
                    ]
                    if live:
                        kept, scored = zip(*live, strict=True)
                        ids.extend(map(add_, kept, repeat(offset)))
                        scores.extend(scored)
                else:
                    ids.extend(map(add_, local, repeat(offset)) if offset else local)
                    scores.extend(scored)
                if blocks is not None:
                    blocks.append((offset, local, values))
        return Term(ids, scores, blocks)


class Term:
    """One word's postings in one field: the live documents (ascending) and their scores,
    and, when asked for, the encoded values (positions) of each posting block, looked up
    only for the documents a phrase needs them for. Shared between queries through the
    cache: never changed once read."""

    def __init__(self, ids: array, scores: array, blocks: list | None) -> None:
        self.ids, self.scores = ids, scores
        self.blocks = blocks  # (offset, local ids, values) of each block, deleted documents too
        self.ends = [offset + local[-1] for offset, local, _ in blocks] if blocks else []

    def __len__(self) -> int:
        return len(self.ids)

    def size(self) -> int:
        """Roughly what it holds, in bytes (CACHE_BYTES)."""
        kept = sum(len(local) for _, local, _ in self.blocks) if self.blocks else 0
        return 64 + SCORE_BYTES * len(self.ids) + POSITION_BYTES * kept

    def as_scores(self) -> Scores:
        return dict(zip(self.ids, self.scores, strict=True))

    def values_of(self, docs: Sequence[int]) -> list[bytes]:
        """`value` of each of the documents (ascending, each holding the word), a block at a
        time: the block's values decoded once, its documents found by `map`."""
        assert self.blocks is not None, "read without positions"
        out: list[bytes] = []
        at, count = 0, len(docs)
        for (offset, ids, values), end in zip(self.blocks, self.ends, strict=True):
            if at == count:
                break
            upto = bisect_right(docs, end, at)
            if upto > at:
                decoded = values._values() if isinstance(values, BlockValues) else values
                local = map(sub, docs[at:upto], repeat(offset))
                out.extend(map(decoded.__getitem__, map(bisect_left, repeat(ids), local)))
                at = upto
        return out

    def value(self, doc: int) -> bytes:
        assert self.blocks is not None, "read without positions"
        offset, ids, values = self.blocks[bisect_left(self.ends, doc)]
        return values[bisect_left(ids, doc - offset)]


NOWHERE = Term(array("i"), array("d"), [])  # a word no document holds in a field


class QueryTerms:
    """The postings one query has asked for so far (kept only for that query), with each
    word's scores as a dictionary, made once per query."""

    def __init__(self, scorer: PostingScorer):
        self.scorer = scorer
        self._scores: dict[tuple[str, str], Scores] = {}
        self._positions: dict[tuple[str, str], Term] = {}
        self._decoded: dict[tuple[str, str, int], list[int]] = {}

    def read(self, field: str, word: str) -> Term:
        """The word's postings with their positions."""
        key = (field, word)
        found = self._positions.get(key)
        if found is None:
            found = self._positions[key] = self.scorer.term(field, word, positions=True)
        return found

    def positions(self, field: str, word: str, doc: int) -> list[int]:
        """The word's positions in one document's `field`, decoded once per query: the
        forms of a query share words (id card, thai id card, national id), and a document
        is checked for each of its phrases."""
        key = (field, word, doc)
        found = self._decoded.get(key)
        if found is None:
            value = self.read(field, word).value(doc)
            found = self._decoded[key] = self.scorer.decoder(field)(value)
        return found

    def positions_of(self, field: str, word: str, docs: Sequence[int]) -> list[list[int]]:
        """`positions` of each of the documents (which all hold the word in `field`), those
        not decoded yet decoded together (`positions_batch`): checking a phrase in the
        thousands of documents that hold its common words (ออก ให้) was mostly decoding
        their positions one posting at a time."""
        memo = self._decoded
        keys = [(field, word, doc) for doc in docs]
        missing = [i for i, key in enumerate(keys) if key not in memo]
        if missing:
            values = self.read(field, word).values_of([docs[i] for i in missing])
            decoded = positions_batch(values) if self.scorer.decoder(field) is positions else None
            if decoded is None:
                decoded = list(map(self.scorer.decoder(field), values))
            memo.update(zip([keys[i] for i in missing], decoded, strict=True))
        return [memo[key] for key in keys]

    def term(self, field: str, word: str, positions: bool = False) -> Scores:
        """The word's scores; `positions` when a phrase will look at its positions (read
        with them now, rather than a second time)."""
        key = (field, word)
        found = self._scores.get(key)
        if found is None or (positions and key not in self._positions):
            read = self.scorer.term(field, word, positions)
            if read.blocks is not None:
                self._positions[key] = read
            if found is None:
                found = self._scores[key] = read.as_scores()
        return found

    def indexed(self, field: str, word: str) -> bool:
        """Whether some document (maybe a deleted one) holds the word in `field`: the term
        table's document frequency, without reading the postings."""
        found = self._scores.get((field, word))
        return bool(found) if found is not None else self.scorer.frequencies(word).get(field, 1) > 0

    def postings(self, field: str, word: str) -> Term:
        """The word's documents and scores as they are read (no dictionary made)."""
        key = (field, word)
        return self._positions.get(key) or self.scorer.term(field, word)


def term_info(reader, field: str, tbytes: bytes):
    """A segment's term info of the word in `field` (its document frequency and where its
    postings are), None when the segment lacks it: what SegmentReader.doc_frequency reads."""
    try:
        return reader._terms.term_info(field, tbytes)
    except (TermNotFound, KeyError):
        return None


def posting_blocks(reader, field: str, tbytes: bytes, fmt, values: bool = True, info=None) -> Iterator[tuple]:
    """(ids, weights, encoded values) of each block of a term's postings in one segment,
    deleted documents included; nothing when the segment lacks the term. Whoosh keeps a
    block's ids, weights and values in one pickle; the ids and weights are decoded apart
    where the block allows it (`ids_and_weights`), and the values, with `values`, only
    when a posting's value is first asked for (`BlockValues`); without it they are None.

    The postings are read from the file in one go and their blocks decoded here (the
    layout of whoosh3's W3PostingsWriter: a magic word, then per block a signed length,
    negative for the last, a pickled header and the pickled, maybe compressed, data),
    rather than by Whoosh's matcher, which reads each block in three file reads and
    decodes its ids through a Python generator (`accumulate` undoes the same deltas)."""
    terms = reader._terms
    if info is None:  # the term info, when the caller has not looked it up already
        info = term_info(reader, field, tbytes)
        if info is None:
            return
    if info.is_inlined() or fmt.fixed_value_size() is not None:
        matcher = terms._codec.postings_reader(terms._postfile, info, fmt)
        ids, weights, vals = [], [], []  # postings inlined in the term info (or a format not ours)
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            vals.append(matcher.value())
            matcher.next()
        yield ids, weights, vals
        return
    start, length = info.extent()
    if isinstance(length, tuple):  # W3TermInfo.from_bytes leaves the length as struct's 1-tuple
        (length,) = length
    postings = terms._postfile.get(start, length)
    if postings[:4] != WHOOSH3_HEADER_MAGIC:
        raise ValueError(f"no posting block where the term info points in {field}:{tbytes!r}")
    view, stream, at, last = memoryview(postings), BytesIO(postings), 4, False
    while not last:
        (size,) = BLOCK_LENGTH.unpack_from(postings, at)
        last, at = size < 0, at + BLOCK_LENGTH.size
        stream.seek(at)
        count, _, _, compressed, _, _ = pickle_load(stream)  # the block's header
        data, at = view[stream.tell() : at + abs(size)], at + abs(size)
        deltas, weights, vals = ids_and_weights(data, compressed, count)
        if not values:
            vals = None
        elif vals is None:
            vals = BlockValues(data, compressed)
        if weights is None:
            weights = repeat(1.0, count)
        elif isinstance(weights, float):  # one weight for the block, as Whoosh reads it back
            weights = repeat(array("f", [weights])[0], count)
        yield tuple(accumulate(deltas)), tuple(weights), vals


class BlockValues(Sequence):
    """A posting block's values (positions), decoded the first time one is asked for. A
    phrase asks for the positions of the few documents that could hold it (those holding
    all its words, and, among the documents other forms matched, those that could reach
    the best): decoding every block of its words at once was most of a phrase query."""

    __slots__ = ("_compressed", "_data", "_decoded")

    def __init__(self, data: memoryview, compressed: bool) -> None:
        self._data, self._compressed = data, compressed
        self._decoded: tuple[bytes, ...] | None = None

    def _values(self) -> tuple[bytes, ...]:
        if self._decoded is None:
            data = self._data
            self._decoded = loads(zlib.decompress(data) if self._compressed else data)[2]
            self._data = memoryview(b"")  # the file's bytes are no longer needed
        return self._decoded

    def __getitem__(self, i):
        return self._values()[i]

    def __len__(self) -> int:
        return len(self._values())

    def __iter__(self) -> Iterator[bytes]:
        return iter(self._values())


# How pickle protocol 2 (Whoosh's, and posting_writer's) starts the first bytes object of a
# pickle: a global reference to `_codecs.encode`, which rebuilds it. In a posting block's
# pickle, (deltas, weights, values), it is where the values begin. It cannot stand inside
# the deltas and weights before them: every opcode there (K, M and J for a delta, G for a
# weight, and ( t q r N) is a byte it lacks, and no argument there is longer than 8 bytes,
# so each 16-byte run there holds one.
VALUES_START = b"c_codecs\nencode\n"
MARK = ord("(")  # before the elements of a tuple of more than 3
NO_VALUES = b"N\x87."  # None, TUPLE3, STOP: the pickle's tuple, ended with no values
# The most bytes a block's pickle takes before its values: the protocol, two tuples'
# marks, ends and memo puts, then per posting a delta (at most 5 bytes) and a weight (9).
HEAD_BYTES, POSTING_BYTES = 40, 14


def ids_and_weights(data, compressed: bool, count: int) -> tuple:
    """A posting block's (deltas, weights, None), its pickle decoded up to the values only:
    decoding a block of positions is mostly its values (each a pickle of its own, and each
    rebuilt through a call of `_codecs.encode`), some 15 times the cost of what scoring
    reads. A compressed block is inflated only as far as the values could begin. A block
    laid out otherwise (no value to every posting, say) is decoded whole, and its values
    are given too."""
    if compressed:
        head = zlib.decompressobj().decompress(data, HEAD_BYTES + POSTING_BYTES * count)
    else:  # a short block, stored as it is: a view of the file
        head = bytes(data)
    at = head.find(VALUES_START)
    if count > 3:  # the values tuple opens with a MARK
        at = at - 1 if at > 0 and head[at - 1] == MARK else -1
    if at > 0:
        try:
            deltas, weights, _ = loads(head[:at] + NO_VALUES)
        except (UnpicklingError, ValueError, TypeError, IndexError, EOFError):  # not the layout above
            deltas = ()
        if len(deltas) == count:
            return deltas, weights, None
    return loads(zlib.decompress(data) if compressed else data)


def phrase_scores(terms: QueryTerms, field: str, words: tuple[str, ...]) -> Scores:
    """Documents holding the words one after another in `field` (Whoosh's Phrase with its
    default slop of 1), each scored, as Whoosh scores a phrase, by the sum of its words'."""
    holding = all_scores(terms, field, words, positions=True)
    held = phrase_holding(terms, field, words, sorted(holding)) if holding else set()
    return {doc: score for doc, score in holding.items() if doc in held}


def positions(value: bytes) -> list[int]:
    """Positions.decode_positions: a count, then the pickled list of the gaps between the
    positions, ending with pickle's STOP (which Whoosh adds when it is missing)."""
    gaps = value[_INT_SIZE:] if value.endswith(b".") else value[_INT_SIZE:] + b"."
    return list(accumulate(loads(gaps)))


# How a Positions value's pickle starts, after its count: pickle protocol 2, then the list.
PICKLE_2 = b"\x80\x02"


def positions_batch(values: Sequence[bytes]) -> list[list[int]] | None:
    """`positions` of many values, unpickled in one call: each value's pickle (protocol 2,
    a list of gaps) without its protocol mark and its STOP, the lot between a MARK and a
    LIST, is a pickle of the list of their lists (each re-uses memo slot 0, which nothing
    reads back). None when a value is not such a pickle (the caller decodes them one by one)."""
    bodies = []
    for value in values:
        if value[_INT_SIZE : _INT_SIZE + 2] != PICKLE_2:
            return None
        bodies.append(value[_INT_SIZE + 2 : -1] if value.endswith(b".") else value[_INT_SIZE + 2 :])
    try:
        lists = loads(PICKLE_2 + b"(" + b"".join(bodies) + b"l.")
    except (UnpicklingError, ValueError, TypeError, IndexError, EOFError):
        return None
    if not isinstance(lists, list) or len(lists) != len(values):
        return None
    return list(map(list, map(accumulate, lists)))


def phrase_holding(terms: QueryTerms, field: str, words: tuple[str, ...], docs: Sequence[int]) -> set[int]:
    """Those of the documents (ascending; each holding every word in `field`) that hold the
    words in a row: `phrase_holds` of each, with the positions of a word decoded for all
    the documents still in the running at once (`QueryTerms.positions_of`)."""
    ends = dict(zip(docs, map(set, terms.positions_of(field, words[0], docs)), strict=True))
    for word in words[1:]:
        docs = list(ends)
        following: dict[int, set[int]] = {}
        for doc, found in zip(docs, terms.positions_of(field, word, docs), strict=True):
            before = ends[doc]
            after = {p for p in found if p - 1 in before}
            if after:
                following[doc] = after
        ends = following
        if not ends:
            break
    return set(ends)


def phrase_holds(terms: QueryTerms, field: str, words: tuple[str, ...], doc: int) -> bool:
    """Whether the document, which holds every word in `field`, holds them in a row."""
    ends = set(terms.positions(field, words[0], doc))
    for word in words[1:]:
        ends = {p for p in terms.positions(field, word, doc) if p - 1 in ends}
        if not ends:
            return False
    return True


def all_scores(terms: QueryTerms, field: str, words: tuple[str, ...], positions: bool = False) -> Scores:
    """Documents holding every one of the words in `field` (anywhere), scored by their sum
    (`sum` of the words' scores in order: the same floats, added by `map`). When one of
    the words is in no document's `field`, none is read: a phrase translation such as
    การ รับรอง would otherwise read the common word, with its positions, in every field."""
    if not all(terms.indexed(field, w) for w in words):
        return {}
    lists = [terms.term(field, w, positions) for w in words]
    if not all(lists):
        return {}
    docs = list(set(min(lists, key=len)).intersection(*lists))
    summed = map(lists[0].__getitem__, docs)
    for found in lists[1:]:
        summed = map(add_, summed, map(found.__getitem__, docs))
    return dict(zip(docs, summed, strict=True))


def add(into: Scores, docs: Iterable[int], scores: Iterable[float], boost: float) -> None:
    """`into[doc] += score * boost` for each (doc, score) of `docs` and `scores` (a
    document not yet in `into` starting from 0.0), by dictionary and `map` operations
    rather than a Python step per document: the same floats (0.0 + x is x, x * 1.0 is x),
    and new documents enter `into` in their order. `docs` is read twice (an array or a
    dictionary's keys), and holds each document once: each is looked up before it is set."""
    values = map(mul, scores, repeat(boost)) if boost != 1.0 else scores
    if not into:
        into.update(zip(docs, values, strict=True))
        return
    into.update(zip(docs, map(add_, map(into.get, docs, repeat(0.0)), values), strict=True))


def top(scores: Scores, limit: int) -> list[tuple[int, float]]:
    """The best `limit` (document, score) pairs, in Whoosh's order: score, then document
    number. Only the documents scoring at least the `limit`-th best score are sorted."""
    if len(scores) > limit:
        bar = heapq.nlargest(limit, scores.values())[-1]
        scores = {doc: scores[doc] for doc in compress(scores, map(bar.__le__, scores.values()))}
    return sorted(scores.items(), key=lambda pair: (-pair[1], pair[0]))[:limit]


def cross_field_idf(doc_count: int, df: int) -> float:
    return math.log(doc_count / (df + 1)) + 1


def length_bytes(reader, field: str) -> bytes:
    """Each document's length in `field` as the segment stores it, one byte a document
    (whoosh.util.numeric.length_to_byte; 0 for none), read in one go: asking
    `doc_field_length` document by document was 0.3 s of a cold query at 10,000
    procedures. A segment without the column counts every length as 1, as Whoosh's
    `doc_field_length(..., default=1)` does."""
    count = reader.doc_count_all()
    column = reader._perdoc._cached_reader(f"_{field}_len", LENGTHS_COLUMN)
    if column is None:
        return bytes([length_to_byte(1)]) * count
    stored = column._dbfile.get(column._basepos, min(column._count, count))
    return stored + bytes(count - len(stored))  # documents past the column's end: length 0
