"""Everything that touches Whoosh, apart from the analyzer classes it pickles.

A later search library replaces this module (and the base classes of indexer.text.analysis);
the rest of the code sees plain Python: procedures in, `Hit`s and term counts out.
"""

from __future__ import annotations

import heapq
import json
import math
import mmap
import os
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING

from whoosh import index as whoosh_index
from whoosh import query as q
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import StructFile
from whoosh.reading import SegmentReader
from whoosh.scoring import BM25F

from indexer.index.document import TEXT_FIELDS, StoredDocument, latin_words, text_fields
from indexer.index.folding import folded_forms, folded_heads
from indexer.index.whoosh_postings import (
    PostingScorer,
    QueryTerms,
    Scores,
    add,
    all_scores,
    cross_field_idf,
    phrase_holding,
    phrase_holds,
    phrase_scores,
    top,
)
from indexer.text.analysis import build_analyzer, use_dictionary

if TYPE_CHECKING:  # the query path never needs the loader's model
    from indexer.manual.model import Procedure

INDEX_NAME = "MAIN"
# Postings a writer process holds before sorting them out to a run file (Whoosh's merge
# of runs is a heap merge, so more, smaller runs cost little); a sub-writer's pool is
# most of its memory, beside the word list. At 10,000 procedures a sub-writer spills
# the same postings in twice the runs at 16 MB as at 32, and peaks 12 MB lower.
WRITER_MEMORY_MB = 96
SUB_WRITER_MEMORY_MB = 16
PROCESSES = max(1, min(2, os.cpu_count() or 1))
PARALLEL_FROM = 200
# Stored documents a searcher keeps decoded (some 11 KB each: ~11 MB when full; serve
# has a searcher per thread).
DOCUMENT_MEMO = 1024


def make_schema(dictionary_version: str) -> Schema:
    analyzer = build_analyzer(dictionary_version)
    return Schema(
        id=ID(stored=True, unique=True),
        path=ID(stored=True),
        content_hash=ID(stored=True),
        category=ID(stored=True),
        lang=ID(stored=True),
        classification=ID(stored=True),
        tag=KEYWORD(commas=True, lowercase=True),
        spelling=KEYWORD(lowercase=True),  # Latin words as written, for "did you mean"
        doc=STORED,
        **{name: TEXT(analyzer=analyzer, phrase=True) for name in TEXT_FIELDS},
    )


def create(folder: Path, dictionary_version: str):
    return whoosh_index.create_in(str(folder), make_schema(dictionary_version), INDEX_NAME)


def open_index(folder: Path, mapped: bool = False):
    """The index in `folder`; `mapped` for searching only (MappedStorage)."""
    if mapped:
        return whoosh_index.FileIndex(MappedStorage(str(folder), readonly=True), indexname=INDEX_NAME)
    return whoosh_index.open_dir(str(folder), indexname=INDEX_NAME)


class MappedStorage(FileStorage):
    """An index folder read through mmap. A query reads term infos, posting blocks and
    stored documents at scattered places of a few large files; through Whoosh's buffered
    files each costs a seek and a read (about 2,000 of them for a cold query at 10,000
    procedures), through a map a copy from the page cache. Nothing is read ahead of need,
    and segment files never change once written, so a map stays valid for a reader's life."""

    def open_file(self, name, **kwargs):
        with open(self._fpath(name), "rb") as f:
            if os.fstat(f.fileno()).st_size == 0:  # mmap refuses an empty file
                return super().open_file(name, **kwargs)
            view = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        return StructFile(view, name=name, **kwargs)


def document(proc: Procedure, analyzer, stopwords: frozenset[str]) -> dict:
    """A procedure as the fields Whoosh stores and indexes; `analyzer` is the index's,
    which cuts the titles' heads (folding.folded_forms), or None to leave them to
    `with_heads` in the process that analyses the document."""
    return {
        "id": proc.id,
        "path": proc.path,
        "content_hash": proc.content_hash,
        "category": proc.category,
        "lang": proc.lang,
        "classification": proc.classification,
        "tag": ",".join(t.lower() for t in proc.tags),
        **text_fields(proc),
        "spelling": " ".join(latin_words(proc)),
        "doc": StoredDocument.of(proc, folded_forms(proc, analyzer, stopwords)).to_stored(),
    }


