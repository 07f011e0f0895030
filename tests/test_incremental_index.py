"""What makes a one-file update cheap must not make it wrong: the hashes and per-segment
term lists a generation keeps give what reading the whole index would give."""

from __future__ import annotations

from whoosh import query as q

from indexer.index import store, whoosh_backend
from indexer.index.document import TEXT_FIELDS
from indexer.index.writer import HASHES, update_index
from indexer.manual.loader import load_manual
from tests.conftest import procedure

FILES = {
    "passports/lost.md": procedure("lost", title="หนังสือเดินทางหาย"),
    "passports/new.md": procedure("new", title="ทำหนังสือเดินทางใหม่"),
    "family/marry.md": procedure("marry", "family", title="จดทะเบียนสมรส"),
}


def vocabulary(index_dir) -> list[str]:
    return (store.current_generation(index_dir) / store.QUERY_WORDS).read_text("utf-8").split()


def test_the_term_lists_kept_per_segment_match_the_whole_lexicon(make_manual, tmp_path):
    root = make_manual(FILES)
    index_dir = tmp_path / "index"
    update_index(load_manual(root), index_dir)
    (root / "passports/new.md").write_text(procedure("new", title="ต่ออายุหนังสือเดินทาง"), "utf-8")
    update_index(load_manual(root), index_dir)
    generation = store.current_generation(index_dir)
    ix = whoosh_backend.open_index(generation)
    kept = {f.name for f in generation.glob("terms-*")}
    assert whoosh_backend.indexed_terms(ix, TEXT_FIELDS, generation, "text") == whoosh_backend.indexed_terms(
        ix, TEXT_FIELDS
    )
    segments = {s.segment_id() for s in ix._segments()}
    assert {name.split("-", 2)[2].removesuffix(".txt") for name in kept} == segments  # no stale lists
    assert "ต่ออายุ" in vocabulary(index_dir)


def test_a_missing_or_damaged_hash_file_falls_back_to_the_index_itself(make_manual, tmp_path):
    root = make_manual(FILES)
    index_dir = tmp_path / "index"
    update_index(load_manual(root), index_dir)
    (store.current_generation(index_dir) / HASHES).write_text("[not a map", "utf-8")
    (root / "family/marry.md").write_text(procedure("marry", "family", title="สมรส"), "utf-8")
    report = update_index(load_manual(root), index_dir)
    assert not report.full and report.updated == ["manual/family/marry.md"] and not report.added
    (store.current_generation(index_dir) / HASHES).unlink()
    again = update_index(load_manual(root), index_dir)
    assert not (again.added or again.updated or again.removed)


def test_a_new_generation_never_rewrites_the_files_it_shares_with_the_last(make_manual, tmp_path):
    root = make_manual(FILES)
    index_dir = tmp_path / "index"
    update_index(load_manual(root), index_dir)
    before = store.current_generation(index_dir)
    words_before = (before / store.QUERY_WORDS).read_text("utf-8")
    hashes_before = (before / HASHES).read_text("utf-8")
    (root / "passports/lost.md").write_text(procedure("lost", title="ขอวีซ่าท่องเที่ยว"), "utf-8")
    update_index(load_manual(root), index_dir)
    assert store.current_generation(index_dir) != before
    assert (before / store.QUERY_WORDS).read_text("utf-8") == words_before  # a reader may hold it
    assert (before / HASHES).read_text("utf-8") == hashes_before


