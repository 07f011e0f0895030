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
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Iterator, Sequence

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher
from whoosh.reading import TermNotFound
from whoosh.util.numeric import byte_to_length, length_to_byte

Scores = dict[int, float]  # global document number -> score (of a term, before any boost)


# Postings of recently used words kept across queries (about 200 bytes each with their
# positions): the words of a manual's queries recur, and the commonest are the costliest.
CACHE_POSTINGS = 120_000


class PostingScorer:
    """One open Whoosh searcher's postings, as per-document BM25F scores."""

    def __init__(self, searcher):
        self.searcher = searcher
        self._cache: OrderedDict[tuple[str, str], Term] = OrderedDict()
        self._cached = 0  # postings in the cache
        self.b, self.k1 = searcher.weighting.B, searcher.weighting.K1
        self.leaves = [(sub, sub.reader(), offset) for sub, offset in searcher.leaf_searchers()]
        self.schema = searcher.schema
        self._norms: dict[tuple[int, str], list[float]] = {}

    def query(self) -> QueryTerms:
        """A reader for one query: each (field, word) it asks for is read once."""
        return QueryTerms(self)

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

    def term(self, field: str, word: str) -> Term:
        """`read`, through a cache of the most recently used words (a segment never changes,
        and a searcher reads the same segments all its life)."""
        key = (field, word)
        found = self._cache.get(key)
        if found is not None:
            self._cache.move_to_end(key)
            return found
        found = self.read(field, word)
        size = len(found.scores) + 1
        if size <= CACHE_POSTINGS // 8:
            self._cache[key] = found
            self._cached += size
            while self._cached > CACHE_POSTINGS:
                _, old = self._cache.popitem(last=False)
                self._cached -= len(old.scores) + 1
        return found

    def read(self, field: str, word: str, idf: float | None = None) -> Term:
        """Every live document holding `word` in `field`, with its score for the word as
        Whoosh's BM25FScorer gives it, and the blocks the positions can be found in.
        `idf` is the word's, when the caller already has the statistics (the export
        reads every term's document frequencies in one pass); else the searcher's."""
        found = Term()
        scores = found.scores
        tbytes = word.encode("utf-8")
        fmt = self.schema[field].format
        k1p = self.k1 + 1
        for leaf, (_, reader, offset) in enumerate(self.leaves):
            deleted = reader.deleted_docs_set if reader.has_deletions() else ()
            norms = None
            for ids, weights, values in posting_blocks(reader, field, tbytes, fmt):
                if norms is None:
                    norms = self.norms(leaf, field)
                    if idf is None:  # the statistics of the whole index, as Whoosh's scorer
                        idf = self.searcher.idf(field, tbytes)
                for doc, tf in zip(ids, weights, strict=True):
                    if doc not in deleted:
                        scores[offset + doc] = idf * ((tf * k1p) / (tf + norms[doc]))
                found.blocks.append((offset, ids, values))
                found.ends.append(offset + ids[-1])
        return found


class Term:
    """One word's postings in one field: scores, and the encoded values (positions) of
    each posting block, looked up only for the documents a phrase needs them for.
    Shared between queries through the cache: never changed once read."""

    def __init__(self) -> None:
        self.scores: Scores = {}
        self.blocks: list[tuple[int, Sequence[int], Sequence[bytes]]] = []  # (offset, ids, values)
        self.ends: list[int] = []  # the last global document number of each block

    def value(self, doc: int) -> bytes:
        offset, ids, values = self.blocks[bisect_left(self.ends, doc)]
        return values[bisect_left(ids, doc - offset)]


class QueryTerms:
    """The postings one query has asked for so far (kept only for that query)."""

    def __init__(self, scorer: PostingScorer):
        self.scorer = scorer
        self._terms: dict[tuple[str, str], Term] = {}

    def read(self, field: str, word: str) -> Term:
        key = (field, word)
        found = self._terms.get(key)
        if found is None:
            found = self._terms[key] = self.scorer.term(field, word)
        return found

    def term(self, field: str, word: str) -> Scores:
        return self.read(field, word).scores


def posting_blocks(reader, field: str, tbytes: bytes, fmt) -> Iterator[tuple]:
    """(ids, weights, encoded values) of each block of a term's postings in one segment,
    deleted documents included; nothing when the segment lacks the term. Whoosh keeps a
    block's ids, weights and values in one pickle, so the values come at no extra cost."""
    terms = reader._terms
    try:
        info = terms.term_info(field, tbytes)
    except TermNotFound:
        return
    matcher = terms._codec.postings_reader(terms._postfile, info, fmt)
    if not isinstance(matcher, W3LeafMatcher):  # postings inlined in the term info
        ids, weights, vals = [], [], []
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            vals.append(matcher.value())
            matcher.next()
        yield ids, weights, vals
        return
    while matcher.is_active():
        matcher._read_ids()
        matcher._read_weights()
        matcher._read_values()
        yield matcher._ids, matcher._weights, matcher._values
        matcher._next_block()


def phrase_scores(terms: QueryTerms, field: str, words: tuple[str, ...]) -> Scores:
    """Documents holding the words one after another in `field` (Whoosh's Phrase with its
    default slop of 1), each scored, as Whoosh scores a phrase, by the sum of its words'."""
    holding = all_scores(terms, field, words)
    return {doc: score for doc, score in holding.items() if phrase_holds(terms, field, words, doc)}


def phrase_holds(terms: QueryTerms, field: str, words: tuple[str, ...], doc: int) -> bool:
    """Whether the document, which holds every word in `field`, holds them in a row."""
    decode = terms.scorer.schema[field].format.decode_positions
    ends = set(decode(terms.read(field, words[0]).value(doc)))
    for word in words[1:]:
        ends = {p for p in decode(terms.read(field, word).value(doc)) if p - 1 in ends}
        if not ends:
            return False
    return True


def all_scores(terms: QueryTerms, field: str, words: tuple[str, ...]) -> Scores:
    """Documents holding every one of the words in `field` (anywhere), scored by their sum."""
    lists = [terms.term(field, w) for w in words]
    if not all(lists):
        return {}
    docs = set(min(lists, key=len)).intersection(*lists)
    return {doc: sum(found[doc] for found in lists) for doc in docs}


def add(into: Scores, scores: Scores, boost: float) -> None:
    for doc, score in scores.items():
        into[doc] = into.get(doc, 0.0) + score * boost


def top(scores: Scores, limit: int) -> list[tuple[int, float]]:
    """The best `limit` (document, score) pairs, in Whoosh's order: score, then document number."""
    return heapq.nsmallest(limit, scores.items(), key=lambda pair: (-pair[1], pair[0]))


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
