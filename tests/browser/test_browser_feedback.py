"""มีประโยชน์ไหม / แจ้งปัญหา on a procedure page: to the server under `serve`, by e-mail
to the category's contact on a static host; and the searches the results page reports."""

from __future__ import annotations

import json
import sqlite3
from urllib.parse import parse_qs, unquote, urlsplit

from playwright.sync_api import expect

from search.web.analytics import analytics_path


def rows(index, sql):
    conn = sqlite3.connect(analytics_path(index))
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_feedback_reaches_the_server_under_serve(page, api_url: str, built) -> None:
    page.goto(api_url + "passports/passport-lost/")
    section = page.locator(".ecm-feedback")
    expect(section).to_be_visible()
    section.locator(".ecm-feedback__problem").click()
    section.locator("textarea").fill("ค่าธรรมเนียมในตารางไม่ตรงกับประกาศ")
    section.locator(".ecm-feedback__send").click()
    expect(section.locator(".ecm-feedback__status")).to_contain_text("ขอบคุณ")
    found = rows(built[1], "SELECT procedure, category, problem, comment FROM feedback")
    assert ("passport-lost", "passports", 1, "ค่าธรรมเนียมในตารางไม่ตรงกับประกาศ") in found
    report = page.request.get(api_url + "api/report")
    assert report.status == 200 and "ค่าธรรมเนียมในตารางไม่ตรงกับประกาศ" in report.text()


def test_helpful_answer_is_one_click(page, api_url: str, built) -> None:
    page.goto(api_url + "family/marriage-registration/")
    page.locator(".ecm-feedback__yes").click()
    expect(page.locator(".ecm-feedback__status")).to_contain_text("ขอบคุณ")
    assert ("marriage-registration", 1) in rows(built[1], "SELECT procedure, helpful FROM feedback")


def test_results_page_reports_the_search_under_serve(page, api_url: str, built) -> None:
    page.goto(api_url + "search/?q=" + "วีซ่าดาวอังคารสีม่วง")
    page.wait_for_selector(".ecm-results__status:not(:empty)")
    page.wait_for_function("() => !document.querySelector('[data-ecm-results][aria-busy]')")
    page.wait_for_timeout(500)  # the report is sent after the results show
    found = rows(built[1], "SELECT query, total FROM searches")
    assert any(q == "วีซ่าดาวอังคารสีม่วง" for q, _ in found)


def test_static_host_offers_mail_to_the_categorys_contact(page, static_url: str) -> None:
    sent: list[str] = []
    page.on("request", lambda r: sent.append(r.url) if r.method == "POST" else None)
    page.goto(static_url + "passports/passport-lost/")
    link = page.locator(".ecm-feedback__mail")
    expect(link).to_be_visible()
    href = link.get_attribute("href")
    assert href.startswith("mailto:passports@consular.example?")
    query = parse_qs(urlsplit(href).query)
    assert "แจ้งปัญหา" in query["subject"][0]
    assert "passports/passport-lost/" in unquote(query["body"][0])
    assert page.locator(".ecm-feedback__yes").count() == 0 and sent == []


def test_without_a_contact_a_static_page_shows_no_feedback(page, static_url: str) -> None:
    page.goto(static_url + "family/marriage-registration/")
    page.wait_for_load_state("networkidle")
    expect(page.locator(".ecm-feedback")).to_be_hidden()


def test_cross_site_posts_are_refused_by_the_live_server(page, api_url: str) -> None:
    answer = page.request.post(api_url + "api/feedback", data="procedure=passport-lost",
                               headers={"Content-Type": "application/x-www-form-urlencoded"})  # fmt: skip
    assert answer.status == 415
    headers = {"Content-Type": "application/json", "Origin": "http://evil.example"}
    answer = page.request.post(
        api_url + "api/feedback", data=json.dumps({"procedure": "passport-lost"}), headers=headers
    )
    assert answer.status == 403
