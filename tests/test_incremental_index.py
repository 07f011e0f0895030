"""What makes a one-file update cheap must not make it wrong: the hashes and per-segment
term lists a generation keeps give what reading the whole index would give."""

from __future__ import annotations

import pytest
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


FILES_TITLES = ["หนังสือเดินทางหาย", "ทำหนังสือเดินทางใหม่", "จดทะเบียนสมรส"]


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


def whoosh_query(variants: list[whoosh_backend.Weighted], boosts: dict[str, float]) -> q.Query:
    """A list of variants as the Whoosh query the search stands for (see Searcher.search)."""
    out = []
    for v in variants:
        per_field = []
        for field, boost in boosts.items():
            if len(v.words) == 1:
                sub = q.Term(field, v.words[0])
            elif v.phrase:
                sub = q.Phrase(field, list(v.words))
            else:
                sub = q.And([q.Term(field, w) for w in v.words])
            sub.boost = boost * v.boost
            per_field.append(sub)
        out.append(q.Or(per_field))
    return q.Or(out)


def two_segment_index(make_manual, tmp_path):
    """Five procedures, then an update: a second segment, and p1's old version left deleted."""
    bodies = ["หนังสือเดินทาง หาย แจ้งความ", "หาย หาย ข้อความ หนังสือ", "สมรส จดทะเบียน ข้อความ ข้อความ ข้อความ",
              "ต่ออายุ หนังสือเดินทาง ข้อความ", "เดินทาง หนังสือ สมรส"]  # fmt: skip
    files = {f"{cat}/p{i}.md": procedure(f"p{i}", cat, title=FILES_TITLES[i % 3], body=f"## ภาพรวม\n\n{b}\n")
             for i, b in enumerate(bodies) for cat in ["passports" if i % 2 else "family"]}  # fmt: skip
    root = make_manual(files)
    index_dir = tmp_path / "index"
    update_index(load_manual(root), index_dir)
    (root / "passports/p1.md").write_text(
        procedure("p1", title="ต่ออายุหนังสือเดินทาง", body="## ก\n\nหาย\n"), "utf-8"
    )
    (root / "passports/p9.md").write_text(
        procedure("p9", title="หนังสือเดินทางหาย", body="## ก\n\nใหม่ หาย\n"), "utf-8"
    )
    update_index(load_manual(root), index_dir)
    return index_dir


def assert_whooshs_own(ours, concepts, boosts, required, excluded, filters) -> None:
    """Our search's count, order and scores are those of Whoosh scoring the query in full."""
    query = q.And(
        [whoosh_query(forms, boosts) for forms in required]
        + ([q.Or([whoosh_query(c, boosts) for c in concepts])] if concepts else [])
    )
    # Excluded words are taken out as a set: Whoosh's own AndNot over a phrase keeps pages
    # that hold the excluded word (a required "ใหม่ สมรส" -หนังสือ kept two such pages).
    dropped = {
        d for word in excluded for d in q.Or([q.Term(f, word) for f in TEXT_FIELDS]).docs(ours.searcher)
    }
    allow = q.And([q.Term(k, v) for k, v in filters.items()]) if filters else None
    found = ours.searcher.search(query, limit=None, filter=allow)
    want = [(hit["id"], hit.score) for hit in found if hit.docnum not in dropped]
    if not concepts and not required:
        want = []  # Whoosh's empty And matches every document; a search of nothing finds none
    for limit in (1, 2, 100):  # a small limit leaves some phrases unchecked
        total, hits = ours.search(concepts, boosts, required, excluded, filters, limit)
        assert total == len(want), (concepts, required)
        assert [h.doc.id for h in hits] == [i for i, _ in want[:limit]], (concepts, required)
        assert all(abs(h.score - s) < 1e-9 for h, (_, s) in zip(hits, want, strict=False))


