"""`serve --watch`: a saved change is on the page within seconds, a broken save keeps the
last good page under a Thai and English banner naming file and line, a body-only save
re-renders only its page, and the reload script exists only in a preview."""

from __future__ import annotations

import json
import shutil
import threading
import time
import urllib.request
from contextlib import contextmanager
from io import BytesIO
from pathlib import Path
from urllib.parse import quote

import pytest

from bench.live.servers import running_serve
from cli import build_all
from indexer.manual.parse_cache import ParseCache
from indexer.site.watch import Preview, Rebuilder
from indexer.site.watch_page import SCRIPT_URL, STATE_URL
from search.web.api import App
from tests.conftest import LOCAL_REQUEST, SAMPLE_MANUAL

TIMEOUT = 60
LOST = "passports/passport-lost"


def get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read()


def wait_for(check, seconds: float):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            value = check()
            if value:
                return value
        except OSError:
            pass
        time.sleep(0.2)
    pytest.fail(f"not true within {seconds} s")


def call(app: App, path: str) -> tuple[int, dict, bytes]:
    seen = {}

    def start_response(status, headers):
        seen["status"], seen["headers"] = int(status.split()[0]), dict(headers)

    environ = {**LOCAL_REQUEST, "REQUEST_METHOD": "GET", "PATH_INFO": path, "wsgi.input": BytesIO()}
    body = b"".join(app(environ, start_response))
    return seen["status"], seen["headers"], body


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    """A preview of a copy of the sample manual, built once, and its WSGI app."""
    top = tmp_path_factory.mktemp("preview")
    manual = top / "manual"
    shutil.copytree(SAMPLE_MANUAL, manual)
    site, index = top / "site", top / "index"

    def full(loaded):
        return build_all(loaded, site, index, public=False)

    preview = Preview(manual, site, index, ParseCache(), full, index_wait=0)
    assert preview.rebuild().kind == "full"
    return preview, App(site, index, watch=preview.state)


@contextmanager
def edited(preview: Preview, path: Path, old: str, new: str):
    """The file saved with `old` replaced by `new`; put back and rebuilt afterwards, so
    the module's one preview session serves the next test unchanged."""
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")
    try:
        yield
    finally:
        path.write_text(text, "utf-8")
        preview.rebuild()


def page(app: App, url: str) -> str:
    status, _, body = call(app, "/" + url)
    assert status == 200, url
    return body.decode("utf-8")


def test_a_body_only_save_renders_only_its_own_page(session) -> None:
    preview, app = session
    site = preview.site_dir
    others = [
        site / "index.html",
        site / "passports" / "index.html",
        site / "passports/passport-damaged/index.html",
    ]
    before = {p: p.stat().st_mtime_ns for p in others}
    folder = site.stat().st_ino
    generation = preview.state.generation
    source = preview.manual_dir / f"{LOST}.md"
    with edited(preview, source, "## ภาพรวม\n", "## ภาพรวม\n\nคำทดสอบเฉพาะหน้า\n"):
        outcome = preview.rebuild()
        assert outcome.kind == "pages" and outcome.pages == [f"{LOST}/"]
        assert "คำทดสอบเฉพาะหน้า" in page(app, f"{LOST}/")
        assert {p: p.stat().st_mtime_ns for p in others} == before  # no other page was written
        assert site.stat().st_ino == folder  # the site was not built again and swapped in
        assert preview.state.generation == generation + 1  # the browser reloads
        # the index follows too
        found = app.search({"q": ["คำทดสอบเฉพาะหน้า"]})[1]
        assert found["total"] >= 1 and found["results"][0]["id"] == "passport-lost"


def test_a_new_change_note_renders_its_page_whats_new_and_the_feed_only(session) -> None:
    preview, app = session
    site = preview.site_dir
    other = site / "passports" / "index.html"
    before = other.stat().st_mtime_ns
    source = preview.manual_dir / f"{LOST}.md"
    today = preview.plugin.pages.edition.today.isoformat()
    note = f"  - date: {today}\n    note: บันทึกใหม่จากการทดสอบ\n"
    with edited(preview, source, "changes:\n", "changes:\n" + note):
        outcome = preview.rebuild()
        assert outcome.kind == "pages"
        assert outcome.pages == [f"{LOST}/", "whats-new/", "feed.xml"]
        assert "บันทึกใหม่จากการทดสอบ" in page(app, f"{LOST}/")
        assert "บันทึกใหม่จากการทดสอบ" in page(app, "whats-new/")
        assert "บันทึกใหม่จากการทดสอบ" in (site / "feed.xml").read_text("utf-8")
        assert other.stat().st_mtime_ns == before


