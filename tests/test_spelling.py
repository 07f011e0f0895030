"""Did-you-mean on content nobody here wrote: a typo the source pages share, and a word
whose sense is common in the other language of the manual."""

from __future__ import annotations

import pytest

from indexer.index.writer import update_index
from indexer.manual.loader import load_manual
from indexer.text.lexicon import Pair, spelled_words
from search.engine import SearchEngine
from search.spelling import COMMONER, NEAREST, RARE_HELD, Candidates, sense_frequency, typo_cost
from tests.conftest import one_section_engine, procedure

ENGLISH = {
    # a mission page with a stray typo in its source text
    "legalisation/typo.md": (
        "Legalisation of documents",
        "Bring every documnet in original. A letter of consent is not needed.\n",
    ),
    # vetting is said on more English pages than voting
    "legalisation/vetting1.md": ("Vetting of a contract", "Vetting takes a week.\n"),
    "legalisation/vetting2.md": ("Vetting of a deed", "Vetting is free of charge.\n"),
    "elections/voting.md": ("Voting by post", "Voting by post opens a month ahead.\n"),
}
CONTENT = "Content of the page: a document is read for its content. The content is checked."
# each in its own words: a line every page repeats is boilerplate and is not indexed
STAMPS = [
    "Each document is stamped.",
    "A document needs a seal.",
    "Send the document by post.",
    "The document is returned.",
    "Any document in French is translated.",
    "Keep a document copy.",
]
THAI = [  # most pages are Thai: they say เลือกตั้ง (voting), and the English ones document
    ("การเลือกตั้งนอกราชอาณาจักร", "ผู้มีสิทธิเลือกตั้งลงทะเบียนก่อนวันเลือกตั้ง"),
    ("การเลือกตั้งทางไปรษณีย์", "ส่งบัตรเลือกตั้งทางไปรษณีย์"),
    ("การเลือกตั้งที่สถานทูต", "ไปเลือกตั้งที่สถานเอกอัครราชทูต"),
    ("การขอบัตรเลือกตั้ง", "ขอบัตรเลือกตั้งใหม่เมื่อบัตรชำรุด"),
]


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    root = tmp_path_factory.mktemp("spelling") / "manual"
    files = {path: procedure(path.split("/")[1][:-3], path.split("/")[0], title=title, lang="en",
                             body=f"## Overview\n\n{body}\n")
             for path, (title, body) in ENGLISH.items()}  # fmt: skip
    for n in range(6):  # a word six pages say: many times as common as the typo
        files[f"legalisation/doc{n}.md"] = procedure(
            f"doc{n}", "legalisation", title=f"Service {n}", lang="en",
            body=f"## Overview\n\n{STAMPS[n]}\n\n{CONTENT if n < 3 else ''}\n",
        )  # fmt: skip
    for n, (title, body) in enumerate(THAI):
        body = f"## ภาพรวม\n\n{body}\n"
        files[f"elections/th{n}.md"] = procedure(f"th{n}", "elections", title=title, body=body)
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    manual = load_manual(root)
    assert not manual.errors, manual.errors
    index_dir = tmp_path_factory.mktemp("spelling-index")
    update_index(manual, index_dir, full=True)
    engine = SearchEngine(index_dir)
    yield engine
    engine.close()


def test_a_typo_one_source_page_shares_is_still_corrected(engine):
    assert engine.latin_df("documnets") == 1 <= RARE_HELD  # the typo page holds it
    response = engine.search("legalisation of documnets")
    assert response.suggestion == "legalisation of documents"
    assert response.results[0].id == "typo"
    assert engine.search("documnet").suggestion == "document"
    assert engine.search('"documnet"').suggestion is None  # quoted: meant as typed


def test_a_rare_word_the_lexicon_knows_is_never_corrected(engine):
    # consent is on one page, content on three: a real word all the same
    assert engine.search("consent").suggestion is None


def test_a_rare_word_is_not_corrected_to_one_only_a_little_commoner(engine):
    # voting (1 English page) is within one edit of vetting (2): not COMMONER times as common
    assert engine.spelling_df("vetting") < COMMONER * engine.latin_df("voting")
    assert engine.search("voting").suggestion is None
    assert engine.search("vetting").suggestion is None


def test_a_correction_weighs_how_common_the_word_is_in_both_languages(engine):
    # votting is one edit from voting and from vetting; vetting is on more English pages,
    # but voting is said on every Thai page (เลือกตั้ง): the officer most likely meant it
    assert engine.latin_df("vetting") > engine.latin_df("voting")
    assert engine.spelling_df("voting") >= len(THAI)
    assert engine.search("votting").suggestion == "voting"


def test_sense_frequency_is_the_commonest_of_the_word_and_its_translations():
    df = {"a": 3, "b": 7, "c": 1, "w": 2, "x": 9}.__getitem__
    assert sense_frequency(("w",), [], df) == 2
    assert sense_frequency(("w",), [("a",), ("b", "c")], df) == 3  # a phrase: its rarest word's
    assert sense_frequency(("x",), [("b",)], df) == 9
    assert sense_frequency((), [], df) == 0