def test_scores_order_and_count_are_whooshs_own_with_phrases_filters_and_deletions(make_manual, tmp_path):
    from indexer.index.whoosh_backend import Weighted as W

    index_dir = two_segment_index(make_manual, tmp_path)
    boosts = {"title": 4.0, "body": 1.0, "summary": 1.5}
    lost, book = W(("หาย",), 1.0), W(("หนังสือ",), 0.6)
    phrase, apart = W(("หนังสือ", "เดินทาง"), 0.7, phrase=True), W(("เดินทาง", "หนังสือ"), 0.5)
    backwards = W(("เดินทาง", "หนังสือ"), 1.0, phrase=True)
    text, many = W(("ข้อความ",), 1.0), ["หาย", "หนังสือ", "สมรส", "ไม่มีคำนี้", "ข้อความ"] * 40
    cases = [  # concepts, required, excluded, filters
        ([[lost, book]], [], [], {}),
        ([[phrase]], [], [], {}),  # documents only a phrase matches
        ([[lost], [phrase, apart]], [], [], {}),
        ([[backwards, book, phrase]], [], [], {}),  # a phrase whose words some documents hold apart
        ([[book]], [[phrase]], [], {}),
        ([[lost, book]], [], ["สมรส"], {}),
        ([[lost, book]], [], [], {"category": "passports"}),
        ([], [[backwards]], [], {}),  # words out of order: no phrase
        ([[W(("ใหม่",), 1.0)]], [], [], {}),  # only in the new p9 (and p1's deleted version's title)
        ([[W(("ข้อความ",), 1.0), apart]], [[phrase]], ["แจ้งความ"], {"category": "family"}),
        # hostile forms a query can take
        ([[W(("ข้อความ", "ข้อความ"), 1.0, phrase=True)]], [], [], {}),  # a word twice in a row (p2)
        ([[W(("หาย", "หาย"), 1.0, phrase=True), book]], [], [], {}),  # only p1's deleted version
        ([[W(("ข้อความ", "ข้อความ"), 1.0)]], [], [], {}),  # one word twice, anywhere: scored twice
        ([[W(("หาย",), 1.0, phrase=True)]], [], [], {}),  # a phrase of one word
        ([[W(("หนังสือ", "ไม่มีคำนี้"), 1.0, phrase=True), lost]], [], [], {}),  # a word no page has
        ([[lost, lost], [lost]], [], [], {}),  # one variant three times: Whoosh's Or adds them up
        ([[]], [], [], {}),
        ([[], [lost]], [], [], {}),
        ([], [[apart]], [], {}),  # a required pair of words, not a phrase
        ([[lost]], [[phrase, W(("หนังสือเดินทาง",), 1.0)]], [], {}),  # a phrase in either of two forms
        ([[phrase]], [[phrase]], [], {}),
        ([[lost, book, text]], [], ["หาย", "หนังสือ", "ข้อความ", "สมรส"], {}),  # all excluded
        ([[lost]], [], ["ไม่มีคำนี้"], {}),
        ([[lost, book]], [], [], {"category": "nope"}),  # a filter nothing matches
        ([[lost, book]], [], [], {"category": "passports", "lang": "th"}),
        ([[W((w,), 1.0 / (i + 1)) for i, w in enumerate(many)]], [], [], {}),  # 200 variants
        ([[W((w,), 1.0)] for w in many], [], [], {}),  # 200 concepts
        ([[W(tuple(many[:30]), 1.0, phrase=True), W(tuple(many[:30]), 1.0), lost]], [], [], {}),
    ]
    ix = whoosh_backend.open_index(store.current_generation(index_dir))
    ours = whoosh_backend.Searcher(ix, 0.75, 1.2)
    assert len(ix._segments()) == 2
    for case in cases:
        concepts, required, excluded, filters = case
        assert_whooshs_own(ours, concepts, boosts, required, excluded, filters)
    # p1's old title held ใหม่: its deleted version is neither counted nor found
    total, hits = ours.search([[W(("ใหม่",), 1.0)]], boosts, [], [], {}, 5)
    assert total == 2 and {h.doc.id for h in hits} == {"p4", "p9"}


HOSTILE_QUERIES = [
    " ".join(["หนังสือเดินทาง", "หาย", "passport", "lost", "สมรส", "ข้อความ"] * 4),  # 24 words
    "หาย หนังสือ หาย หนังสือ หาย",
    '"หาย ' * 20,  # open quotes
    "ของ และ ที่ the of",  # stopwords only
    "-หาย -สมรส",  # exclusions only
    "หาย -หาย",
    '"หนังสือเดินทาง หาย',  # an unbalanced quote
    'หาย"',
    '"หาย"',  # a phrase of one word
    '"หนังสือ ของ เดินทาง"',  # a stopword inside a phrase
    '"ของ ที่" "ของ ที่" หาย',  # a stopword phrase, twice
    '"ที่ จะ" "หนังสือ เดินทาง"',  # Thai phrases typed with spaces: as typed, or run together
    '""',
    '-"หนังสือ เดินทาง" หาย',
    "ข้อความ ข้อความ ข้อความ",
]


