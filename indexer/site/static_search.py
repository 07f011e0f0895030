"""The index, exported for the browser: search with no server (static host, `file://`).

    export_static_search(index_dir, site_dir, public_only)
    start_export(index_dir, site_dir, public_only).finish()   # the same, in a process of its own

Everything comes from the index generation just written, read through the same Whoosh
searcher and scorer that answer `/api/search`, so the browser never analyses a document:

    core.js            ranking knobs, documents' metadata, glossary groups, the lexicon's
                       translations (store.TRANSLATIONS), stopwords and filler words,
                       how many term shards there are
    words.js           the words queries are segmented with (the index's query word list)
    spelling.js        the spelling vocabulary and each word's document frequency
    language/<n>.js    the real words of Thai and English with their corpus counts, by
                       the shard their first letters hash to (a word's, or those of every
                       place in a Thai run, for the words inside it)
    terms/<n>.js       for every indexed term hashed to shard n, its postings per field:
                       (document, field boost x BM25F) — query-independent, the browser adds;
                       and where each multi-word glossary form occurs as a phrase
    positions/<n>.js   the same terms' positions, loaded only for a phrase the officer quotes
    docs/<n>.js        one document: the text coverage looks in, and each section's text
                       with its analysed tokens (where <mark> goes in a snippet) and its
                       number (what "PP 3 §2" cites; core's documents carry the refs)

Each file is a script calling `ECM_SHARD(id, data)`: a `<script>` element loads it from
`file://` as well as over HTTP, where `fetch` would be refused from a USB stick.
"""

from __future__ import annotations

import json
import math
import multiprocessing
import shutil
import traceback
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from indexer.errors import EcmError, StaticExportFailed
from indexer.index import store, whoosh_backend
from indexer.index.document import TEXT_FIELDS, StoredDocument
from indexer.index.tables import PREFIX, CountedWords
from indexer.text.analysis import (
    MAX_WORD,
    MIN_SUBWORD,
    analyze,
    build_analyzer,
    path_words,
    phrase_words,
    query_key,
    use_dictionary,
)
from indexer.text.english import SPELLINGS
from search.ranking import RANKING

FOLDER = "assets/ecm/static-index"  # inside the site
FORMAT = 3  # 2: each document's titles and their heads, folded (folding.folded_forms); 3: spellings
SHARD_BYTES = 24_000  # aim for term shards of about this size before compression
# Language shards are smaller: a Thai run looks up the words starting at each of its
# letters, a few dozen keys, and loads each shard they hash to (some 900 of 4 KB: a
# 15-letter run fetches about 150 KB of the 3.7 MB, a Latin word one shard).
LANGUAGE_SHARD_BYTES = 4_000
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
        "rare_held": spelling.RARE_HELD,
        "commoner": spelling.COMMONER,
        "language_commoner": spelling.LANGUAGE_COMMONER,
        "min_split_piece": spelling.MIN_SPLIT_PIECE,
        "swap_length": spelling.SWAP_LENGTH,
        "prefix": PREFIX,
    }


def term_shard(term: str, shards: int) -> int:
    """FNV-1a over the term's code points: the browser hashes a query term the same way."""
    h = 0x811C9DC5
    for ch in term:
        h ^= ord(ch)
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h % shards


def compact(data: object) -> str:
    # "</" never appears raw, so a shard can never close a <script> early if inlined.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


def wrapped(shard_id: str, body: str) -> str:
    """The shard file: a script handing its data (JSON text) to ECM_SHARD."""
    return f"ECM_SHARD({json.dumps(shard_id)},{body});\n"


def compact_object(members: dict[str, str]) -> str:
    """The JSON object of these keys and already-encoded values, as `compact` writes it."""
    return "{" + ",".join(f"{compact(key)}:{value}" for key, value in members.items()) + "}"


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


