"""Citable references: a procedure's `ref` ("PP 3") and its numbered sections ("PP 3 §2")
on the page, in print, in search results (API, CLI, the browser's static engine), and a
search for a reference opening what it cites."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from site_helpers import read_page

from cli import cli
from indexer.index.writer import update_index
from indexer.manual.loader import load_manual
from indexer.site import build_site
from search.engine import SearchEngine
from search.refs import RefIndex, parse_citation
from tests.conftest import procedure
from tests.static_search.conftest import run_static

LOST = """\
## ภาพรวม

ใช้เมื่อหนังสือเดินทางหายหรือถูกขโมย

## ผู้มีสิทธิ์ยื่นคำร้อง

ผู้มีสัญชาติไทยที่เล่มสูญหาย

### ผู้เยาว์

บิดามารดาลงนามยินยอม

## เอกสารที่ต้องใช้

- บันทึกแจ้งความจากตำรวจ
"""
VISA = "## Overview\n\nA tourist visa for a short stay.\n\n## Documents\n\nA passport valid for six months.\n"
FILES = {
    "passports/passport-lost.md": procedure("passport-lost", ref="PP 3", body=LOST,
                                            summary="ขอเล่มใหม่เมื่อเล่มเดิมหาย"),
    "passports/passport-damaged.md": procedure("passport-damaged", ref="PP 4", body="## ภาพรวม\n\nเล่มชำรุด\n"),
    "passports/plain.md": procedure("plain", body="## ภาพรวม\n\nหนังสือเดินทางทั่วไป\n"),
    "visas/visa-tourist.md": procedure("visa-tourist", "visas", title="Tourist visa", lang="en",
                                       ref="VISA 1", tags="[visa]", body=VISA),
}  # fmt: skip
QUERIES = ["PP 3", "pp3", "PP 3 §2", "PP3 s2", "pp 3 ข้อ 3", "PP 3.2", "PP 3 §2.1", "PP 03 section 02",
           "PP 3 §9", "VISA 1", "visa1 sec 2", "PP 9", "หนังสือเดินทาง", "passport", "A4"]  # fmt: skip


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path, Path]:
    tmp = tmp_path_factory.mktemp("citations")
    root = tmp / "manual"
    for rel, text in FILES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    manual = load_manual(root)
    assert not manual.problems
    update_index(manual, tmp / "index", full=True)
    build_site(manual, tmp / "site", public_only=False, index_dir=tmp / "index")
    return root, tmp / "index", tmp / "site"


def test_each_numbered_heading_shows_its_citation(built) -> None:
    page = read_page(built[2], "passports/passport-lost/")
    cites = re.findall(r'<h([23]) id="([^"]+)"><span class="ecm-cite">([^<]+)</span>', page)
    assert cites == [("2", "ภาพรวม", "PP 3 §1"), ("2", "ผู้มีสิทธิ์ยื่นคำร้อง", "PP 3 §2"),
                     ("3", "ผู้เยาว์", "PP 3 §2.1"), ("2", "เอกสารที่ต้องใช้", "PP 3 §3")]  # fmt: skip
    assert 'เลขอ้างอิง <span class="ecm-ref__code">PP 3</span>' in page
    plain = read_page(built[2], "passports/plain/")
    assert "ecm-cite" not in plain and "เลขอ้างอิง" not in plain  # no ref, no numbers to quote


def test_citations_are_kept_in_print(built) -> None:
    css = (built[2] / "assets" / "ecm" / "ecm.css").read_text("utf-8")
    for block in re.findall(r"@media print \{(.*?)\n\}", css, re.S):
        for rule in re.findall(r"([^{}]*)\{([^}]*)\}", block):
            if "ecm-cite" in rule[0] or "ecm-ref" in rule[0]:
                assert "display: none" not in rule[1] and "visibility" not in rule[1], rule


def search(index: Path, query: str, **options) -> dict:
    return SearchEngine(index).search(query, **options).to_dict()


@pytest.mark.parametrize(
    "query, anchor, cited",
    [
        ("PP 3", "", "PP 3"),
        ("pp3", "", "PP 3"),
        ("PP 3 §2", "ผู้มีสิทธิ์ยื่นคำร้อง", "PP 3 §2"),
        ("PP3 s2", "ผู้มีสิทธิ์ยื่นคำร้อง", "PP 3 §2"),
        ("pp 3 ข้อ 3", "เอกสารที่ต้องใช้", "PP 3 §3"),
        ("PP 3.2", "ผู้มีสิทธิ์ยื่นคำร้อง", "PP 3 §2"),
        ("PP 3 §2.1", "ผู้เยาว์", "PP 3 §2.1"),
        ("PP 3 §9", "", "PP 3"),  # no such section: the procedure itself
    ],
)
def test_a_reference_opens_what_it_cites_first(built, query, anchor, cited) -> None:
    answer = search(built[1], query)
    first = answer["results"][0]
    found = (first["id"], first["anchor"], first["section_ref"], first["ref"])
    assert found == ("passport-lost", anchor, cited, "PP 3")
    assert answer["match"] == "all" and answer["missing"] == [] and answer["suggestion"] is None
    assert [r["id"] for r in answer["results"]].count("passport-lost") == 1
    # the results page opens a result's listed sections: the cited one, or none for the whole
    assert [s["anchor"] for s in first["sections"]] == ([anchor] if anchor else [])


@pytest.mark.parametrize("query", ["PP 9", "A4", "VISA 2 §1", "หนังสือเดินทาง"])
def test_words_that_only_look_like_a_reference_are_searched_as_words(built, query) -> None:
    engine = SearchEngine(built[1])
    answer = engine.search(query).to_dict()
    engine.refs = RefIndex({})  # the same index as if no procedure had a ref
    assert answer == engine.search(query).to_dict()


def test_the_passage_a_result_quotes_is_citable(built) -> None:
    ordinary = search(built[1], "บันทึกแจ้งความ")
    first = ordinary["results"][0]
    assert (first["id"], first["section_ref"]) == ("passport-lost", "PP 3 §3")
    assert all(r["ref"] == "" and r["section_ref"] == "" for r in search(built[1], "ทั่วไป")["results"])


def test_filters_still_apply_to_a_cited_procedure(built) -> None:
    assert "passport-lost" not in [r["id"] for r in search(built[1], "PP 3", category="visas")["results"]]
    assert search(built[1], "visa1 sec 2", tag="visa")["results"][0]["section_ref"] == "VISA 1 §2"


def test_show_gives_the_citations(built) -> None:
    shown = CliRunner().invoke(cli, ["show", "passport-lost", "--manual", str(built[0])]).stdout
    assert "  ref: PP 3" in shown and "PP 3 §2.1  ผู้เยาว์" in shown
    data = json.loads(
        CliRunner().invoke(cli, ["show", "passport-lost", "--manual", str(built[0]), "--json"]).stdout
    )
    assert data["ref"] == "PP 3" and [s["cite"] for s in data["sections"]][:3] == [
        "PP 3 §1",
        "PP 3 §2",
        "PP 3 §2.1",
    ]


def test_the_cli_prints_the_citation(built) -> None:
    result = CliRunner().invoke(cli, ["search", "PP 3 §2", "--index", str(built[1])])
    assert result.exit_code == 0 and "(passport-lost)  PP 3 §2" in result.stdout
    data = json.loads(CliRunner().invoke(cli, ["search", "pp3", "--index", str(built[1]), "--json"]).stdout)
    assert data["results"][0]["ref"] == "PP 3"


def test_the_static_engine_resolves_references_as_the_api_does(built, tmp_path) -> None:
    asks = [{"query": q, "limit": 5} for q in QUERIES] + [{"query": "PP 3", "limit": 5, "category": "visas"}]
    static = run_static(built[2], asks, tmp_path)
    for ask, s in zip(asks, static, strict=True):
        options = {k: v for k, v in ask.items() if k != "query"}
        python = search(built[1], ask["query"], **options)
        keys = ("id", "anchor", "section", "snippet", "ref", "section_ref", "sections")
        assert [[r[k] for k in keys] for r in s["response"]["results"]] == [
            [r[k] for k in keys] for r in python["results"]
        ], ask
        assert (s["response"]["total"], s["response"]["match"]) == (python["total"], python["match"]), ask


@pytest.mark.parametrize("content", ["not json", '["PP 3"]', '{"PP 3": 3}', ""])
def test_a_damaged_refs_file_finds_no_reference_and_breaks_nothing(tmp_path, content) -> None:
    generation = tmp_path / "generation"
    generation.mkdir()
    (generation / "refs.json").write_text(content, "utf-8")
    assert RefIndex.load(generation).cite("PP 3") is None


@pytest.mark.parametrize(
    "query",
    ["PP 3" + " " * 5000, " " * 5000 + "PP 3", "PP " + "3." * 3000, "PP 3 §2|.*", "(PP) 3", "PP 3 §2 §3"],
)
def test_long_or_regex_like_queries_are_not_references(query) -> None:
    assert parse_citation(query) is None
