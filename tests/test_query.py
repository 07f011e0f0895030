"""Query parsing never fails: broken syntax falls back to plain words."""

from __future__ import annotations

import pytest

from search.query import MAX_QUERY_CHARS, parse_query


def test_plain_words_phrases_and_exclusions():
    q = parse_query('สมรส "ทะเบียนสมรส" -หย่า visa')
    assert (q.words, q.phrases, q.excluded) == (["สมรส", "visa"], ["ทะเบียนสมรส"], ["หย่า"])


def test_an_exclusion_may_come_first():
    """Officers type the word to leave out wherever it occurs to them."""
    q = parse_query("-หนังสือเดินทาง หาย")
    assert (q.words, q.excluded) == (["หาย"], ["หนังสือเดินทาง"])
    q = parse_query('-lost -"new passport" passport')
    assert (q.words, q.excluded) == (["passport"], ["lost", "new passport"])


def test_dashes_alone_are_searched_as_words():
    """With nothing else to find, a leading dash was not meant as an exclusion."""
    q = parse_query('-alone -"kept out"')
    assert (q.words, q.excluded) == (["alone"], ["kept out"])


@pytest.mark.parametrize(
    "raw, words",
    [
        ('"unbalanced quote', ["unbalanced", "quote"]),
        ("AND passport", ["passport"]),
        ("passport OR", ["passport"]),
        ("*", []),
        ("visa*", ["visa"]),
        ("-alone", ["alone"]),
        ("e-Passport", ["e-Passport"]),
    ],
)
def test_broken_syntax_falls_back_to_plain_words(raw, words):
    assert parse_query(raw).words == words


def test_invisible_characters_inside_a_word_keep_it_whole():
    """Text pasted from a word processor: joiners, soft hyphens and a zero-width space
    between Thai letters must not cut สมรส into two words that find other pages."""
    for typed in ("สม\u200dรส", "สม\u200cรส", "สม\u2060รส", "สม\ufeffรส", "สม\u00adรส", "สม\u200b\u200bรส"):
        assert parse_query(typed).words == ["สมรส"], repr(typed)
    assert parse_query("pass\u00adport").words == ["passport"]
    assert parse_query("passport\u200blost").words == ["passport", "lost"]  # a break between Latin words


def test_control_characters_are_dropped_and_length_is_capped():
    q = parse_query("pass\x00port\u200b" + "ก" * 10_000)
    assert "\x00" not in q.text and len(q.text) <= MAX_QUERY_CHARS


def test_an_over_long_query_is_cut_at_a_word_end():
    """A pasted paragraph: the last word kept is one the officer typed, not its first letters."""
    q = parse_query("passport " * 700)
    assert len(q.text) <= MAX_QUERY_CHARS and set(q.words) == {"passport"}
    assert parse_query("ก" * 1000).text == "ก" * MAX_QUERY_CHARS  # one endless word: cut where it must be


def test_empty_query_is_empty():
    assert parse_query("   ").is_empty and parse_query('""').is_empty


def test_lookalike_thai_is_cleaned_as_page_text_is():
    """Query cleaning and the analyzer share normalise_thai: these all look like the
    plain word on screen."""
    for typed, plain in [
        ("ค\u0e4d\u0e32ร้อง", "คำร้อง"),
        ("ท\u0e48\u0e35ดิน", "ที่ดิน"),
        ("ผู้\u0e49เยาว์", "ผู้เยาว์"),
        ("ก\u0e4d\u0e49\u0e32", "ก้ำ"),
        ("\u0e40\u0e40ปล", "แปล"),
        ("สิทธ\u0e4c\u0e34", "สิทธิ์"),
        ("ค\u0e4d\u0e45ร้อง", "คำร้อง"),
        ("ช\u0e37\u0e49\u0e48อ", "ชื่อ"),
        ("หน\u0e32\u0e49ที่", "หน้าที่"),
    ]:
        assert parse_query(typed).words == [plain], repr(typed)


def test_the_askers_own_words_are_filler_and_never_missing(engine):
    """อยาก, which no page writes, came out as อ ยาก (the query is cut with the manual's
    words), and ผม, ดิฉัน, หนู ("I") were telling words no page holds: the answer to
    ผมทำพาสหาย was shown as a partial match, missing ผม."""
    for query in ("อยากสอบถามเรื่องสมรส", "ผมทำพาสหาย", "ดิฉันต้องการสละสัญชาติ", "หนูทำพาสหาย", "พาสหายทำไงดี"):
        plan = engine.planner.plan(parse_query(query))
        assert len([c for c in plan.concepts if not c.phrase_bonus]) == 1, query
        response = engine.search(query)
        assert (response.match, response.missing) == ("all", []), query


def test_what_a_procedure_costs_is_its_fee(engine):
    response = engine.search("how much does a passport cost")
    assert (response.match, response.missing) == ("all", [])
    assert response.results[0].id.startswith("passport-")


def test_the_words_around_an_english_question_are_never_missing(engine):
    """was, take and how long are the asking, not the thing asked about."""
    arrested = engine.search("my son was arrested")
    assert arrested.results[0].id == "arrest-detention" and "was" not in arrested.missing
    waiting = engine.search("how long does it take to get a passport")
    assert (waiting.match, waiting.missing) == ("all", [])
