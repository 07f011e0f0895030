"""The bilingual lexicon: every entry parses, none twice, both sides analyse to index terms."""

from __future__ import annotations

import pytest

from indexer.text.analysis import analyze, build_analyzer, use_dictionary
from indexer.text.lexicon import LexiconError, load_lexicon, load_transliterations, parse_lexicon


@pytest.fixture(scope="module")
def analyzer(sample_index):
    from indexer.index import store

    generation = store.current_generation(sample_index)
    key = store.Manifest.read(generation).dictionary_version
    use_dictionary(generation / store.WORDS, key)
    return build_analyzer(key)


def test_the_lexicon_is_large_and_every_line_parses():
    pairs = load_lexicon()
    assert len(pairs) >= 1500
    assert sum(" " in p.english for p in pairs) >= 300  # many multi-word terms


def test_no_pair_is_listed_twice():
    seen: dict[tuple[str, str], str] = {}
    for pair in load_lexicon():
        key = (pair.english, pair.thai)
        assert key not in seen, f"{pair.where} repeats {seen.get(key)}"
        seen[key] = pair.where


def test_both_sides_analyse_to_indexable_tokens(analyzer):
    for pair in load_lexicon():
        english = [t.text for t in analyze(analyzer, pair.english)]
        thai = [t.text for t in analyze(analyzer, pair.thai)]
        assert english and all(w.strip() for w in english), pair
        assert thai and any(any("\u0e01" <= ch <= "\u0e4e" for ch in w) for w in thai), pair


def test_pythainlp_loanwords_are_read_from_its_data_file():
    loanwords = {p.english: p.thai for p in load_transliterations()}
    assert len(loanwords) > 1000
    assert loanwords.get("graph") == "กราฟ"


@pytest.mark.parametrize(
    "line", ["passport", "passport\tหนังสือเดินทาง\textra", "หนังสือเดินทาง\tpassport", "\tหนังสือเดินทาง"]
)
def test_a_malformed_line_is_named_with_its_file_and_line(line):
    with pytest.raises(LexiconError, match=r"lex\.tsv:2:"):
        parse_lexicon(f"# comment\n{line}\n", "lex.tsv")


def test_a_phrase_headed_by_a_thai_stopword_lists_its_formal_siblings():
    from indexer.text.lexicon import CHAIN, with_siblings

    renew, renew_my = ("renew", "passport"), ("renew", "my", "passport")
    shorthand, formal, plain = ("ต่อ", "พาส"), ("ต่ออายุ", "หนังสือเดินทาง"), ("หนังสือเดินทาง", "หาย")
    rows = [[shorthand, renew], [renew, formal, shorthand], [formal, renew], [renew_my, shorthand],
            [plain, ("lost", "passport")], [("lost", "passport"), plain, ("พาส", "หาย")]]  # fmt: skip
    out = {tuple(r[0]): r[1:] for r in with_siblings(rows, {"ต่อ", "my"}.__contains__)}
    assert out[shorthand] == [renew, formal]  # ต่อ พาส -> renew passport -> ต่ออายุ หนังสือเดินทาง
    # other Thai rows list their siblings too, after the mark, to weigh less
    assert out[formal] == [renew, CHAIN, shorthand]
    assert out[plain] == [("lost", "passport"), CHAIN, ("พาส", "หาย")]
    # an English row lists its English siblings, after the mark: an English stopword heads
    # no shorthand (it is a function word), so they weigh less
    assert out[renew_my] == [shorthand, CHAIN, renew]


def test_an_english_word_lists_the_english_words_that_share_its_translation():
    """An English page that says "charge" holds a query's "fee" only through ค่าธรรมเนียม."""
    from indexer.text.lexicon import CHAIN, with_siblings

    fee, charge, thai = ("fee",), ("charge",), ("ค่าธรรมเนียม",)
    rows = [[fee, thai], [charge, thai], [thai, fee, charge, ("fee", "waiver")]]
    out = {tuple(r[0]): r[1:] for r in with_siblings(rows, frozenset().__contains__)}
    assert out[fee] == [thai, CHAIN, charge]  # not "fee waiver": a page saying it holds fee
    assert out[charge] == [thai, CHAIN, fee, ("fee", "waiver")]


def test_chained_forms_are_kept_where_no_own_translation_or_not_the_word_itself_is_in_the_index():
    from indexer.text.lexicon import CHAIN, fallback

    condo, native, english = ("คอนโด",), ("ห้องชุด",), ("condo",)
    written = {"คอนโด", "condo", "ห้องชุด"}
    assert fallback([condo, english, CHAIN, native], written) == [condo, english]
    assert fallback([condo, CHAIN, native], written) == [condo, CHAIN, native]
    assert fallback([condo, english, CHAIN], written) == [condo, english]
    assert fallback([condo, english], written) == [condo, english]
    # พ่อ -> father -> บิดา: no page writes พ่อ, so a page or two saying "father" does not
    # take บิดา away from it (the Thai pages say that)
    father, dad, formal = ("father",), ("พ่อ",), ("บิดา",)
    assert fallback([dad, father, CHAIN, formal], {"father", "บิดา"}) == [dad, father, CHAIN, formal]


def test_a_sibling_that_writes_the_word_inside_it_is_not_listed():
    from indexer.text.lexicon import CHAIN, with_siblings

    divorce, plain, longer, done = ("หย่า",), ("divorc",), ("การหย่า",), ("หย่า", "แล้ว")
    rows = [[divorce, plain], [plain, divorce, longer, done, ("สิ้นสุด", "การสมรส")]]
    out = {tuple(r[0]): r[1:] for r in with_siblings(rows, {"การ"}.__contains__)}
    # the index finds หย่า inside การหย่า already: listed, it would count the page twice
    assert out[divorce] == [plain, CHAIN, ("สิ้นสุด", "การสมรส")]


def test_a_thai_source_whose_pieces_no_page_holds_is_also_filed_run_together():
    from indexer.text.lexicon import with_joined

    loan, phrase = ("ส", "แกม", "เมอร์"), ("ทำ", "พาส", "ให้", "ลูก")
    rows = [[loan, ("มิจฉาชีพ",)], [phrase, ("passport",)], [("scammer",), ("มิจฉาชีพ",)]]
    out = {tuple(r[0]): r[1:] for r in with_joined(rows, terms={"ทำ", "ให้", "ลูก", "มิจฉาชีพ"})}
    assert out[("สแกมเมอร์",)] == [("มิจฉาชีพ",)] and out[loan] == [("มิจฉาชีพ",)]
    assert ("ทำพาสให้ลูก",) not in out and ("scammer",) in out  # pieces the index holds; English
