"""Ranking signals that do not lean on an editor's metadata: what a page's title is about,
in whichever language, and how common a query word is across both languages."""

from __future__ import annotations

import contextlib
import dataclasses
from types import SimpleNamespace

import pytest

from indexer.index.folding import fold, head
from indexer.index.writer import update_index
from indexer.manual.loader import load_manual
from search import engine as engine_module
from search.engine import SearchEngine, other_language_lift, query_language, title_factor
from search.query import parse_query
from tests.conftest import procedure

WAGES = """Thai workers abroad who are not paid can ask the labour office for help. Keep your
Thai passport and your contract: the employer may not hold a Thai passport. Thai workers
abroad may also call the hotline. Thai nationals abroad can find the office on the map.
A Thai passport an employer abroad keeps is reported to the police.
"""
PAGES = {
    # about the query, in Thai, and mentions its common words (ไทย, ต่างประเทศ) only once
    "passports/renew.md": procedure(
        "renew",
        title="การต่ออายุหนังสือเดินทาง",
        body="ยื่นคำร้องที่สถานเอกอัครราชทูตไทยในต่างประเทศ นำหนังสือเดินทางเล่มเดิมมาด้วย\n",
    ),
    # about something else, in English, full of the query's common words
    "workers/wages.md": procedure(
        "wages", category="workers", lang="en", title="Thai workers in wage disputes abroad", body=WAGES
    ),
    "workers/attorney.md": procedure(
        "attorney",
        category="workers",
        lang="en",
        title="Power of Attorney",
        body="Sign it before a consular officer for your bank or for a land office.\n",
    ),
    "workers/voting.md": procedure(
        "voting",
        category="workers",
        lang="en",
        title="Overseas voting",
        body="Register before the deadline.\n",
    ),
    # most pages are Thai and say ไทย and ต่างประเทศ: the words tell nothing apart (each
    # in its own sentence: a line every page repeats is boilerplate and is not indexed)
    **{
        f"family/page{n}.md": procedure(
            f"page{n}", category="family", title=title, body=f"คนไทยในต่างประเทศ{text}\n"
        )
        for n, (title, text) in enumerate(
            [
                ("การจดทะเบียนสมรส", "ที่จะสมรสกันยื่นคำร้องพร้อมพยาน"),
                ("การจดทะเบียนหย่า", "ที่ตกลงหย่ากันมาแสดงตนทั้งสองฝ่าย"),
                ("การแจ้งเกิด", "แจ้งเกิดบุตรภายในหกสิบวัน"),
                ("การแจ้งตาย", "ที่เสียชีวิต ญาติแจ้งตายพร้อมใบมรณบัตร"),
            ]
        )
    },
}


CATEGORIES = """passports: {th: หนังสือเดินทาง, en: Passports, order: 1}
family: {th: ครอบครัว, en: Family, order: 2}
workers: {th: แรงงาน, en: Workers, order: 3}
"""


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    root = tmp_path_factory.mktemp("signals")
    for rel, text in {**PAGES, "categories.yml": CATEGORIES}.items():
        (root / "manual" / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / "manual" / rel).write_text(text, encoding="utf-8")
    update_index(load_manual(root / "manual"), root / "index", full=True)
    with contextlib.closing(SearchEngine(root / "index")) as found:
        yield found


def ids(response) -> list[str]:
    return [r.id for r in response.results]


def test_the_page_titled_for_the_query_beats_a_page_that_uses_its_common_words(engine):
    assert ids(engine.search("renew Thai passport abroad"))[:2] == ["renew", "wages"]


def test_the_title_signal_is_the_weighted_share_of_the_query_the_title_holds(engine, monkeypatch):
    plan = engine.planner.plan(parse_query("renew Thai passport abroad"))
    telling = [c for c in plan.concepts if not c.phrase_bonus]
    weights = engine.concept_weights(telling)
    renew, thai, passport, abroad = weights
    title = {name: engine.searcher.document(name).folded for name in ("renew", "wages", "page0")}
    factor = {name: title_factor(f.title, f.head, telling, [], weights) for name, f in title.items()}
    # การต่ออายุหนังสือเดินทาง holds renew and passport, in its head too; the English title
    # Thai and abroad, and its head ("Thai workers", before "in") Thai alone
    h = engine_module.RANKING.head_share
    assert factor["renew"] == pytest.approx(1 + (renew + passport) / sum(weights))
    assert factor["wages"] == pytest.approx(1 + ((1 - h) * (thai + abroad) + h * thai) / sum(weights))
    assert factor["page0"] == 1.0
    flat = dataclasses.replace(engine_module.RANKING, title_factor=0.0)
    monkeypatch.setattr(engine_module, "RANKING", flat)
    assert title_factor(title["renew"].title, title["renew"].head, telling, [], weights) == 1.0


