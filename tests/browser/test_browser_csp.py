"""Pages served by `serve` run under its Content-Security-Policy without a violation."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("path", ["", "passports/passport-lost/", "glossary/"])
def test_served_pages_break_no_security_policy(browser, api_url: str, path: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    violations: list[str] = []
    page.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))
    response = page.goto(api_url + path)
    script_src = response.headers["content-security-policy"].split("script-src")[1].split(";")[0]
    assert "'unsafe-inline'" not in script_src
    page.locator("#ecm-search-input").fill("สมรส")
    page.wait_for_selector(".ecm-search__results .ecm-hit__link")
    assert violations == []
    context.close()
