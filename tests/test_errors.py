"""One error model: a failure the user can mend is one sentence and exit 2 on the CLI,
a 503 with a JSON body from the web app, and a problem in the manual is `check`'s to report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import search.web.api as api
from cli import cli
from indexer import errors
from indexer.errors import EcmError
from tests.conftest import LOCAL_REQUEST, procedure

FAILURES = [
    errors.ManualNotFound, errors.IndexMissing, errors.IndexStale, errors.DictionaryNotLoaded,
    errors.CategoryClash, errors.StaticExportFailed, errors.UsersFileError,
]  # fmt: skip


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.mark.parametrize("failure", FAILURES)
def test_every_user_facing_failure_shares_the_base_class(failure) -> None:
    assert issubclass(failure, EcmError)


def test_a_failure_becomes_one_sentence_and_exit_2(tmp_path) -> None:
    result = run("search", "passport", "--index", tmp_path / "nothing")
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert result.stderr.strip().splitlines() == [f"Error: no index in {tmp_path / 'nothing'}: "
                                                 "build one with `python cli.py index`"]  # fmt: skip


def test_a_tool_failing_during_build_is_exit_2_not_a_traceback(make_manual, tmp_path, monkeypatch) -> None:
    import indexer.site.static_search

    class Broken:  # the export, in its own process, failed
        def finish(self) -> None:
            raise errors.StaticExportFailed("cannot export the index: disk full")

        def cancel(self) -> None:
            pass

    monkeypatch.setattr(indexer.site.static_search, "start_export", lambda *args: Broken())
    root = make_manual({"passports/a.md": procedure("a")})
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("the good site")
    result = run("build", "--manual", root, "--site", site, "--index", tmp_path / "ix")
    assert result.exit_code == 2
    assert "cannot export the index: disk full" in result.stderr and "Traceback" not in result.output
    assert (site / "index.html").read_text() == "the good site"  # a failed build replaces nothing


def test_a_reserved_category_is_a_check_problem_and_build_goes_on(make_manual, tmp_path) -> None:
    root = make_manual({"passports/a.md": procedure("a"), "tags/b.md": procedure("b", category="tags")})
    checked = run("check", "--manual", root, "--json")
    assert checked.exit_code == 1
    # check names the file as the editor can open it: the manual folder as given
    assert [(p["path"], p["code"]) for p in json.loads(checked.stdout)] == [
        ((Path(root) / "tags/b.md").as_posix(), "reserved-category")
    ]
    built = run("build", "--manual", root, "--site", tmp_path / "site", "--index", tmp_path / "ix")
    assert built.exit_code == 1  # problems in the manual, not a crash
    assert (tmp_path / "site" / "passports" / "a" / "index.html").is_file()


def call(app, path: str, query: str = "") -> tuple[str, dict]:
    seen = {}

    def start_response(status, headers):
        seen["status"] = status

    environ = {**LOCAL_REQUEST, "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query}
    body = b"".join(app(environ, start_response))
    return seen["status"], json.loads(body)


def test_the_web_app_answers_503_with_json_when_there_is_no_index(tmp_path) -> None:
    app = api.App(tmp_path, tmp_path / "no-index")
    status, body = call(app, "/api/search", "q=passport")
    assert status.startswith("503") and "no index" in body["error"]
    assert call(app, "/api/health")[0].startswith("503")


def test_the_web_app_answers_503_when_the_word_list_cannot_be_loaded(tmp_path, monkeypatch) -> None:
    def unloadable(index_dir, whole_words=False):
        raise errors.DictionaryNotLoaded("cannot load the word list words.txt: gone")

    monkeypatch.setattr(api, "SearchEngine", unloadable)
    status, body = call(api.App(tmp_path, tmp_path), "/api/search", "q=passport")
    assert status.startswith("503") and body == {"error": "cannot load the word list words.txt: gone"}
