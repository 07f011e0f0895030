"""The internal edition is never served to the network without sign-in."""

from __future__ import annotations

import base64
from io import BytesIO

import pytest
from click.testing import CliRunner

from cli import cli
from search.web.api import App
from search.web.auth import Auth, Throttle, UsersFileError, protect, read_users
from tests.conftest import LOCAL_REQUEST

TOKEN = "a-long-enough-bearer-token-of-40-chars!"


def run(*args, input=None):
    return CliRunner().invoke(cli, [str(a) for a in args], input=input, catch_exceptions=False)


@pytest.fixture(scope="module")
def users_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("auth") / "users"
    assert run("passwd", path, "somchai", "--password", "s3cret-ผ่านนะ").exit_code == 0
    assert run("passwd", path, "malee", input="other-pass\nother-pass\n").exit_code == 0
    return path


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("site")
    (root / "index.html").write_text("<h1>INTERNAL-CANARY</h1>", "utf-8")
    return root


def call(app, authorization=None, path="/"):
    seen = {}
    environ = {**LOCAL_REQUEST, "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "q=x",
               "wsgi.input": BytesIO()}  # fmt: skip
    if authorization:
        environ["HTTP_AUTHORIZATION"] = authorization
    body = b"".join(app(environ, lambda s, h: seen.update(status=int(s[:3]), headers=dict(h))))
    return seen["status"], seen["headers"], body


def basic(user, password):
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def test_requests_without_valid_credentials_get_401_and_nothing_else(users_file, site, sample_index):
    app = protect(App(site, sample_index), Auth(read_users(users_file), throttle=Throttle(allowed=100)))
    for header in [None, basic("somchai", "wrong"), basic("nobody", "x"), "Basic !!!", "Bearer x"]:
        for path in ["/", "/api/search", "/api/health"]:
            status, headers, body = call(app, header, path)
            assert status == 401 and "Basic" in headers["WWW-Authenticate"]
            assert b"CANARY" not in body and b"passport" not in body
            assert headers["X-Content-Type-Options"] == "nosniff"


def test_users_and_tokens_that_are_right_get_in(users_file, site, sample_index):
    app = protect(App(site, sample_index), Auth(read_users(users_file), token=TOKEN))
    assert call(app, basic("somchai", "s3cret-ผ่านนะ"))[0] == 200
    assert call(app, basic("malee", "other-pass"))[0] == 200
    assert call(app, "Bearer " + TOKEN, "/api/health")[0] == 200
    assert call(app, "Bearer " + TOKEN[:-1], "/api/health")[0] == 401


def test_the_users_file_stores_hashes_not_passwords(users_file):
    text = users_file.read_text("utf-8")
    assert "s3cret" not in text and text.count(":$2") == 2


def test_a_malformed_users_file_is_bad_input(tmp_path):
    bad = tmp_path / "users"
    bad.write_text("somchai:plaintext\n", "utf-8")
    with pytest.raises(UsersFileError, match="users:1"):
        read_users(bad)


def test_serving_the_internal_edition_on_the_network_needs_sign_in(site, sample_index):
    result = run("serve", "--site", site, "--index", sample_index, "--host", "0.0.0.0", "--port", "0")
    assert result.exit_code == 2 and "needs sign-in" in result.stderr
