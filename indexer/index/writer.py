"""Bring an index folder up to date with a manual, incrementally or from scratch."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache, lru_cache
from pathlib import Path

from indexer.index import boilerplate, link_lists, store, tables, whoosh_backend
from indexer.index.folding import heads_key
from indexer.manual.confidentiality import EditionScope
from indexer.manual.glossary import glossary_in_force, merge_groups, save_groups
from indexer.manual.model import Manual, Procedure
from indexer.text import dictionary, language, lexicon
from indexer.text.analysis import ANALYZER_VERSION, analyze, build_analyzer, content_name, use_dictionary
from indexer.text.lexicon import save_table
from indexer.text.thai import dictionary_forms, is_thai
from search.plan import load_stopwords

Progress = Callable[[int], None]
HASHES, MADE_FROM = store.HASHES, store.MADE_FROM


@dataclass
class IndexReport:
    full: bool
    reason: str
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    doc_count: int = 0
    generation: str = ""


def update_index(
    manual: Manual,
    index_dir: Path,
    public_only: bool = False,
    full: bool = False,
    progress_factory: Callable[[int], Progress] | None = None,
) -> IndexReport:
    """Index the manual's valid procedures into a new generation and publish it."""
    index_dir = Path(index_dir)
    glossary = glossary_in_force(manual.glossary)
    words = dictionary.build_words(glossary)
    plan = Plan(
        procedures=EditionScope(public_only).procedures(manual.procedures),
        words=words,
        version=dictionary.words_version(words),
        glossary=glossary,
        public_only=public_only,
        manual=str(manual.root),
        stopwords=load_stopwords(),
    )
    with store.writer_lock(index_dir):
        current = store.current_generation(index_dir)
        reason = "--full" if full else rebuild_reason(current, plan)
        if public_only and not reason:
            # Whoosh only marks a removed document deleted: its stored fields and words stay
            # in the segment files (and in the vocabulary "did you mean" offers) until a
            # merge. Nothing once internal or deleted may linger in a public index.
            reason = "a public generation is written in full"
        generation = store.new_generation(index_dir, None if reason else current)
        try:
            report = write_generation(plan, generation, reason, progress_factory)
        except BaseException:
            shutil.rmtree(generation, ignore_errors=True)  # `current` still names the old one
            raise
        store.publish(index_dir, generation)
    return report


@dataclass
class Plan:
    procedures: list[Procedure]
    words: list[str]
    version: str
    glossary: list[list[str]]
    public_only: bool
    manual: str
    stopwords: frozenset[str]  # where the titles' stored heads end (folding.head)