def test_hostile_queries_are_scored_as_whoosh_scores_them(make_manual, tmp_path, monkeypatch):
    """Whatever the query planner makes of a hostile query, the postings give Whoosh's answer."""
    from search.engine import SearchEngine

    engine = SearchEngine(two_segment_index(make_manual, tmp_path))
    ours, asked = engine.searcher, []
    real = ours.search
    monkeypatch.setattr(ours, "search", lambda *args, **kw: asked.append(args) or real(*args, **kw))
    for text in HOSTILE_QUERIES:
        for filters in ({}, {"category": "family"}):
            asked.clear()
            response = engine.search(text, **filters)
            assert response.total == len(response.results) or len(response.results) == 10
            for concepts, boosts, required, excluded, wanted in [a[:5] for a in asked]:
                assert_whooshs_own(ours, concepts, boosts, required, excluded, wanted)
    # Whoosh itself takes minutes over these; the postings answer as for the words once
    words = "หนังสือเดินทาง หาย passport lost สมรส ข้อความ"
    assert engine.search(" ".join([words] * 50)).total == engine.search(words).total > 0
    assert engine.search("หาย " * 200).total == engine.search("หาย").total > 0


@pytest.mark.parametrize("seed", [11, 23, 37])
def test_random_queries_over_many_segments_and_deletions_are_scored_as_whoosh_scores_them(
    make_manual, tmp_path, seed
):
    """Eight updates (edits, new pages, removed pages): each leaves a segment and deleted
    versions behind; random concepts, phrases, exclusions and filters over the lot."""
    import random

    from indexer.index.whoosh_backend import Weighted as W

    rng = random.Random(seed)
    words = ["หาย", "หนังสือ", "เดินทาง", "สมรส", "ข้อความ", "ใหม่", "แจ้งความ", "ต่ออายุ"]

    def page(n: int) -> str:
        body = " ".join(rng.choice(words) for _ in range(rng.randint(1, 12)))
        return procedure(f"p{n}", "passports" if n % 2 else "family", title=rng.choice(FILES_TITLES),
                         body=f"## ภาพรวม\n\n{body}\n")  # fmt: skip

    root = make_manual({f"{'passports' if n % 2 else 'family'}/p{n}.md": page(n) for n in range(6)})
    index_dir = tmp_path / "index"
    update_index(load_manual(root), index_dir)
    for step in range(8):
        paths = sorted(root.rglob("*.md"))
        for path in rng.sample(paths, min(2, len(paths))):  # edit two pages
            n = int(path.stem[1:])
            path.write_text(page(n), "utf-8")
        if step % 3 == 2 and len(paths) > 3:
            rng.choice(paths).unlink()  # remove one
        n = 6 + step
        (root / ("passports" if n % 2 else "family") / f"p{n}.md").write_text(page(n), "utf-8")
        update_index(load_manual(root), index_dir)
    ix = whoosh_backend.open_index(store.current_generation(index_dir))
    assert len(ix._segments()) > 2 and any(s.has_deletions() for s in ix._segments())
    ours = whoosh_backend.Searcher(ix, 0.75, 1.2)
    boosts = {"title": 4.0, "body": 1.0, "summary": 1.5}

    def variant() -> W:
        chosen = tuple(rng.choice(words) for _ in range(rng.choice([1, 1, 2, 3])))
        return W(chosen, round(rng.uniform(0.1, 2), 2), phrase=len(chosen) > 1 and rng.random() < 0.7)

    for _ in range(60):
        concepts = [[variant() for _ in range(rng.randint(1, 3))] for _ in range(rng.randint(0, 3))]
        required = [[variant()] for _ in range(rng.choice([0, 0, 1]))]
        excluded = rng.sample(words, rng.choice([0, 0, 1]))
        filters = rng.choice([{}, {}, {"category": "passports"}])
        assert_whooshs_own(ours, concepts, boosts, required, excluded, filters)