def test_a_word_common_in_translation_weighs_as_little_as_its_translation(engine):
    # "abroad" is in two English pages, ต่างประเทศ in six: the concept is as common as that
    plan = engine.planner.plan(parse_query("renew abroad"))
    renew, abroad = engine.concept_weights(plan.concepts)
    assert abroad < renew
    (thai_abroad,) = engine.concept_weights(engine.planner.plan(parse_query("ต่างประเทศ")).concepts)
    assert abroad == pytest.approx(thai_abroad)


def test_stems_that_are_not_part_of_their_word_are_found(engine):
    # Porter writes attorney as attornei and voting as vote: the page still holds them
    assert "attornei" in fold("Power of Attorney") and "vote" in fold("Overseas voting")
    # the analyzer's join of a hyphenated or dotted word is held as the page writes it
    assert all(w in fold("Apply for an e-Visa or a Non-B at the U.S. desk") for w in ("evisa", "nonb", "us"))
    for query, page in [("power of attorney bank", "attorney"), ("voting register", "voting")]:
        response = engine.search(query)
        assert ids(response)[0] == page
        assert response.match == "all" and response.missing == [], query


def test_a_title_whose_head_holds_the_word_weighs_more_than_one_qualifying_something_with_it(
    make_manual, tmp_path, monkeypatch
):
    # both titles hold สมรส; one is about registering a marriage, the other about a name
    # change after one: its head (before หลัง, a filler) is the name change, so its title
    # says less of what the page is about
    manual = make_manual(
        {
            "family/name.md": procedure(
                "name", category="family", title="การเปลี่ยนชื่อสกุลหลังการสมรส",
                body="ยื่นคำร้องพร้อมทะเบียนสมรส\n",
            ),
            "family/marry.md": procedure(
                "marry", category="family", title="การจดทะเบียนสมรสระหว่างคนไทยด้วยกัน",
                body="มาแสดงตนพร้อมพยานสองคนและบัตรประชาชน ยื่นคำร้องขอทะเบียนสมรส\n",
            ),
        }
    )  # fmt: skip
    update_index(load_manual(manual), tmp_path / "index", full=True)
    with contextlib.closing(SearchEngine(tmp_path / "index")) as found:
        name, marry = (found.searcher.document(i) for i in ("name", "marry"))
        assert name.folded.head.startswith("การเปลี่ยนชื่อสกุล ") and "สมรส" not in name.folded.head
        assert marry.folded.head.startswith("การจดทะเบียนสมรส ") and "ระหว่าง" not in marry.folded.head
        # of and and join what a title is about: the head goes on past them
        assert head(
            "Certificate of Identity and Travel in Crises", found.analyzer, found.planner.stopwords
        ) == ("Certificate of Identity and Travel ")
        plan = found.planner.plan(parse_query("สมรส"))
        weights = found.concept_weights(plan.concepts)
        folded = {d.id: d.folded for d in (name, marry)}
        factor = {i: title_factor(f.title, f.head, plan.concepts, [], weights) for i, f in folded.items()}
        h = engine_module.RANKING.head_share
        assert factor["marry"] == pytest.approx(2.0) and factor["name"] == pytest.approx(2.0 - h)


def test_heads_are_cut_again_when_the_stopwords_they_end_at_change(make_manual, tmp_path, monkeypatch):
    # the heads are stored with the documents: an index cut at other stopwords is rebuilt
    from indexer.index import writer

    manual = load_manual(
        make_manual({"family/name.md": procedure("name", category="family", title="การเปลี่ยนชื่อสกุลหลังการสมรส")})
    )
    update_index(manual, tmp_path / "index", full=True)
    fewer = writer.load_stopwords() - {"หลัง"}
    monkeypatch.setattr(writer, "load_stopwords", lambda: fewer)
    report = update_index(manual, tmp_path / "index")
    assert report.full and "stopwords" in report.reason
    with contextlib.closing(SearchEngine(tmp_path / "index")) as found:
        assert "สมรส" in found.searcher.document("name").folded.head
    assert not update_index(manual, tmp_path / "index").full


