"""A large build writes through sub-writer processes (indexer.index.whoosh_parallel):
the index answers as a one-process build does, and a sub-writer that fails or loses
its parent never costs the index in use."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from indexer.errors import IndexWriteFailed
from indexer.index import posting_writer, store, whoosh_backend, whoosh_parallel
from indexer.index.writer import update_index
from indexer.manual.loader import load_manual
from search.engine import SearchEngine
from search.plan import load_stopwords
from tests.conftest import SAMPLE_MANUAL

QUERIES = ["หนังสือเดินทางหาย", "จดทะเบียนสมรส", "passport lost", "สัญชาติ", "legalisation"]


def answers(index_dir) -> tuple[int, list[list[tuple[str, float]]]]:
    engine = SearchEngine(index_dir)
    try:
        assert engine.searcher is not None
        found = [engine.search(q, limit=20) for q in QUERIES]
        return engine.searcher.doc_count(), [[(r.id, round(r.score, 6)) for r in f.results] for f in found]
    finally:
        engine.close()


def stored(index_dir) -> dict[str, dict]:
    """Each document's stored fields by path: the titles' heads among them, which the
    sub-writers cut, the files they write after their segments (SIDE_JOBS), and the
    union of the terms, which comes from the memos they write of their segments'."""
    generation = store.current_generation(index_dir)
    with whoosh_backend.open_index(generation).searcher() as searcher:
        docs = {f["path"]: f for f in searcher.all_stored_fields()}
    files = [store.LEXICON_CACHE, store.GLOSSARY]
    files += [f"all-terms-{name}.txt" for name in whoosh_backend.TERM_SETS]
    return {"docs": docs, **{name: (generation / name).read_bytes() for name in files}}


def segments(index_dir) -> int:
    return len(whoosh_backend.open_index(store.current_generation(index_dir))._segments())


def use_sub_writers(monkeypatch) -> None:
    """The sample manual is small: sub-writers for it, in batches of a few documents."""
    monkeypatch.setattr(whoosh_backend, "PROCESSES", 2)
    monkeypatch.setattr(whoosh_backend, "PARALLEL_FROM", 1)
    monkeypatch.setattr(whoosh_parallel, "BATCH", 4)


@pytest.fixture
def parallel(monkeypatch):
    use_sub_writers(monkeypatch)


def test_a_parallel_build_answers_as_a_one_process_build(tmp_path, monkeypatch):
    manual = load_manual(SAMPLE_MANUAL)
    monkeypatch.setattr(whoosh_backend, "PARALLEL_FROM", 10**9)
    update_index(manual, tmp_path / "serial", full=True)
    use_sub_writers(monkeypatch)
    update_index(manual, tmp_path / "parallel", full=True)
    assert segments(tmp_path / "parallel") == 2  # both sub-writers wrote
    assert answers(tmp_path / "parallel") == answers(tmp_path / "serial")
    assert stored(tmp_path / "parallel") == stored(tmp_path / "serial")


def test_handing_documents_to_sub_writers_leaves_the_manual_as_large_as_it_was(tmp_path, parallel):
    """The documents hold the manual's own section texts, and pickling a str keeps a UTF-8
    copy of it inside the string for as long as it lives (2.3 times the memory of a Thai
    text): a manual indexed in parallel must not grow."""
    manual = load_manual(SAMPLE_MANUAL)
    texts = [s.text for p in manual.procedures for s in p.sections]
    sizes = [sys.getsizeof(t) for t in texts]
    update_index(manual, tmp_path / "index", full=True)
    assert segments(tmp_path / "index") == 2  # the sub-writers wrote
    assert [sys.getsizeof(t) for t in texts] == sizes


