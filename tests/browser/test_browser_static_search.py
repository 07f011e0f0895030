"""The static search in Chromium: the same answers as the API with no server, from a
plain file server and from a file:// copy of the site (a USB stick)."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from indexer.text.analysis import analyze
from search.engine import SearchEngine
from search.query import parse_query
from tests.relevance.metrics import CUTOFF, QUERIES, Judged

SEARCH = "#ecm-search-input"
HITS = ".ecm-search__results .ecm-hit__link"
TOP_ONE_AGREEMENT = 0.98
MRR_GAP = 0.01

ASK_ALL = """async (queries) => {
  const index = await window.ECM.staticIndex();
  const out = [];
  for (const q of queries) {
    const words = window.ECM.text.parseQuery(q).words.join(" ");
    const answer = await window.ECM.search(q, {limit: LIMIT});
    out.push({tokens: window.ECM.text.queryTokens(words, index.dict), answer});
  }
  return out;
}""".replace("LIMIT", str(CUTOFF))


def test_chromium_answers_every_relevance_query_like_the_api(page, static_url: str, built) -> None:
    queries = yaml.safe_load(QUERIES.read_text(encoding="utf-8"))
    engine = SearchEngine(built[1])
    page.goto(static_url)
    static = page.evaluate(ASK_ALL, [q["query"] for q in queries])
    assert {s["answer"]["source"] for s in static} == {"static"}
    same_top, api_rr, static_rr = 0, [], []
    for q, s in zip(queries, static, strict=True):
        tokens = [t.text for t in analyze(engine.analyzer, " ".join(parse_query(q["query"]).words))]
        assert s["tokens"] == tokens, q["query"]
        api = [r.id for r in engine.search(q["query"], limit=CUTOFF).results]
        mine = [r["id"] for r in s["answer"]["results"]]
        same_top += api[:1] == mine[:1]
        api_rr.append(Judged(q["query"], q["kind"], q["relevant"], api).reciprocal_rank)
        static_rr.append(Judged(q["query"], q["kind"], q["relevant"], mine).reciprocal_rank)
    assert same_top / len(queries) >= TOP_ONE_AGREEMENT
    assert abs(sum(api_rr) - sum(static_rr)) / len(queries) <= MRR_GAP
    assert page.errors == []


def test_a_file_copy_of_the_site_searches_with_no_server(page, built, tmp_path: Path) -> None:
    stick = tmp_path / "usb-stick"
    shutil.copytree(built[0], stick)
    page.goto((stick / "family" / "index.html").as_uri())
    page.locator(SEARCH).press_sequentially("พาสหาย", delay=40)
    page.wait_for_selector('[data-ecm-source="static"][data-ecm-query="พาสหาย"] ' + HITS, timeout=15000)
    first = page.eval_on_selector_all(HITS, "links => links.map(a => [a.href, a.innerHTML])")[0]
    assert first[0].startswith((stick / "passports" / "passport-lost").as_uri())
    assert "<mark>" in first[1]
    engine = SearchEngine(built[1])
    for query in ("สอท. สมรส", "pasport lost", '"หนังสือเดินทาง หาย"', "visa -thai"):
        answer = page.evaluate("q => window.ECM.search(q, {limit: 10})", query)
        expected = engine.search(query, limit=10).to_dict()
        assert [r["id"] for r in answer["results"]] == [r["id"] for r in expected["results"]], query
        assert (answer["suggestion"], answer["match"], answer["missing"]) == (
            expected["suggestion"], expected["match"], expected["missing"],
        ), query  # fmt: skip
    assert page.errors == []


def test_filters_reach_the_static_engine(page, static_url: str, built) -> None:
    engine = SearchEngine(built[1])
    page.goto(static_url)
    for options in ({"category": "passports"}, {"lang": "en"}):
        answer = page.evaluate(
            "([q, o]) => window.ECM.search(q, Object.assign({limit: 10}, o))", ["visa", options]
        )
        expected = engine.search("visa", limit=10, **options)
        assert [r["id"] for r in answer["results"]] == [r.id for r in expected.results], options
    # an unknown value is refused by both engines, as the API answers 400
    refused = page.evaluate(
        "() => window.ECM.search('visa', {category: 'no-such-category'}).then(() => '', e => e.name)"
    )
    assert refused == "UnknownFilterValue"
