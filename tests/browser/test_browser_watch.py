"""`serve --watch` in a browser: a save reloads the open page by itself, under the site's
Content-Security-Policy, and a broken save shows the banner over the last good page."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.live.servers import running_serve

ROOT = Path(__file__).resolve().parents[2]
LOST = "passports/passport-lost/"


@pytest.fixture
def preview(tmp_path) -> Iterator[tuple[Path, str]]:
    manual = tmp_path / "manual"
    shutil.copytree(ROOT / "manual", manual)
    args = ["--watch", "--manual", manual, "--site", tmp_path / "site", "--index", tmp_path / "index"]
    with running_serve(*args, timeout=90) as url:
        yield manual, url


def test_a_save_reloads_the_open_page_and_a_slip_shows_the_banner(browser, preview) -> None:
    manual, url = preview
    context = browser.new_context()
    page = context.new_page()
    violations: list[str] = []
    page.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))
    page.goto(url + LOST)
    page.evaluate("window.ecmMark = 'not reloaded yet'")
    source = manual / "passports" / "passport-lost.md"
    text = source.read_text("utf-8")
    source.write_text(text.replace("## ภาพรวม\n", "## ภาพรวม\n\nข้อความที่เพิ่งบันทึก\n", 1), "utf-8")
    page.get_by_text("ข้อความที่เพิ่งบันทึก").wait_for(timeout=30_000)
    assert page.evaluate("window.ecmMark === undefined")  # the page reloaded itself
    saved = source.read_text("utf-8")
    source.write_text(saved.replace("title_en: New passport after loss or theft", "title_en: a: b"), "utf-8")
    banner = page.locator(".ecm-watch-banner")
    banner.wait_for(state="visible", timeout=30_000)
    assert "passport-lost.md" in banner.inner_text() and "บรรทัด 4" in banner.inner_text()
    assert page.locator("h1.ecm-title").is_visible()  # the last good page is still there
    assert "ข้อความที่เพิ่งบันทึก" in page.inner_text("article")
    source.write_text(saved, "utf-8")
    banner.wait_for(state="detached", timeout=60_000)
    assert violations == []
    context.close()