def with_heads(fields: dict, analyzer, stopwords: frozenset[str]) -> dict:
    """The fields of `document(proc, None, ...)` with the titles' heads cut."""
    doc = fields["doc"]
    text, title, _ = doc["folded"]
    doc["folded"] = (text, title, folded_heads(doc["title"], doc["title_en"], analyzer, stopwords))
    return fields


def stored_hashes(ix) -> dict[str, str]:
    """Path -> content hash of every document, read from the stored fields (slow: the
    writer keeps the same map in a file of the generation and asks this only without it)."""
    with ix.searcher() as searcher:
        return {f["path"]: f["content_hash"] for f in searcher.all_stored_fields()}


def apply_changes(
    ix,
    upserts: Iterable[Procedure],
    count: int,
    deletions: Iterable[str],
    words: tuple[Path, str],
    stopwords: frozenset[str],
    progress=None,
    side_jobs: Sequence[tuple[str, Path, object]] = (),
) -> list[str]:
    """Delete the given paths and (re)add the `count` given procedures in one commit.

    `upserts` is read once, as the documents go to the writer: the caller need not hold
    every cleaned procedure at once. `words` is the word list the analyzer segments with
    and its key, for whichever process analyses the documents to load; `stopwords` are
    the fillers a title's head ends at (folding.head). Sub-writers, when there are, cut
    the heads themselves, and do the `side_jobs` (whoosh_parallel.SIDE_JOBS) once their
    segments are written: this process then never loads the word list while they write
    (58 MB at 10,000 procedures). Returns the kinds of side jobs done, none without
    sub-writers (the caller does them)."""
    # Segment files of their own, not one compound file: Whoosh copies every part of a
    # compound file it opens into memory, so a new process paid for the whole index.
    options = {"limitmb": WRITER_MEMORY_MB, "compound": False}
    from indexer.index.whoosh_parallel import LengthKeepingWriter, SpawningWriter  # not for queries

    if count >= PARALLEL_FROM and PROCESSES > 1:  # for a handful of files, starting them costs more
        writer = SpawningWriter(ix, *words, stopwords, PROCESSES, SUB_WRITER_MEMORY_MB, side_jobs, **options)
        analyzer = None  # the sub-writers cut the titles' heads
    else:
        use_dictionary(*words)
        writer = LengthKeepingWriter(ix, **options)
        analyzer = ix.schema["title"].analyzer  # the index's, with the word list just loaded
    try:
        for path in deletions:
            writer.delete_by_term("path", path)
        for proc in upserts:
            writer.delete_by_term("path", proc.path)
            writer.add_document(**document(proc, analyzer, stopwords))
            if progress:
                progress(1)
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    return getattr(writer, "done", [])


# The terms `all_terms` keeps a union of, by name: the text fields' (query words, the
# lexicon's filter) and the Latin words as written (spelling correction).
TERM_SETS = {"text": TEXT_FIELDS, "spelling": ("spelling",)}


def memo_file(folder: Path, name: str, segment_id: str) -> Path:
    return folder / f"terms-{name}-{segment_id}.txt"


def write_memos(folder: Path, segment_id: str, lexicon: dict[str, set[str]]) -> None:
    """A new segment's memos of TERM_SETS (see indexed_terms), from `lexicon` (field ->
    the terms written for it): what reading the segment back would give."""
    for name, fields in TERM_SETS.items():
        terms = set().union(*(lexicon.get(field, ()) for field in fields))
        write_atomic(memo_file(folder, name, segment_id), "\n".join(sorted(terms)))


