"""Search behaviour officers rely on, over the sample manual."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.manual.loader import load_manual
from tests.conftest import SAMPLE_MANUAL, one_section_engine


def top(engine, query, n=3, **filters):
    return [r.id for r in engine.search(query, limit=n, **filters).results]


def test_a_word_inside_a_compound_finds_its_procedure(engine):
    # สมรส only appears inside longer unspaced words such as จดทะเบียนสมรส
    assert top(engine, "สมรส", 1) == ["marriage-registration"]


def test_dotted_and_undotted_abbreviations_give_the_same_results(engine):
    assert top(engine, "สอท. สมรส", 5) == top(engine, "สอท สมรส", 5)
    assert top(engine, "ท.ด.21", 1) == top(engine, "ทด21", 1) == ["land-power-of-attorney"]


def test_colloquial_words_find_formal_pages(engine):
    assert top(engine, "พาสหาย", 1) == ["passport-lost"]


def test_an_english_query_finds_a_thai_page(engine):
    result = engine.search("lost passport", limit=1).results[0]
    assert result.id == "passport-lost" and result.lang == "th"


def test_a_misspelt_query_is_corrected_and_still_finds_its_page(engine):
    thai = engine.search("หนังสือเดินทงหาย", limit=3)
    assert thai.suggestion == "หนังสือเดินทางหาย"
    assert thai.results[0].id == "passport-lost"
    english = engine.search("pasport", limit=1)
    assert english.suggestion == "passport" and english.results


@pytest.mark.parametrize("query", ['"e-Visa"', '"Non-B"', '"Non-Immigrant B"', "Non-B"])
def test_a_hyphenated_word_finds_the_pages_that_write_it(engine, query):
    # the index writes e-Visa as e, visa and evisa at one position: as a phrase of all
    # three it was in no page, quoted or as a glossary form
    pages = {r.id for r in engine.search(query, limit=10).results}
    assert "visa-non-immigrant-b" in pages  # its body says "through the e-Visa system", "Non-B"
    assert engine.search(query).match == "all"


def test_a_correct_query_gets_no_suggestion(engine):
    assert engine.search("หนังสือเดินทาง").suggestion is None
    assert engine.search("marriage").suggestion is None


def test_snippets_mark_exactly_the_matched_text(engine):
    snippet = engine.search("สมรส", limit=1).results[0].snippet
    marked = re.findall(r"<mark>(.*?)</mark>", snippet)
    assert marked and all("สมรส" in m for m in marked)


def test_results_link_to_the_section_that_matched(engine):
    result = engine.search("เอกสารที่ต้องใช้ หนังสือเดินทางหาย", limit=1).results[0]
    assert result.anchor and result.section


def test_quoted_phrases_must_appear(engine):
    procedures = load_manual(SAMPLE_MANUAL).by_id()
    results = engine.search('"หนังสือเดินทาง หาย"', limit=50).results
    assert results
    for r in results:
        proc = procedures[r.id]
        text = " ".join([proc.title, proc.summary, *proc.aliases, proc.body])
        # the second word may sit inside the next compound: หนังสือเดินทางสูญหาย
        assert re.search("หนังสือเดินทาง ?[ก-๛]*หาย", text), r.id


@pytest.mark.parametrize(
    ("spaced", "written"),
    [('"ที่ จะ"', '"ที่จะ"'), ('"ก่อน ที่"', '"ก่อนที่"'), ('"จดทะเบียน สมรส"', '"จดทะเบียนสมรส"'),
     ('"หนังสือ เดินทาง"', '"หนังสือเดินทาง"')],
)  # fmt: skip
def test_a_thai_phrase_typed_with_spaces_finds_it_written_together(engine, spaced, written):
    """Thai is written without spaces: a quoted phrase typed word by word (stopwords only,
    as ที่ จะ, or not) finds the text run together, which the analyzer cuts otherwise."""
    apart, together = engine.search(spaced, limit=50), engine.search(written, limit=50)
    assert together.total > 0 and apart.total >= together.total
    assert {r.id for r in together.results} <= {r.id for r in apart.results}
    word = written.strip('"')
    assert any(f"<mark>{word}</mark>" in r.snippet for r in apart.results), word


def test_a_quoted_phrase_written_with_its_space_is_found_too(engine):
    """Both forms count: pages that write ใน ต่างประเทศ apart, and those that run it together."""
    assert engine.search('"ใน ต่างประเทศ"').total >= engine.search('"ในต่างประเทศ"').total > 0


def test_excluded_words_remove_results(engine):
    with_all = top(engine, "หนังสือเดินทาง", 50)
    without = top(engine, "หนังสือเดินทาง -สูญหาย", 50)
    assert "passport-lost" in with_all and "passport-lost" not in without
    assert "passport-lost" not in top(engine, "-สูญหาย หนังสือเดินทาง", 50)


def test_filters_restrict_results(engine):
    assert {r.category for r in engine.search("สถานเอกอัครราชทูต", limit=50, category="family").results} == {
        "family"
    }
    assert {r.lang for r in engine.search("passport", limit=50, lang="en").results} == {"en"}


def test_no_hits_is_an_empty_answer(engine):
    response = engine.search("zzqqxxyy")
    assert response.total == 0 and response.results == []


def test_html_in_queries_never_reaches_snippets_unescaped(engine):
    response = engine.search("<script>alert(1)</script> passport")
    for r in response.results:
        assert "<script>" not in r.snippet
        assert set(re.findall(r"</?(\w+)", r.snippet)) <= {"mark"}


@pytest.mark.parametrize("query", ['"', "AND", "OR OR", "*", "-", "((", "ๆๆๆ", "\u0e31\u0e48", "😀", "‮abc"])
def test_hostile_queries_never_raise(engine, query):
    json.dumps(engine.search(query).to_dict())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(min_size=0, max_size=200))
def test_any_text_is_a_valid_query(engine, text):
    response = engine.search(text, limit=5)
    assert response.total >= len(response.results)
    json.dumps(response.to_dict())


# Each page spells one word in a form that looks like the usual one on screen.
LOOKALIKE_PAGES = {
    "request": ("ยื่นค\u0e4d\u0e32ร้องขอท\u0e4d\u0e32หนังสือเดินทางใหม่", "คำร้อง"),  # ํา for ำ
    "marriage": ("จดทะเบียนสม\u200dรสที่สถานทูต", "สมรส"),  # a joiner inside
    "land": ("มอบอำนาจขายท\u0e48\u0e35ดินในประเทศไทย", "ที่ดิน"),  # tone before vowel
    "minor": ("ผู้\u0e49เยาว์เดินทางกับบิดา", "ผู้เยาว์"),  # a doubled tone mark
    "form": ("กรอก\u0e40\u0e40บบฟอร์มขอวีซ่า", "แบบฟอร์ม"),  # sara e twice for sara ae
    "copyright": ("คำขอรับรองลิขสิทธ\u0e4c\u0e34ของผู้ประพันธ์", "ลิขสิทธิ์"),  # ์ before ิ
    "fee": ("ชำระค่าธรรมเนียมที่ธน\u0e45คาร", "ธนาคาร"),  # lakkhangyao for sara aa
    "officer": ("ติดต่อเจ้าหน\u0e48\u0e49าที่กงสุล", "เจ้าหน้าที่"),  # two tone marks, the last stands
    "booking": ("Book an appoint\u00adment at the consu\u200dlate", "appointment"),  # joiners in Latin words
}


@pytest.fixture(scope="module")
def lookalike_engine(tmp_path_factory):
    pages = {id: text for id, (text, _) in LOOKALIKE_PAGES.items()}
    root, index_dir = (
        tmp_path_factory.mktemp("lookalike") / "manual",
        tmp_path_factory.mktemp("lookalike-index"),
    )
    engine = one_section_engine(root, index_dir, pages)
    yield engine
    engine.close()


@pytest.mark.parametrize("id", LOOKALIKE_PAGES)
def test_a_page_typed_in_a_lookalike_form_is_found_by_the_usual_word(lookalike_engine, id):
    text, word = LOOKALIKE_PAGES[id]
    assert top(lookalike_engine, word, 1) == [id]
    assert top(lookalike_engine, text, 1) == [id]  # and by the page's own spelling


@pytest.mark.parametrize("id", LOOKALIKE_PAGES)
def test_a_lookalike_page_holds_the_usual_word(lookalike_engine, id):
    """`match` reads the page's text spelled as the analyzer spells it."""
    response = lookalike_engine.search(LOOKALIKE_PAGES[id][1], limit=1)
    assert (response.match, response.missing) == ("all", [])