class PendingExport:
    """The export running in a process of its own (the site build gives it ~10% to add,
    and writing the pages leaves the machine's other core idle): `start_export` starts
    it, `finish` waits for it and raises what it raised, `cancel` stops it. It writes
    only into its own folder of the site, which mkdocs neither cleans nor copies into
    once it has listed the site's files (on_files)."""

    def __init__(self, index_dir: Path, site_dir: Path, public_only: bool):
        context = multiprocessing.get_context("spawn")  # no fork of a process with threads
        self.answer, child_end = context.Pipe(duplex=False)
        args = (Path(index_dir), Path(site_dir), public_only, child_end)
        self.process = context.Process(target=export_in_child, args=args, daemon=True)
        self.process.start()
        child_end.close()

    def finish(self) -> None:
        try:
            outcome, detail = self.answer.recv()
        except EOFError:  # the process died without a word (killed, out of memory)
            outcome, detail = "crashed", "no answer"
        self.process.join()
        self.answer.close()
        if outcome == "failed":
            raise StaticExportFailed(detail)
        if outcome != "done":
            raise RuntimeError(
                f"the static search's export crashed (exit {self.process.exitcode}):\n{detail}"
            )

    def cancel(self) -> None:
        self.process.terminate()
        self.process.join()
        self.answer.close()


def start_export(index_dir: Path, site_dir: Path, public_only: bool) -> PendingExport:
    return PendingExport(index_dir, site_dir, public_only)


def export_in_child(index_dir: Path, site_dir: Path, public_only: bool, answer) -> None:
    try:
        export_static_search(index_dir, site_dir, public_only)
    except EcmError as exc:
        answer.send(("failed", str(exc)))
    except BaseException:
        answer.send(("crashed", traceback.format_exc()))
    else:
        answer.send(("done", ""))
    answer.close()


