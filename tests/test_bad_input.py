"""The bad-input corpus (tests/fixtures/bad-manual) holds every problem `check` knows.

Every code in the editor's guide must be produced by the corpus, and the corpus must
produce no code the guide does not explain. `index` on it indexes the valid files and
names the rest.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess

import pytest
from click.testing import CliRunner

from cli import cli
from tests.conftest import ROOT

CORPUS = ROOT / "tests" / "fixtures" / "bad-manual"
GUIDE = ROOT / "docs" / "guides" / "editing.md"
VALID = {"good-one", "good-two", "duplicate", "unknown-related", "broken-links", "unknown-key",
         "unsupported-html", "bom", "crlf", "review-overdue", "never-reviewed",
         "note-names-internal"}  # fmt: skip


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def documented_codes() -> set[str]:
    table = [line for line in GUIDE.read_text("utf-8").splitlines() if line.startswith("| `")]
    return {code for line in table for code in re.findall(r"`([a-z0-9-]+)`", line.split("|")[1])}


@pytest.fixture
def corpus(tmp_path):
    root = tmp_path / "manual"
    shutil.copytree(CORPUS, root, symlinks=True)
    # too big to keep in the repository: made here
    (root / "passports" / "file-too-large.md").write_bytes(b"---\nid: x\n---\n" + b"x" * 3_000_000)
    os.mkfifo(root / "passports" / "pipe.md")  # git cannot store one: made here
    long_value = "ก" * 70_000
    (root / "passports" / "front-matter-too-large.md").write_text(f"---\nid: y\ntitle: {long_value}\n---\n")
    return root


def codes(root) -> set[str]:
    result = run("check", "--manual", root, "--json")
    assert result.exit_code == 1
    return {p["code"] for p in json.loads(result.stdout)}


def test_the_corpus_produces_every_documented_problem(corpus):
    found = codes(corpus)
    (corpus / "glossary.yml").write_text("not: a list\n", "utf-8")
    found |= codes(corpus)
    found |= codes_against_a_base(corpus)
    assert found == documented_codes()


def codes_against_a_base(corpus) -> set[str]:
    """What `check --base` adds: the corpus committed, then a section inserted before the
    one that unknown-key.md cites (PP 1 §2), with a change note, and another body changed
    without one."""
    env = {"GIT_AUTHOR_NAME": "e", "GIT_AUTHOR_EMAIL": "e@x", "GIT_COMMITTER_NAME": "e",
           "GIT_COMMITTER_EMAIL": "e@x", "PATH": "/usr/bin:/bin"}  # fmt: skip
    for args in (["init", "-q"], ["add", "."], ["commit", "-qm", "base"]):
        subprocess.run(["git", *args], cwd=corpus, check=True, capture_output=True, env=env)
    good = corpus / "passports" / "good-one.md"
    note = "changes: [{date: 2026-01-20, note: เพิ่มหัวข้อ}]\n"
    text = good.read_text("utf-8").replace("ref: PP 1\n", "ref: PP 1\n" + note)
    good.write_text(text.replace("## ขั้นตอน", "## ค่าธรรมเนียม\n\nไม่มี\n\n## ขั้นตอน"), "utf-8")
    other = corpus / "passports" / "good-two.md"  # its body changes without a note
    other.write_text(other.read_text("utf-8") + "\nเพิ่มอีกหนึ่งประโยค\n", "utf-8")
    result = run("check", "--manual", corpus, "--json", "--base", "HEAD")
    return {p["code"] for p in json.loads(result.stdout)}


def test_every_problem_names_a_file_and_line(corpus):
    problems = json.loads(run("check", "--manual", corpus, "--json").stdout)
    for p in problems:
        assert p["path"].startswith(f"{corpus}/") and p["line"] >= 1 and p["col"] >= 1, p
        assert os.path.lexists(p["path"]), p  # the path opens the file from where check ran


def test_index_indexes_the_valid_files_and_names_the_rest(corpus, tmp_path):
    result = run("index", "--manual", corpus, "--index", tmp_path / "index", "--json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert {path.rsplit("/", 1)[1][:-3] for path in report["added"]} == VALID
    named = {
        line.split(":", 1)[0].rsplit("/", 1)[1] for line in result.stderr.splitlines() if ": error " in line
    }
    assert "yaml-syntax.md" in named and "binary-file.md" in named and "file-too-large.md" in named
    found = json.loads(run("search", "หนังสือเดินทาง", "--index", tmp_path / "index", "--json").stdout)
    assert [r["id"] for r in found["results"]] == ["good-one"]
