"""The search engine: open an index generation, run a query, rank, cut snippets.

One engine answers the CLI and the HTTP API. `refresh()` moves it to a newer
generation after an `index` run, without a restart.
"""

from __future__ import annotations

import json
import math
import pickle
import re
import struct
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

import whoosh
from whoosh.filedb.filetables import FileFormatError

from indexer.errors import IndexMissing, IndexStale, UnknownFilterValue, did_you_mean
from indexer.index import store, tables, whoosh_backend
from indexer.index.document import RESULT_FIELDS, StoredDocument
from indexer.index.folding import LATIN
from indexer.index.whoosh_postings import cross_field_idf
from indexer.text.analysis import analyze, build_analyzer, query_key, use_dictionary
from indexer.text.language import Language
from indexer.text.thai import is_thai
from search import refs
from search.plan import Concept, QueryPlanner, load_stopwords
from search.query import parse_query
from search.ranking import RANKING
from search.snippets import Marks, ranked_sections, section_keys, section_score, snippet
from search.spelling import Speller, sense_frequency
from search.synonyms import Synonyms
from search.translations import Translations

MAX_LIMIT = RANKING.max_limit
SECTIONS_PER_RESULT = 3  # matching passages listed under a result on the results page


@dataclass
class Result:
    """One procedure found: what the CLI prints and the API returns for it."""

    id: str
    title: str
    title_en: str
    category: str
    lang: str
    url: str
    path: str
    score: float
    snippet: str
    section: str = ""
    anchor: str = ""
    # the passages that match, best first (at most SECTIONS_PER_RESULT): heading, anchor, snippet
    sections: list[dict[str, str]] = field(default_factory=list)
    ref: str = ""  # the procedure's citable reference, "PP 3" ("" without one)
    section_ref: str = ""  # the citation of the passage the snippet is from, "PP 3 §2"

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Response:
    """A query's answer: its results, how many matched, and how well the best one answers."""

    query: str
    total: int
    suggestion: str | None
    results: list[Result] = field(default_factory=list)
    match: str = "none"  # "all" | "partial" | "none": how well the best result answers
    missing: list[str] = field(default_factory=list)  # telling words the best result lacks

    def to_dict(self) -> dict:
        return {
            "query": self.query,
            "total": self.total,
            "suggestion": self.suggestion,
            "match": self.match,
            "missing": self.missing,
            "results": [r.to_dict() for r in self.results],
        }


