"""The index, exported for the browser: search with no server (static host, `file://`).

    export_static_search(index_dir, site_dir, public_only)

Everything comes from the index generation just written, read through the same Whoosh
searcher and scorer that answer `/api/search`, so the browser never analyses a document:

    core.js            ranking knobs, documents' metadata, glossary groups, the lexicon's
                       translations (store.TRANSLATIONS), stopwords and filler words,
                       how many term shards there are
    words.js           the words queries are segmented with (the index's query word list)
    spelling.js        the spelling vocabulary and each word's document frequency
    terms/<n>.js       for every indexed term hashed to shard n, its postings per field:
                       (document, field boost x BM25F) — query-independent, the browser adds;
                       and where each multi-word glossary form occurs as a phrase
    positions/<n>.js   the same terms' positions, loaded only for a phrase the officer quotes
    docs/<n>.js        one document: the text coverage looks in, and each section's text
                       with its analysed tokens (where <mark> goes in a snippet)

Each file is a script calling `ECM_SHARD(id, data)`: a `<script>` element loads it from
`file://` as well as over HTTP, where `fetch` would be refused from a USB stick.
"""

from __future__ import annotations

import json
import math
import shutil
from collections import defaultdict
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from indexer.errors import StaticExportFailed
from indexer.index import store, whoosh_backend
from indexer.index.document import TEXT_FIELDS, StoredDocument
from indexer.text.analysis import (
    MAX_WORD,
    MIN_SUBWORD,
    analyze,
    build_analyzer,
    path_words,
    query_key,
    use_dictionary,
)
from indexer.text.thai import is_thai
from search.ranking import RANKING

FOLDER = "assets/ecm/static-index"  # inside the site
FORMAT = 1
SHARD_BYTES = 24_000  # aim for term shards of about this size before compression
IMPACT_DIGITS = 4


def ranking_knobs() -> dict:
    """What the browser ranks and cuts snippets by: the one ranking configuration
    (search/ranking.py) and the few analyzer, snippet and spelling constants it needs."""
    from search import engine, snippets, spelling

    return {
        **RANKING.to_dict(),
        "fields": list(TEXT_FIELDS),
        "min_subword": MIN_SUBWORD,
        "max_word": MAX_WORD,
        "snippet_chars": snippets.SNIPPET_CHARS,
        "lead_chars": snippets.LEAD_CHARS,
        "sections_per_result": engine.SECTIONS_PER_RESULT,
        "max_window": spelling.MAX_WINDOW,
    }


def term_shard(term: str, shards: int) -> int:
    """FNV-1a over the term's code points: the browser hashes a query term the same way."""
    h = 0x811C9DC5
    for ch in term:
        h ^= ord(ch)
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h % shards


def script(shard_id: str, data: object) -> str:
    # "</" never appears raw, so a shard can never close a <script> early if inlined.
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return f"ECM_SHARD({json.dumps(shard_id)},{body});\n"


def export_static_search(index_dir: Path, site_dir: Path, public_only: bool) -> Path:
    """Write the browser's copy of the index into the site; returns its folder."""
    generation = store.current_generation(Path(index_dir))
    if generation is None:
        raise StaticExportFailed(f"no index in {index_dir} to export for the static search")
    manifest, unusable = store.usable_manifest(generation)
    if manifest is None:
        raise StaticExportFailed(f"cannot export the index in {index_dir}: {unusable}")
    if manifest.public_only != public_only:
        want, have = ("public", "internal") if public_only else ("internal", "public")
        raise StaticExportFailed(
            f"the index in {index_dir} is the {have} edition; the {want} site needs a {want} index"
        )
    out = Path(site_dir) / FOLDER
    shutil.rmtree(out, ignore_errors=True)
    (out / "terms").mkdir(parents=True)
    (out / "docs").mkdir()
    (out / "positions").mkdir()
    use_dictionary(generation / store.WORDS, manifest.dictionary_version)
    words = use_dictionary(generation / store.QUERY_WORDS, query_key(manifest.dictionary_version))
    # Snippets are cut with the query side's analyzer (engine.SearchEngine.analyzer).
    analyzer = build_analyzer(query_key(manifest.dictionary_version))
    searcher = whoosh_backend.Searcher(whoosh_backend.open_index(generation), RANKING.bm25_b, RANKING.bm25_k1)
    try:
        Exporter(searcher, analyzer, out).run(generation, words.path)
    finally:
        searcher.close()
    return out