BAGS = {
    # says the lexicon's phrase as written, once
    "elections/bag.md": procedure(
        "bag", category="elections", lang="en", title="Returning ballots",
        body="Ballots go back to Bangkok by diplomatic bag after the count.\n",
    ),
    # says both words more often, but never the phrase
    "elections/staff.md": procedure(
        "staff", category="elections", lang="en", title="Embassy security",
        body="Diplomatic staff check every bag. Diplomatic cars are searched too.\n",
    ),
    # the lexicon keeps a phrase only when the index holds a translation of it
    "elections/pouch.md": procedure(
        "pouch", category="elections", title="การส่งบัตรเลือกตั้งกลับ", body="ส่งทางถุงเมล์การทูต\n"
    ),
}  # fmt: skip


def test_a_page_holding_a_lexicon_phrase_as_typed_beats_one_with_its_words_apart(tmp_path):
    for rel, text in BAGS.items():
        (tmp_path / "manual" / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "manual" / rel).write_text(text, encoding="utf-8")
    update_index(load_manual(tmp_path / "manual"), tmp_path / "index", full=True)
    with contextlib.closing(SearchEngine(tmp_path / "index")) as engine:
        plan = engine.planner.plan(parse_query("diplomatic bag"))
        (phrase,) = [c for c in plan.concepts if c.phrase_bonus]
        assert phrase.variants[0].words == ("diplomat", "bag") and phrase.variants[0].phrase
        found = ids(engine.search("diplomatic bag"))
        assert found[0] == "bag" and found.index("bag") < found.index("staff")


def test_a_word_naming_the_mission_says_where_not_which_procedure(make_manual, tmp_path):
    # every procedure is done at some mission: a consulate's page that names the consulate
    # and mentions a birth in passing is no better an answer to "สกญ. แจ้งเกิด" than the
    # embassy's page about registering a birth
    manual = make_manual(
        {
            "family/birth.md": procedure(
                "birth", category="family", title="การแจ้งเกิด",
                body="บิดาหรือมารดาแจ้งเกิดบุตรที่สถานเอกอัครราชทูตภายในหกสิบวัน พร้อมสูติบัตรท้องถิ่น\n",
            ),
            "passports/child.md": procedure(
                "child", title="หนังสือเดินทางของผู้เยาว์",
                body="ยื่นที่สถานกงสุลใหญ่ นำสูติบัตรไทยที่ได้จากการแจ้งเกิดมาด้วย\n",
            ),
            "passports/lost.md": procedure(
                "lost", title="หนังสือเดินทางหาย", body="แจ้งความแล้วยื่นที่สถานกงสุลใหญ่\n"
            ),
        }
    )  # fmt: skip
    update_index(load_manual(manual), tmp_path / "index", full=True)
    with contextlib.closing(SearchEngine(tmp_path / "index")) as found:
        response = found.search("สกญ. แจ้งเกิด")
        assert ids(response)[0] == "birth"
        assert (response.match, response.missing) == ("all", [])  # the mission word is never missing
        plan = found.planner.plan(parse_query("สกญ. แจ้งเกิด"))
        assert [c.label for c in plan.concepts if not c.phrase_bonus] == ["แจ้งเกิด"]
        # alone, it is what the officer asks for
        alone = found.planner.plan(parse_query("สกญ."))
        assert [c.label for c in alone.concepts if not c.phrase_bonus] == ["สกญ"]
        assert ids(found.search("สกญ."))[0] in {"child", "lost"}


def test_the_thai_stopwords_are_spelled_as_the_analyzer_spells_words():
    # pythainlp's file writes ทำ, นำ, สำหรับ with nikhahit and sara aa, and starts lines with a
    # BOM (ณ, ๆ): read raw, a query's ทำ was never filler and a title's head never ended at ณ
    from indexer.text.thai import INVISIBLE, NIKHAHIT, normalised_thai
    from search.plan import load_stopwords

    stopwords = load_stopwords()
    assert {"ทำ", "นำ", "สำหรับ", "ณ", "ๆ"} <= stopwords
    assert not [w for w in stopwords if NIKHAHIT in w or any(ch in INVISIBLE for ch in w)]
    assert all(normalised_thai(w) == w for w in stopwords)