def indexed_terms(ix, fields: Iterable[str], memo_dir: Path | None = None, memo_name: str = "") -> set[str]:
    """Every indexed term of these fields (the lexicon alone: no posting statistics).

    With `memo_dir`, each segment's terms are kept there in `terms-<name>-<segment>.txt`:
    segments never change their lexicon (deletions leave it as it is), so an incremental
    update reads only the lexicons of the segments it wrote (and none of a segment
    whose sub-writer wrote its memos: whoosh_parallel). Memos of segments the index no
    longer has are removed.
    """
    fields = list(fields)
    terms: set[str] = set()
    kept: set[Path] = set()
    for segment in ix._segments():  # the table of contents: no segment file opened yet
        memo = memo_file(memo_dir, memo_name, segment.segment_id()) if memo_dir else None
        terms |= segment_terms(ix, segment, fields, memo)
        if memo is not None:
            kept.add(memo)
    if memo_dir is not None:
        for stale in set(memo_dir.glob(f"terms-{memo_name}-*.txt")) - kept:
            stale.unlink(missing_ok=True)
    return terms


def segment_terms(ix, segment, fields: list[str], memo: Path | None) -> set[str]:
    """One segment's terms of these fields, from its memo when there is one (else written)."""
    if memo is not None and memo.is_file():
        return {w for w in memo.read_text(encoding="utf-8").split("\n") if w}
    reader = SegmentReader(ix.storage, ix.schema, segment)
    try:
        found = {t.decode() if isinstance(t, bytes) else t for f in fields for t in reader.lexicon(f)}
    finally:
        reader.close()
    if memo is not None:
        write_atomic(memo, "\n".join(sorted(found)))
    return found


def all_terms(ix, fields: Iterable[str], folder: Path, name: str) -> tuple[set[str], bool]:
    """`indexed_terms` of these fields, and whether they differ from the last run's.

    The union is kept in `all-terms-<name>.txt`, and the segments it covers (with its
    size, a check that the two files belong together) in `all-terms-<name>.json`. While
    the index only gained segments (a one-file update adds one), the union is the old
    one plus the new segments' terms, and rewritten only when they brought a new term.
    When a merge removed segments, it is rebuilt from the per-segment memos.
    """
    fields = list(fields)
    terms_file, cover_file = folder / f"all-terms-{name}.txt", folder / f"all-terms-{name}.json"
    segments = {s.segment_id(): s for s in ix._segments()}
    old = read_union(terms_file, cover_file)
    if old is not None and old[0] <= segments.keys():
        covered, terms = old
        before = len(terms)
        for seg_id in segments.keys() - covered:
            terms |= segment_terms(ix, segments[seg_id], fields, memo_file(folder, name, seg_id))
        changed = len(terms) != before
    else:
        terms = indexed_terms(ix, fields, folder, name)
        changed = old is None or terms != old[1]
    if old is None or changed:
        write_atomic(terms_file, "\n".join(sorted(terms)))
    if old is None or changed or old[0] != segments.keys():
        write_atomic(cover_file, json.dumps({"segments": sorted(segments), "terms": len(terms)}))
    return terms, changed


def read_union(terms_file: Path, cover_file: Path) -> tuple[set[str], set[str]] | None:
    """(segment ids, terms) of a kept union, or None when it is missing or not ours."""
    try:
        cover = json.loads(cover_file.read_text(encoding="utf-8"))
        segments, count = cover["segments"], cover["terms"]
        terms = {w for w in terms_file.read_text(encoding="utf-8").split("\n") if w}
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not isinstance(segments, list) or not all(isinstance(v, str) for v in segments) or count != len(terms):
        return None
    return set(segments), terms