def test_a_rendered_page_is_what_a_full_build_writes(session) -> None:
    preview, _ = session
    source = preview.manual_dir / f"{LOST}.md"
    with edited(preview, source, "## ภาพรวม\n", "## ภาพรวม\n\nอีกคำหนึ่ง\n"):
        assert preview.rebuild().kind == "pages"
        rendered = (preview.site_dir / LOST / "index.html").read_text("utf-8")
        full = preview.full_build(preview.manual)
        assert (preview.site_dir / LOST / "index.html").read_text("utf-8") == rendered
        preview.plugin = full


def test_a_broken_save_keeps_the_last_good_page_under_a_banner(session) -> None:
    preview, app = session
    source = preview.manual_dir / f"{LOST}.md"
    with edited(
        preview, source, "title_en: New passport after loss or theft", "title_en: New passport: lost"
    ):
        outcome = preview.rebuild()
        assert outcome.kind == "none"  # nothing to render: the last good version stays
        html = page(app, f"{LOST}/")
        assert "การขอหนังสือเดินทางใหม่กรณีหนังสือเดินทางสูญหาย" in html  # the page did not vanish
        banner = html.split('<div class="ecm-watch-banner"', 1)[1].split("</div>", 1)[0]
        assert "ไฟล์ของหน้านี้มีข้อผิดพลาด" in banner and "This page's file has an error" in banner
        assert f"{LOST}.md</code> บรรทัด 4" in banner and "(line 4)" in banner
        assert html.index("ecm-watch-banner") < html.index('class="ecm-title"')  # at the top
        other = page(app, "passports/")
        assert "ไฟล์อื่นในคู่มือมีข้อผิดพลาด" in other and f"{LOST}.md" in other
        state = json.loads(call(app, STATE_URL)[2])
        assert state["problems"][0]["line"] == 4 and state["problems"][0]["url"] == f"{LOST}/"
        assert app.search({"q": ["หนังสือเดินทางหาย"]})[1]["results"][0]["id"] == "passport-lost"
    assert "ecm-watch-banner" not in page(app, f"{LOST}/")


def test_a_new_file_that_never_loaded_gets_a_banner_on_the_missing_page(session) -> None:
    preview, app = session
    source = preview.manual_dir / "passports" / "brand-new.md"
    source.write_text("---\nid: brand-new\ntitle: [unclosed\n---\n## ก\n", "utf-8")
    try:
        preview.rebuild()
        status, headers, body = call(app, "/passports/brand-new/")
        html = body.decode("utf-8")
        assert status == 404 and "ไม่พบหน้านี้" in html and "brand-new.md</code> บรรทัด 3" in html
        assert "content-security-policy" in {k.lower() for k in headers}
    finally:
        source.unlink()
        preview.rebuild()


def test_html_in_a_problem_is_text_in_the_banner(session) -> None:
    preview, app = session
    source = preview.manual_dir / "passports" / "evil.md"
    source.write_text(
        '---\nid: evil\ntitle: x\ncategory: passports\nlang: "<script>alert(1)</script>"\n---\n', "utf-8"
    )
    try:
        preview.rebuild()
        html = page(app, "passports/")
        banner = html.split('<div class="ecm-watch-banner"', 1)[1].split("</div>", 1)[0]
        assert "&lt;script&gt;" in banner and "<script>alert" not in banner
    finally:
        source.unlink()
        preview.rebuild()


def test_a_front_matter_change_rebuilds_every_page(session) -> None:
    preview, app = session
    source = preview.manual_dir / f"{LOST}.md"
    with edited(preview, source, "title: การขอหนังสือเดินทางใหม่กรณี", "title: ทดสอบชื่อใหม่ การขอหนังสือเดินทางใหม่กรณี"):
        assert preview.rebuild().kind == "full"
        assert "ทดสอบชื่อใหม่" in page(app, "passports/")  # the category's listing has the new title


