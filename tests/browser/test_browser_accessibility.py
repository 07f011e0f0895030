"""WCAG 2.1 AA in real Chromium: axe-core on every page type of both editions, on screen
and in print, and what axe cannot judge: the keyboard alone finds and opens a procedure,
the result count is announced, focus is visible, the skip link works, lang is right.

Pages are served by `cli.py serve` (the search API answers, a missing page gets the
site's 404 page). axe is injected into each page, so those contexts bypass the
Content-Security-Policy (test_browser_csp.py checks the policy itself).
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from axe_audit import axe_violations
from playwright.sync_api import expect

LOST = "passports/passport-lost/"
LOST_TITLE = "การขอหนังสือเดินทางใหม่กรณีหนังสือเดินทางสูญหายหรือถูกขโมย"
ENGLISH = "foreigners/e-visa/"
SEARCH = "#ecm-search-input"
HITS = ".ecm-search__results .ecm-hit__link"

# page type -> path, in both editions
PAGE_TYPES = {
    "home": "",
    "category": "passports/",
    "procedure-thai": LOST,
    "procedure-english": ENGLISH,
    "glossary": "glossary/",
    "tags": "tags/",
    "tag": "tags/passport/",
    "whats-new": "whats-new/",
    "results": "search/?q=%E0%B8%9E%E0%B8%B2%E0%B8%AA%E0%B8%AB%E0%B8%B2%E0%B8%A2",  # พาสหาย
    "not-found": "no-such-page/",
}
# only the internal edition has these
INTERNAL_PAGE_TYPES = {
    "procedure-internal": "protection/repatriation-loan/",
    "review": "stale/",
    "guide": "guides/editing/",
}
EDITIONS = ("internal", "public")
CASES = [(edition, kind) for edition in EDITIONS for kind in PAGE_TYPES] + [
    ("internal", kind) for kind in INTERNAL_PAGE_TYPES
]


@pytest.fixture
def edition_url(request) -> str:
    return request.getfixturevalue("api_url" if request.param == "internal" else "public_api_url")


@pytest.fixture
def audit_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="th-TH", bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


def open_page(page, url: str, kind: str):
    path = PAGE_TYPES.get(kind, INTERNAL_PAGE_TYPES.get(kind))
    response = page.goto(url + path)
    assert response.status == (404 if kind == "not-found" else 200), path
    if kind == "results":  # audit the page with its results drawn, not while it asks
        page.wait_for_selector(".ecm-results__list > li.ecm-result")
    return response


def assert_no_violations(page, where: str) -> None:
    found = axe_violations(page)
    assert not found, f"{where}:\n  " + "\n  ".join(found)


@pytest.mark.parametrize(("edition_url", "kind"), CASES, indirect=["edition_url"], ids=lambda x: x)
@pytest.mark.parametrize("media", ["screen", "print"])
def test_axe_finds_no_wcag_a_or_aa_violation(audit_page, edition_url: str, kind: str, media: str) -> None:
    open_page(audit_page, edition_url, kind)
    audit_page.emulate_media(media=media)
    assert_no_violations(audit_page, f"{kind} ({media}) at {audit_page.url}")


@pytest.mark.parametrize("edition_url", EDITIONS, indirect=True)
def test_axe_finds_nothing_in_the_open_search_results(audit_page, edition_url: str) -> None:
    audit_page.goto(edition_url + LOST)
    audit_page.locator(SEARCH).press_sequentially("พาสหาย", delay=30)
    audit_page.wait_for_selector(HITS)
    audit_page.locator(HITS).first.focus()  # a focused hit has its own colours
    assert_no_violations(audit_page, "search results panel")
    audit_page.locator(SEARCH).fill("")
    audit_page.locator(SEARCH).press_sequentially("หนังสือเดินทง", delay=30)  # the did-you-mean line
    audit_page.locator(".ecm-search__suggest").wait_for(state="visible")
    assert_no_violations(audit_page, "search suggestion")


def focused(page) -> dict[str, str]:
    return page.evaluate(
        """() => {
          const el = document.activeElement, s = getComputedStyle(el);
          return {id: el.id, cls: el.className, href: el.getAttribute('href') || '',
                  outline: s.outlineStyle, outlineWidth: s.outlineWidth};
        }"""
    )


def test_keyboard_alone_finds_a_procedure_through_the_search_box(page, api_url: str, tmp_path: Path) -> None:
    page.goto(api_url + "glossary/")
    for _ in range(10):  # Tab through the skip link and the header into the search box
        page.keyboard.press("Tab")
        if focused(page)["id"] == "ecm-search-input":
            break
    assert focused(page)["id"] == "ecm-search-input"
    page.keyboard.type("พาสหาย", delay=30)
    page.wait_for_selector(HITS)
    expect(page.locator(SEARCH)).to_have_attribute("aria-expanded", "true")

    page.keyboard.press("ArrowDown")
    first = focused(page)
    assert "ecm-hit__link" in first["cls"] and LOST in first["href"]
    assert first["outline"] != "none" and first["outlineWidth"] != "0px"  # where focus is shows
    page.screenshot(path=str(tmp_path / "keyboard-result.png"))
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    assert focused(page)["href"] == first["href"]
    page.keyboard.press("ArrowUp")
    assert focused(page)["id"] == "ecm-search-input"

    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**/" + LOST + "**")
    assert page.locator("h1").text_content() == LOST_TITLE
    assert page.errors == []


def test_escape_closes_the_results_and_keeps_focus_in_the_box(page, api_url: str) -> None:
    page.goto(api_url)
    page.locator(SEARCH).press_sequentially("สมรส", delay=30)
    page.wait_for_selector(HITS)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Escape")
    expect(page.locator("#ecm-search-panel")).to_be_hidden()
    expect(page.locator(SEARCH)).to_have_attribute("aria-expanded", "false")
    assert focused(page)["id"] == "ecm-search-input"


def test_the_number_of_results_is_announced_in_thai(page, api_url: str) -> None:
    page.goto(api_url)
    live = page.locator("#ecm-search-announce")
    assert live.get_attribute("role") == "status"  # a polite live region, there before any search
    assert not page.locator("#ecm-search-panel").locator("#ecm-search-announce").count()
    expect(page.locator(SEARCH)).to_have_attribute("aria-describedby", "ecm-search-status")
    page.locator(SEARCH).press_sequentially("สมรส", delay=30)
    page.wait_for_selector(HITS)
    expect(live).to_have_text(re.compile(r"^พบ \d+ เรื่อง"))
    expect(page.locator("#ecm-search-status")).to_have_text(live.text_content())
    page.locator(SEARCH).fill("")
    page.locator(SEARCH).press_sequentially("qqqzzzxxx", delay=30)
    expect(live).to_have_text("ไม่พบเรื่องที่ตรงกับ “qqqzzzxxx”")


def test_skip_link_shows_on_focus_and_moves_to_the_content(page, api_url: str, tmp_path: Path) -> None:
    page.goto(api_url + LOST)
    page.keyboard.press("Tab")
    skip = page.locator(".md-skip")
    assert skip.count() == 1
    expect(skip).to_be_focused()
    expect(skip).to_have_text("ข้ามไปที่เนื้อหา")
    assert skip.bounding_box()["width"] > 0  # shown when focused, not only to screen readers
    page.screenshot(path=str(tmp_path / "skip-link.png"))
    page.keyboard.press("Enter")
    expect(page.locator("#ecm-content")).to_be_focused()
    page.keyboard.press("Tab")  # the next stop is inside the article, not the navigation
    assert page.evaluate("() => document.getElementById('ecm-content').contains(document.activeElement)")


def test_focus_rings_show_on_the_search_box_and_checklist(page, api_url: str, tmp_path: Path) -> None:
    page.goto(api_url + LOST)
    page.locator(SEARCH).focus()
    ring = focused(page)
    assert ring["outline"] != "none" and ring["outlineWidth"] != "0px"
    header = {"x": 600, "y": 0, "width": 680, "height": 60}
    page.screenshot(path=str(tmp_path / "focus-search.png"), clip=header)
    box = page.locator(".task-list-item input[type=checkbox]").first
    box.focus()
    ring = page.evaluate(
        """() => {
          const indicator = document.activeElement.nextElementSibling;
          const s = getComputedStyle(indicator, '::before');
          return {outline: s.outlineStyle, width: s.outlineWidth};
        }"""
    )
    assert ring["outline"] != "none" and ring["width"] != "0px"
    page.keyboard.press("Space")  # the keyboard ticks it
    assert box.is_checked()
    page.screenshot(path=str(tmp_path / "focus-checkbox.png"), full_page=True)


def test_each_checklist_box_is_named_by_its_item(page, static_url: str) -> None:
    page.goto(static_url + LOST)
    items = page.locator(".task-list-item")
    assert items.count() == 4
    for i in range(items.count()):
        item = items.nth(i)
        name = item.locator("input[type=checkbox]").get_attribute("aria-label")
        assert name and name == " ".join(item.inner_text().split())


def test_lang_marks_english_pages_and_english_passages(page, static_url: str) -> None:
    page.goto(static_url + ENGLISH)
    assert page.locator("html").get_attribute("lang") == "en"
    thai_parts = ("header.md-header", ".md-sidebar--primary", "footer.md-footer", ".md-skip", ".ecm-meta")
    for thai_part in thai_parts:
        assert page.locator(thai_part).first.get_attribute("lang") == "th", thai_part
    page.goto(static_url + LOST)
    assert page.locator("html").get_attribute("lang") == "th"
    assert page.locator(".ecm-title-en").get_attribute("lang") == "en"
    assert page.locator(".ecm-badge--public span[lang=en]").text_content() == "public"


def test_headings_step_down_one_level_at_a_time(page, static_url: str) -> None:
    for path in ("", LOST, ENGLISH, "glossary/", "whats-new/", "stale/"):
        page.goto(static_url + path)
        levels = page.eval_on_selector_all(
            "article h1, article h2, article h3, article h4, article h5, article h6",
            "hs => hs.map(h => Number(h.tagName[1]))",
        )
        assert levels[:1] == [1], path
        assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), (path, levels)
