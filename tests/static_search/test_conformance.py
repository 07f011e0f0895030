"""The browser's engine answers like /api/search: the Python engine writes the vectors
(segmentation, top ten, suggestion, snippets) for every query of the relevance suites,
and the JavaScript engine, run in Node on the exported index, must agree."""

from __future__ import annotations

import pytest

from indexer.errors import StaticExportFailed, UnknownFilterValue
from indexer.site.static_search import FOLDER, export_static_search, start_export
from indexer.text.analysis import analyze
from search.query import parse_query
from tests.relevance.metrics import CUTOFF, Judged
from tests.static_search.conftest import Exported, run_static

TOP_ONE_AGREEMENT = 0.98
MRR_GAP = 0.01


def python_side(exported: Exported, query: str, **options) -> tuple[list[str], dict]:
    engine = exported.engine
    tokens = [t.text for t in analyze(engine.analyzer, " ".join(parse_query(query).words))]
    return tokens, engine.search(query, **options).to_dict()


def mrr(queries: list[dict], ranked: list[list[str]]) -> float:
    graded = [(q, r) for q, r in zip(queries, ranked, strict=True) if q["relevant"]]
    ranks = [Judged(q["query"], q["kind"], q["relevant"], r).reciprocal_rank for q, r in graded]
    return sum(ranks) / len(ranks)


@pytest.fixture(scope="module")
def agreement(exported: Exported, tmp_path_factory):
    queries = exported.queries()
    static = run_static(exported.site, [{"query": q["query"], "limit": CUTOFF} for q in queries],
                        tmp_path_factory.mktemp("vectors"))  # fmt: skip
    python = [python_side(exported, q["query"], limit=CUTOFF) for q in queries]
    return queries, python, static


def test_every_query_is_segmented_the_same(agreement) -> None:
    queries, python, static = agreement
    together = zip(queries, python, static, strict=True)
    differ = [(q["query"], p[0], s["tokens"]) for q, p, s in together if p[0] != s["tokens"]]
    assert not differ


def test_the_top_result_is_the_same(agreement) -> None:
    queries, python, static = agreement
    same = sum(
        [r["id"] for r in p[1]["results"][:1]] == [r["id"] for r in s["response"]["results"][:1]]
        for p, s in zip(python, static, strict=True)
    )
    assert same / len(queries) >= TOP_ONE_AGREEMENT


def test_mrr_matches_the_api(agreement) -> None:
    queries, python, static = agreement
    api = mrr(queries, [[r["id"] for r in p[1]["results"]] for p in python])
    browser = mrr(queries, [[r["id"] for r in s["response"]["results"]] for s in static])
    assert abs(api - browser) <= MRR_GAP, (api, browser)


def test_suggestions_match_and_snippets_are_the_same(agreement) -> None:
    queries, python, static = agreement
    for q, p, s in zip(queries, python, static, strict=True):
        assert p[1]["suggestion"] == s["response"]["suggestion"], q["query"]
        if (
            p[1]["results"][:1]
            and s["response"]["results"][:1]
            and p[1]["results"][0]["id"] == s["response"]["results"][0]["id"]
        ):
            assert (p[1]["match"], p[1]["missing"]) == (s["response"]["match"], s["response"]["missing"]), q[
                "query"
            ]
        for mine, theirs in zip(p[1]["results"], s["response"]["results"], strict=False):
            if mine["id"] != theirs["id"]:
                break
            assert (mine["snippet"], mine["section"], mine["anchor"], mine["sections"]) == (
                theirs["snippet"], theirs["section"], theirs["anchor"], theirs["sections"],
            ), q["query"]  # fmt: skip


