"""Bring an index folder up to date with a manual, incrementally or from scratch."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from indexer.index import store, whoosh_backend
from indexer.index.document import TEXT_FIELDS
from indexer.manual.confidentiality import EditionScope
from indexer.manual.glossary import glossary_in_force, merge_groups, save_groups
from indexer.manual.model import Manual, Procedure
from indexer.text import dictionary, lexicon
from indexer.text.analysis import ANALYZER_VERSION, analyze, build_analyzer, use_dictionary
from indexer.text.lexicon import save_table
from indexer.text.thai import dictionary_forms, is_thai

Progress = Callable[[int], None]
HASHES = "hashes.json"  # path -> content hash of what this generation indexed


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
    )
    with store.writer_lock(index_dir):
        current = store.current_generation(index_dir)
        reason = "--full" if full else rebuild_reason(current, plan.version, public_only)
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


def write_generation(
    plan: Plan, generation: Path, reason: str, progress_factory: Callable[[int], Progress] | None
) -> IndexReport:
    dictionary.write_words(plan.words, generation / store.WORDS)
    use_dictionary(generation / store.WORDS, plan.version)
    if reason:
        ix = whoosh_backend.create(generation, plan.version)
        old_hashes: dict[str, str] = {}
    else:
        ix = whoosh_backend.open_index(generation)
        old_hashes = read_hashes(generation) or whoosh_backend.stored_hashes(ix)
    report = IndexReport(full=bool(reason), reason=reason or "incremental")
    wanted = {p.path for p in plan.procedures}
    upserts = [p for p in plan.procedures if old_hashes.get(p.path) != p.content_hash]
    report.added = [p.path for p in upserts if p.path not in old_hashes]
    report.updated = [p.path for p in upserts if p.path in old_hashes]
    report.removed = sorted(set(old_hashes) - wanted)
    if upserts or report.removed or reason:
        progress = progress_factory(len(upserts)) if progress_factory and upserts else None
        whoosh_backend.apply_changes(ix, upserts, report.removed, progress)
    report.doc_count = len(wanted)
    report.generation = generation.name
    hashes = {p.path: p.content_hash for p in plan.procedures}
    store.write_atomic(generation / HASHES, json.dumps(hashes, ensure_ascii=False))
    write_vocabulary(ix, generation, plan.glossary)
    analyzer = build_analyzer(plan.version)
    words_of = cached_words(analyzer)
    save_groups(merge_groups(plan.glossary, words_of), generation / store.GLOSSARY)
    write_translations(ix, generation, plan.version, words_of)
    store.Manifest(
        analyzer_version=ANALYZER_VERSION,
        dictionary_version=plan.version,
        built_at=datetime.now(UTC).isoformat(timespec="seconds"),
        doc_count=report.doc_count,
        public_only=plan.public_only,
        manual=plan.manual,
    ).write(generation)
    return report


Words = tuple[str, ...]


def cached_words(analyzer) -> Callable[[str], Words]:
    @cache
    def words_of(text: str) -> Words:
        return tuple(t.text for t in analyze(analyzer, text))

    return words_of


def write_translations(ix, generation: Path, version: str, words_of: Callable[[str], Words]) -> None:
    """The lexicon analysed, keeping only translations whose words this index holds:
    a form no document has cannot find anything, and would only slow queries down.

    Analysing some 7,000 pairs takes seconds, so the analysed table is kept with the
    generation (and hard-linked into the next) while the lexicon and word list stay the same.
    """
    terms = whoosh_backend.indexed_terms(ix, TEXT_FIELDS)
    rows = lexicon.analysed_table(generation / store.LEXICON_CACHE, version, words_of)
    kept = [[source, *(t for t in targets if all(w in terms for w in t))] for source, *targets in rows]
    save_table([row for row in kept if len(row) > 1], generation / store.TRANSLATIONS)


def rebuild_reason(current: Path | None, version: str, public_only: bool) -> str:
    """Why the index cannot be updated in place ('' when it can)."""
    if current is None:
        return "no index yet"
    manifest, unusable = store.usable_manifest(current)
    if manifest is None:
        return unusable
    if manifest.dictionary_version != version:
        return "the word list or glossary changed"
    if manifest.public_only != public_only:
        return "switching between public and full editions"
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


def write_vocabulary(ix, generation: Path, glossary: list[list[str]]) -> None:
    """The words queries are segmented with, and the terms spelling correction picks from.

    Queries only need words the manual holds, and a short list loads in milliseconds
    where the full one takes about 80 ms: that matters for a cold `cli.py search`.
    Rebuilt from the index's lexicon on every run, so a word removed from the manual
    stops being suggested at once (once its segment is merged away). Each segment's
    terms are kept beside it, so a one-file update reads one small lexicon.
    """
    thai = {t for t in whoosh_backend.indexed_terms(ix, TEXT_FIELDS, generation, "text") if is_thai(t)}
    glossary_words = {w for group in glossary for term in group for w in dictionary_forms(term)}
    dictionary.write_words(sorted(thai | glossary_words), generation / store.QUERY_WORDS)
    # Latin words are indexed stemmed; suggestions need them as written.
    latin = whoosh_backend.indexed_terms(ix, ["spelling"], generation, "spelling")
    dictionary.write_words(sorted(thai | latin), generation / store.VOCAB)
