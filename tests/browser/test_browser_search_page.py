"""The search box's shortcuts, Enter, recent searches and the results page search/?q=…,
in Chromium, under `serve` (API) and as plain files (the static engine)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from playwright.sync_api import expect

LOST_TITLE = "การขอหนังสือเดินทางใหม่กรณีหนังสือเดินทางสูญหายหรือถูกขโมย"
SEARCH = "#ecm-search-input"
RESULTS = ".ecm-results__list > li.ecm-result"


def query_of(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def fake_answer(count: int, **extra: object) -> str:
    results = [
        {"id": f"p{i}", "title": f"เรื่องที่ {i}", "title_en": "", "category": "passports", "lang": "th",
         "url": "passports/passport-lost/", "path": "", "score": 1, "snippet": "ข้อความ <mark>คำ</mark>",
         "section": "ภาพรวม", "anchor": "ภาพรวม",
         "sections": [{"heading": f"ส่วน {i}.{j}", "anchor": f"s{j}", "snippet": "x"} for j in range(4)]}
        for i in range(1, count + 1)
    ]  # fmt: skip
    return json.dumps({"query": "คำ", "total": count, "suggestion": None, "results": results, **extra})


def test_slash_and_ctrl_k_put_the_cursor_in_the_search_box(page, api_url: str) -> None:
    page.goto(api_url + "passports/passport-lost/")
    page.locator("h1").click()
    page.keyboard.press("/")
    expect(page.locator(SEARCH)).to_be_focused()
    expect(page.locator(SEARCH)).to_have_value("")  # the slash is not typed into it
    page.locator("h1").click()
    page.keyboard.press("Control+k")
    expect(page.locator(SEARCH)).to_be_focused()


def test_enter_opens_the_results_page_for_the_words_in_the_box(page, api_url: str, tmp_path: Path) -> None:
    page.goto(api_url + "family/marriage-registration/")
    box = page.locator(SEARCH)
    box.press_sequentially("passport", delay=30)
    page.wait_for_selector(".ecm-search__results .ecm-hit__link")
    box.press_sequentially(" lost", delay=0)
    box.press("Enter")  # before the new hits arrive: the page is for "passport lost"
    page.wait_for_url("**/search/?q=*")
    assert query_of(page.url) == {"q": "passport lost"}
    page.wait_for_selector(RESULTS)
    first = page.locator(RESULTS).first
    assert first.locator(".ecm-result__title").text_content() == LOST_TITLE
    page.screenshot(path=str(tmp_path / "results.png"), full_page=True)
    assert page.errors == []


def test_results_are_grouped_by_procedure_with_deep_links_to_passages(page, api_url: str) -> None:
    page.goto(api_url + "search/?q=" + "พาสหาย")
    page.wait_for_selector(RESULTS)
    first = page.locator(RESULTS).first
    sections = first.locator(".ecm-result__section-link")
    assert 1 <= sections.count() <= 3
    href = unquote(sections.first.get_attribute("href"))
    assert "/passports/passport-lost/#" in href
    sections.first.click()
    page.wait_for_url("**/passports/passport-lost/#*")
    anchor = unquote(page.url.split("#", 1)[1])
    assert page.locator(f"[id='{anchor}']").count() == 1


def test_results_page_works_without_the_api(page, static_url: str) -> None:
    page.goto(static_url + "search/?q=" + "ตราพำนัก")
    page.wait_for_selector('[data-ecm-source="static"] ' + RESULTS, timeout=15000)
    lost = page.locator(RESULTS).filter(has_text=LOST_TITLE).first
    link = lost.locator(".ecm-result__section-link").first
    assert "/passports/passport-lost/#" in unquote(link.get_attribute("href"))
    assert page.errors == []


def test_every_result_is_reachable_through_the_pager(page, static_url: str) -> None:
    page.route("**/api/search*", lambda route: route.fulfill(
        status=200, content_type="application/json", body=fake_answer(25)))  # fmt: skip
    page.goto(static_url + "search/?q=คำ")
    page.wait_for_selector(RESULTS)
    assert page.locator(RESULTS).count() == 10
    # at most three sections under each procedure, though the answer holds four
    assert page.locator(RESULTS).first.locator(".ecm-result__section").count() == 3
    pager = page.locator(".ecm-results__form ~ .ecm-pager")
    assert pager.locator("a").all_text_contents() == ["2", "3"]
    pager.locator("a", has_text="3").click()
    page.wait_for_url("**page=3*")
    page.wait_for_selector(RESULTS)
    titles = page.locator(".ecm-result__title").all_text_contents()
    assert titles == [f"เรื่องที่ {i}" for i in range(21, 26)]


def test_filters_go_into_the_address_and_into_the_search(page, api_url: str) -> None:
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if "/api/search?" in r.url else None)
    page.goto(api_url + "search/?q=passport")
    page.wait_for_selector(RESULTS)
    page.locator("select[name=lang]").select_option("en")
    page.wait_for_url("**lang=en*")
    page.wait_for_selector(RESULTS)
    assert query_of(page.url) == {"q": "passport", "lang": "en"}
    assert query_of(asked[-1])["lang"] == "en"
    langs = page.locator(RESULTS).evaluate_all("items => items.map(i => i.lang)")
    assert langs and set(langs) == {"en"}
    page.locator("select[name=category]").select_option("foreigners")
    page.wait_for_url("**category=foreigners*")
    page.wait_for_selector(".ecm-results__status:not(:empty)")
    assert query_of(asked[-1])["category"] == "foreigners"


def test_partial_match_and_did_you_mean_are_shown(page, static_url: str) -> None:
    body = fake_answer(2, match="partial", missing=["ญี่ปุ่น"], suggestion="คำใหม่")
    page.route("**/api/search*", lambda route: route.fulfill(
        status=200, content_type="application/json", body=body))  # fmt: skip
    page.goto(static_url + "search/?q=คำ")
    page.wait_for_selector(RESULTS)
    note = page.locator(".ecm-results__match")
    expect(note).to_be_visible()
    assert note.text_content() == "ไม่พบเรื่องที่ตรงกับ ญี่ปุ่นทั้งหมด"  # as the CLI says it
    # the results come under a heading of their own, not as an answer ("พบ 2 เรื่อง")
    expect(page.locator(".ecm-results__status")).to_have_text(re.compile(r"^ผลที่ตรงบางส่วน 2 เรื่อง"))
    page.locator(SEARCH).fill("")
    page.locator(SEARCH).press_sequentially("คำ", delay=30)  # the box says it the same way
    expect(page.locator("#ecm-search-announce")).to_have_text(
        "ไม่พบเรื่องที่ตรงกับ ญี่ปุ่นทั้งหมด · ตรงบางส่วน 2 เรื่อง · กดลูกศรลงเพื่อเลือก"
    )
    suggestion = page.locator(".ecm-results__suggest")
    assert suggestion.text_content() == "คำใหม่"
    assert query_of(suggestion.get_attribute("href"))["q"] == "คำใหม่"


def test_answers_without_match_show_no_match_note(page, static_url: str) -> None:
    page.route("**/api/search*", lambda route: route.fulfill(
        status=200, content_type="application/json", body=fake_answer(1)))  # fmt: skip
    page.goto(static_url + "search/?q=คำ")
    page.wait_for_selector(RESULTS)
    expect(page.locator(".ecm-results__match")).to_be_hidden()


def test_the_box_remembers_recent_searches_on_this_device(page, api_url: str) -> None:
    page.goto(api_url)
    for words in ("พาสหาย", "visa"):
        page.locator(SEARCH).fill(words)
        page.locator(SEARCH).press("Enter")
        page.wait_for_url("**/search/?q=*")
    page.goto(api_url + "passports/")
    page.locator(SEARCH).focus()
    recent = page.locator(".ecm-search__recent-link")
    expect(recent.first).to_be_visible()
    assert recent.all_text_contents() == ["visa", "พาสหาย"]
    page.locator(".ecm-search__recent-clear").click()
    page.locator(SEARCH).blur()
    page.locator(SEARCH).focus()
    assert page.locator(".ecm-search__recent-link").count() == 0


def test_the_box_asks_whatever_window_ecm_search_is_now(page, static_url: str) -> None:
    page.goto(static_url)
    page.evaluate(
        """window.ECM.search = (q, opts) => Promise.resolve({source: "other", query: q, total: 1,
             suggestion: null, results: [{id: "x", title: "จาก ECM.search " + q, title_en: "",
             category: "passports", lang: "th", url: "passports/passport-lost/", anchor: "",
             section: "", snippet: "", sections: []}]});"""
    )
    page.locator(SEARCH).press_sequentially("คำ", delay=20)
    expect(page.locator('[data-ecm-source="other"] .ecm-hit__title').first).to_have_text("จาก ECM.search คำ")
