"""`check --base REF`: a body changed against the base branch without a new change note is
a warning (not an error), tried in a throwaway git repository."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import cli
from tests.conftest import procedure

NOTE = "[{date: 2026-05-01, note: เขียนครั้งแรก}]"


def git(repo: Path, *args: str) -> None:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(repo), "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_AUTHOR_NAME": "e", "GIT_AUTHOR_EMAIL": "e@example.org",
           "GIT_COMMITTER_NAME": "e", "GIT_COMMITTER_EMAIL": "e@example.org"}  # fmt: skip
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def check(root: Path, *args: str):
    return CliRunner().invoke(cli, ["check", "--manual", str(root), *args], catch_exceptions=False)


@pytest.fixture
def repo(make_manual) -> Path:
    """A manual committed on branch main, then a branch `edit` checked out for the change."""
    root = make_manual({
        "passports/fee.md": procedure("fee", body="## ค่าธรรมเนียม\n\n1,000 บาท\n", changes=NOTE),
        "passports/other.md": procedure("other", body="## ภาพรวม\n\nเดิม\n"),
    })  # fmt: skip
    git(root.parent, "init", "-q", "-b", "main")
    git(root.parent, "add", ".")
    git(root.parent, "commit", "-q", "-m", "base")
    git(root.parent, "checkout", "-q", "-b", "edit")
    return root


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    path.write_text(path.read_text("utf-8").replace(old, new), "utf-8")


def warnings(result) -> list[dict]:
    return [p for p in json.loads(result.stdout) if p["code"] == "no-change-note"]


def test_a_body_change_without_a_new_note_is_a_warning_with_file_and_line(repo) -> None:
    edit(repo, "passports/fee.md", "1,000 บาท", "1,500 บาท")
    result = check(repo, "--base", "main")
    assert result.exit_code == 0  # a warning: a minor fix needs no note
    assert "fee.md:7:1: warning no-change-note the body changed since main" in result.stdout
    assert "other.md" not in result.stdout
    (found,) = warnings(check(repo, "--base", "main", "--json"))
    assert found["severity"] == "warning" and found["line"] == 7  # the `changes` key


def test_a_committed_change_counts_as_much_as_an_uncommitted_one(repo) -> None:
    edit(repo, "passports/other.md", "เดิม", "ใหม่")
    git(repo.parent, "commit", "-q", "-am", "edit other")
    (found,) = warnings(check(repo, "--base", "main", "--json"))
    assert found["path"].endswith("passports/other.md") and found["line"] == 2  # no `changes` yet


def test_a_new_note_or_a_change_that_is_not_to_the_words_is_quiet(repo) -> None:
    edit(repo, "passports/fee.md", "1,000 บาท", "1,500 บาท")
    edit(repo, "passports/fee.md", "changes: [", "changes: [{date: 2026-06-01, note: ค่าธรรมเนียมใหม่}, ")
    edit(repo, "passports/other.md", "เดิม\n", "เดิม  \n\n")  # whitespace only
    edit(repo, "passports/other.md", "title: หนังสือเดินทาง", "title: หนังสือเดินทางใหม่")  # front matter only
    (repo / "passports" / "new.md").write_text(procedure("new"), "utf-8")  # new since the base
    result = check(repo, "--base", "main", "--json")
    assert result.exit_code == 0 and warnings(result) == []


def test_editing_an_old_note_is_not_a_new_note(repo) -> None:
    edit(repo, "passports/fee.md", "1,000 บาท", "1,500 บาท")
    edit(repo, "passports/fee.md", "2026-05-01", "2026-06-01")  # the same note moved to today
    assert len(warnings(check(repo, "--base", "main", "--json"))) == 0  # a note the base lacked
    edit(repo, "passports/fee.md", "2026-06-01", "2026-05-01")
    assert len(warnings(check(repo, "--base", "main", "--json"))) == 1


@pytest.mark.parametrize("base", ["no-such-branch", "--help", "main:passports"])
def test_an_unknown_base_is_bad_usage(repo, base) -> None:
    result = check(repo, "--base", base)
    assert result.exit_code == 2 and "--base" in result.output


def test_a_manual_outside_git_is_told_so(make_manual) -> None:
    root = make_manual({"passports/a.md": procedure("a")})
    result = check(root, "--base", "main")
    assert result.exit_code == 2 and "git repository" in result.output