def test_the_reload_script_is_served_only_in_a_preview(session) -> None:
    preview, app = session
    html = page(app, f"{LOST}/")
    stamp = f'<script src="{SCRIPT_URL}" data-generation="{preview.state.generation}" defer></script>'
    assert stamp in html and html.index(stamp) < html.index("</head>")
    status, headers, body = call(app, SCRIPT_URL)
    assert status == 200 and headers["Content-Type"].startswith("application/javascript")
    assert b"/api/watch" in body and b"location.reload" in body
    csp = call(app, f"/{LOST}/")[1]["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "connect-src 'self'" in csp  # an own-origin file and fetch
    plain = App(preview.site_dir, preview.index_dir)  # `serve` without --watch
    assert SCRIPT_URL.encode() not in call(plain, f"/{LOST}/")[2]
    assert call(plain, SCRIPT_URL)[0] == 404 and call(plain, STATE_URL)[0] == 404
    for path in preview.site_dir.rglob("*"):  # and no build writes it into a site
        if path.is_file() and path.suffix in (".html", ".js", ".json"):
            text = path.read_bytes()
            assert b"_ecm/watch" not in text and b"api/watch" not in text, path


def test_the_index_waits_for_the_reloaded_page_not_longer(session) -> None:
    preview, app = session
    preview.index_wait = 30
    source = preview.manual_dir / f"{LOST}.md"
    with edited(preview, source, "## ภาพรวม\n", "## ภาพรวม\n\nคำที่รอหน้า\n"):
        try:
            done = threading.Event()
            worker = threading.Thread(target=lambda: (preview.rebuild(), done.set()), daemon=True)
            worker.start()
            deadline = time.monotonic() + 30
            while preview.state.served.is_set() or "คำที่รอหน้า" not in (
                preview.site_dir / LOST / "index.html"
            ).read_text("utf-8"):
                assert time.monotonic() < deadline
                time.sleep(0.05)
            time.sleep(0.3)
            assert not done.is_set()  # the index waits for the browser...
            page(app, f"{LOST}/")  # ...which fetches the new page
            assert done.wait(20)
            assert app.search({"q": ["คำที่รอหน้า"]})[1]["total"] >= 1
        finally:
            preview.index_wait = 0


def test_reading_the_manual_is_not_a_save() -> None:
    calls = []
    rebuilder = Rebuilder(lambda: calls.append(1), debounce=0.01)

    class Event:
        def __init__(self, kind: str, path: str = "/m/passports/a.md") -> None:
            self.event_type, self.src_path, self.is_directory = kind, path, False

    for kind in ("opened", "closed_no_write"):
        rebuilder.on_any_event(Event(kind))
    time.sleep(0.1)
    assert calls == []
    rebuilder.on_any_event(Event("modified"))
    time.sleep(0.1)
    assert calls == [1]


@pytest.fixture
def served(tmp_path):
    manual = tmp_path / "manual"
    shutil.copytree(SAMPLE_MANUAL, manual)
    args = ["--watch", "--manual", manual, "--site", tmp_path / "site", "--index", tmp_path / "index"]
    with running_serve(*args, timeout=TIMEOUT) as url:
        yield manual, url.rstrip("/")


def test_a_saved_change_is_searchable_and_visible_within_seconds(served):
    manual, base = served
    path = manual / "passports" / "passport-lost.md"
    path.write_text(path.read_text("utf-8").replace("## ภาพรวม\n", "## ภาพรวม\n\nคำทดสอบเฝ้าดูไฟล์\n"), "utf-8")
    started = time.monotonic()

    def searchable():
        data = json.loads(get(base + "/api/search?q=" + quote("คำทดสอบเฝ้าดูไฟล์")))
        return data["total"] >= 1

    wait_for(searchable, TIMEOUT)
    page = wait_for(lambda: "คำทดสอบเฝ้าดูไฟล์" in get(base + "/passports/passport-lost/").decode(), TIMEOUT)
    assert page
    assert json.loads(get(base + STATE_URL))["generation"] >= 2
    print(f"change visible after {time.monotonic() - started:.1f} s")