class SearchEngine:
    """`whole_words`: load the query word list into the segmenter whole, at each open
    (tens of milliseconds), for a process that answers many queries (`serve`). Without it
    each Thai run cut loads the few words of the list it holds (a temporary file and a
    trie, about a millisecond), which suits one CLI query, till analysis.LAZY_CUTS cuts."""

    def __init__(self, index_dir: Path, whole_words: bool = False):
        self.index_dir = Path(index_dir)
        self.whole_words = whole_words
        self.generation: Path | None = None
        self.searcher: whoosh_backend.Searcher | None = None
        self.refresh()

    def refresh(self) -> None:
        """Open the current generation if it is not the one already open."""
        generation = store.current_generation(self.index_dir)
        if generation is None:
            raise IndexMissing(f"no index in {self.index_dir}: build one with `python cli.py index`")
        if generation == self.generation:
            return
        try:
            with damage_is_stale(generation):
                self.open(generation)
        except IndexStale:
            self.generation = None  # half opened: the next refresh tries again and says so again
            raise

    def open(self, generation: Path) -> None:
        manifest = read_manifest(generation)
        key = query_key(manifest.dictionary_version)
        table = tables.WordTable.open(generation / store.QUERY_WORDS_TABLE)
        words = use_dictionary(generation / store.QUERY_WORDS, key, lazy=True, table=table)
        if self.whole_words:
            words.load_whole()
        searcher = whoosh_backend.Searcher(
            whoosh_backend.open_index(generation, mapped=True), RANKING.bm25_b, RANKING.bm25_k1
        )
        old, self.searcher = self.searcher, searcher
        self.manifest, self.generation = manifest, generation
        self.analyzer = build_analyzer(key)
        self.refs = refs.RefIndex.load(generation)
        version = manifest.dictionary_version
        language = Language(generation / store.LANGUAGE_TABLE, generation / store.WORDS, version)
        self.planner = QueryPlanner(
            self.analyzer,
            words,
            Synonyms.load(generation / store.GLOSSARY),
            Translations.load(generation / store.TRANSLATIONS, generation / store.TRANSLATIONS_TABLE),
            Speller(spelling_vocabulary(generation), self.spelling_df, language.count),
            self.latin_df,
            load_stopwords(),
            language,
        )
        if self.whole_words:  # a server: its first misspelling need not read the vocabulary
            self.planner.speller.prepare()
        if old is not None:
            old.close()

    def close(self) -> None:
        if self.searcher is not None:
            self.searcher.close()

    def latin_df(self, word: str) -> int:
        """Documents holding a Latin word as analysed (its stem), in some field."""
        return max([self.df(t.text) for t in analyze(self.analyzer, word)] or [0])

    def spelling_df(self, word: str) -> int:
        """Documents saying a vocabulary word, in either language (spelling.sense_frequency)."""
        terms = words_of(self.analyzer, word)
        return sense_frequency(terms, self.planner.translations.of(terms), self.df)

    def df(self, word: str) -> int:
        """Documents holding the word in some field (the searcher keeps it per word)."""
        assert self.searcher is not None
        return self.searcher.doc_frequency(word)

    def search(self, raw: str, limit: int = 10, category: str | None = None,
               tag: str | None = None, lang: str | None = None) -> Response:  # fmt: skip
        assert self.generation is not None
        with damage_is_stale(self.generation):
            return self.answer(raw, limit, category, tag, lang)

    def answer(self, raw: str, limit: int, category: str | None,
               tag: str | None, lang: str | None) -> Response:  # fmt: skip
        filters = self.filters(category=category, tag=tag, lang=lang)
        parsed = parse_query(raw)
        response = Response(query=parsed.text, total=0, suggestion=None)
        if parsed.is_empty:
            return response
        plan = self.planner.plan(parsed)
        response.suggestion = plan.suggestion
        limit = max(1, min(limit, MAX_LIMIT))
        assert self.searcher is not None
        n = max(1, self.manifest.doc_count)
        total, hits = self.searcher.search(
            [pulled(c.variants, self.df, n) for c in plan.concepts], RANKING.field_boosts, plan.required,
            plan.excluded, filters, limit=max(limit * RANKING.candidates_factor, RANKING.candidates_floor),
        )  # fmt: skip
        response.total = total
        telling = [c for c in plan.concepts if not c.phrase_bonus]
        phrases = [c for c in plan.concepts if c.phrase_bonus]
        weights = self.concept_weights(telling)
        filler_weights = self.concept_weights(plan.fillers)
        lang = query_language(parsed.words)
        scored = []
        for hit in hits:
            folded = hit.doc.folded
            cover = coverage(folded.text, hit.doc.lang, telling, phrases, weights)
            about = title_factor(folded.title, folded.head, telling, phrases, weights,
                                 plan.fillers, filler_weights)  # fmt: skip
            # multiplied in this order, as engine.js does: the same floats, the same ties
            scored.append((hit.score * cover * language_factor(hit, lang) * about, hit, cover * about))
        lift = other_language_lift(scored, lang)
        ranked = sorted(((s * (lift if h.doc.lang != lang else 1.0), h) for s, h, _ in scored), key=by_rank)
        if ranked:
            held = held_concepts(telling, phrases, ranked[0][1].doc.folded.text)
            # a word held only through a chained form (hold) is not said by the page
            response.missing = [c.label for c, part in zip(telling, held, strict=True) if part < 1]
            response.match = "partial" if response.missing else "all"
        response.results = [self.result(hit.doc, score, plan.marks) for score, hit in ranked[:limit]]
        self.open_citation(raw, filters, response, limit)
        return response

    def open_citation(self, raw: str, filters: dict[str, str], response: Response, limit: int) -> None:
        """A query that cites a procedure ("PP 3 §2", search.refs) gets it first, at the section."""
        cited = self.refs.cite(raw)
        assert self.searcher is not None
        doc = self.searcher.document(cited[1]) if cited else None
        if cited is None or doc is None or not refs.admitted(doc, filters):
            return
        first = self.result(doc, 0.0, {})
        refs.opened_at(first, doc, cited[0], self.analyzer)
        refs.put_first(response, first, limit)

    def filters(self, **given: str | None) -> dict[str, str]:
        """The filters asked for, each checked against the values the index holds."""
        assert self.searcher is not None
        filters = {k: (v.lower() if k == "tag" else v) for k, v in given.items() if v}
        for name, value in filters.items():
            known = self.searcher.values(name)
            if value not in known:
                raise UnknownFilterValue(f"no procedure has {name} {value!r}{did_you_mean(value, known)}")
        return filters

    def concept_weights(self, concepts: list[Concept]) -> list[float]:
        """How telling each concept is: the inverse document frequency of its most common
        form the index holds, in either language. A word whose literal form is rare only
        because most pages are in the other language ("abroad" beside ต่างประเทศ, "Thai"
        beside ไทย) is as common as its translation says, and does not outweigh the words
        that tell pages apart. A form's frequency is its rarest word's (a phrase is in
        no more pages than that)."""
        n = max(1, self.manifest.doc_count)
        weights = []
        for concept in concepts:
            dfs = form_dfs(concept.variants, self.df)
            weights.append(math.log(1 + n / max([d for d in dfs if d] or [n])))
        return weights

    def result(self, doc: StoredDocument, score: float, marks: Marks) -> Result:
        sections = doc.sections
        order = ranked_sections(sections, marks)
        keys = section_keys(marks)
        heading, anchor, text = sections[order[0]][:3] if sections else ("", "", "")
        cut: dict[str, str] = {}  # the best section is both the result's snippet and a passage

        def snippet_of(section_text: str) -> str:
            if section_text not in cut:
                cut[section_text] = snippet(section_text, self.analyzer, marks)
            return cut[section_text]

        matching = [
            {"heading": sections[i].heading, "anchor": sections[i].anchor,
             "snippet": snippet_of(sections[i].text)}
            for i in order[:SECTIONS_PER_RESULT]
            if sections[i].anchor and section_score(sections[i], keys) > 0
        ]  # fmt: skip
        return Result(
            **{name: getattr(doc, name) for name in RESULT_FIELDS},
            score=round(score, 3),
            snippet=snippet_of(text or doc.summary),
            section=heading if anchor else "",
            anchor=anchor,
            sections=matching,
            ref=doc.ref,
            section_ref=refs.section_ref(doc, anchor),
        )