class Exporter:
    def __init__(self, searcher: whoosh_backend.Searcher, analyzer, out: Path):
        self.whoosh = searcher.searcher
        self.spelling_df = searcher.doc_frequency
        self.analyzer = analyzer
        self.out = out
        self.knobs = ranking_knobs()

    def run(self, generation: Path, query_words: Path) -> None:
        docnums = sorted(self.whoosh.document_numbers())  # Whoosh breaks score ties by docnum
        number = {d: i for i, d in enumerate(docnums)}
        docs = [StoredDocument.from_stored(self.whoosh.stored_fields(d)["doc"]) for d in docnums]
        postings, positions = self.postings(number)
        glossary = json.loads((generation / store.GLOSSARY).read_text(encoding="utf-8"))
        postings.update(self.phrases(glossary, number))
        shards = max(1, math.ceil(sum(len(json.dumps(p)) for p in postings.values()) / SHARD_BYTES))
        grouped: dict[int, dict[str, list]] = defaultdict(dict)
        for term, per_field in postings.items():
            grouped[term_shard(term, shards)][term] = per_field
        placed: dict[int, dict[str, list]] = defaultdict(dict)
        for term, rows in positions.items():
            placed[term_shard(term, shards)][term] = rows
        for n in range(shards):
            self.write(f"terms/{n}", grouped.get(n, {}))
            self.write(f"positions/{n}", placed.get(n, {}))
        for i, doc in enumerate(docs):
            self.write(f"docs/{i}", self.document(doc))
        self.write("words", path_words(query_words))  # as nlpo3 and Lexicon read it
        self.write("spelling", self.spelling(generation, postings))
        self.write("core", self.core(docs, shards, generation))

    def write(self, shard_id: str, data: object) -> None:
        (self.out / f"{shard_id}.js").write_text(script(shard_id, data), encoding="utf-8")

    def postings(self, number: dict[int, int]) -> tuple[dict[str, list], dict[str, list]]:
        """term -> [[field index, doc, impact, doc, impact, ...], ...], impact = boost x BM25F
        exactly as the API's searcher scores that term in that field of that document; and
        term -> [[field index, doc, [positions], ...], ...] for phrases the officer quotes."""
        boosts = self.knobs["field_boosts"]
        # The cross-field IDF asks every field for a term's frequency and is the same for
        # all of them: ask once per term (this searcher is ours, used for nothing else).
        weighting = self.whoosh.weighting
        idf = lru_cache(maxsize=None)(lambda text: type(weighting).idf(weighting, self.whoosh, "", text))
        weighting.idf = lambda searcher, field, text: idf(text)
        found: dict[str, list] = defaultdict(list)
        positions: dict[str, list] = defaultdict(list)
        reader = self.whoosh.reader()
        for f, field in enumerate(TEXT_FIELDS):
            for raw in reader.lexicon(field):
                term = raw.decode("utf-8") if isinstance(raw, bytes) else raw
                matcher = self.whoosh.postings(field, term)
                row: list = [f]
                where: list = [f]
                while matcher.is_active():
                    doc = number[matcher.id()]
                    row += [doc, round(boosts[field] * matcher.score(), IMPACT_DIGITS)]
                    where += [doc, list(matcher.value_as("positions"))]
                    matcher.next()
                if len(row) > 1:
                    found[term].append(row)
                    positions[term].append(where)
        return found, positions

    def phrases(self, groups: list[list[list[str]]], number: dict[int, int]) -> dict[str, list]:
        """Phrase "w1 w2" -> [[field index, doc, doc, ...], ...]: where each multi-word glossary
        form occurs as a phrase. The browser adds the words' impacts in those documents;
        a phrase the officer quotes is taken as its words in one field."""
        from whoosh import query as q

        found: dict[str, list] = {}
        phrases = {tuple(words) for group in groups for words in group if len(words) > 1}
        for words in sorted(phrases):
            rows = []
            for f, field in enumerate(TEXT_FIELDS):
                docs = self.whoosh.docs_for_query(q.Phrase(field, list(words)))
                if docs:
                    rows.append([f, *sorted(number[d] for d in docs)])
            found[" ".join(words)] = rows
        return found

    def document(self, doc: StoredDocument) -> dict:
        from search.engine import searchable_text

        def tokens(text: str) -> list:
            """Flat [start, end, term or 0] of the index analyzer's tokens (0: the text itself)."""
            flat: list = []
            at = utf16_offsets(text)
            for t in analyze(self.analyzer, text, mode="index"):
                flat += [at(t.start), at(t.end), 0 if text[t.start : t.end] == t.text else t.text]
            return flat

        return {
            "text": searchable_text(doc),
            "summary": [doc.summary, tokens(doc.summary)],
            "sections": [[s.heading, s.anchor, s.text, tokens(s.text)] for s in doc.sections],
        }

    def spelling(self, generation: Path, postings: dict[str, list]) -> dict:
        """The vocabulary in the index's order, with the frequency "did you mean" ranks by:
        Thai words as indexed (any field), Latin words as written (the spelling field)."""
        vocab = path_words(generation / store.VOCAB)  # as search.spelling.Speller reads it
        df = [
            max((len(row) - 1) // 2 for row in postings.get(w, [[0]]))
            if is_thai(w)
            else self.spelling_df("spelling", w)
            for w in vocab
        ]
        return {"words": vocab, "df": df}

    def core(self, docs: list[StoredDocument], shards: int, generation: Path) -> dict:
        from search.plan import load_stopwords

        return {
            "format": FORMAT,
            "ranking": self.knobs,
            "term_shards": shards,
            "doc_count": len(docs),
            "docs": [
                [d.id, d.title, d.title_en, d.category, d.lang, d.url, d.path, [t.lower() for t in d.tags]]
                for d in docs
            ],
            "glossary": json.loads((generation / store.GLOSSARY).read_text(encoding="utf-8")),
            "translations": translation_rows(generation),
            "stopwords": sorted(load_stopwords()),  # fillers included, as the planner drops them
        }


def translation_rows(generation: Path) -> list:
    """The table search.translations.Translations loads: [words, form, form, ...] rows."""
    path = generation / store.TRANSLATIONS
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else []


def utf16_offsets(text: str) -> Callable[[int], int]:
    """Code-point offsets of `text` as JavaScript counts them (UTF-16 units)."""
    if all(ord(c) < 0x10000 for c in text):
        return lambda i: i
    units = [0]
    for c in text:
        units.append(units[-1] + (2 if ord(c) >= 0x10000 else 1))
    return units.__getitem__