def write_atomic(path: Path, text: str) -> None:
    """Replace, never rewrite: files of a generation are hard links shared with the last one."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


# --- searching -----------------------------------------------------------------------


@dataclass(frozen=True)
class Weighted:
    """One way of matching a query concept: a word or a phrase, in some fields."""

    words: tuple[str, ...]
    boost: float
    phrase: bool = False
    # Reached only through a chain of translations (คอนโด -> condo -> ห้องชุด): it finds
    # pages, but holds its concept only in part (search.engine.hold).
    chained: bool = False


@dataclass
class Hit:
    """A matching document and its BM25F score."""

    doc: StoredDocument
    score: float


class CrossFieldBM25F(BM25F):
    """BM25F whose inverse document frequency counts a word in any text field.

    Per-field frequencies mislead in a bilingual manual: "thai" is in few bodies (most
    bodies are Thai) but in almost every English title, so body matches of common English
    words would outweigh the telling words of a Thai page found through its English title.
    """

    def idf(self, searcher, fieldname, text):
        # The same for every field a word is looked up in, so worked out once per word and
        # searcher (a query asks it for each of the seven fields, each asking seven).
        parent = searcher.get_parent()
        memo = self.__dict__.get("_idf_memo")
        if memo is None or memo[0] is not parent:
            memo = self.__dict__["_idf_memo"] = (parent, {})
        known = memo[1]
        if text not in known:
            df = max(parent.doc_frequency(field, text) for field in TEXT_FIELDS)
            known[text] = cross_field_idf(parent.doc_count_all(), df)
        return known[text]


class Searcher:
    """An open index generation: searching and term statistics."""

    def __init__(self, ix, b: float, k1: float):
        self.ix = ix
        self.searcher = ix.searcher(weighting=CrossFieldBM25F(B=b, K1=k1))
        self.postings = PostingScorer(self.searcher)
        # Decompressing and unpickling a stored document (~0.15 ms) was a third of a warm
        # query: each query reads some 30 candidates, and the same pages come back query
        # after query. This searcher's generation never changes, so its documents can be kept.
        self._documents: OrderedDict[int, StoredDocument] = OrderedDict()

    def close(self) -> None:
        self.searcher.close()

    def doc_count(self) -> int:
        return self.searcher.doc_count()

    def document(self, doc_id: str) -> StoredDocument | None:
        """The stored document of one procedure id, None when the index has none."""
        fields = self.searcher.document(id=doc_id)
        return StoredDocument.from_stored(fields["doc"]) if fields else None

    def values(self, field: str) -> set[str]:
        """Every value an ID or keyword field holds (categories, languages, tags)."""
        terms = self.searcher.reader().lexicon(field)
        return {t.decode("utf-8") if isinstance(t, bytes) else t for t in terms}

    def doc_frequency(self, term: str) -> int:
        """Documents holding the word in its commonest text field (deleted ones too)."""
        return max(self.postings.frequencies(term).values())

    def document_numbers(self) -> list[int]:
        """The live documents' numbers, ascending: the order Whoosh breaks score ties in."""
        return sorted(self.searcher.document_numbers())

    def stored(self, docnum: int) -> StoredDocument:
        """The stored document of a document number, through a memo of the DOCUMENT_MEMO
        most recently read (StoredDocument is immutable, so a kept one can be handed out)."""
        doc = self._documents.get(docnum)
        if doc is not None:
            self._documents.move_to_end(docnum)
            return doc
        doc = StoredDocument.from_stored(self.searcher.stored_fields(docnum)["doc"])
        if len(self._documents) >= DOCUMENT_MEMO:
            self._documents.popitem(last=False)
        self._documents[docnum] = doc
        return doc

    def scored_postings(self) -> Iterator[tuple[int, str, list[tuple[int, float, list[int]]]]]:
        """Every term of every text field, with each live document that holds it: (document
        number, its BM25F score for the term in that field, the term's positions there).

        The score is the one `search` gives a one-word query in that field before the
        field's boost: the static export reads it from the same PostingScorer that scores
        queries, so the browser's impacts cannot drift from the API's. Yields (index of
        the field in TEXT_FIELDS, term, postings) field by field, terms sorted.
        """
        scorer = PostingScorer(self.searcher)
        df: dict[bytes, list[int]] = {}  # term -> documents per field, deleted ones too
        for f, field in enumerate(TEXT_FIELDS):
            for _, reader, _ in scorer.leaves:
                for text, info in reader.iter_field(field):
                    df.setdefault(text, [0] * len(TEXT_FIELDS))[f] += info.doc_frequency()
        doc_count = self.searcher.doc_count_all()
        for f, field in enumerate(TEXT_FIELDS):
            decode = self.searcher.schema[field].format.decode_positions
            for text in sorted(t for t, counts in df.items() if counts[f]):
                term = text.decode("utf-8") if isinstance(text, bytes) else text
                found = scorer.read(field, term, cross_field_idf(doc_count, max(df[text])))
                scores = found.as_scores()  # live documents only; blocks list deleted ones too
                postings = [
                    (offset + doc, scores[offset + doc], list(decode(value)))
                    for offset, ids, values in found.blocks
                    for doc, value in zip(ids, values, strict=True)
                    if offset + doc in scores
                ]
                if postings:
                    yield f, term, postings

    def search(
        self,
        concepts: list[list[Weighted]],
        field_boosts: dict[str, float],
        required: list[list[Weighted]],
        excluded: list[str],
        filters: dict[str, str],
        limit: int,
    ) -> tuple[int, list[Hit]]:
        """How many documents match any concept (and some form of every required phrase),
        and the best `limit` of them by BM25F.

        The scores, their order and the count are those of the Whoosh query
        `And([Or(forms) for forms in required] + [Or(concepts)]) AndNot Or(excluded)`
        (each variant an Or of its fields at the field's boost times the variant's) scored
        in full, computed from the postings (whoosh_postings) with each word read once in
        each field. Whoosh's own
        top-`limit` search, which prunes by block quality, also missed better documents
        of an index of several segments: 27 of the benchmark's 240 queries at 1,000
        procedures (two segments) had a wrong list of candidates."""
        if not concepts and not required:
            return 0, []
        terms = self.postings.query()
        scores: Scores = {}  # each matching document: its score, or a lower bound (below)
        phrases: list[Phrase] = []  # the concepts' phrases, in each field
        for variants in concepts:
            for variant in variants:
                if variant.phrase and len(variant.words) > 1:
                    phrases += phrase_candidates(terms, variant, field_boosts)
                else:
                    found = variant_scores(terms, variant, field_boosts)
                    add(scores, found.keys(), found.values(), 1.0)
        # A document only a phrase could match is checked now: it counts only if it holds one.
        # The first phrase it holds settles that; its score stays that phrase's, a lower
        # bound, until add_phrases (`first` says which phrase it was).
        first = phrase_only(terms, phrases, set().union(*(p.holding for p in phrases)) - scores.keys())
        for doc, i in first.items():
            scores[doc] = phrases[i].holding[doc] * phrases[i].boost
        added: Scores = {}  # what the required phrases added to each document's score
        if required:  # some form of every required phrase, and some concept if there are any
            musts: list[Scores] = [{} for _ in required]
            for must, forms in zip(musts, required, strict=True):
                for v in forms:
                    found = variant_scores(terms, v, field_boosts)
                    add(must, found.keys(), found.values(), 1.0)
            docs = set(musts[0]).intersection(*musts[1:], *([scores] if concepts else []))
            added = {doc: sum(must[doc] for must in musts) for doc in docs}
            scores = {doc: scores.get(doc, 0.0) + added[doc] for doc in docs}
        for word in excluded:
            for field in TEXT_FIELDS:
                for doc in terms.term(field, word).keys() & scores.keys():
                    del scores[doc]
        if filters:
            allow = set(q.And([q.Term(k, v) for k, v in filters.items()]).docs(self.searcher))
            scores = {doc: score for doc, score in scores.items() if doc in allow}
        if phrases:
            add_phrases(terms, scores, phrases, first, added if required else None, limit)
        hits = [Hit(self.stored(doc), score) for doc, score in top(scores, limit)]
        return len(scores), hits


