"""The analyzer: Thai segmentation, words inside compounds, offsets, normalisation."""

from __future__ import annotations

import itertools

import pytest

from indexer.manual.glossary import builtin_groups
from indexer.text import dictionary
from indexer.text.analysis import (
    analyze,
    best_split,
    build_analyzer,
    compound_parts,
    lexicon,
    phrase_words,
    use_dictionary,
)
from indexer.text.thai import normalise_thai


@pytest.fixture(scope="module")
def analyzer(tmp_path_factory):
    words = dictionary.build_words(builtin_groups())
    version = dictionary.words_version(words)
    path = tmp_path_factory.mktemp("words") / "words.txt"
    dictionary.write_words(words, path)
    use_dictionary(path, version)
    return build_analyzer(version)


def texts(analyzer, text, mode="index"):
    return [t.text for t in analyze(analyzer, text, mode=mode)]


def test_unspaced_thai_is_cut_into_words(analyzer):
    assert texts(analyzer, "หนังสือเดินทางหายในต่างประเทศ", "query") == [
        "หนังสือเดินทาง", "หาย", "ใน", "ต่างประเทศ",
    ]  # fmt: skip


@pytest.mark.parametrize(
    "text, inner",
    [("จดทะเบียนสมรส", "สมรส"), ("ต่างประเทศ", "ประเทศ"), ("ไปแจ้งเกิดบุตรที่สถานทูต", "แจ้งเกิด")],
)
def test_words_inside_compounds_are_indexed(analyzer, text, inner):
    assert inner in texts(analyzer, text)


def test_inner_words_weigh_less_and_share_the_compound_position(analyzer):
    toks = analyze(analyzer, "จดทะเบียนสมรส", mode="index")
    whole = next(t for t in toks if t.text == "จดทะเบียนสมรส")
    inner = next(t for t in toks if t.text == "สมรส")
    assert inner.boost < whole.boost
    assert inner.pos == whole.pos


def test_short_syllables_inside_compounds_are_not_indexed(analyzer):
    # สม and รส are dictionary words, but matching them inside สมรส would flood results
    assert not {"สม", "รส"} & set(texts(analyzer, "จดทะเบียนสมรส"))


def test_queries_get_no_inner_words(analyzer):
    assert texts(analyzer, "จดทะเบียนสมรส", mode="query") == ["จดทะเบียนสมรส"]


def test_offsets_point_at_exactly_the_token_text(analyzer):
    text = "ไปจดทะเบียนสมรสที่ สอท. เมื่อ ๒๕๖๘ (e-Passport) Non-B"
    digits = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
    for tok in analyze(analyzer, text, mode="index"):
        original = text[tok.start : tok.end].translate(digits).lower()
        assert tok.text == original.replace(".", "").replace("-", ""), tok


def test_inner_word_offsets_mark_the_inner_word(analyzer):
    text = "ต้องจดทะเบียนสมรสก่อน"
    tok = next(t for t in analyze(analyzer, text, mode="index") if t.text == "สมรส")
    assert text[tok.start : tok.end] == "สมรส"


def test_thai_digits_equal_arabic_digits(analyzer):
    assert texts(analyzer, "พ.ศ. ๒๕๖๘", "query")[-1] == "2568"
    assert texts(analyzer, "๒๕๖๘", "query") == texts(analyzer, "2568", "query")


@pytest.mark.parametrize("dotted, plain", [("สอท.", "สอท"), ("ท.ร.14", "ทร14"), ("ป.พ.พ.", "ปพพ")])
def test_abbreviations_match_with_and_without_dots(analyzer, dotted, plain):
    assert texts(analyzer, dotted, "query") == texts(analyzer, plain, "query")


def test_abbreviation_inside_thai_text_is_one_word(analyzer):
    assert "สอท" in texts(analyzer, "ติดต่อสอท.ได้ทุกวัน", "query")


def test_latin_words_are_lowercased_and_stemmed(analyzer):
    assert texts(analyzer, "Passports Renewals", "query") == ["passport", "renew"]


@pytest.mark.parametrize(
    ("american", "british"),
    [("legalization", "legalisation"), ("Authorized", "authorised"), ("notarize", "notarise"),
     ("analyzed", "analysed"), ("license", "licence"), ("centers", "centres"), ("labor", "labour"),
     ("defense", "defence"), ("program", "programme")],
)  # fmt: skip
def test_american_and_british_spellings_are_one_word(analyzer, american, british):
    assert texts(analyzer, american, "query") == texts(analyzer, british, "query")
    assert texts(analyzer, american) == texts(analyzer, british)