def test_a_typo_one_page_shares_is_corrected_but_that_page_still_found(tmp_path):
    # "interanl" is on one page and "internal" on six: the rare word is corrected (it is
    # no English word, a typo the page shares), but the page that says it, as typed, must
    # not be lost.
    rules = ["fees", "queues", "forms", "records", "photos", "seals"]  # each page its own line
    pages = {f"rule{n}": f"An internal rule on {what} applies." for n, what in enumerate(rules)}
    pages["collection"] = "Book the appointment by interanl mail before you come."
    engine = one_section_engine(tmp_path / "manual", tmp_path / "index", pages)
    try:
        response = engine.search("interanl")
        assert response.suggestion == "internal"
        assert "collection" in [r.id for r in response.results]
        assert response.match == "all"
        page = next(r for r in response.results if r.id == "collection")
        assert "<mark>interanl</mark>" in page.snippet  # the word as typed is marked
        # "internet" beside it is a real word: one page says it, and it is what was meant
        pages["collection"] = "Book the appointment by internet before you come."
    finally:
        engine.close()
    engine = one_section_engine(tmp_path / "manual2", tmp_path / "index2", pages)
    try:
        response = engine.search("internet")
        assert response.suggestion is None
        assert [r.id for r in response.results] == ["collection"]
        assert response.match == "all"
    finally:
        engine.close()


def test_a_word_no_page_writes_but_whose_translation_is_everywhere_is_offered(engine):
    # no English page says "election"; the Thai pages say เลือกตั้ง, which it translates
    assert engine.latin_df("election") == 0
    assert engine.search("electoin").suggestion == "election"
    assert engine.search("electoin").results  # and it finds the Thai pages


def test_the_lexicon_offers_its_one_word_english_sides_the_index_holds_a_translation_of():
    pairs = [Pair("evacuation", "อพยพ", "x:1"), Pair("tourist visa", "วีซ่าท่องเที่ยว", "x:2"),
             Pair("e-mail", "อีเมล", "x:3"), Pair("curfew", "เคอร์ฟิว", "x:4")]  # fmt: skip
    stems = {"evacuation": ("evacu",), "curfew": ("curfew",)}
    assert spelled_words(pairs, lambda w: stems.get(w, (w,)), {("evacu",)}) == ["evacuation"]


def test_a_typo_in_one_piece_of_a_hyphenated_word_is_corrected(engine):
    # e-pasport, non-imigrant: the word as a whole is no plain word, but its piece is
    assert engine.search("e-docummnts").suggestion == "e-documents"
    assert engine.search("legalisation of pre.docummnts").suggestion == "legalisation of pre.documents"
    assert engine.search("officer's").suggestion is None  # an apostrophe: the word stays whole


def test_two_neighbours_typed_the_wrong_way_round_are_one_edit(engine):
    # the commonest slip of a typist: "votnig" is one edit from voting, as "votng" is
    assert engine.search("votnig").suggestion == "voting"
    assert engine.search("docuemnt").suggestion == "document"
    assert typo_cost("birht", "birth") == 1.0 == typo_cost("birh", "birth")
    assert typo_cost("ab", "ba") == 1.0 and typo_cost("abc", "cba") == 2.0


def test_a_short_non_word_is_corrected_only_by_swapping_two_neighbours(engine):
    # four letters are too few for an edit ("died" is no slip for "tied"), but "psot" is
    # no English word, and two neighbours the wrong way round make it "post"
    assert engine.search("voting psot").suggestion == "voting post"
    assert engine.search("psot").results[0].id == "voting"
    assert engine.search("pots").suggestion is None  # a real word: what was meant
    assert engine.search("psto").suggestion is None  # no swap of its letters is a word here
    assert engine.search("pozt").suggestion is None  # another slip: no guess from four letters


def test_two_words_typed_as_one_are_split(engine):
    # the space left out: both halves are words the index knows
    response = engine.search("votingpost")
    assert response.suggestion == "voting post"
    assert response.results and response.results[0].id == "voting"
    assert engine.search("documentseal").suggestion == "document seal"
    # a real word the index lacks is what was meant, not two words run together
    assert engine.planner.speller.split("nowhere") is None


def test_nearest_words_are_those_of_the_whole_vocabulary() -> None:
    """Candidates measures only the words of nearby lengths (a swap keeps the length), and
    gives what rapidfuzz gives measuring them all: the same words, equally near ones in the
    vocabulary's order, more than NEAREST of them within reach included."""
    import random

    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    rng = random.Random(5)
    letters = "abcdeกขคงจ่้ิ"
    vocabulary = list(dict.fromkeys("".join(rng.choices(letters, k=rng.randint(1, 12))) for _ in range(4000)))
    vocabulary += [w + "a" for w in vocabulary[:300]]  # many words one edit apart
    candidates = Candidates(vocabulary)
    for _ in range(400):
        word = "".join(rng.choices(letters, k=rng.randint(2, 13)))
        for limit in (1, 2):
            whole = process.extract(word, vocabulary, scorer=OSA.distance, score_cutoff=limit,
                                    limit=NEAREST)  # fmt: skip
            assert candidates.nearest(word, limit, NEAREST) == [term for term, _, _ in whole], word