def pulled(variants: list[whoosh_backend.Weighted], df, n: int) -> list[whoosh_backend.Weighted]:
    """The forms of a concept typed in English, each Thai form's weight scaled so that its
    score's idf moves RANKING.translation_idf_pull of the way to the idf of the commonest
    English form the index holds (a form's frequency is its rarest word's): how rare the
    word is, not how rare English pages are. A concept typed in Thai, or whose English forms
    no page holds, is left as it is."""
    if is_thai(variants[0].words[0]):
        return variants
    dfs = form_dfs(variants, df)
    english = [d for v, d in zip(variants, dfs, strict=True) if d and not is_thai(v.words[0])]
    if not english:
        return variants
    target = cross_field_idf(n, max(english))
    pull = RANKING.translation_idf_pull
    out = []
    for v, d in zip(variants, dfs, strict=True):
        if d and is_thai(v.words[0]):
            own = cross_field_idf(n, d)
            boost = v.boost * ((own + pull * (target - own)) / own)
            v = whoosh_backend.Weighted(v.words, boost, v.phrase, v.chained)
        out.append(v)
    return out


def form_dfs(variants: list[whoosh_backend.Weighted], df) -> list[int]:
    """Each form's document frequency: its rarest word's (a phrase is in no more pages)."""
    return [min(df(w) for w in v.words) for v in variants]


