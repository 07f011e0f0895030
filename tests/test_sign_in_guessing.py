"""Sign-in resists guessing: unknown users cost a bcrypt check like known ones, long
passwords are no 500, guessing is throttled per client and per user, tokens are long and
never on the command line, the users file is private, and `passwd` refuses weak passwords."""

from __future__ import annotations

import base64
import stat
from io import BytesIO

import pytest
from click.testing import CliRunner

import search.web.auth as auth_module
from cli import cli
from search.web.api import App
from search.web.auth import Auth, Throttle, WeakSecret, hash_password
from tests.conftest import LOCAL_REQUEST

PASSWORD = "correct-horse-ม้า"


def run(*args, input=None, env=None):
    return CliRunner().invoke(cli, [str(a) for a in args], input=input, env=env, catch_exceptions=False)


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def call(app, authorization: str, client: str = "192.0.2.1"):
    seen = {}
    environ = {**LOCAL_REQUEST, "REMOTE_ADDR": client, "REQUEST_METHOD": "GET", "PATH_INFO": "/",
               "HTTP_AUTHORIZATION": authorization, "wsgi.input": BytesIO()}  # fmt: skip
    b"".join(app(environ, lambda s, h: seen.update(status=int(s[:3]))))
    return seen["status"]


@pytest.fixture
def site(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("<h1>x</h1>", "utf-8")
    return tmp_path / "site"


def test_an_unknown_user_costs_a_bcrypt_check_like_a_known_one(monkeypatch):
    checked = []
    real = auth_module.bcrypt.checkpw
    monkeypatch.setattr(auth_module.bcrypt, "checkpw", lambda pw, h: checked.append(h) or real(pw, h))
    auth = Auth({"somchai": hash_password(PASSWORD).encode()})
    assert not auth.allows(basic("nobody", PASSWORD))
    assert not auth.allows(basic("somchai", "wrong-password"))
    assert len(checked) == 2  # one check each: the answer's time does not tell who exists


def test_a_password_over_72_bytes_is_wrong_not_an_error(site, sample_index):
    app = App(site, sample_index, auth=Auth({"somchai": hash_password(PASSWORD).encode()}))
    assert call(app, basic("somchai", PASSWORD + "ก" * 80)) == 401
    assert call(app, basic("somchai", PASSWORD)) == 200


def test_guessing_is_throttled_per_client_and_per_user(site, sample_index):
    users = {"somchai": hash_password(PASSWORD).encode(), "malee": hash_password(PASSWORD).encode()}
    app = App(site, sample_index, auth=Auth(users, throttle=Throttle(allowed=3, seconds=600)))
    statuses = [call(app, basic("somchai", f"guess-{n}-wrong"), client="192.0.2.1") for n in range(5)]
    assert statuses == [401, 401, 401, 429, 429]
    assert call(app, basic("somchai", PASSWORD), client="192.0.2.99") == 429  # the user is throttled
    assert call(app, basic("malee", PASSWORD), client="192.0.2.1") == 429  # so is the client
    assert call(app, basic("malee", PASSWORD), client="192.0.2.50") == 200  # others are not


def test_a_reader_already_signed_in_gets_in_while_guessers_are_throttled(site, sample_index):
    app = App(site, sample_index, auth=Auth({"somchai": hash_password(PASSWORD).encode()},
                                        throttle=Throttle(allowed=2, seconds=600)))  # fmt: skip
    assert call(app, basic("somchai", PASSWORD), client="192.0.2.5") == 200
    for n in range(3):
        call(app, basic("somchai", f"guess-{n}-wrong"), client="192.0.2.6")
    assert call(app, basic("somchai", PASSWORD), client="192.0.2.5") == 200


def test_a_short_token_is_refused():
    with pytest.raises(WeakSecret):
        Auth(token="x")


def test_serve_refuses_a_token_on_the_command_line(tmp_path):
    result = run("serve", "--site", tmp_path, "--index", tmp_path, "--token", "a" * 40)
    assert result.exit_code == 2 and "process list" in result.stderr


def test_serve_refuses_a_short_token_from_the_environment(tmp_path):
    result = run("serve", "--site", tmp_path, "--index", tmp_path, env={"ECM_TOKEN": "short"})
    assert result.exit_code == 2 and "32 characters" in result.stderr


def test_passwd_writes_a_private_file_and_refuses_weak_passwords(tmp_path):
    users = tmp_path / "users"
    for weak in ["", "short", "ก" * 30]:  # empty, under 10 characters, over 72 bytes
        result = run("passwd", users, "somchai", "--password", weak)
        assert result.exit_code == 2 and not users.exists(), weak
    assert run("passwd", users, "somchai", "--password", PASSWORD).exit_code == 0
    assert stat.S_IMODE(users.stat().st_mode) == 0o600
    users.chmod(0o644)
    assert run("passwd", users, "malee", "--password", PASSWORD).exit_code == 0
    assert stat.S_IMODE(users.stat().st_mode) == 0o600