@dataclass
class Phrase:
    """A phrase variant in one field: the documents holding all its words (not yet checked
    for their order), with the phrase's score if they do, and its weight there."""

    field: str
    words: tuple[str, ...]
    holding: Scores
    boost: float


def phrase_candidates(terms: QueryTerms, variant: Weighted, field_boosts: dict[str, float]) -> list[Phrase]:
    found = []
    for field, boost in field_boosts.items():
        holding = all_scores(terms, field, variant.words, positions=True)
        if holding:
            found.append(Phrase(field, variant.words, holding, boost * variant.boost))
    return found


def phrase_only(terms: QueryTerms, phrases: list[Phrase], docs: set[int]) -> dict[int, int]:
    """Of the documents only a phrase could match, each that holds one, with the first
    phrase (in `phrases`' order) it holds; in the order of `docs`, the order they were
    checked in when each was checked on its own, phrase after phrase. Checked phrase by
    phrase, each in all the documents left that hold its words at once (phrase_holding)."""
    found: dict[int, int] = {}
    left = set(docs)
    for i, p in enumerate(phrases):
        holding = left & p.holding.keys()
        if not holding:
            continue
        held = phrase_holding(terms, p.field, p.words, sorted(holding))
        found.update(dict.fromkeys(held, i))
        left -= held
        if not left:
            break
    return {doc: found[doc] for doc in docs if doc in found}


