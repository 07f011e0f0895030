"""Search without an editor's metadata: across languages, past boilerplate, honest about gaps."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from indexer.index.folding import fold
from indexer.index.whoosh_backend import Weighted
from indexer.index.writer import update_index
from indexer.manual.loader import load_manual
from indexer.site.static_search import export_static_search
from search.engine import SearchEngine, holds
from search.plan import Concept
from search.query import parse_query
from search.ranking import RANKING
from tests.conftest import procedure
from tests.static_search.conftest import run_static

BOILERPLATE = "วันที่นำเข้าข้อมูล {n} ม.ค. 2566 | {n},094 view\n\nติดต่อฝ่ายกงสุลในวันและเวลาราชการ\n"
PAGES = {
    "passports/lost.md": procedure(
        "lost", title="หนังสือเดินทางหาย", body="แจ้งความที่สถานีตำรวจ แล้วยื่นคำร้องขอหนังสือเดินทางเล่มใหม่\n"
    ),
    "family/marriage.md": procedure(
        "marriage",
        category="family",
        title="การจดทะเบียนสมรส",
        body="คู่สมรสมาแสดงตนพร้อมพยานสองคน\n\nดูเพิ่มเติม\n- [หนังสือเดินทางหาย](../passports/lost.md)\n",
    ),
    "family/divorce.md": procedure(
        "divorce", category="family", title="การจดทะเบียนหย่า", body="หย่าโดยความยินยอม\n"
    ),
    "passports/child.md": procedure(
        "child", title="Passports for children", lang="en", body="Both parents give consent for a minor.\n"
    ),
}


@pytest.fixture(scope="module")
def bare_engine(tmp_path_factory):
    root = tmp_path_factory.mktemp("bare")
    manual = root / "manual"
    for n, (rel, text) in enumerate(PAGES.items()):
        path = manual / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text + "\n" + BOILERPLATE.format(n=n + 1), encoding="utf-8")
    (manual / "categories.yml").write_text(
        "passports: {th: หนังสือเดินทาง, en: Passports, order: 1}\n"
        "family: {th: ครอบครัว, en: Family, order: 2}\n",
        encoding="utf-8",
    )
    update_index(load_manual(manual), root / "index", full=True)
    engine = SearchEngine(root / "index")
    yield engine
    engine.close()


@contextmanager
def engine_over(manual: Path, tmp_path: Path) -> Iterator[SearchEngine]:
    """A full index of `manual`, opened for the length of a with-block."""
    update_index(load_manual(manual), tmp_path / "index", full=True)
    engine = SearchEngine(tmp_path / "index")
    try:
        yield engine
    finally:
        engine.close()


def ids(response) -> list[str]:
    return [r.id for r in response.results]


def test_an_english_query_finds_a_thai_page_without_title_en(bare_engine):
    response = bare_engine.search("lost passport")
    assert ids(response)[0] == "lost"
    assert response.match == "all" and response.missing == []


def test_an_english_phrase_finds_its_thai_translation(bare_engine):
    assert ids(bare_engine.search("marriage registration"))[0] == "marriage"


def test_a_thai_query_finds_an_english_page(bare_engine):
    assert "child" in ids(bare_engine.search("ผู้เยาว์"))


def test_a_query_nothing_answers_is_a_partial_match_naming_the_missing_word(bare_engine):
    response = bare_engine.search("ใบขับขี่ หนังสือเดินทาง")
    assert response.match == "partial"
    assert response.missing == ["ใบขับขี่"]


def test_no_results_is_match_none(bare_engine):
    response = bare_engine.search("zzzqqq")
    assert response.results == [] and response.match == "none"


def test_filler_words_do_not_decide_the_ranking(bare_engine):
    assert ids(bare_engine.search("หนังสือเดินทางหายต้องทำยังไง"))[0] == "lost"
    assert ids(bare_engine.search("how can I get a passport for my child"))[0] == "child"


@pytest.mark.parametrize(
    "query", ["อยากได้หนังสือเดินทางใหม่", "ต้องการหนังสือเดินทางนะคะ", "รบกวนสอบถามเรื่องหนังสือเดินทางหายค่ะ",
              "อยากทราบว่าหนังสือเดินทางหายต้องทำยังไงบ้าง"]
)  # fmt: skip
def test_spoken_fillers_are_never_missing(bare_engine, query):
    # อยากได้ / ต้องการ (want), นะคะ, รบกวนสอบถาม (may I ask), อยากทราบ (I'd like to know):
    # no page lacks them
    response = bare_engine.search(query)
    assert response.match == "all", response.missing


@pytest.mark.parametrize(
    "query", ["what are the steps to get a passport for a minor", "is it possible to get one for a minor"]
)
def test_english_question_words_are_never_missing(bare_engine, query):
    response = bare_engine.search(query)
    assert ids(response)[0] == "child" and response.match == "all", response.missing


def test_the_spoken_passive_is_filler_as_the_written_one_is(bare_engine):
    # โดน is the spoken ถูก (โดนตำรวจจับ, "arrested by the police"): neither is a telling word
    for query in ("โดนตำรวจจับ", "ถูกตำรวจจับ"):
        plan = bare_engine.planner.plan(parse_query(query))
        assert [c.label for c in plan.concepts if not c.phrase_bonus] == ["ตำรวจจับ"], query


def test_a_form_reached_twice_is_one_query_term_at_the_summed_weight_up_to_the_typed_words():
    from indexer.index.whoosh_backend import Weighted
    from search.plan import merged

    forms = [Weighted(("คำแปล",), 0.3), Weighted(("แปล",), 0.6), Weighted(("คำแปล",), 0.45)]
    assert merged(forms) == [Weighted(("คำแปล",), 0.75), Weighted(("แปล",), 0.6)]
    # a synonym and a translation of พาสหาย: no more than พาสหาย itself
    lost = ("lost", "passport")
    twice = [Weighted(("พาสหาย",), 1.0), Weighted(lost, 0.6), Weighted(lost, 0.45)]
    assert merged(twice) == [Weighted(("พาสหาย",), 1.0), Weighted(lost, 1.0)]


def test_no_query_term_is_asked_twice(bare_engine):
    plan = bare_engine.planner.plan(parse_query("translation of a marriage certificate"))
    for concept in plan.concepts:
        forms = [(v.words, v.phrase) for v in concept.variants]
        assert len(forms) == len(set(forms)), concept


def test_a_compound_is_not_held_by_its_parts_apart(make_manual, tmp_path):
    # สถานที่ is one word; a page with สถาน (in สถานเอกอัครราชทูต) and ที่ in other places
    # does not say it, however many of the query's other words it holds
    manual = make_manual(
        {
            "passports/visa.md": procedure(
                "visa", title="วีซ่าท่องเที่ยว", body="ยื่นที่สถานเอกอัครราชทูตในโตเกียว\n\nค่าธรรมเนียมที่ต้องชำระ\n"
            ),
            "passports/office.md": procedure("office", title="สถานที่ยื่นคำร้อง", body="เวลาทำการ\n"),
            "family/marriage.md": procedure("marriage", category="family", title="การจดทะเบียนสมรส"),
        }
    )
    with engine_over(manual, tmp_path) as engine:
        response = engine.search("สถานที่ท่องเที่ยวโตเกียว")
        assert ids(response)[0] == "visa"
        assert response.match == "partial" and response.missing == ["สถานที่"]
        # the other way round stays a match: สมรส is written inside จดทะเบียนสมรส
        marriage = engine.search("สมรส")
        assert ids(marriage) == ["marriage"] and marriage.match == "all"


def test_a_thai_stopword_heading_a_lexicon_phrase_keeps_its_sense(make_manual, tmp_path):
    # ต่อ is a pythainlp stopword, but in ต่อพาส it means "renew": the lexicon knows ต่อพาส
    # as "renew passport", so the query keeps it whole and reaches ต่ออายุหนังสือเดินทาง
    # (the formal form of the same English) though no page here is in English
    manual = make_manual(
        {
            "passports/renew.md": procedure("renew", title="ต่ออายุหนังสือเดินทาง", body="ยื่นคำร้องขอเล่มใหม่\n"),
            "passports/lost.md": procedure(
                "lost", title="หนังสือเดินทางหาย", body="หนังสือเดินทางหาย แจ้งความก่อน แล้วขอหนังสือเดินทางเล่มใหม่\n"
            ),
        }
    )
    with engine_over(manual, tmp_path) as engine:
        plan = engine.planner.plan(parse_query("ต่อพาส"))
        whole = [c for c in plan.concepts if c.label == "ต่อพาส"]
        assert whole and not whole[0].phrase_bonus
        assert ("ต่ออายุ", "หนังสือเดินทาง") in [v.words for v in whole[0].variants]
        response = engine.search("ต่อพาส")
        assert ids(response) == ["renew", "lost"] and response.match == "all"  # พาส still finds


def test_a_glossary_word_no_page_writes_still_finds_its_parts(make_manual, tmp_path):
    # the glossary makes ต่อพาส one word; no page writes it, nor its expansion, so only its
    # parts find the page, and since they stand apart there the match is partial
    manual = make_manual(
        {
            "glossary.yml": "- term: ต่อพาส\n  expansions: [passport renewal]\n",
            "passports/expired.md": procedure(
                "expired", title="หนังสือเดินทางหมดอายุ", body="พาสหมดอายุแล้ว ขอเล่มต่อไปได้ที่สถานทูต\n"
            ),
        }
    )
    with engine_over(manual, tmp_path) as engine:
        response = engine.search("ต่อพาส")
        assert ids(response) == ["expired"]
        assert response.match == "partial" and response.missing == ["ต่อพาส"]


def test_a_thai_loanword_reaches_the_native_word_through_its_english(make_manual, tmp_path):
    # no page writes วีลแชร์ or "wheelchair"; the lexicon pairs วีลแชร์ with wheelchair and
    # wheelchair with รถเข็น (no glossary group joins them), so the loanword finds the page
    # that says รถเข็น, weighed below its own forms
    manual = make_manual(
        {
            "protection/chair.md": procedure(
                "chair", category="protection", title="การขอรถเข็นที่สนามบิน", body="แจ้งสายการบินล่วงหน้า\n"
            ),
            "protection/other.md": procedure(
                "other", category="protection", title="การจดทะเบียนสมรส", body="พยานสองคน\n"
            ),
        }
    )
    with engine_over(manual, tmp_path) as engine:
        response = engine.search("วีลแชร์")
        assert ids(response) == ["chair"]
        (concept,) = engine.planner.plan(parse_query("วีลแชร์")).concepts
        chained = [v for v in concept.variants if v.words == ("รถเข็น",)]
        assert chained and chained[0].chained and chained[0].boost < RANKING.translation_boost


def test_an_english_phrase_is_held_only_where_its_words_stand_together(make_manual, tmp_path):
    # "recover" in one paragraph and "nationals" in another do not say "recover
    # nationality": the Thai page about it ranks above the English page using both words
    manual = make_manual(
        {
            "family/workers.md": procedure(
                "workers", category="family", title="Thai workers abroad", lang="en",
                body="Help for Thai nationals in a dispute.\n\nBrokers who offer to recover wages"
                " are not the mission.\n",
            ),
            "family/regain.md": procedure(
                "regain", category="family", title="การขอกลับคืนสัญชาติไทย",
                body="ผู้ที่เคยสละสัญชาติไทยยื่นคำร้องขอคืน สัญชาติได้\n",
            ),
        }
    )  # fmt: skip
    with engine_over(manual, tmp_path) as engine:
        assert ids(engine.search("ขอคืนสัญชาติไทย"))[0] == "regain"
        workers = engine.searcher.document("workers").folded.text
        assert all(holds(Concept(w, [Weighted((w,), 1.0)]), workers) for w in ("recov", "nation"))
        phrase = Concept("recover nationality", [Weighted(("recov", "nation"), 1.0, phrase=True)])
        assert not holds(phrase, workers)
        assert holds(Concept("dispute help", [Weighted(("help", "thai"), 1.0, phrase=True)]), workers)


def test_a_thai_form_of_function_words_holds_only_close_together(make_manual, tmp_path):
    # "renew" is ทำ ... ใหม่ in Thai, two words every page has somewhere: a page holds it
    # where they stand close (ทำหนังสือเดินทางใหม่), not where a page says each apart
    far = "ผู้ร้องต้อง ทำ สำเนาเอกสารทุกหน้า แล้วยื่นพร้อมรูปถ่ายที่สถานเอกอัครราชทูต เจ้าหน้าที่แจ้งวันรับเล่มใหม่"
    manual = make_manual(
        {
            "passports/renew.md": procedure(
                "renew", title="หนังสือเดินทางสำหรับผู้ใหญ่", body="ผู้ถือเล่มเดิมทำหนังสือเดินทางใหม่ได้ที่สถานทูต\n"
            ),
            "passports/damaged.md": procedure("damaged", title="หนังสือเดินทางชำรุด", body=far + "\n"),
        }
    )  # fmt: skip
    with engine_over(manual, tmp_path) as engine:
        response = engine.search("renew passport")
        assert ids(response)[0] == "renew" and response.match == "all"
        renew = next(c for c in engine.planner.plan(parse_query("renew")).concepts if c.label == "renew")
        assert ("ทำ", "ใหม่") in renew.near_forms
        assert holds(renew, engine.searcher.document("renew").folded.text)
        assert not holds(renew, engine.searcher.document("damaged").folded.text)
        export_static_search(tmp_path / "index", tmp_path / "site", public_only=False)
        (static,) = run_static(tmp_path / "site", [{"query": "renew passport", "limit": 10}], tmp_path)
        assert [r["id"] for r in static["response"]["results"]] == ids(response)
        assert static["response"]["match"] == "all"


def test_a_hyphenated_word_is_one_telling_word():
    # e-Passport is analysed as e, passport and epassport: one word typed, one concept
    # (held by "e-passport" and "e passport"); its parts only lift pages
    from search.plan import Concept as C
    from search.plan import joined_parts

    words = ["e", "passport", "epassport", "ชิป"]
    found = [C(w, [Weighted((w,), 1.0)], (i, i + 1)) for i, w in enumerate(words)]
    joined_parts(found, words)
    assert [c.phrase_bonus for c in found] == [True, True, False, False]
    assert found[2].parts == ("e", "passport")
    assert holds(found[2], fold("Apply for an e-Passport")) and holds(found[2], fold("the e passport"))
    assert not holds(found[2], fold("e-Help, then a passport"))


def test_a_word_the_lexicon_knows_is_not_cut_or_corrected_as_pieces(make_manual, tmp_path):
    # no page writes ไต้หวัน, so the query's word list cuts it (ไต้ หวัน); the lexicon knows
    # it as Taiwan, which the English page holds: the query keeps it whole, uncorrected
    manual = make_manual(
        {
            "passports/wages.md": procedure(
                "wages", lang="en", title="Unpaid wages in Taiwan", body="A labour office in Taiwan helps.\n"
            ),
            "passports/loan.md": procedure("loan", title="การยืมเงินกลับประเทศไทย", body="ยื่นคำร้องที่สถานทูต\n"),
        }
    )
    with engine_over(manual, tmp_path) as engine:
        response = engine.search("นายจ้างที่ไต้หวันไม่จ่ายเงิน")
        assert response.suggestion is None
        (whole,) = [c for c in engine.planner.plan(parse_query("ไต้หวัน")).concepts if not c.phrase_bonus]
        assert whole.label == "ไต้หวัน" and ("taiwan",) in [v.words for v in whole.variants]
        assert ids(engine.search("ไต้หวัน")) == ["wages"]


def test_a_synonym_that_holds_the_word_typed_does_not_count_its_pages_twice(make_manual, tmp_path):
    # the glossary pairs สมรส with การสมรส; a page writing การสมรส holds สมรส already, so
    # the longer form is no second variant of the query word
    manual = make_manual(
        {
            "glossary.yml": "- term: สมรส\n  expansions: [การสมรส, marriage]\n",
            "family/marry.md": procedure(
                "marry", category="family", title="การจดทะเบียนสมรส", body="พยานสองคน\n"
            ),
        }
    )
    with engine_over(manual, tmp_path) as engine:
        (concept,) = engine.planner.plan(parse_query("สมรส")).concepts
        forms = [v.words for v in concept.variants]
        assert ("สมรส",) in forms and ("การสมรส",) not in forms
        assert ids(engine.search("สมรส")) == ["marry"]


def test_words_typed_as_one_that_the_lexicon_knows_apart_stay_telling(make_manual, tmp_path):
    # the lexicon pairs "stolen passport" with พาสโดนขโมย, which the analyzer cuts as
    # พาส โดนขโมย: a phrase of two words, each with forms of its own, not one word. A page
    # that says the same in other words (หนังสือเดินทาง ... ถูกขโมย) answers it whole, in
    # the browser's engine as in the API's
    manual = make_manual(
        {
            "passports/theft.md": procedure(
                "theft", title="ขอเล่มใหม่แทนเล่มที่สูญหาย", body="กรณีหนังสือเดินทางถูกขโมย ให้แจ้งความก่อน\n"
            ),
            "passports/renew.md": procedure("renew", title="การต่ออายุหนังสือเดินทาง", body="ยื่นคำร้องด้วยตนเอง\n"),
        }
    )
    with engine_over(manual, tmp_path) as engine:
        assert [t.text for t in engine.planner.cut("พาสโดนขโมย")] == ["พาส", "โดนขโมย"]
        assert engine.planner.translations.of(("พาส", "โดนขโมย"))
        response = engine.search("พาสโดนขโมย")
        assert ids(response)[0] == "theft" and (response.match, response.missing) == ("all", [])
        export_static_search(tmp_path / "index", tmp_path / "site", public_only=False)
        (static,) = run_static(tmp_path / "site", [{"query": "พาสโดนขโมย", "limit": 10}], tmp_path)
        assert [r["id"] for r in static["response"]["results"]] == ids(response)
        assert static["response"]["match"] == "all"


def test_a_word_held_only_through_a_chained_form_counts_in_part_and_is_missing():
    # คอนโด -> condo -> ห้องชุด: a page saying ห้องชุด is likelier about a condo than one
    # saying nothing, but it does not say the word (บุคคล -> person -> ประชาชน changes sense)
    from search.engine import coverage, held_concepts

    condo = Concept("คอนโด", [Weighted(("คอนโด",), 1.0), Weighted(("ห้องชุด",), 0.16, chained=True)], (0, 1))
    sell = Concept("ขาย", [Weighted(("ขาย",), 1.0)], (1, 2))
    concepts, weights = [condo, sell], [1.0, 1.0]
    native, said, none = fold("ขายห้องชุด"), fold("ขายคอนโด"), fold("ขายที่ดิน")
    assert held_concepts(concepts, [], native) == [RANKING.chained_factor, 1.0]
    assert held_concepts(concepts, [], said) == [1.0, 1.0]
    assert coverage(said, "th", concepts, [], weights) > coverage(native, "th", concepts, [], weights)
    assert coverage(native, "th", concepts, [], weights) > coverage(none, "th", concepts, [], weights)


def test_a_form_reached_directly_and_through_a_chain_is_not_chained():
    from search.plan import merged

    direct, far = Weighted(("บิดา",), 0.45), Weighted(("บิดา",), 0.16, chained=True)
    assert merged([direct, far]) == [Weighted(("บิดา",), 0.61)]
    assert merged([far]) == [far]
