"""The edition is a property of what is served, checked by the WSGI app on every
generation switch: never an internal edition off this machine without sign-in, never a
site and an index of different editions, and no answer to a page that names another
host (DNS rebinding)."""

from __future__ import annotations

from io import BytesIO

import pytest

from indexer.index.writer import update_index
from indexer.manual.loader import load_manual
from indexer.site.marker import write_edition
from search.web.api import App
from tests.conftest import LOCAL_REQUEST, procedure

REMOTE = {"REMOTE_ADDR": "192.0.2.7", "HTTP_HOST": "manual.example.org:8000", "SERVER_PORT": "8000"}


def call(app, extra, path="/"):
    seen = {}
    environ = {**extra, "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "q=หนังสือ",
               "wsgi.input": BytesIO()}  # fmt: skip
    body = b"".join(app(environ, lambda s, h: seen.update(status=int(s[:3]))))
    return seen["status"], body


@pytest.fixture
def folders(make_manual, tmp_path):
    root = make_manual({
        "passports/open.md": procedure("open", classification="public"),
        "passports/closed.md": procedure("closed", body="## ภาพรวม\n\nINTERNALONLY\n"),
    })  # fmt: skip
    site, index = tmp_path / "site", tmp_path / "index"
    site.mkdir()
    (site / "index.html").write_text("<h1>manual</h1>", "utf-8")
    manual = load_manual(root)

    def build(public: bool) -> None:
        update_index(manual, index, public_only=public)
        write_edition(site, public)

    return site, index, build


def test_a_public_edition_is_served_to_anyone(folders):
    site, index, build = folders
    build(public=True)
    app = App(site, index)
    assert call(app, REMOTE)[0] == 200 and call(app, REMOTE, "/api/search")[0] == 200


@pytest.mark.parametrize("path", ["/", "/api/search", "/api/health"])
def test_an_internal_edition_is_refused_off_this_machine_without_sign_in(folders, path):
    site, index, build = folders
    build(public=False)
    app = App(site, index)
    status, body = call(app, REMOTE, path)
    assert status == 403 and b"INTERNALONLY" not in body and b"manual</h1>" not in body
    assert call(app, LOCAL_REQUEST, path)[0] == 200


@pytest.mark.parametrize("host", ["evil.example:8000", "127.0.0.1.evil.example:8000", "localhost:9999", ""])
def test_on_loopback_only_this_machines_own_names_are_answered(folders, host):
    site, index, build = folders
    build(public=False)
    status, _ = call(App(site, index), {**LOCAL_REQUEST, "HTTP_HOST": host})
    assert status == 403


@pytest.mark.parametrize("host", ["localhost:8000", "127.0.0.1:8000", "[::1]:8000"])
def test_localhost_names_with_the_port_are_answered(folders, host):
    site, index, build = folders
    build(public=False)
    assert call(App(site, index), {**LOCAL_REQUEST, "HTTP_HOST": host})[0] == 200


def test_a_proxy_on_this_machine_does_not_make_its_clients_local(folders):
    site, index, build = folders
    build(public=False)
    status, _ = call(App(site, index), {**LOCAL_REQUEST, "HTTP_X_FORWARDED_FOR": "192.0.2.7"})
    assert status == 403


def test_a_site_and_an_index_of_different_editions_get_503(folders):
    """`build` internal, then a public site beside the same index: nothing is served."""
    site, index, build = folders
    build(public=False)
    write_edition(site, public_only=True)
    app = App(site, index)
    for path in ("/", "/api/search", "/api/health"):
        assert call(app, REMOTE, path)[0] == 503
        assert call(app, LOCAL_REQUEST, path)[0] == 503


def test_an_internal_build_into_a_served_public_folder_is_guarded_at_once(folders):
    site, index, build = folders
    build(public=True)
    app = App(site, index)
    assert call(app, REMOTE, "/api/search")[0] == 200
    build(public=False)  # the running server sees the switch on its next request
    status, body = call(app, REMOTE, "/api/search")
    assert status == 403 and b"closed" not in body


def test_a_site_folder_without_an_edition_counts_as_internal(folders):
    site, index, build = folders
    build(public=True)
    (site / ".edition").unlink()
    assert call(App(site, index), REMOTE)[0] == 503  # public index, unmarked (internal) site
