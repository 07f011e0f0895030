"""The phone layout (375 px), the Thai 404 page and the glossary, in Chromium; the
screenshots land in the test's folder for a person to look at."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

PHONE = {"width": 375, "height": 800}


def phone_page(browser):
    context = browser.new_context(viewport=PHONE, locale="th-TH", is_mobile=True, has_touch=True)
    return context, context.new_page()


def test_phone_shows_the_full_site_title_and_folds_the_metadata(
    browser, api_url: str, tmp_path: Path
) -> None:
    context, page = phone_page(browser)
    try:
        page.goto(api_url + "passports/passport-lost/")
        title = page.locator(".md-header__topic:first-child .md-ellipsis")
        expect(title).to_be_visible()
        fits = title.evaluate(
            "el => el.scrollWidth <= el.clientWidth + 1 && el.textContent.trim().length > 5"
        )
        assert fits, "the site title is cut short"
        assert title.bounding_box()["width"] > 150
        fold = page.locator("details.ecm-meta-fold")
        assert fold.evaluate("el => el.open") is False
        expect(page.locator(".ecm-meta-fold__summary")).to_be_visible()
        first_heading = page.locator(".md-content h2").first.bounding_box()
        assert first_heading["y"] < PHONE["height"]  # the procedure starts on the first screen
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # no sideways scroll
        page.screenshot(path=str(tmp_path / "phone-procedure.png"))
        page.locator(".ecm-meta-fold__summary").click()
        expect(page.locator(".ecm-meta")).to_be_visible()
        page.goto(api_url + "search/?q=passport")
        page.wait_for_selector(".ecm-results__list > li")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.screenshot(path=str(tmp_path / "phone-results.png"))
    finally:
        context.close()


def test_desktop_keeps_the_metadata_open(page, api_url: str) -> None:
    page.goto(api_url + "passports/passport-lost/")
    assert page.locator("details.ecm-meta-fold").evaluate("el => el.open") is True
    expect(page.locator(".ecm-meta-fold__summary")).to_be_hidden()
    expect(page.locator(".ecm-meta")).to_be_visible()


def test_unknown_address_gets_the_thai_404_page_under_serve(page, api_url: str, tmp_path: Path) -> None:
    response = page.goto(api_url + "passports/no-such-procedure/")
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("ไม่พบหน้าที่ต้องการ")
    page.locator("a", has_text="หน้าแรกของคู่มืองานกงสุล").click()
    page.wait_for_url(api_url)
    assert page.errors == []
    page.screenshot(path=str(tmp_path / "404.png"))


def test_thai_404_page_on_a_phone(browser, api_url: str, tmp_path: Path) -> None:
    context, page = phone_page(browser)
    try:
        page.goto(api_url + "ไม่มีหน้านี้/")
        expect(page.locator("h1")).to_have_text("ไม่พบหน้าที่ต้องการ")
        page.screenshot(path=str(tmp_path / "phone-404.png"))
    finally:
        context.close()


def test_glossary_page_lists_abbreviations_then_search_words(page, static_url: str, tmp_path: Path) -> None:
    page.goto(static_url + "glossary/")
    tables = page.locator("table.ecm-glossary")
    assert tables.count() == 2
    abbreviations = tables.nth(0).locator(".ecm-term").all_text_contents()
    assert "ทร.14 / ท.ร.14" in abbreviations and "ท.ร.14" not in abbreviations
    assert "แฟน" in tables.nth(1).locator(".ecm-term").all_text_contents()
    page.screenshot(path=str(tmp_path / "glossary.png"), full_page=True)
