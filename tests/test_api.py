"""The HTTP API and file serving, called as a WSGI application."""

from __future__ import annotations

import json
from io import BytesIO
from urllib.parse import quote

import pytest

from search.web.api import App
from tests.conftest import LOCAL_REQUEST


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("site")
    (root / "index.html").write_text("<h1>home</h1>", "utf-8")
    (root / "passports").mkdir()
    (root / "passports" / "index.html").write_text("<h1>passports</h1>", "utf-8")
    (root / "404.html").write_text("<h1>not here</h1>", "utf-8")
    (root.parent / "secret.txt").write_text("SECRET", "utf-8")
    return root


@pytest.fixture(scope="module")
def app(site, sample_index):
    return App(site, sample_index)


def call(app, path, query="", method="GET"):
    seen = {}

    def start_response(status, headers):
        seen["status"], seen["headers"] = int(status.split()[0]), dict(headers)

    environ = {**LOCAL_REQUEST, "REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": query,
               "wsgi.input": BytesIO()}  # fmt: skip
    body = b"".join(app(environ, start_response))
    return seen["status"], seen["headers"], body


def test_search_answers_like_the_cli(app, engine):
    status, headers, body = call(app, "/api/search", "q=" + quote("หนังสือเดินทางหาย") + "&limit=3")
    assert status == 200 and headers["Content-Type"].startswith("application/json")
    assert json.loads(body) == engine.search("หนังสือเดินทางหาย", limit=3).to_dict()


def test_search_filters_and_limits(app):
    _, _, body = call(app, "/api/search", "q=passport&lang=en&limit=500")
    data = json.loads(body)
    assert data["results"] and {r["lang"] for r in data["results"]} == {"en"}
    assert len(data["results"]) <= 100


@pytest.mark.parametrize("query", ["", "limit=3", "q=x&limit=abc", "q=" + "ก" * 5000])
def test_bad_requests_get_400_with_a_message(app, query):
    status, _, body = call(app, "/api/search", query)
    assert status == 400 and json.loads(body)["error"]


def test_health_reports_documents_and_build_time(app):
    status, _, body = call(app, "/api/health")
    data = json.loads(body)
    assert status == 200 and data["documents"] >= 45 and data["built_at"]


def test_site_files_are_served_with_security_headers(app):
    status, headers, body = call(app, "/passports/")
    assert status == 200 and b"passports" in body
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"


def test_a_folder_without_slash_redirects(app):
    status, headers, _ = call(app, "/passports")
    assert status == 301 and headers["Location"] == "/passports/"


@pytest.mark.parametrize(
    "path", ["/../secret.txt", "/passports/../../secret.txt", "/..%2fsecret.txt", "//etc/passwd",
             "/\x00", "/.git/config", "/passports\\..\\..\\secret.txt"],
)  # fmt: skip
def test_nothing_outside_the_site_is_served(app, path):
    status, _, body = call(app, path)
    assert status == 404 and b"SECRET" not in body and b"root:" not in body


def test_only_get_and_head(app):
    assert call(app, "/api/search", "q=x", method="POST")[0] == 405
    status, _, body = call(app, "/", method="HEAD")
    assert status == 200 and body == b""


def wsgi_path(text: str) -> str:
    """A path the way a WSGI server hands it over: UTF-8 bytes as Latin-1 characters."""
    return text.encode("utf-8").decode("latin-1")


def test_thai_paths_are_decoded_as_utf8(site, sample_index):
    (site / "tags" / "หนังสือเดินทาง").mkdir(parents=True, exist_ok=True)
    (site / "tags" / "หนังสือเดินทาง" / "index.html").write_text("<h1>แท็ก</h1>", "utf-8")
    app = App(site, sample_index)
    status, _, body = call(app, wsgi_path("/tags/หนังสือเดินทาง/"))
    assert status == 200 and "แท็ก" in body.decode()
    status, headers, _ = call(app, wsgi_path("/tags/หนังสือเดินทาง"))
    assert status == 301 and headers["Location"] == quote("/tags/หนังสือเดินทาง/")


@pytest.mark.parametrize("raw", ["/\xc0\xae\xc0\xae/secret.txt", "/\xff\xfe", "/%c0%ae%c0%ae/secret.txt"])
def test_bytes_that_are_not_utf8_never_reach_a_file(app, raw):
    status, _, body = call(app, raw)
    assert status in (400, 404) and b"SECRET" not in body


def test_decoded_dot_dot_still_cannot_leave_the_site(app):
    status, _, body = call(app, wsgi_path("/ก/../../secret.txt"))
    assert status == 404 and b"SECRET" not in body