def test_the_union_of_terms_kept_between_runs_matches_the_lexicon(make_manual, tmp_path):
    root = make_manual(FILES)
    index_dir = tmp_path / "index"
    update_index(load_manual(root), index_dir)
    for title in ("ต่ออายุหนังสือเดินทาง", "ขอวีซ่าท่องเที่ยว", "ขอวีซ่าท่องเที่ยว ด่วน"):
        (root / "passports/new.md").write_text(procedure("new", title=title), "utf-8")
        update_index(load_manual(root), index_dir)
        generation = store.current_generation(index_dir)
        ix = whoosh_backend.open_index(generation)
        kept, _ = whoosh_backend.all_terms(ix, TEXT_FIELDS, generation, "text")
        assert kept == whoosh_backend.indexed_terms(ix, TEXT_FIELDS)
    assert {"วีซ่า", "ด่วน"} <= set(vocabulary(index_dir))
    (generation / "all-terms-text.txt").write_text("ปลอม\n", "utf-8")  # damaged: not trusted
    assert whoosh_backend.all_terms(ix, TEXT_FIELDS, generation, "text")[0] == whoosh_backend.indexed_terms(
        ix, TEXT_FIELDS
    )


def test_an_update_without_new_words_keeps_the_vocabulary_and_one_with_them_extends_it(make_manual, tmp_path):
    root = make_manual(FILES)
    index_dir = tmp_path / "index"
    update_index(load_manual(root), index_dir)
    first = vocabulary(index_dir)
    (root / "passports/lost.md").write_text(procedure("lost", title="หนังสือเดินทาง หาย"), "utf-8")
    assert update_index(load_manual(root), index_dir).updated == ["manual/passports/lost.md"]
    assert vocabulary(index_dir) == first
    (root / "passports/lost.md").write_text(procedure("lost", title="หนังสือเดินทางมะละกอ"), "utf-8")
    update_index(load_manual(root), index_dir)
    assert "มะละกอ" not in first and "มะละกอ" in vocabulary(index_dir)


def test_a_glossary_change_keeping_the_word_list_still_reaches_the_analysed_glossary(make_manual, tmp_path):
    # A group of Latin words adds nothing to the segmenter's word list: the index is updated
    # in place, and the glossary file kept from the last generation must not be reused.
    root = make_manual(FILES)
    index_dir = tmp_path / "index"
    update_index(load_manual(root), index_dir)
    before = store.current_generation(index_dir)
    glossary_before = (before / store.GLOSSARY).read_text("utf-8")
    (root / "glossary.yml").write_text("- term: zzpassportzz\n  expansions: [zztravel document]\n", "utf-8")
    report = update_index(load_manual(root), index_dir)
    generation = store.current_generation(index_dir)
    assert "zzpassportzz" in (generation / store.GLOSSARY).read_text("utf-8")
    assert not report.full  # the word list is the same: updated in place
    # the generation before, which a reader may hold, is left as it was
    assert (before / store.GLOSSARY).read_text("utf-8") == glossary_before


def test_the_match_count_is_whooshs_own_with_phrases_filters_and_deletions(make_manual, tmp_path):
    root = make_manual(FILES)
    index_dir = tmp_path / "index"
    update_index(load_manual(root), index_dir)
    # An update leaves the old version deleted in its segment: it must not be counted.
    (root / "passports/new.md").write_text(procedure("new", title="ต่ออายุหนังสือเดินทาง"), "utf-8")
    update_index(load_manual(root), index_dir)
    ix = whoosh_backend.open_index(store.current_generation(index_dir))
    words = [("title", "หนังสือ"), ("title", "เดินทาง"), ("body", "ข้อความ"), ("title", "สมรส"), ("title", "ใหม่")]
    terms = [q.Term(f, w) for f, w in words]
    queries = [
        q.Or(terms),
        q.And([q.Or(terms[:2]), q.Or(terms[2:])]),
        q.AndNot(q.Or(terms), terms[3]),
        q.Or([q.Phrase("title", ["หนังสือ", "เดินทาง"]), terms[3]]),
        q.And([q.Phrase("title", ["เดินทาง", "หนังสือ"]), terms[0]]),  # words out of order: none
        terms[4],  # only in the deleted version of new.md
    ]
    with ix.searcher() as searcher:
        for query in queries:
            for allow in (None, q.Term("category", "passports")):
                want = len(searcher.search(query, limit=None, filter=allow))
                assert whoosh_backend.count_matches(searcher, query, allow) == want, query
        assert whoosh_backend.count_matches(searcher, terms[4], None) == 0