def test_a_failing_sub_writer_fails_the_build_and_keeps_the_index(tmp_path, monkeypatch, parallel):
    manual, index_dir = load_manual(SAMPLE_MANUAL), tmp_path / "index"
    update_index(manual, index_dir, full=True)
    before = answers(index_dir)
    apply_changes = whoosh_backend.apply_changes

    def unreadable_word_list(ix, upserts, count, deletions, words, *rest):
        # the sub-writers cannot load this word list, so each one stops with an error
        apply_changes(ix, upserts, count, deletions, (tmp_path / "missing.txt", words[1]), *rest)

    monkeypatch.setattr(whoosh_backend, "apply_changes", unreadable_word_list)
    with pytest.raises(IndexWriteFailed):
        update_index(manual, index_dir, full=True)
    assert answers(index_dir) == before
    assert [p.name for p in index_dir.glob("gen-*")] == ["gen-000001"]


def test_an_interrupted_build_leaves_no_sub_writer_running(tmp_path, monkeypatch, parallel):
    """Ctrl-C in the writing process (its KeyboardInterrupt) stops the sub-writers and
    the process they were forked from, and the index in use stays."""
    manual, index_dir = load_manual(SAMPLE_MANUAL), tmp_path / "index"
    update_index(manual, index_dir, full=True)
    started: list[subprocess.Popen] = []
    popen = subprocess.Popen

    def recorded(*args, **kwargs):
        started.append(popen(*args, **kwargs))
        return started[-1]

    def interrupt_at(total: int):
        def progress(done: int) -> None:
            raise KeyboardInterrupt

        return progress

    monkeypatch.setattr(whoosh_parallel.subprocess, "Popen", recorded)
    with pytest.raises(KeyboardInterrupt):
        update_index(manual, index_dir, full=True, progress_factory=interrupt_at)
    assert len(started) == 1
    with pytest.raises(ProcessLookupError):
        os.killpg(started[0].pid, 0)  # no process of its group is left
    assert [p.name for p in index_dir.glob("gen-*")] == ["gen-000001"]


def test_a_sub_writer_whose_parent_died_stops_and_adds_nothing(tmp_path):
    manual, index_dir = load_manual(SAMPLE_MANUAL), tmp_path / "index"
    update_index(manual, index_dir, full=True)
    generation = store.current_generation(index_dir)
    ix = whoosh_backend.open_index(generation)
    version = store.Manifest.read(generation).dictionary_version
    jobs_in, jobs_out = os.pipe()
    answer_in, answer_out = os.pipe()
    command = [sys.executable, "-m", "indexer.index.whoosh_parallel", str(generation), ix.indexname]
    server = subprocess.Popen(
        [*command, str(generation / store.WORDS), version, "16", str(jobs_in), str(answer_out)],
        pass_fds=[jobs_in, answer_out], stderr=subprocess.DEVNULL,
    )  # fmt: skip
    os.close(jobs_in)
    os.close(answer_out)
    doc = whoosh_backend.document(manual.procedures[0], None, load_stopwords())  # as SpawningWriter sends it
    with os.fdopen(jobs_out, "wb") as jobs:
        whoosh_parallel.send(jobs, load_stopwords())
        whoosh_parallel.send(jobs, [doc])
    # closed as when the writing process is killed: no end marker
    assert server.wait(timeout=60) != 0
    with os.fdopen(answer_in, "rb") as answer:
        assert answer.read() == b""
    assert answers(index_dir)[0] == len(manual.procedures)


def whoosh_and_ours(tmp_path, block: int) -> dict[str, Path]:
    """The sample manual indexed by Whoosh's SegmentWriter and by LengthKeepingWriter
    into folders of those names, with posting blocks of `block` postings."""
    from whoosh.codec.whoosh3 import W3Codec
    from whoosh.writing import SegmentWriter

    from indexer.index.whoosh_parallel import LengthKeepingWriter
    from indexer.text import dictionary
    from indexer.text.analysis import use_dictionary

    manual = load_manual(SAMPLE_MANUAL)
    words = dictionary.build_words(manual.glossary)
    version = dictionary.words_version(words)
    folders = {}
    for cls in (SegmentWriter, LengthKeepingWriter):
        folder = folders[cls.__name__] = tmp_path / cls.__name__
        folder.mkdir()
        dictionary.write_words(words, folder / store.WORDS)
        use_dictionary(folder / store.WORDS, version)
        codec = W3Codec(blocklimit=block)
        ix = whoosh_backend.create(folder, version)
        analyzer, stopwords = ix.schema["title"].analyzer, load_stopwords()
        writer = cls(ix, limitmb=1, compound=False, codec=codec)
        for proc in manual.procedures:
            writer.add_document(**whoosh_backend.document(proc, analyzer, stopwords))
        writer.commit()
    return folders