def coverage(text: str, lang: str, concepts: list[Concept], phrases: list[Concept],
             weights: list[float]) -> float:  # fmt: skip
    """Score multiplier: the share of the query's telling words a page holds (its
    searchable text and language).

    A concept counts when every word of one of its forms occurs in the document's text. Thai words
    and English stems are matched as substrings, which also finds them inside compounds
    and inflected words, and costs far less than asking Whoosh which terms matched.
    """
    if len(concepts) < 2:
        return 1.0
    held = held_concepts(concepts, phrases, text)
    # A word the lexicon cannot carry into the page's language is not held against it.
    counted = [expressible(c, phrases, lang) for c in concepts]
    if not any(counted):
        counted = [True] * len(concepts)
    total = sum(w for ok, w in zip(counted, weights, strict=True) if ok)
    got = sum(part * w for part, c, w in zip(held, counted, weights, strict=True) if c)
    share = got / total if total else 1.0
    floor = RANKING.coverage_floor
    return (floor + (1 - floor) * share) ** RANKING.coverage_power


def title_factor(title: str, head: str, concepts: list[Concept], phrases: list[Concept], weights: list[float],
                 fillers: list[Concept] = (), filler_weights: list[float] = ()) -> float:  # fmt: skip
    """Score multiplier for what the page is about: 1 + RANKING.title_factor x the share of
    the query's telling words (weighted as in coverage) its title (folded) holds, in any form,
    RANKING.head_share of it counting the title's head only (folding.head): สมรส is what
    การจดทะเบียนสมรสระหว่าง... is about, not การเปลี่ยนชื่อสกุล...หลังการสมรส.

    The language-independent signal: a Thai page titled การสละสัญชาติไทย is about "give up
    Thai nationality" though an English page using those words in passing scores higher
    on its words alone.

    The query's filler words (QueryPlan.fillers) the title holds add their weight to what
    it holds, never to what the query asks: a page is not about less for lacking them."""
    if not concepts:
        return 1.0
    total = sum(weights)
    if not total:
        return 1.0

    def share(text: str) -> float:
        held = held_concepts(concepts, phrases, text)
        got = sum(part * w for part, w in zip(held, weights, strict=True))
        return (got + sum(w for c, w in zip(fillers, filler_weights, strict=True) if holds(c, text))) / total

    h = RANKING.head_share
    return 1.0 + RANKING.title_factor * ((1 - h) * share(title) + h * share(head))


def expressible(concept: Concept, phrases: list[Concept], lang: str) -> bool:
    """Whether a Thai page could hold the concept: some form of it, or of a phrase
    translation spanning it, is written in Thai (always, for a page in another language)."""
    if lang != "th":
        return True
    spanning = [p for p in phrases if p.span[0] <= concept.span[0] and concept.span[1] <= p.span[1]]
    return any(is_thai(v.words[0]) for c in [concept, *spanning] for v in c.variants)


def query_language(words: list[str]) -> str:
    """The language of the reader: 'th' when some word of the query is in Thai script (an
    officer who writes Thai with an English term or two, ขอ apostille เอกสาร, reads the
    Thai pages first: measured on held-out mission pages, mixed queries 0.74 -> 0.84
    against leaving them without a language), 'en' when every word is Latin, '' when
    no word has letters."""
    thai = [any(is_thai(ch) for ch in w) for w in words if any(ch.isalpha() for ch in w)]
    if not thai:
        return ""
    return "th" if any(thai) else "en"


def by_rank(scored: tuple) -> tuple[float, str]:
    """The order of results: score, then procedure id. Equal scores (two sibling pages that
    say the query's words alike) keep one order, not the one the index's document numbers
    give, which an update moves (a re-added page goes last)."""
    return -scored[0], scored[1].doc.id