@pytest.mark.parametrize("word", ["size", "seize", "prize", "citizen", "doctor", "tour", "hours", "lazy"])
def test_words_spelt_alike_in_both_are_left_alone(analyzer, word):
    from whoosh.lang.porter import stem

    assert texts(analyzer, word, "query") == [stem(word)]


def test_hyphenated_words_match_every_spelling(analyzer):
    tokens = texts(analyzer, "e-Passport", "query")
    assert {"e", "passport", "epassport"} <= set(tokens)
    assert "epassport" in texts(analyzer, "ePassport", "query")


def test_a_phrase_of_a_hyphenated_word_is_its_join_where_the_index_has_it_in_a_row(analyzer):
    # the pieces and their join share one position: a phrase of all three is nowhere in a row
    tokens = analyze(analyzer, "the Non-Immigrant B visa", "index")
    assert {t.pos for t in tokens if t.text in ("non", "immigr", "nonimmigr")} == {1}
    words = tuple(t.text for t in analyze(analyzer, "Non-Immigrant B visa", "query"))
    assert phrase_words(words) == ("nonimmigr", "b", "visa")
    assert phrase_words(("e", "visa", "evisa")) == ("evisa",)
    assert phrase_words(("u", "s", "us", "visa")) == ("us", "visa")
    assert phrase_words(("busi", "visa")) == ("busi", "visa")  # nothing joined: as it was
    assert phrase_words(("a", "a")) == ("a", "a")


def test_numbers_with_thousands_separators(analyzer):
    assert texts(analyzer, "1,000 บาท", "query") == ["1000", "บาท"]


def test_compound_parts_follow_a_complete_split(analyzer, tmp_path):
    words = lexicon(analyzer.dictionary_version)
    parts = {p for p, _, _ in compound_parts("จดทะเบียนสมรส", words)}
    assert {"จดทะเบียน", "ทะเบียน", "สมรส"} <= parts
    assert best_split("จดทะเบียนสมรส", words) == ("จดทะเบียน", "สมรส")


# Thai that looks the same on screen but is typed differently (pasted from PDFs, word
# processors, mission websites): (as typed, as documents store it).
LOOKALIKE_THAI = [
    ("ยื่นค\u0e4d\u0e32ร้อง", "ยื่นคำร้อง"),  # nikhahit + sara aa for sara am
    ("ทะเบียนสม\u200dรส", "ทะเบียนสมรส"),  # zero-width joiner inside a word
    ("ทะเบียน\u200bสมรส", "ทะเบียนสมรส"),  # zero-width space between Thai letters
    ("สม\u00adรส\ufeff", "สมรส"),  # soft hyphen inside, BOM after
    ("โฉนดท\u0e48\u0e35ดิน", "โฉนดที่ดิน"),  # tone mark typed before the vowel above
    ("ผู\u0e49\u0e39เยาว์", "ผู้เยาว์"),  # tone mark typed before the vowel below
    ("ผู้\u0e49เยาว์", "ผู้เยาว์"),  # a tone mark doubled
    ("ท\u0e48\u0e48\u0e35ดิน", "ที่ดิน"),  # doubled and misordered
    ("ก\u0e4d\u0e49\u0e32หนด", "ก้ำหนด"),  # nikhahit, tone mark, sara aa
    ("\u0e40\u0e40บบคำร้อง", "แบบคำร้อง"),  # sara e twice for sara ae
    ("ลิขสิท\u0e4c\u0e34ธิ", "ลิขสิท\u0e34\u0e4cธิ"),  # thanthakhat typed before the vowel
    ("สิทธ\u0e4c\u0e34", "สิทธิ์"),  # the same, at the end of a word
    ("ค\u0e45ร้อง", "คาร้อง"),  # lakkhangyao for sara aa
    ("ค\u0e4d\u0e45ร้อง", "คำร้อง"),  # nikhahit + lakkhangyao
    ("ท\u0e35\u0e49\u0e48ดิน", "ที่ดิน"),  # two tone marks: the last one typed stands
    ("ก\u0e32\u0e48รสมรส", "ก\u0e48\u0e32รสมรส"),  # tone mark typed after sara aa
]


@pytest.mark.parametrize(("typed", "stored"), LOOKALIKE_THAI)
def test_lookalike_thai_gives_the_same_tokens(analyzer, typed, stored):
    for mode in ("index", "query"):
        assert texts(analyzer, typed, mode) == texts(analyzer, stored, mode)


