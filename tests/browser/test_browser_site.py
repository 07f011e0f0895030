"""The site in real headless Chromium: search box (API and static engine), Thai glyphs, print."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

import pytest
from playwright.sync_api import expect

from bench.live.chromium import CHROMIUM, CHROMIUM_ARGS

LOST_TITLE = "การขอหนังสือเดินทางใหม่กรณีหนังสือเดินทางสูญหายหรือถูกขโมย"
SEARCH = "#ecm-search-input"
HITS = ".ecm-search__results .ecm-hit__link"


def type_query(page, text: str) -> None:
    page.locator(SEARCH).press_sequentially(text, delay=40)


def wait_for_answer(page, query: str, source: str) -> None:
    """Until the box shows `source`'s hits for the whole query: while typing, it may show
    those of a prefix (on a loaded machine keystrokes can fall more than the debounce apart)."""
    page.wait_for_selector(f'[data-ecm-source="{source}"][data-ecm-query="{query}"] ' + HITS, timeout=15000)


def hits(page) -> list[dict[str, str]]:
    return page.eval_on_selector_all(
        HITS,
        """links => links.map(a => ({
            href: a.href,
            title: a.querySelector('.ecm-hit__title').textContent,
            snippet: (a.querySelector('.ecm-hit__snippet') || {}).innerHTML || ''}))""",
    )


def test_thai_word_typed_into_the_search_box_finds_the_procedure(page, api_url: str, tmp_path: Path) -> None:
    page.goto(api_url + "family/marriage-registration/")  # two levels deep: the API root is ../../
    type_query(page, "พาสหาย")
    wait_for_answer(page, "พาสหาย", "api")
    found = hits(page)
    assert found[0]["title"] == LOST_TITLE
    href = unquote(found[0]["href"])
    assert href.startswith(api_url + "passports/passport-lost/#")
    assert "<mark>" in found[0]["snippet"]
    page.screenshot(path=str(tmp_path / "search-results.png"))

    page.locator(HITS).first.click()
    page.wait_for_url("**/passports/passport-lost/**")
    anchor = unquote(page.url.split("#", 1)[1])
    assert page.locator(f"[id='{anchor}']").count() == 1  # the result lands on its section
    assert page.errors == []


def test_abbreviation_and_english_find_procedures_from_the_home_page(page, api_url: str) -> None:
    page.goto(api_url)
    type_query(page, "lost passport")
    wait_for_answer(page, "lost passport", "api")
    assert hits(page)[0]["title"] == LOST_TITLE


def test_misspelt_query_offers_the_correction(page, api_url: str) -> None:
    page.goto(api_url + "passports/")
    type_query(page, "หนังสือเดินทง")
    suggestion = page.locator(".ecm-search__suggest")
    suggestion.wait_for(state="visible")
    assert suggestion.text_content() == "หนังสือเดินทาง"
    suggestion.click()
    expect(page.locator(".ecm-search__suggestion")).to_be_hidden()
    expect(page.locator(SEARCH)).to_have_value("หนังสือเดินทาง")
    assert hits(page)


def test_with_no_api_the_static_engine_finds_a_thai_word_mid_sentence(page, static_url: str, built) -> None:
    """วีซ่าหรือตราพำนักในเล่มเดิม...: ตราพำนัก is written between other words, no spaces;
    with no server the box lists what the API would, in the API's order. The hits of a
    prefix (other procedures) are on screen first, as when the officer pauses mid-word."""
    from search.engine import SearchEngine

    page.goto(static_url + "voting/")
    type_query(page, "ตราพำน")
    wait_for_answer(page, "ตราพำน", "static")
    type_query(page, "ัก")
    wait_for_answer(page, "ตราพำนัก", "static")
    found = hits(page)
    expected = SearchEngine(built[1]).search("ตราพำนัก", limit=len(found)).results
    assert [h["title"] for h in found] == [r.title for r in expected]
    lost = next(h for h in found if h["title"] == LOST_TITLE)
    assert unquote(lost["href"]).startswith(static_url + "passports/passport-lost/")
    assert "<mark>ตราพำนัก</mark>" in lost["snippet"]  # the box joins touching marks
    assert page.errors == []


def test_snippet_markup_other_than_mark_is_shown_as_text(page, static_url: str) -> None:
    page.route(
        "**/api/search*",
        lambda route: route.fulfill(
            status=200,
            content_type="application/json",
            body='{"query": "x", "total": 1, "suggestion": "<img src=x onerror=alert(1)>", "results": ['
            '{"id": "a", "title": "<b>t</b>", "title_en": "", "category": "passports", "lang": "th",'
            ' "url": "passports/passport-lost/", "path": "", "score": 1, "section": "", "anchor": "",'
            ' "snippet": "&lt;i&gt;safe&lt;/i&gt; <mark>hit</mark> <img src=x onerror=alert(2)>"}]}',
        ),
    )
    page.goto(static_url)
    type_query(page, "x")
    page.wait_for_selector(HITS)
    link = page.locator(HITS).first
    assert link.locator("img, b, i").count() == 0
    assert link.locator(".ecm-hit__title").text_content() == "<b>t</b>"
    assert link.locator("mark").text_content() == "hit"
    assert "<i>safe</i>" in link.locator(".ecm-hit__snippet").text_content()
    assert page.locator(".ecm-search__suggestion img").count() == 0


THAI_SHAPING = """() => {
  const h1 = document.querySelector("h1");
  const probe = (text) => {
    const span = document.createElement("span");
    span.textContent = text;
    span.style.cssText = "position:absolute;white-space:nowrap;visibility:hidden";
    h1.appendChild(span);
    const width = span.getBoundingClientRect().width;
    span.remove();
    return width;
  };
  return {
    base: probe("กกกกกก"),
    marked: probe("กี่กี่กี่กี่กี่กี่"),   // above-vowel and tone mark must stack on the consonant
    unassigned: probe("\\u0e7f\\u0e7f\\u0e7f\\u0e7f\\u0e7f\\u0e7f"),  // no font has these: tofu
  };
}"""


def thai_renders(page) -> bool:
    """True when Thai is drawn from a real Thai font: marks stack, letters are not boxes."""
    m = page.evaluate(THAI_SHAPING)
    return m["marked"] < 1.25 * m["base"] and abs(m["base"] - m["unassigned"]) > 0.05 * m["base"]


def fonts_used(page, selector: str) -> list[str]:
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return [f["familyName"] for f in fonts if f["glyphCount"]]


def test_procedure_page_draws_thai_glyphs_not_boxes(page, static_url: str, tmp_path: Path) -> None:
    page.goto(static_url + "passports/passport-lost/")
    assert page.locator("h1").text_content() == LOST_TITLE
    assert thai_renders(page)
    used = fonts_used(page, "h1.ecm-title")
    print("fonts drawing the title:", used)
    assert used and not {"DejaVu Sans", "DejaVu Serif"} & set(used)
    page.screenshot(path=str(tmp_path / "procedure.png"))


def test_the_glyph_check_fails_without_a_thai_font(
    playwright_session, static_url: str, dejavu_only_fonts
) -> None:
    browser = playwright_session.chromium.launch(
        executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, env=dejavu_only_fonts
    )
    try:
        page = browser.new_page()
        page.goto(static_url + "passports/passport-lost/")
        assert not thai_renders(page)
    finally:
        browser.close()


def test_print_view_keeps_the_checklist_and_drops_navigation(page, static_url: str, tmp_path: Path) -> None:
    page.goto(static_url + "passports/passport-lost/")
    page.emulate_media(media="print")
    for hidden in (
        ".md-header",
        ".md-sidebar--primary",
        ".md-sidebar--secondary",
        ".ecm-search",
        ".ecm-print",
    ):
        assert not page.locator(hidden).first.is_visible(), hidden
    items = page.locator(".task-list-item")
    assert items.count() == 4
    assert all(items.nth(i).is_visible() for i in range(4))
    box = page.evaluate(
        """() => {
          const s = getComputedStyle(document.querySelector('.task-list-indicator'), '::before');
          return {border: s.borderTopWidth, style: s.borderTopStyle, width: s.width, mask: s.maskImage};
        }"""
    )
    assert box["style"] == "solid" and box["border"] != "0px" and box["mask"] in ("none", "")
    assert page.locator(".ecm-meta").is_visible()
    page.screenshot(path=str(tmp_path / "print.png"), full_page=True)


PAGES = ["", "passports/", "glossary/", "tags/", "whats-new/", "stale/", "passports/passport-lost/"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_load_without_script_errors_or_outside_requests(browser, static_url: str, path: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    outside: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(static_url) else outside.append(r.url))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(static_url + path, wait_until="networkidle")
    context.close()
    assert outside == [] and errors == []