def other_language_lift(scored: list[tuple[float, whoosh_backend.Hit, float]], lang: str) -> float:
    """What the scores of the pages in another language than the query's are multiplied by,
    given each candidate's (score, hit, coverage x title factor).

    BM25 scores of the two languages do not compare. A Thai page answers an English query
    through translations weighing RANKING.translation_boost, in a vocabulary of other
    frequencies, so an English page using the query's words in passing outscored the Thai
    page about them. The other way round, the English words of a Thai query's translations
    are in few pages of a mostly Thai manual, so their high idf put a mission's English
    version of a service above its Thai page for a Thai query. The best page of the other
    language belongs where its coverage x title factor puts it beside the best page in the
    query's language (times other_language_factor: after an equally good one); its
    language's scores are moved RANKING.language_merge_share of the way there, on a log
    scale, up or down. The order within a language stays."""
    if not lang:
        return 1.0
    own = [t for t in scored if t[1].doc.lang == lang]
    other = [t for t in scored if t[1].doc.lang != lang]
    if not own or not other:
        return 1.0
    best_own, best_other = min(own, key=by_rank), min(other, key=by_rank)
    if best_other[0] <= 0:
        return 1.0
    there = best_own[0] * (best_other[2] / best_own[2]) * RANKING.other_language_factor
    return (there / best_other[0]) ** RANKING.language_merge_share


def language_factor(hit: whoosh_backend.Hit, lang: str) -> float:
    return RANKING.other_language_factor if lang and hit.doc.lang != lang else 1.0


def held_concepts(concepts: list[Concept], phrases: list[Concept], text: str) -> list[float]:
    """How fully the text holds each telling concept (`hold`), itself or through a phrase
    translation that spans it (จดทะเบียนสมรส holds both words of "marriage registration")."""
    spans = [(p.span, part) for p in phrases if (part := hold(p, text))]
    return [
        max([hold(c, text), *(part for (a, b), part in spans if a <= c.span[0] and c.span[1] <= b)])
        for c in concepts
    ]


def hold(concept: Concept, text: str) -> float:
    """1 when the text holds a form of the concept; RANKING.chained_factor when it holds
    only a chained one (Weighted.chained), a step further from the word: a page saying
    ห้องชุด is likelier about คอนโด than one saying nothing, but it does not say it, and
    บุคคล -> person -> ประชาชน shows how such a step can change the sense; 0 otherwise."""
    if any(form_held(concept, v, text) for v in concept.variants if not v.chained):
        return 1.0
    chained = (v for v in concept.variants if v.chained)  # the own forms are not asked twice
    return RANKING.chained_factor if any(form_held(concept, v, text) for v in chained) else 0.0


def holds(concept: Concept, text: str) -> bool:
    """Whether the text holds some form of the concept: a one-word form anywhere; a
    compound's parts, or a form with English words, only together (`together`); a Thai
    form of function words only, close together (`near`); any other Thai form of several
    words wherever its words are.

    The index matches a phrase only so: a page with สถาน in one line and ที่ in another
    does not say สถานที่, nor one with "recover" here and "nationals" there "recover
    nationality". A query word found inside a longer page word (สมรส in จดทะเบียนสมรส,
    registr in registration) is held. Thai phrases stay loose: Thai pages put their
    words in many orders and compounds (measured: side by side cost the bare run)."""
    return any(form_held(concept, v, text) for v in concept.variants)


def form_held(concept: Concept, form: whoosh_backend.Weighted, text: str) -> bool:
    """Whether the text holds this one form of the concept (see `holds`)."""
    if form.words in concept.near_forms:
        return near(form.words, RANKING.function_form_gap).search(text) is not None
    if form.words == concept.parts or has_latin(form.words):
        return together(form.words, text)
    return all(w in text for w in form.words)


def together(words: tuple[str, ...], text: str) -> bool:
    """Thai words side by side, in order (a Thai word anywhere, inside a compound too);
    a form with English words: its words near one another in folding.fold's copy of the text's
    English words (English puts words between: "collecting a new passport")."""
    if not has_latin(words):
        return side_by_side(words).search(text) is not None
    if "\x00" not in text:  # no English word in it
        return False
    places = [english_places(text, w) for w in wanted_words(words)]
    if not all(places):
        return False
    reach = len(places) - 1 + RANKING.phrase_slack
    anchor = min(places, key=len)
    return any(all(any(abs(i - a) <= reach for i in found) for found in places) for a in anchor)