def test_a_title_holding_a_filler_word_of_the_query_is_the_likelier_answer(make_manual, tmp_path):
    # ใหม่ is on pythainlp's list of common Thai words, so no page is held to it, but a title
    # that says it is about a new passport; the other page says the words more often (and
    # ranks first on them alone), ใหม่ only in passing
    manual = make_manual(
        {
            "passports/new.md": procedure(
                "new", title="การขอหนังสือเดินทางเล่มใหม่", body="ยื่นคำร้องที่สถานทูตพร้อมบัตรประชาชน\n"
            ),
            "passports/damaged.md": procedure(
                "damaged", title="การขอหนังสือเดินทางกรณีชำรุด",
                body="หนังสือเดินทางที่ชำรุดใช้เดินทางไม่ได้ ยื่นคำร้องขอหนังสือเดินทางใหม่ที่สถานทูต "
                "นำหนังสือเดินทางเล่มที่ชำรุดมาด้วย\n",
            ),
        }
    )  # fmt: skip
    update_index(load_manual(manual), tmp_path / "index", full=True)
    with contextlib.closing(SearchEngine(tmp_path / "index")) as found:
        plan = found.planner.plan(parse_query("หนังสือเดินทางใหม่"))
        assert [c.label for c in plan.fillers] == ["ใหม่"]
        response = found.search("หนังสือเดินทางใหม่")
        assert ids(response) == ["new", "damaged"]
        assert response.match == "all"  # a filler word is never missing


def scored_page(lang: str, score: float, quality: float) -> tuple[float, object, float]:
    """A candidate as SearchEngine.answer scores it: (score, hit, coverage x title factor)."""
    return score, SimpleNamespace(doc=SimpleNamespace(lang=lang, id=f"{lang}-{score}")), quality


def test_pages_in_the_other_language_move_toward_where_their_best_page_answers():
    r = engine_module.RANKING
    # the English page scores twice the Thai one on its words, but the Thai title holds the query
    scored = [scored_page("en", 40.0, 1.2), scored_page("th", 20.0, 2.0), scored_page("th", 10.0, 1.5)]
    lift = other_language_lift(scored, "en")
    there = 40.0 * (2.0 / 1.2) * r.other_language_factor / 20.0
    assert lift == pytest.approx(there**r.language_merge_share)
    assert 1.0 < lift < there  # part of the way, one factor for the whole language
    # the same query typed in Thai: the English page stands above where its title puts it
    # beside the Thai page (its high score is its words' rarity in a mostly Thai manual)
    down = other_language_lift(scored, "th")
    place = 20.0 * (1.2 / 2.0) * r.other_language_factor / 40.0
    assert down == pytest.approx(place**r.language_merge_share)
    assert 40.0 * down < 20.0  # the Thai page about the query comes first


def test_an_equally_good_page_in_the_query_language_goes_first():
    """Two missions' versions of one service, each holding the query as fully: the one in the
    query's language first, though the other scores a fifth higher on its words (the scores
    as `answer` has them, other_language_factor included)."""
    for lang, other in (("th", "en"), ("en", "th")):
        pair = [scored_page(other, 60.0, 2.0), scored_page(lang, 50.0, 2.0)]
        assert 60.0 * other_language_lift(pair, lang) < 50.0
    ahead = [scored_page("en", 10.0, 2.0), scored_page("th", 30.0, 1.1)]
    assert other_language_lift(ahead, "en") < 1.0  # the Thai page holds less: moved down
    assert other_language_lift(ahead, "") == 1.0  # "123": a query without letters has no language
    assert other_language_lift([scored_page("th", 5.0, 1.0)], "en") == 1.0  # nothing to merge


def test_a_query_with_some_thai_words_is_read_by_a_thai_reader():
    """ขอ apostille เอกสาร is typed by someone who reads the Thai pages first."""
    assert query_language(["ขอ", "apostille", "เอกสาร"]) == "th"
    assert query_language(["ทำ", "passport"]) == "th"
    assert query_language(["lost", "passport"]) == "en"
    assert query_language(["2567"]) == ""


def two_versions(category: str, thai: tuple[str, str, str], english: tuple[str, str, str]) -> dict[str, str]:
    """One service as two missions publish it, (id, title, body) in Thai and in English."""
    return {
        f"{category}/{page_id}.md": procedure(page_id, category=category, lang=lang, title=title, body=body)
        for lang, (page_id, title, body) in (("th", thai), ("en", english))
    }