class Exporter:
    def __init__(self, searcher: whoosh_backend.Searcher, analyzer, out: Path):
        self.searcher = searcher
        self.whoosh = searcher.searcher
        self.analyzer = analyzer
        self.out = out
        self.knobs = ranking_knobs()

    def run(self, generation: Path, query_words: Path) -> None:
        docnums = self.searcher.document_numbers()  # Whoosh breaks score ties by docnum
        number = {d: i for i, d in enumerate(docnums)}
        docs = [self.searcher.stored(d) for d in docnums]
        postings, positions = self.postings(number)
        glossary = json.loads((generation / store.GLOSSARY).read_text(encoding="utf-8"))
        postings.update(self.phrases(glossary, number))
        # Each term's postings are encoded once: their size decides how many shards there
        # are, and the shards are written from the same text.
        encoded = {term: compact(per_field) for term, per_field in postings.items()}
        shards = max(1, math.ceil(sum(map(len, encoded.values())) / SHARD_BYTES))
        grouped: dict[int, dict[str, str]] = defaultdict(dict)
        for term, text in encoded.items():
            grouped[term_shard(term, shards)][term] = text
        placed: dict[int, dict[str, list]] = defaultdict(dict)
        for term, rows in positions.items():
            placed[term_shard(term, shards)][term] = rows
        for n in range(shards):
            self.write_text(f"terms/{n}", compact_object(grouped.get(n, {})))
            self.write(f"positions/{n}", placed.get(n, {}))
        for i, doc in enumerate(docs):
            self.write(f"docs/{i}", self.document(doc))
        self.write("words", path_words(query_words))  # as nlpo3 and Lexicon read it
        self.write("spelling", self.spelling(generation, postings))
        self.knobs["language_shards"], self.knobs["language_longest"] = self.language(generation)
        self.write("core", self.core(docs, shards, generation))

    def language(self, generation: Path) -> tuple[int, int]:
        """The real words and their counts (indexer/text/language.py), in shards by their
        first letters as the table files them (tables.PREFIX): a query that meets a word
        the index lacks loads the few shards its letters hash to. Returns how many, and
        the longest word's length (what a Thai run is looked through for)."""
        table = CountedWords.open(generation / store.LANGUAGE_TABLE)
        if table is None:
            return 0, 0
        lines = [line.partition("\t") for line in table.table.all_lines()]
        size = sum(len(line.encode("utf-8")) for line in table.table.all_lines())
        shards = max(1, math.ceil(size / LANGUAGE_SHARD_BYTES))
        grouped: dict[int, dict[str, int]] = defaultdict(dict)
        for word, _, count in lines:
            grouped[term_shard(word[:PREFIX], shards)][word] = int(count)
        (self.out / "language").mkdir()
        for n in range(shards):
            self.write(f"language/{n}", grouped.get(n, {}))
        return shards, table.longest

    def write(self, shard_id: str, data: object) -> None:
        self.write_text(shard_id, compact(data))

    def write_text(self, shard_id: str, body: str) -> None:
        (self.out / f"{shard_id}.js").write_text(wrapped(shard_id, body), encoding="utf-8")

    def postings(self, number: dict[int, int]) -> tuple[dict[str, list], dict[str, list]]:
        """term -> [[field index, doc, impact, doc, impact, ...], ...], impact = boost x BM25F
        exactly as the API's searcher scores that term in that field of that document; and
        term -> [[field index, doc, [positions], ...], ...] for phrases the officer quotes."""
        boosts = [self.knobs["field_boosts"][field] for field in TEXT_FIELDS]
        found: dict[str, list] = defaultdict(list)
        positions: dict[str, list] = defaultdict(list)
        for f, term, postings in self.searcher.scored_postings():
            row: list = [f]
            where: list = [f]
            for docnum, score, at in postings:
                doc = number[docnum]
                row += [doc, round(boosts[f] * score, IMPACT_DIGITS)]
                where += [doc, at]
            found[term].append(row)
            positions[term].append(where)
        return found, positions

    def phrases(self, groups: list[list[list[str]]], number: dict[int, int]) -> dict[str, list]:
        """Phrase "w1 w2" -> [[field index, doc, doc, ...], ...]: where each multi-word glossary
        form (as a variant holds it: analysis.phrase_words) occurs as a phrase. The browser
        adds the words' impacts in those documents; a phrase the officer quotes is taken as
        its words in one field."""
        from whoosh import query as q

        found: dict[str, list] = {}
        held = (phrase_words(tuple(words)) for group in groups for words in group)
        phrases = {words for words in held if len(words) > 1}  # as search.plan.form writes them
        for words in sorted(phrases):
            rows = []
            for f, field in enumerate(TEXT_FIELDS):
                docs = self.whoosh.docs_for_query(q.Phrase(field, list(words)))
                if docs:
                    rows.append([f, *sorted(number[d] for d in docs)])
            found[" ".join(words)] = rows
        return found

    def document(self, doc: StoredDocument) -> dict:
        def tokens(text: str) -> list:
            """Flat [start, end, term or 0] of the index analyzer's tokens (0: the text itself)."""
            flat: list = []
            at = utf16_offsets(text)
            # the analyzer's own tokens, as indexer.text.analysis.analyze reads them, without
            # copying each out: this runs over every section of the manual
            for t in self.analyzer(text, positions=True, chars=True, boosts=True, mode="index"):
                start, end, term = t.startchar, t.endchar, t.text
                flat += [at(start), at(end), 0 if text[start:end] == term else term]
            return flat

        return {
            "text": doc.folded.text,
            "summary": [doc.summary, tokens(doc.summary)],
            "sections": [[s.heading, s.anchor, s.text, tokens(s.text), s.number] for s in doc.sections],
        }

    def spelling(self, generation: Path, postings: dict[str, list]) -> dict:
        """The vocabulary in the index's order, with the frequency "did you mean" ranks by,
        as SearchEngine.spelling_df gives it (spelling.sense_frequency: in either language)."""
        from search.engine import spelling_vocabulary, words_of
        from search.spelling import sense_frequency, vocabulary
        from search.translations import Translations

        def df(term: str) -> int:
            return max((len(row) - 1) // 2 for row in postings.get(term, [[0]]))

        translations = Translations.load(generation / store.TRANSLATIONS)
        vocab = vocabulary(spelling_vocabulary(generation))  # as search.spelling.Speller reads it
        frequency = []
        for word in vocab:
            terms = words_of(self.analyzer, word)
            frequency.append(sense_frequency(terms, translations.of(terms), df))
        return {"words": vocab, "df": frequency}

    def core(self, docs: list[StoredDocument], shards: int, generation: Path) -> dict:
        from search.plan import load_stopwords, mission_terms

        stopwords = load_stopwords()
        return {
            "format": FORMAT,
            "ranking": self.knobs,
            "term_shards": shards,
            "doc_count": len(docs),
            "docs": [
                [
                    d.id,
                    d.title,
                    d.title_en,
                    d.category,
                    d.lang,
                    d.url,
                    d.path,
                    [t.lower() for t in d.tags],
                    d.ref,
                    d.folded.title,
                    d.folded.head,
                ]
                for d in docs
            ],
            "glossary": json.loads((generation / store.GLOSSARY).read_text(encoding="utf-8")),
            "translations": translation_rows(generation),
            "stopwords": sorted(stopwords),  # fillers included, as the planner drops them
            "mission": sorted(mission_terms(lambda w: analyze(self.analyzer, w))),  # plan.MISSION_WORDS
            "spellings": SPELLINGS,  # english.one_spelling, for text.js
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
