"""Words in scripts other than Thai and Latin (Cyrillic, Greek, Devanagari, Arabic, Han):
a visitor types them, a page may hold them. The analyzer makes them words, the query plan
counts them as telling words (missing when no page holds them), and the browser's engine
answers as the API does."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.index.writer import update_index
from indexer.manual.loader import load_manual
from indexer.site.static_search import export_static_search
from indexer.text.thai import RUNS, other_words
from search.engine import SearchEngine
from tests.conftest import procedure
from tests.static_search.conftest import run_static

PAGES = {
    "passports/russian.md": procedure(
        "russian",
        title="หนังสือเดินทางสำหรับคู่สมรสชาวรัสเซีย",
        body="## ภาพรวม\n\nแบบฟอร์มภาษารัสเซียเขียนว่า ПАСПОРТ และ «виза», หรือ ΔΙΑΒΑΤΉΡΙΟ\n",
    ),
    "passports/hindi.md": procedure(
        "hindi",
        title="หนังสือเดินทางสำหรับผู้ยื่นชาวอินเดีย",
        # a soft hyphen inside one word, a decomposed й (и + breve) inside another
        body="## ภาพรวม\n\nคำว่า पासपोर्ट และ 护照 และ جواز, пере\u00adвод, Кии\u0306в\n",
    ),
    "passports/plain.md": procedure(
        "plain", title="หนังสือเดินทางเล่มใหม่", lang="en", body="## Overview\n\nA new passport for an adult.\n"
    ),
}


@pytest.fixture(scope="module")
def engine(tmp_path_factory) -> SearchEngine:
    root = tmp_path_factory.mktemp("other-scripts")
    for rel, text in PAGES.items():
        (root / "manual" / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / "manual" / rel).write_text(text, encoding="utf-8")
    manual = load_manual(root / "manual")
    assert not manual.errors, manual.errors
    update_index(manual, root / "index", full=True)
    export_static_search(root / "index", root / "site", public_only=False)
    return SearchEngine(root / "index")


def answer(engine: SearchEngine, query: str) -> tuple[list[str], str, list[str]]:
    response = engine.search(query)
    return [r.id for r in response.results], response.match, response.missing


def test_a_word_no_page_holds_is_missing_in_any_script(engine) -> None:
    for word in ("Консульство", "βίζα", "签证", "تأشيرة", "वीज़ा"):
        top, match, missing = answer(engine, f"passport {word}")
        assert top and (match, missing) == ("partial", [word]), word
    assert answer(engine, "签证") == ([], "none", [])


@pytest.mark.parametrize(
    "query, page",
    [
        ("паспорт", "russian"),  # upper case on the page
        ("Виза", "russian"),  # in guillemets, next to a comma
        ("διαβατήριο", "russian"),
        ("पासपोर्ट", "hindi"),  # vowel signs and a virama inside the word
        ("护照", "hindi"),
        ("جواز", "hindi"),
        ("перевод", "hindi"),  # soft hyphen on the page
        ("Кийв", "hindi"),  # decomposed on the page, NFC as typed
    ],
)
def test_a_page_holding_the_word_is_found_by_it(engine, query, page) -> None:
    assert answer(engine, query) == ([page], "all", [])
    assert "<mark>" in engine.search(query).results[0].snippet


def test_a_word_of_another_script_with_a_latin_one_all_held(engine) -> None:
    top, match, missing = answer(engine, "หนังสือเดินทาง паспорт")
    assert (top[:1], match, missing) == (["russian"], "all", [])


def test_the_words_of_a_run_part_at_anything_but_letters_and_marks() -> None:
    runs = [m.group() for m in RUNS.finditer("x€паспорт€виза—ok") if m.group("oth")]
    words = [w for run in runs for w, *_ in other_words(run)]
    assert words == ["паспорт", "виза"]
    assert [m.group() for m in RUNS.finditer("passпорт")] == ["pass", "порт"]


QUERIES = ["passport паспорт", "паспорт", "Виза passport", "签证", "पासपोर्ट", "Кийв", "พาสปอร์ต ΔΙΑΒΑΤΉΡΙΟ"]


def test_the_browser_engine_answers_the_same(engine, tmp_path: Path) -> None:
    site = engine.index_dir.parent / "site"
    static = run_static(site, [{"query": q, "limit": 10} for q in QUERIES], tmp_path)
    for query, s in zip(QUERIES, static, strict=True):
        response = engine.search(query, limit=10).to_dict()
        theirs = s["response"]
        assert [r["id"] for r in theirs["results"]] == [r["id"] for r in response["results"]], query
        assert (theirs["match"], theirs["missing"]) == (response["match"], response["missing"]), query
        for mine, other in zip(response["results"], theirs["results"], strict=True):
            assert mine["snippet"] == other["snippet"], query