def add_phrases(terms: QueryTerms, scores: Scores, phrases: list[Phrase], first: dict[int, int],
                added: Scores | None, limit: int) -> None:  # fmt: skip
    """Add the phrases' scores of the matching documents, where it could matter. Decoding
    positions is most of the cost of a phrase, and a phrase can only add to a score: a
    document whose score with every candidate phrase added stays below the `limit`-th best
    score known without them is never among the best, so its phrases are left unchecked
    (its score stays a lower bound; the count is exact either way).

    A document only phrases matched (`first`: the phrase it was found to hold first, whose
    score it has, plus the required phrases' `added` when there are) gets the sum the
    phrases it holds make, in their order, then `added`: the floats of scoring them all."""
    most: Scores = {}  # what the phrases could add to each document
    for p in phrases:
        add(most, p.holding.keys(), p.holding.values(), p.boost)
    # The bar is the lowest known score of `limit` documents (each known score is at most
    # the document's own), so no better than the `limit`-th best; checked from the highest
    # possible score down, the documents' phrases raise it, and the checks end once no
    # document left could reach it.
    best = dict(heapq.nlargest(limit, scores.items(), key=itemgetter(1)))
    bar = min(best.values()) if len(best) == limit else -math.inf
    reach = {doc: scores[doc] + extra for doc, extra in most.items() if doc in scores}
    for doc in sorted(reach, key=reach.__getitem__, reverse=True):
        if reach[doc] < bar:
            break
        at = first.get(doc)
        if at is None:
            score, rest = scores[doc], phrases
        else:
            score, rest = phrases[at].holding[doc] * phrases[at].boost, phrases[at + 1 :]
        for p in rest:
            if doc in p.holding and phrase_holds(terms, p.field, p.words, doc):
                score += p.holding[doc] * p.boost
        score = scores[doc] = score if at is None or added is None else score + added[doc]
        if doc in best or len(best) < limit:
            best[doc] = score
        elif score > bar:
            del best[min(best, key=best.__getitem__)]
            best[doc] = score
        if len(best) == limit:
            bar = min(best.values())


def variant_scores(terms: QueryTerms, variant: Weighted, field_boosts: dict[str, float]) -> Scores:
    """The documents one variant matches in any field, with the sum over its fields of the
    field's score at the field's boost times the variant's."""
    found: Scores = {}
    for field, boost in field_boosts.items():
        if len(variant.words) == 1:
            term = terms.postings(field, variant.words[0])
            add(found, term.ids, term.scores, boost * variant.boost)
            continue
        if variant.phrase:
            scores = phrase_scores(terms, field, variant.words)
        else:
            scores = all_scores(terms, field, variant.words)
        add(found, scores.keys(), scores.values(), boost * variant.boost)
    return found