ODD_QUERIES = [
    "internet",  # a real word one page holds: kept as typed
    # real words the manual lacks: kept, cut as pages are, found by translation or not at all
    "position",
    "simple form",
    "berth certificate",  # a real word, but a far rarer one than the word the manual has
    "ท่องเที่ยว",
    "วีซ่าท่องเที่ยว",
    "ภรรยา",
    "ภรรยาต่างชาติ",
    "ทำ passport ลูกครึ่ง",
    "สละสัญชาตไทย",
    "วีซ่าเชงเก้น",  # a word of no list: its pieces searched in a row, never one by one
    "ภงด90 ซัมซุง",
    "pasport divorse military",  # `missing` names the word as typed, not its correction
    "stage transactions",
    "e-pasport non-imigrant",  # a typo in a piece of a hyphenated word
    "divroce birht witenss",  # two neighbours typed the wrong way round: one edit
    "legalized documents licenses center",  # American spellings: the British ones' words
    "birthcertificate passportlost",  # two words typed as one: split
    "nowhere",  # a real word is never split
    "หนังสือเดนิทาง",
    "",
    "   ",
    "AND OR",
    '"',
    '"หนังสือเดินทาง หาย"',
    "passport -lost",
    "-passport",
    "*",
    "?",
    "ＰＡＳＳＰＯＲＴ",
    "๒๕๖๘ หนังสือเดินทาง",
    "e-Passport",
    "e.passport",
    "U.S. visa",
    "1,000 บาท",
    "สอท.",
    "สกญ. แจ้งเกิด",  # a word naming the mission lifts, never telling beside another
    "ต่อพาสที่สถานทูต",
    "embassy consulate",  # nothing else: they are what is asked for
    "ป.พ.พ.",
    "หนังสือเดินทง",
    "pasport lsot",
    "ชำรด",
    "พาส",
    "\u200bวีซ่า\u0000",
    "ทะเบียนสมรส marriage registration",
    "x" * 400,
    "กขฃคฅฆงจฉชซฌญ",
    "😀 passport",
    "ก็",
    "เอ็ม",
    # hostile: stopwords, stopword phrases, compounds across scripts, Thai digits,
    # zero-width characters and joiners inside words, combining marks doubled
    "ของ และ ที่",
    "the of and",
    '"ต่อ ที่" "ต่อ ที่"',
    '"ของ" "ของ"',
    "ต่อ พาส ต่อ พาส",
    "ต่อพาสต่อพาส",
    "หนังสือpassport",
    "passportหาย",
    "visaสมรส",
    "๑๒๓",
    "หนังสือเดินทาง๒",
    "หนังสือ\u200bเดินทาง หาย",
    "สม\u200dรส",
    "หนังสือ\u200cเดินทาง",
    "ทะเบียน\u2060สมรส",
    "สม\u200bรส",
    "pass\u00adport passport\u200blost",
    "ก็็",
    "หนังสือเดินทางหาย่่",
    "สมรสสส",
    "ที่ที่ที่",
    # Thai that looks like the usual spelling: decomposed sara am, a tone mark typed
    # before its vowel, a doubled tone mark, a joiner inside a word
    "ยื่นค\u0e4d\u0e32ร้อง",
    "ก\u0e4d\u0e49\u0e32",
    "ท\u0e48\u0e35ดิน สมรส",
    "ผู\u0e49\u0e39เยาว์",
    "ผู้\u0e49เยาว์",
    "ท\u0e48\u0e48\u0e35ดิน",
    "ทะเบียนสม\u200dรส\u200b",
    # pythainlp's other rules: sara e twice, thanthakhat before a vowel, lakkhangyao,
    # two tone marks, a tone mark after sara aa
    "\u0e40\u0e40ปลเอกสาร",
    "สิทธ\u0e4c\u0e34",
    "ค\u0e4d\u0e45ร้อง",
    "ลายมือช\u0e37\u0e49\u0e48อ",
    "หน\u0e32\u0e49ที่",
    # what snippets mark: a compound's parts, translations headed by a stopword, quoted
    # stopwords, a query of stopwords only
    "สถานทูต",
    "ต่อใบขับขี่ที่สถานทูต",
    "renew Thai passport abroad",
    '"ของ ที่"',
    '"ที่ จะ"',
    '"of the"',
    "ของ",
    "สถาน ทูต",
    '"จดทะเบียน สมรส"',  # a quoted Thai phrase typed with spaces: as typed, or run together
    '"หนังสือ เดินทาง" หาย',
    '"ก่อน ที่" "ใน ต่างประเทศ"',
    # four letters: two neighbours the wrong way round, a real word, a swap of nothing
    "passport lsot",
    "vsia",
    "pots visa",
    "lsto passport",
    # words of other scripts no page holds: telling words, missing
    "passport паспорт",
    "паспорт",
    "ΔΙΑΒΑΤΉΡΙΟ หนังสือเดินทาง",
    "护照 visa",
    "पासपोर्ट",
]


def test_odd_queries_agree(exported: Exported, tmp_path) -> None:
    static = run_static(exported.site, [{"query": q, "limit": 10} for q in ODD_QUERIES], tmp_path)
    for query, s in zip(ODD_QUERIES, static, strict=True):
        tokens, response = python_side(exported, query, limit=10)
        assert s["tokens"] == tokens, query
        assert s["response"]["query"] == response["query"], query
        assert s["response"]["suggestion"] == response["suggestion"], query
        assert [r["id"] for r in s["response"]["results"]] == [r["id"] for r in response["results"]], query
        honest = (s["response"]["match"], s["response"]["missing"])
        assert honest == (response["match"], response["missing"]), query
        for mine, theirs in zip(response["results"], s["response"]["results"], strict=True):
            assert (mine["snippet"], mine["sections"]) == (theirs["snippet"], theirs["sections"]), query


FILTERS = [{"category": "passports"}, {"lang": "en"}, {"tag": "Passport"}, {"category": "no-such"}]


def test_filters_agree(exported: Exported, tmp_path) -> None:
    asks = [{"query": q, "limit": 10, **f} for q in ("หนังสือเดินทาง", "visa", "สมรส") for f in FILTERS]
    static = run_static(exported.site, asks, tmp_path)
    for ask, s in zip(asks, static, strict=True):
        query, options = ask["query"], {k: v for k, v in ask.items() if k != "query"}
        try:
            _, response = python_side(exported, query, **options)
        except UnknownFilterValue:  # both refuse a value no procedure has
            assert s.get("error") == "UnknownFilterValue", ask
            continue
        assert [r["id"] for r in s["response"]["results"]] == [r["id"] for r in response["results"]], ask


def test_export_refuses_the_other_editions_index(exported: Exported, tmp_path) -> None:
    with pytest.raises(StaticExportFailed, match="internal edition"):
        export_static_search(exported.index, tmp_path / "site", public_only=True)


def test_export_needs_an_index(tmp_path) -> None:
    with pytest.raises(StaticExportFailed, match="no index"):
        export_static_search(tmp_path / "nothing", tmp_path / "site", public_only=False)


def test_the_export_in_its_own_process_writes_the_same_files(exported: Exported, tmp_path) -> None:
    start_export(exported.index, tmp_path / "site", public_only=False).finish()
    mine, theirs = tmp_path / "site" / FOLDER, exported.site / FOLDER
    files = sorted(p.relative_to(mine) for p in mine.rglob("*.js"))
    assert files == sorted(p.relative_to(theirs) for p in theirs.rglob("*.js"))
    assert all((mine / f).read_bytes() == (theirs / f).read_bytes() for f in files)


def test_a_failed_export_in_its_own_process_says_why(tmp_path) -> None:
    with pytest.raises(StaticExportFailed, match="no index"):
        start_export(tmp_path / "nothing", tmp_path / "site", public_only=False).finish()