@pytest.mark.parametrize("block", [128, 3])  # 3: terms of many blocks, full and partial
def test_lengths_kept_in_memory_write_the_same_index_as_whoosh(tmp_path, monkeypatch, block):
    """LengthKeepingWriter only saves Whoosh reading lengths back and Token objects walking
    through its Positions format (text fields go straight to postings): with every block
    compressed, as Whoosh does, the files are identical, a shared one-position value
    written as bytes of its own included, and so are the posting blocks and term infos
    posting_writer encodes a term at a time."""
    monkeypatch.setattr(posting_writer, "SMALL_BLOCK", 0)
    kinds = (".col", ".pst", ".trm")
    written = {
        name: sorted((f.suffix, f.read_bytes()) for f in folder.iterdir() if f.suffix in kinds)
        for name, folder in whoosh_and_ours(tmp_path, block).items()
    }
    assert written["SegmentWriter"] == written["LengthKeepingWriter"]


def test_short_blocks_stored_uncompressed_read_as_whooshs_own(tmp_path):
    """Short posting blocks are written without zlib (posting_writer.SMALL_BLOCK): Whoosh's
    reader finds the same terms, statistics and postings in every field as in the index
    its own writer made."""
    from whoosh.index import open_dir

    def everything(folder: Path) -> list:
        with open_dir(str(folder), indexname=whoosh_backend.INDEX_NAME).reader() as reader:
            found = []
            for field, word in reader.all_terms():
                info = reader.term_info(field, word)
                matcher = reader.postings(field, word)
                postings = []
                while matcher.is_active():
                    postings.append((matcher.id(), matcher.weight(), matcher.value()))
                    matcher.next()
                stats = (info.weight(), info.doc_frequency(), info.min_length(), info.max_length())
                stats += (info.max_weight(), info.min_id(), info.max_id())
                found.append((field, word, stats, postings))
            return found

    folders = whoosh_and_ours(tmp_path, 3)
    theirs, ours = everything(folders["SegmentWriter"]), everything(folders["LengthKeepingWriter"])
    assert len(ours) > 1000 and ours == theirs
    sizes = {name: sum(f.stat().st_size for f in folder.glob("*.pst")) for name, folder in folders.items()}
    assert sizes["LengthKeepingWriter"] <= 1.01 * sizes["SegmentWriter"]  # zlib saves next to nothing there


@pytest.mark.parametrize("limit", [1, 4, 10_000])  # every posting a run, a few runs, none
@pytest.mark.parametrize("by_field", [False, True])  # add, or add_field as the writer does
def test_the_term_pool_yields_postings_as_whoosh_sorts_them(tmp_path, limit, by_field):
    import random

    from indexer.index.posting_writer import TermPool

    rng = random.Random(5)
    terms = [b"a", b"b", "สมรส".encode(), b"zz"]
    items = [  # documents in order, as writers add them: two terms each, in one field or the other
        (rng.choice(["body", "title"]), term, docnum, rng.choice([1.0, 0.5]), bytes([docnum]))
        for docnum in range(60)
        for term in rng.sample(terms, 2)
    ]
    items = list({item[:3]: item for item in items}.values())  # a term once per field and document
    items += [("tags", b"a", 3, 2.0, b"late"), ("tags", b"a", 1, 1.0, b"")]  # out of order
    pool = TermPool(str(tmp_path), limit)
    for item in items:
        if by_field:
            fieldname, term, docnum, weight, value = item
            pool.add_field(fieldname, docnum, [(term, 1, weight / 2, value)], 2.0)
        else:
            pool.add(item)
    assert bool(pool.runs) == (limit < len(items))  # spilled runs, merged below
    assert list(pool.iter_postings()) == sorted(items)
