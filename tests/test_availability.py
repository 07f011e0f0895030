"""Availability: odd bytes in git history, deep nesting, a broken index generation and
idle connections cannot stop the manual from building or answering."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import date
from io import BytesIO

from indexer.index import store
from indexer.index.writer import update_index
from indexer.manual.history import git_history
from indexer.manual.loader import load_manual
from indexer.site import build_site
from search.web import api
from search.web.api import App
from tests.conftest import LOCAL_REQUEST, procedure


def git(repo, *args):
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(repo), "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_AUTHOR_NAME": "e", "GIT_AUTHOR_EMAIL": "e@example.org",
           "GIT_COMMITTER_NAME": "e", "GIT_COMMITTER_EMAIL": "e@example.org"}  # fmt: skip
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def test_control_bytes_in_a_commit_subject_do_not_break_the_build(make_manual, tmp_path):
    root = make_manual({"passports/one.md": procedure("one", classification="public")})
    git(root.parent, "init", "-q", "-b", "main")
    git(root.parent, "add", ".")
    git(root.parent, "commit", "-q", "-m", "split\x1erecord\x1ffield \x1b[31mred\x07")
    history = git_history(root)
    (change,) = history["manual/passports/one.md"]
    assert change.subject == "split record field  [31mred" and change.day <= date.today()
    build_site(load_manual(root), tmp_path / "site", public_only=False)
    page = (tmp_path / "site" / "passports" / "one" / "index.html").read_text("utf-8")
    assert "split record" in page and "\x1e" not in page


def test_a_300_deep_list_and_12_kb_of_brackets_are_problems_not_crashes(make_manual, tmp_path):
    deep = "## ภาพรวม\n\n" + "".join("    " * i + "- ข้อ\n" for i in range(300))
    brackets = "## ภาพรวม\n\n" + "[" * 6000 + "x" + "]" * 6000 + "\n"
    root = make_manual({
        "passports/deep.md": procedure("deep", body=deep, classification="public"),
        "passports/brackets.md": procedure("brackets", body=brackets, classification="public"),
        "passports/fine.md": procedure("fine", classification="public"),
    })  # fmt: skip
    manual = load_manual(root)
    found = sorted((p.path, p.code) for p in manual.errors)
    assert found == [("manual/passports/brackets.md", "too-deeply-nested"),
                     ("manual/passports/deep.md", "too-deeply-nested")]  # fmt: skip
    assert [p.id for p in manual.procedures] == ["fine"]
    build_site(manual, tmp_path / "site", public_only=True)  # the good page still builds


def call(app, path="/api/search"):
    seen = {}
    environ = {**LOCAL_REQUEST, "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "q=หนังสือ",
               "wsgi.input": BytesIO()}  # fmt: skip
    b"".join(app(environ, lambda s, h: seen.update(status=int(s[:3]))))
    return seen["status"]


def test_a_generation_missing_its_word_list_answers_503_and_recovers(make_manual, tmp_path):
    root = make_manual({"passports/one.md": procedure("one", body="## ภาพรวม\n\nหนังสือเดินทาง\n")})
    index, site = tmp_path / "index", tmp_path / "site"
    site.mkdir()
    update_index(load_manual(root), index)
    good = store.current_generation(index)
    broken = index / "gen-000099"
    shutil.copytree(good, broken)
    (broken / store.QUERY_WORDS).unlink()
    app = App(site, index)
    os.replace(index / store.CURRENT, index / "good-link")
    os.symlink(broken.name, index / store.CURRENT)
    assert call(app) == 503 and call(app, "/api/health") == 503
    assert call(app) == 503  # still answering, not hung
    os.replace(index / "good-link", index / store.CURRENT)
    assert call(app) == 200 and call(app, "/api/health") == 200


def test_serve_sets_connection_limits_and_timeouts(monkeypatch, tmp_path):
    seen = {}
    monkeypatch.setattr("waitress.serve", lambda app, **settings: seen.update(settings))
    api.serve(tmp_path, tmp_path, "127.0.0.1", 0)
    assert seen["connection_limit"] == api.CONNECTION_LIMIT > 100
    assert seen["channel_timeout"] == api.CHANNEL_TIMEOUT < 120
    assert seen["max_request_body_size"] <= 64 * 1024