# The ranking asks the same forms of the same candidates' texts many times a query (each
# concept's forms, in the text, the title and the head): what depends on a form's words
# alone, or on a text alone, is worked out once.
@lru_cache(maxsize=4096)
def has_latin(words: tuple[str, ...]) -> bool:
    return any(LATIN.search(w) for w in words)


@lru_cache(maxsize=4096)
def side_by_side(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"\s*".join(map(re.escape, words)))


@lru_cache(maxsize=4096)
def near(words: tuple[str, ...], gap: int) -> re.Pattern[str]:
    """Thai words in order, each within `gap` letters of the one before, on one line
    (ทำพาสใหม่ holds ทำ ... ใหม่)."""
    return re.compile(f"[^\n]{{0,{gap}}}".join(map(re.escape, words)))


@lru_cache(maxsize=4096)
def wanted_words(words: tuple[str, ...]) -> tuple[str, ...]:
    """The words of a form `together` looks for: not those that are others run together."""
    return tuple(w for i, w in enumerate(words) if not joined(words, i))


@lru_cache(maxsize=1024)
def english_copy(text: str) -> list[str]:
    """folding.fold's copy of the text's English words."""
    return text.rpartition("\x00")[2].split(" ")


@lru_cache(maxsize=16384)
def english_places(text: str, word: str) -> tuple[int, ...]:
    """Where the word stands in the text's English copy."""
    return tuple(i for i, t in enumerate(english_copy(text)) if t == word)


def joined(words: tuple[str, ...], i: int) -> bool:
    """Whether words[i] is the words just before it run together: the analyzer gives
    e-Passport as e, passport, epassport, and the text holds "e-passport"."""
    return any("".join(words[j:i]) == words[i] for j in range(max(0, i - 3), i - 1))


def spelling_vocabulary(generation: Path) -> list[Path]:
    """The files "did you mean" picks from (spelling.vocabulary), as the static export reads them."""
    return [generation / store.VOCAB, generation / store.LEXICON_WORDS]


def words_of(analyzer, word: str) -> tuple[str, ...]:
    """A vocabulary word as the translation table keys it: a Thai word is an indexed term
    already; a Latin one is written out and keyed by its stems."""
    return (word,) if is_thai(word) else tuple(t.text for t in analyze(analyzer, word))


# What reading a file overwritten in place raises (its size still the manifest's): a bad
# header, a cut record, a broken zlib stream or pickle or UTF-8.
DECODING_ERRORS = (FileFormatError, struct.error, zlib.error, EOFError, pickle.UnpicklingError,
                   UnicodeDecodeError, json.JSONDecodeError)  # fmt: skip
WHOOSH = Path(whoosh.__file__).parent


@contextmanager
def damage_is_stale(generation: Path) -> Iterator[None]:
    """A file of the index changed under it without changing its size (the manifest's
    check) is found out when it is read: such a failure becomes the one sentence a
    damaged index gets. Hashing every file at each open would cost a read of the whole
    index; this costs nothing until something breaks. Besides the decoders' own errors,
    whatever Whoosh itself raises while reading (a seek out of range, a table of contents
    "from another architecture") is damage; an error raised in our own code is a bug and
    keeps its traceback."""
    try:
        yield
    except DECODING_ERRORS as exc:
        raise damaged(generation, exc) from exc
    except Exception as exc:
        if not raised_in_whoosh(exc):
            raise
        raise damaged(generation, exc) from exc


def raised_in_whoosh(exc: BaseException) -> bool:
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    return tb is not None and Path(tb.tb_frame.f_code.co_filename).is_relative_to(WHOOSH)


def damaged(generation: Path, exc: BaseException) -> IndexStale:
    return IndexStale(f"cannot use the index in {generation.parent}: the index is damaged (a file of it "
                      f"no longer reads: {type(exc).__name__}); "
                      "rebuild it with `python cli.py index --full`")  # fmt: skip


def read_manifest(generation: Path) -> store.Manifest:
    manifest, unusable = store.usable_manifest(generation)
    if manifest is None:
        raise IndexStale(f"cannot use the index in {generation.parent}: {unusable}; "
                         "rebuild it with `python cli.py index --full`")  # fmt: skip
    return manifest