def write_generation(
    plan: Plan, generation: Path, reason: str, progress_factory: Callable[[int], Progress] | None
) -> IndexReport:
    dictionary.write_words(plan.words, generation / store.WORDS)
    furniture = boilerplate.find_boilerplate(plan.procedures)
    if reason:
        ix = whoosh_backend.create(generation, plan.version)
        old_hashes: dict[str, str] = {}
        old_furniture = furniture
    else:
        ix = whoosh_backend.open_index(generation)
        old_hashes = read_hashes(generation) or whoosh_backend.stored_hashes(ix)
        old_furniture = frozenset(store.Manifest.read(generation).boilerplate or ())
    report = IndexReport(full=bool(reason), reason=reason or "incremental")
    wanted = {p.path for p in plan.procedures}
    upserts = [p for p in plan.procedures if old_hashes.get(p.path) != p.content_hash]
    report.added = [p.path for p in upserts if p.path not in old_hashes]
    report.updated = [p.path for p in upserts if p.path in old_hashes]
    report.removed = sorted(set(old_hashes) - wanted)
    # A line that joined or left the boilerplate changes the indexed text of every
    # document holding it, though none of their files changed.
    changed = {p.path for p in upserts}
    restanding = boilerplate.affected(plan.procedures, furniture ^ old_furniture)
    upserts += [p for p in restanding if p.path not in changed]
    if upserts or report.removed or reason:
        progress = progress_factory(len(upserts)) if progress_factory and upserts else None
        cleaned = (  # one at a time: a second copy of every section would cost memory
            boilerplate.without_boilerplate(link_lists.without_link_lists(p), furniture) for p in upserts
        )
        words = (generation / store.WORDS, plan.version)
        # What sub-writers can do once their segments are in, for a new generation (an
        # update keeps these files from the last run while their sources are the same)
        side_jobs = [
            ("lexicon", generation / store.LEXICON_CACHE, None),
            ("glossary", generation / store.GLOSSARY, plan.glossary),
        ] if reason else []  # fmt: skip
        done = whoosh_backend.apply_changes(
            ix, cleaned, len(upserts), report.removed, words, plan.stopwords, progress, side_jobs
        )
    else:
        done = []
    # Registered only now: sub-writers load their own, and this process has no use for it
    # while they write (58 MB at 10,000 procedures). Lazily (analysis.Lexicon.handle):
    # after sub-writers that merged the glossary, what is left to cut here is Latin
    # (lexicon.spelled_words), and loading the list into nlpo3 would be a fifth of a
    # second with one core idle; the glossary's 200-odd Thai runs load it whole.
    use_dictionary(generation / store.WORDS, plan.version, lazy=True)
    report.doc_count = len(wanted)
    report.generation = generation.name
    hashes = {p.path: p.content_hash for p in plan.procedures}
    store.write_atomic(generation / HASHES, json.dumps(hashes, ensure_ascii=False))
    sets = whoosh_backend.TERM_SETS
    text_terms, text_changed = whoosh_backend.all_terms(ix, sets["text"], generation, "text")
    latin, latin_changed = whoosh_backend.all_terms(ix, sets["spelling"], generation, "spelling")
    # The files derived from the vocabulary, the glossary and the lexicon are kept (hard
    # links to the last generation's) when what they were made from is the same: an
    # update that brought no new word, under the same glossary and lexicon.
    made = read_made_from(generation)
    glossary_key = digest(plan.version, json.dumps(plan.glossary, ensure_ascii=False))
    sources = (p.read_bytes() if p.is_file() else b"" for p in lexicon_files())
    lexicon_key = digest(plan.version, lexicon.TABLE_VERSION, *sources)
    if (
        reason
        or text_changed
        or latin_changed
        or stale(generation, made, store.QUERY_WORDS, glossary_key)
        or tables.WordTable.open(generation / store.QUERY_WORDS_TABLE) is None
    ):
        write_vocabulary(text_terms, latin, generation, plan.glossary, plan.stopwords)
        made[store.QUERY_WORDS] = glossary_key
    words_of = words_of_version(plan.version)
    if "glossary" not in done and (reason or stale(generation, made, store.GLOSSARY, glossary_key)):
        (generation / store.GLOSSARY).unlink(missing_ok=True)  # save_groups writes in place
        save_groups(merge_groups(plan.glossary, words_of), generation / store.GLOSSARY)
    made[store.GLOSSARY] = glossary_key
    if (
        reason
        or text_changed
        or stale(generation, made, store.TRANSLATIONS, lexicon_key)
        or tables.RowTable.open(generation / store.TRANSLATIONS_TABLE, generation / store.TRANSLATIONS)
        is None
    ):
        write_translations(text_terms, generation, plan.version, words_of, plan.stopwords)
        made[store.TRANSLATIONS] = lexicon_key
    language_key = digest(plan.version, *(p.read_bytes() for p in language.source_files()))
    # Made here, not by a sub-writer: its counts (some 60 MB) beside a sub-writer still
    # writing its segment raised the build's peak memory at 1,000 procedures to 405 MB.
    if (
        reason
        or stale(generation, made, store.LANGUAGE_TABLE, language_key)
        or tables.CountedWords.open(generation / store.LANGUAGE_TABLE) is None
    ):
        tables.write_bytes(generation / store.LANGUAGE_TABLE, language.table_bytes(tuple(plan.words)))
        made[store.LANGUAGE_TABLE] = language_key
    store.write_atomic(generation / MADE_FROM, json.dumps(made))
    write_refs(plan.procedures, generation)
    store.Manifest(
        analyzer_version=ANALYZER_VERSION,
        dictionary_version=plan.version,
        built_at=datetime.now(UTC).isoformat(timespec="seconds"),
        doc_count=report.doc_count,
        public_only=plan.public_only,
        manual=plan.manual,
        boilerplate=sorted(furniture),
        heads=heads_key(plan.stopwords),
        files=store.file_sizes(generation),
    ).write(generation)
    return report


Words = tuple[str, ...]


@lru_cache(maxsize=1)  # one word list per build; the glossary and the lexicon share its memo
def words_of_version(version: str) -> Callable[[str], Words]:
    return cached_words(build_analyzer(version))


def cached_words(analyzer) -> Callable[[str], Words]:
    @cache
    def words_of(text: str) -> Words:
        return tuple(t.text for t in analyze(analyzer, text))

    return words_of


