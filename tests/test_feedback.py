"""Feedback and search analytics: what the server keeps, what it refuses, and the reports."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import threading
from io import BytesIO
from pathlib import Path

import pytest

from search.web.analytics import MAX_COMMENT_CHARS, Analytics, analytics_path
from search.web.api import App
from tests.conftest import LOCAL_REQUEST

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def site(tmp_path):
    root = tmp_path / "site"
    (root / "passports" / "passport-lost").mkdir(parents=True)
    (root / "passports" / "passport-lost" / "index.html").write_text("<h1>x</h1>", "utf-8")
    return root


@pytest.fixture
def index_dir(tmp_path, sample_index):
    return sample_index


def post(app, path, data, ctype="application/json", **headers):
    body = data if isinstance(data, bytes) else json.dumps(data).encode()
    seen = {}

    def start_response(status, response_headers):
        seen["status"] = int(status.split()[0])

    environ = {**LOCAL_REQUEST, "REQUEST_METHOD": "POST", "PATH_INFO": path, "QUERY_STRING": "",
               "CONTENT_TYPE": ctype,
               "CONTENT_LENGTH": str(len(body)), "wsgi.input": BytesIO(body), "HTTP_HOST": "127.0.0.1:8000",
               **headers}  # fmt: skip
    out = b"".join(app(environ, start_response))
    return seen["status"], json.loads(out or b"{}")


@pytest.fixture
def analytics(tmp_path):
    return Analytics(tmp_path / "analytics.sqlite3")


@pytest.fixture
def app(site, sample_index, analytics):
    return App(site, sample_index, analytics, ROOT / "manual")


GOOD = {"procedure": "passport-lost", "category": "passports", "helpful": False, "problem": True,
        "comment": "ค่าธรรมเนียมไม่ตรง"}  # fmt: skip


def test_feedback_and_searches_are_recorded_without_anything_about_the_reader(app, analytics):
    assert post(app, "/api/feedback", GOOD, HTTP_ORIGIN="http://127.0.0.1:8000")[0] == 200
    assert post(app, "/api/searches", {"query": "พาส  ญี่ปุ่น", "total": 0, "match": "none"})[0] == 200
    conn = sqlite3.connect(analytics.path)
    columns = {row[1] for t in ("searches", "feedback") for row in conn.execute(f"PRAGMA table_info({t})")}
    assert not columns & {"ip", "address", "name", "user", "agent"}
    assert conn.execute("SELECT query, total, match FROM searches").fetchall() == [("พาส ญี่ปุ่น", 0, "none")]
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    [entry] = analytics.feedback()
    assert entry["problems"] == 1 and entry["not_helpful"] == 1
    assert entry["comments"][0]["comment"] == "ค่าธรรมเนียมไม่ตรง"


@pytest.mark.parametrize(
    ("data", "ctype", "headers", "status"),
    [
        (GOOD, "text/plain", {}, 415),  # a cross-site <form> can only send this kind
        (GOOD, "application/x-www-form-urlencoded", {}, 415),
        (GOOD, "application/json", {"HTTP_ORIGIN": "http://evil.example"}, 403),
        (GOOD, "application/json", {"HTTP_SEC_FETCH_SITE": "cross-site"}, 403),
        (b"x" * 9000, "application/json", {}, 413),
        (b"not json", "application/json", {}, 400),
        (b"[1, 2]", "application/json", {}, 400),
        ({**GOOD, "procedure": "../../etc/passwd"}, "application/json", {}, 400),
        ({**GOOD, "procedure": "no-such-procedure"}, "application/json", {}, 400),
        ({**GOOD, "comment": "ก" * (MAX_COMMENT_CHARS + 1)}, "application/json", {}, 400),
        ({**GOOD, "helpful": "yes"}, "application/json", {}, 400),
        ({"procedure": "passport-lost", "category": "passports"}, "application/json", {}, 400),
    ],
)
def test_bad_or_cross_site_feedback_is_refused(app, analytics, data, ctype, headers, status):
    assert post(app, "/api/feedback", data, ctype, **headers)[0] == status
    assert analytics.feedback() == []


@pytest.mark.parametrize(
    "data", [{"query": "", "total": 1}, {"query": "x", "total": -1}, {"query": "x", "total": True},
             {"query": "x", "total": 1, "match": "maybe"}, {"query": "x" * 500, "total": 1}],
)  # fmt: skip
def test_bad_search_records_are_refused(app, analytics, data):
    assert post(app, "/api/searches", data)[0] == 400
    assert analytics.searches()["frequent"] == []


def test_with_feedback_off_nothing_is_accepted(site, sample_index):
    app = App(site, sample_index)
    assert post(app, "/api/feedback", GOOD)[0] == 405
    assert post(app, "/api/searches", {"query": "x", "total": 1})[0] == 405


def test_concurrent_writers_lose_nothing(analytics):
    def write(n):
        for i in range(50):
            analytics.record_search(f"คำ {n}", i, "all")

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(q.count for q in analytics.searches(top=100)["frequent"]) == 400


def test_tables_stay_bounded(analytics):
    for i in range(30):
        analytics.record_search(f"q{i}", 1, "all")
    analytics.prune(analytics.connection(), limit=10)
    assert sum(q.count for q in analytics.searches(top=100)["frequent"]) == 10


def test_report_lists_frequent_empty_and_partial_searches(analytics):
    for query, total, match in [("พาสหาย", 5, "all")] * 3 + [("วีซ่าดาวอังคาร", 0, "none"),
                                                              ("พาส ญี่ปุ่น", 2, "partial")]:  # fmt: skip
        analytics.record_search(query, total, match)
    found = analytics.searches()
    assert found["frequent"][0].query == "พาสหาย" and found["frequent"][0].count == 3
    assert [q.query for q in found["no_results"]] == ["วีซ่าดาวอังคาร"]
    assert [q.query for q in found["partial"]] == ["พาส ญี่ปุ่น"]


def cli(*args):
    return subprocess.run([sys.executable, str(ROOT / "cli.py"), *map(str, args)],
                          capture_output=True, text=True, cwd=ROOT)  # fmt: skip


def test_cli_reports_searches_and_feedback(tmp_path):
    index = tmp_path / "index"
    analytics = Analytics(analytics_path(index))
    analytics.record_search("วีซ่าดาวอังคาร", 0, "none")
    analytics.record_feedback("passport-lost", "passports", None, True, "แบบฟอร์มเก่า")
    searches = json.loads(cli("report", "searches", "--index", index, "--json").stdout)
    assert searches["no_results"][0]["query"] == "วีซ่าดาวอังคาร"
    assert (
        json.loads(cli("report", "searches", "--index", index, "--since", "2999-01-01", "--json").stdout)[
            "frequent"
        ]
        == []
    )
    feedback = json.loads(
        cli("report", "feedback", "--index", index, "--manual", ROOT / "manual", "--json").stdout
    )
    [(owner, [entry])] = feedback.items()
    assert owner == "กองหนังสือเดินทาง กรมการกงสุล" and entry["problems"] == 1
    assert "แบบฟอร์มเก่า" in cli("report", "feedback", "--index", index, "--manual", ROOT / "manual").stdout


def test_cli_report_without_records_says_so(tmp_path):
    result = cli("report", "searches", "--index", tmp_path / "none")
    assert result.returncode == 2 and "no feedback or searches recorded" in result.stderr
    assert "Traceback" not in result.stderr


def test_report_page_is_internal_only(site, sample_index, analytics, tmp_path):
    analytics.record_search("วีซ่าดาวอังคาร", 0, "none")
    app = App(site, sample_index, analytics, ROOT / "manual")
    seen = {}
    body = b"".join(app({**LOCAL_REQUEST, "REQUEST_METHOD": "GET", "PATH_INFO": "/api/report",
                         "QUERY_STRING": "",
                         "wsgi.input": BytesIO()}, lambda s, h: seen.update(status=s)))  # fmt: skip
    assert seen["status"].startswith("200") and "วีซ่าดาวอังคาร" in body.decode()
    off = App(site, sample_index)
    body = b"".join(off({**LOCAL_REQUEST, "REQUEST_METHOD": "GET", "PATH_INFO": "/api/report",
                         "QUERY_STRING": "",
                         "wsgi.input": BytesIO()}, lambda s, h: seen.update(status=s)))  # fmt: skip
    assert seen["status"].startswith("404")


def test_what_readers_send_reaches_an_officers_terminal_as_text(tmp_path):
    # anyone on the public edition writes these: an OSC sequence retitles the officer's
    # terminal window (or, OSC 52, fills the clipboard), CSI 2J clears the screen
    hostile = "\x1b]0;pwned\x07ดี\x1b[2J\x9b31m"
    index = tmp_path / "index"
    analytics = Analytics(analytics_path(index))
    analytics.record_search(hostile, 0, "none")
    analytics.record_feedback("passport-lost", "passports", None, True, hostile)
    for args in (("searches",), ("feedback", "--manual", ROOT / "manual")):
        out = cli("report", *args, "--index", index).stdout
        assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out
        assert "\\x1b]0;pwned\\x07ดี\\x1b[2J\\x9b31m" in out  # shown, not acted on