def test_a_latin_word_with_a_joiner_inside_is_marked_whole(lookalike_engine):
    snippet = lookalike_engine.search("appointment consulate", limit=1).results[0].snippet
    assert re.findall(r"<mark>(.*?)</mark>", snippet) == ["appoint\u00adment", "consu\u200dlate"], snippet


def test_the_highlight_covers_the_word_as_the_page_typed_it(lookalike_engine):
    snippet = lookalike_engine.search("ทำหนังสือเดินทาง", limit=1).results[0].snippet
    marked = re.findall(r"<mark>(.*?)</mark>", snippet)
    assert marked and all(m.startswith("ท\u0e4d\u0e32") for m in marked), snippet


@pytest.mark.parametrize(
    ("typed", "plain"),
    [
        ("ท\u0e48\u0e35ดิน", "ที่ดิน"),
        ("สม\u200dรส", "สมรส"),
        ("หนังสือเดินทางหาย\u0e48\u0e48", "หนังสือเดินทางหาย่"),
        ("\u0e40\u0e40ปลเอกสาร", "แปลเอกสาร"),
        ("ลายมือช\u0e37\u0e49\u0e48อ", "ลายมือชื่อ"),  # the last tone mark typed stands
        ("ยื่นค\u0e4d\u0e45ร้อง", "ยื่นคำร้อง"),
    ],
)
def test_a_lookalike_query_finds_what_the_usual_one_finds(engine, typed, plain):
    assert top(engine, typed, 5) == top(engine, plain, 5)