RENOUNCE = {
    **two_versions(
        "nationality",
        ("renounce", "การสละสัญชาติไทย",
         "ผู้ที่ถือสองสัญชาติและประสงค์จะสละสัญชาติไทย ยื่นคำร้องพร้อมหลักฐานสัญชาติอื่น\n"),
        ("dual", "Dual nationality",
         "A Thai national who takes another nationality need not give up Thai nationality.\n\n"
         "Thai nationality is not lost by marriage. Children may hold Thai nationality and another.\n\n"
         "Thai law lets you keep Thai nationality; to give it up see the nationality office.\n"),
    ),
    **{
        f"family/page{n}.md": procedure(f"page{n}", category="family", title=title, body=f"{text}\n")
        for n, (title, text) in enumerate(
            [("การจดทะเบียนสมรส", "ผู้มีสัญชาติไทยที่จะสมรสกันยื่นคำร้องพร้อมพยาน"),
             ("การแจ้งเกิด", "บุตรของผู้มีสัญชาติไทยแจ้งเกิดภายในหกสิบวัน"),
             ("การแจ้งตาย", "ญาติแจ้งตายของผู้มีสัญชาติไทยพร้อมใบมรณบัตร"),
             ("การรับรองบุตร", "บิดาสัญชาติไทยรับรองบุตรต่อหน้าเจ้าหน้าที่"),
             ("หนังสือเดินทาง", "ผู้มีสัญชาติไทยยื่นคำร้องขอหนังสือเดินทางด้วยตนเอง")]
        )
    },
}  # fmt: skip


def test_an_english_query_finds_the_thai_page_about_it_before_an_english_page_in_passing(
    make_manual, tmp_path, monkeypatch
):
    update_index(load_manual(make_manual(RENOUNCE)), tmp_path / "index", full=True)
    with contextlib.closing(SearchEngine(tmp_path / "index")) as found:
        assert ids(found.search("give up Thai nationality"))[:2] == ["renounce", "dual"]
        # raw scores alone put the English page first: the merge is what moves the Thai one
        still = dataclasses.replace(engine_module.RANKING, language_merge_share=0.0)
        monkeypatch.setattr(engine_module, "RANKING", still)
        assert ids(found.search("give up Thai nationality"))[:2] == ["dual", "renounce"]


APOSTILLE = two_versions(
    "legalisation",
    ("apostille-th", "การรับรองเอกสาร",
     "เจ้าหน้าที่รับรองเอกสารที่มีตรา apostille ภายในสามวัน เอกสารที่ไม่มี apostille ต้องผ่านการรับรองก่อน\n"),
    ("apostille-en", "Apostille documents",
     "Apostille documents need no further legalisation: an apostille is enough. Bring "
     "the apostille documents; documents without an apostille are legalised in three days.\n"),
)  # fmt: skip


def test_a_query_in_thai_with_an_english_term_finds_the_thai_version_first(make_manual, tmp_path):
    update_index(load_manual(make_manual(APOSTILLE)), tmp_path / "index", full=True)
    with contextlib.closing(SearchEngine(tmp_path / "index")) as found:
        assert ids(found.search("ขอ apostille เอกสาร"))[:2] == ["apostille-th", "apostille-en"]


def test_equal_scores_rank_in_the_order_of_the_ids_wherever_an_update_left_the_pages(make_manual, tmp_path):
    # two sibling pages that say the query's word alike score the same: the one the last
    # update re-added (now last in the index) must not swap places with its twin
    same = "## ภาพรวม\n\nยื่นคำขอวีซ่าพร้อมหนังสือเดินทาง\n"
    manual = make_manual({
        "passports/b-twin.md": procedure("b-twin", title="หนังสือเดินทางชำรุด", body=same),
        "passports/a-twin.md": procedure("a-twin", title="หนังสือเดินทางสูญหาย", body=same),
    })  # fmt: skip
    update_index(load_manual(manual), tmp_path / "index", full=True)
    first = ids_and_scores(tmp_path / "index", "วีซ่า")
    for n in range(3):  # b-twin re-added each time, a-twin left where it was
        page = manual / "passports" / ("b-twin.md" if n % 2 else "a-twin.md")
        page.write_text(page.read_text(encoding="utf-8") + f"\n<!-- {n} -->\n", encoding="utf-8")
        update_index(load_manual(manual), tmp_path / "index")
        assert ids_and_scores(tmp_path / "index", "วีซ่า")[0] == first[0] == ["a-twin", "b-twin"]


def ids_and_scores(index_dir, query: str) -> tuple[list[str], list[float]]:
    with contextlib.closing(SearchEngine(index_dir)) as found:
        results = found.search(query).results
    return [r.id for r in results], [r.score for r in results]