@pytest.mark.parametrize(("typed", "stored"), LOOKALIKE_THAI)
def test_lookalike_thai_offsets_cover_the_characters_as_typed(analyzer, typed, stored):
    """Highlighting marks text[start:end] of the page as written: a word must cover all
    of its characters there, moved, merged or invisible ones included."""
    tokens = analyze(analyzer, typed, mode="query")
    assert tokens[0].start == 0
    assert typed[tokens[-1].end :].strip("\ufeff") == ""
    for before, after in itertools.pairwise(tokens):
        assert before.end <= after.start


@pytest.mark.parametrize(
    ("typed", "plain"),
    [("pass\u00adport", "passport"), ("Re\u200dnew", "Renew"), ("e-Pass\u2060port", "e-Passport"),
     ("visa\ufeffs", "visas"), ("Non-\u200cB", "Non-B")],
)  # fmt: skip
def test_joiners_inside_a_latin_word_are_dropped_on_pages_as_in_queries(analyzer, typed, plain):
    for mode in ("index", "query"):
        assert texts(analyzer, typed, mode) == texts(analyzer, plain, mode)
    tokens = analyze(analyzer, typed, mode="index")
    assert max(t.end for t in tokens) == len(typed) and min(t.start for t in tokens) == 0
    assert texts(analyzer, "pass\u200bport", "index") == ["pass", "port"]  # a zero-width space parts them


def test_the_parts_of_a_latin_word_with_a_joiner_mark_their_own_letters(analyzer):
    text = "e-Pass\u00adport"
    spans = {t.text: text[t.start : t.end] for t in analyze(analyzer, text, mode="index")}
    assert spans["e"] == "e" and spans["passport"] == "Pass\u00adport" and spans["epassport"] == text


def test_lakkhangyao_after_ru_and_lu_stays():
    assert normalise_thai("ฤ\u0e45ษี")[0] == "ฤ\u0e45ษี" and normalise_thai("ฦ\u0e45")[0] == "ฦ\u0e45"


def test_the_word_with_a_decomposed_sara_am_is_marked_whole(analyzer):
    text = "ไปทํางาน"
    spans = {text[t.start : t.end] for t in analyze(analyzer, text, mode="index")}
    assert "ทํา" in spans or "ทํางาน" in spans


def test_a_word_inside_a_lookalike_compound_marks_its_own_characters(analyzer):
    text = "จดทะเบียนสม\u200dรสที่สถานทูต"
    spans = {t.text: text[t.start : t.end] for t in analyze(analyzer, text, mode="index")}
    assert spans["สมรส"] == "สม\u200dรส" and spans["ทะเบียน"] == "ทะเบียน"


ODD_SPELLINGS = [
    "บาา้น",  # a doubled vowel, then the tone mark: the tone goes before both
    "กำา่ร",
    "ก่์ิง",  # a tone mark and thanthakhat, then the vowel they sit on
    "ก์ุ้ง",
    "สะะ่ง",
]


@pytest.mark.parametrize("odd", ODD_SPELLINGS)
def test_text_normalised_once_is_left_as_it_is(odd):
    once, spans = normalise_thai(odd)
    assert normalise_thai(once)[0] == once
    assert spans[0][0] == 0 and spans[-1][1] == len(odd)  # the spans still cover what was typed
    assert all(a < b for a, b in spans)


@pytest.mark.parametrize("odd", ODD_SPELLINGS)
def test_a_query_typed_as_the_page_is_typed_analyses_as_the_page(analyzer, odd):
    # The query is cleaned (normalise_thai) and then analysed (normalise_thai again); the
    # page only analysed: typing exactly what the page says must give the page's words.
    from search.query import clean

    text = f"คำว่า{odd}ในหน้า"
    assert texts(analyzer, clean(text), "index") == texts(analyzer, text, "index")


def test_random_odd_spellings_settle_in_one_normalisation():
    import random

    rng = random.Random(7)
    alphabet = [*"กขคมรสอฤ", *"ะาำิีึืุูเแโใไๅ็่้๊๋์ํ", "\u00ad", "\u200d", "\u200b", " ", "a"]
    for _ in range(20000):
        odd = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 7)))
        once = normalise_thai(odd)[0]
        assert normalise_thai(once)[0] == once, [hex(ord(c)) for c in odd]
