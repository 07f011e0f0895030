"""The analyzer: Thai segmentation, words inside compounds, offsets, normalisation."""

from __future__ import annotations

import pytest

from indexer.manual.glossary import builtin_groups
from indexer.text import dictionary
from indexer.text.analysis import analyze, best_split, build_analyzer, compound_parts, lexicon, use_dictionary


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


def test_hyphenated_words_match_every_spelling(analyzer):
    tokens = texts(analyzer, "e-Passport", "query")
    assert {"e", "passport", "epassport"} <= set(tokens)
    assert "epassport" in texts(analyzer, "ePassport", "query")


def test_numbers_with_thousands_separators(analyzer):
    assert texts(analyzer, "1,000 บาท", "query") == ["1000", "บาท"]


def test_compound_parts_follow_a_complete_split(analyzer, tmp_path):
    words = lexicon(analyzer[0].dictionary_version)
    parts = {p for p, _, _ in compound_parts("จดทะเบียนสมรส", words)}
    assert {"จดทะเบียน", "ทะเบียน", "สมรส"} <= parts
    assert best_split("จดทะเบียนสมรส", words) == ("จดทะเบียน", "สมรส")