def read_made_from(generation: Path) -> dict[str, str]:
    try:
        made = json.loads((generation / MADE_FROM).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return made if isinstance(made, dict) else {}


def digest(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode() if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()


def lexicon_files() -> list[Path]:
    return [lexicon.LEXICON, lexicon.transliteration_file()]


def stale(generation: Path, made: dict[str, str], name: str, key: str) -> bool:
    """Whether the generation's file `name` is missing or was made from other sources than
    `key`. (Its table beside it is checked by opening it: a missing, damaged or foreign
    table is never read, so an update writes it again rather than leave search the slow
    plain file for good.)"""
    return made.get(name) != key or not (generation / name).is_file()


def write_translations(
    terms: set[str],
    generation: Path,
    version: str,
    words_of: Callable[[str], Words],
    stopwords: frozenset[str],
) -> None:
    """The lexicon analysed, keeping only translations whose words this index holds:
    a form no document has cannot find anything, and would only slow queries down.

    Analysing some 7,000 pairs takes seconds, so the analysed table is kept with the
    generation (and hard-linked into the next) while the lexicon and word list stay the same.
    """
    rows = lexicon.analysed_table(generation / store.LEXICON_CACHE, version, words_of)
    rows = lexicon.with_siblings(rows, stopwords.__contains__)
    kept = [[source, *(t for t in targets if all(w in terms for w in t))] for source, *targets in rows]
    kept = [lexicon.fallback(row, terms) for row in kept]
    kept = lexicon.with_joined([row for row in kept if len(row) > 1], terms)
    save_table(kept, generation / store.TRANSLATIONS)
    spelled = lexicon.spelled_words(lexicon.all_pairs(), words_of, {tuple(row[0]) for row in kept})
    dictionary.write_words(spelled, generation / store.LEXICON_WORDS)
    size = (generation / store.TRANSLATIONS).stat().st_size
    tables.write_rows(generation / store.TRANSLATIONS_TABLE, kept, size)


def write_refs(procedures: list[Procedure], generation: Path) -> None:
    """Each ref of the edition's procedures -> its id, for search.refs (a ref given twice,
    which `check` reports, cites its first holder)."""
    ids: dict[str, str] = {}
    for proc in procedures:
        if proc.ref:
            ids.setdefault(proc.ref, proc.id)
    store.write_atomic(generation / store.REFS, json.dumps(ids, ensure_ascii=False, sort_keys=True))


def rebuild_reason(current: Path | None, plan: Plan) -> str:
    """Why the index cannot be updated in place ('' when it can)."""
    if current is None:
        return "no index yet"
    manifest, unusable = store.usable_manifest(current)
    if manifest is None:
        return unusable
    if manifest.dictionary_version != plan.version:
        return "the word list or glossary changed"
    if manifest.heads != heads_key(plan.stopwords):
        return "the stopwords that end a title's head changed"
    if manifest.public_only != plan.public_only:
        return "switching between public and full editions"
    if manifest.boilerplate is None:
        return "the index predates boilerplate detection"
    return ""


def read_hashes(generation: Path) -> dict[str, str] | None:
    """What the last run indexed (path -> content hash), or None when it left no such file."""
    try:
        data = json.loads((generation / HASHES).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        return None
    return data


def write_vocabulary(
    text_terms: set[str],
    latin: set[str],
    generation: Path,
    glossary: list[list[str]],
    stopwords: frozenset[str],
) -> None:
    """The words queries are segmented with, and the terms spelling correction picks from,
    from the indexed terms of the text fields and the Latin words as written (`latin`).

    Queries only need words the manual holds, and the filler words (search.plan's
    stopwords), which a query cut with the manual's words alone broke into pieces that
    looked telling (อยากสอบถาม as อ ยาก สอบถาม, ครับผม as ค รับ ผม). A short list loads
    in milliseconds where the full one takes about 80 ms: that matters for a cold
    `cli.py search`.
    Made from the index's lexicon, so a word removed from the manual stops being
    suggested at once (once its segment is merged away).
    """
    thai = {t for t in text_terms if is_thai(t)}
    glossary_words = {w for group in glossary for term in group for w in dictionary_forms(term)}
    fillers = {w for w in stopwords if is_thai(w)}
    words = sorted(thai | glossary_words | fillers)
    raw = dictionary.write_words(words, generation / store.QUERY_WORDS)
    tables.write_words(generation / store.QUERY_WORDS_TABLE, words, content_name(raw), len(raw))
    dictionary.write_words(sorted(thai | latin), generation / store.VOCAB)
