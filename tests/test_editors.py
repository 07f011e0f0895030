"""The editors' commands: new, the commit history and the stale-content report (change
notes and `changes`: tests/test_change_notes.py)."""

from __future__ import annotations

import json
import re
import subprocess
from datetime import date

import pytest
from click.testing import CliRunner

from cli import cli
from indexer.manual.history import manual_history
from indexer.manual.loader import load_manual
from indexer.manual.stale import stale_by_owner
from tests.conftest import procedure


def run(*args, input=None):
    return CliRunner().invoke(cli, [str(a) for a in args], input=input, catch_exceptions=False)


@pytest.mark.parametrize("lang, heading", [("th", "## เอกสารที่ต้องใช้"), ("en", "## Required documents")])
def test_new_writes_a_template_that_check_fails_until_it_is_filled_in(make_manual, lang, heading):
    root = make_manual({"passports/old.md": procedure("old")})
    flags = {"--id": "fresh-one", "--category": "passports", "--lang": lang, "--title": "หัวเรื่อง",
             "--title-en": "Heading", "--classification": "public", "--owner": "กอง"}  # fmt: skip
    result = run("new", "--manual", root, *(x for pair in flags.items() for x in pair))
    assert result.exit_code == 0, result.output
    path = root / "passports" / "fresh-one.md"
    text = path.read_text("utf-8")
    assert heading in text and "- [ ]" in text
    checked = run("check", "--manual", root)
    assert checked.exit_code == 1
    lines = text.split("\n")
    first = next(n for n, line in enumerate(lines, 1) if "[[" in line)
    label = "กรอก" if lang == "th" else "fill in"
    where = f"passports/fresh-one.md:{first}:1: error placeholder fill in the placeholder in '"
    assert where in checked.stdout
    assert f"replace '[[{label}: " in checked.stdout
    assert checked.stdout.count("error placeholder ") == text.count("[[")  # each one, on its line
    path.write_text(re.sub(r"\[\[[^\]]*?: (.*?)\]\]", r"\1", text), "utf-8")  # the editor fills them in
    assert run("check", "--manual", root).exit_code == 0


def test_a_placeholder_inside_a_code_block_is_an_example_not_a_placeholder(make_manual):
    body = "## ภาพรวม\n\nตัวอย่าง:\n\n```\n[[กรอก: ข้อความ]]\n```\n"
    root = make_manual({"passports/a.md": procedure("a", body=body)})
    assert run("check", "--manual", root).exit_code == 0


def test_new_asks_for_what_flags_do_not_give(make_manual):
    root = make_manual({"visas/old.md": procedure("old", "visas")})
    answers = "asked-id\nvisas\nen\nA title\npublic\nConsular section\n"
    result = run("new", "--manual", root, input=answers)
    assert result.exit_code == 0, result.output
    assert (root / "visas" / "asked-id.md").is_file()
    assert "English title" not in result.output  # an English procedure's title is English


def test_new_asks_again_after_an_answer_it_cannot_use(make_manual):
    root = make_manual({"passports/old.md": procedure("old"), "visas/v.md": procedure("v", "visas")})
    answers = "\n".join([
        "Bad ID", "old", "fresh",  # not the pattern, already taken, then fine
        "passprots", "passports",  # a typo of a category, then a real one
        "thai", "th",  # not a language, then one
        "   ", "หนังสือเดินทางใหม่",  # an empty title, then one
        "New passport",  # the English title of a Thai procedure
        "secret", "internal", "",  # not a classification, then one; no owner
    ]) + "\n"  # fmt: skip
    result = run("new", "--manual", root, input=answers)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "must be lowercase letters and digits" in out and "already exists: choose another id" in out
    assert "unknown category 'passprots': choose one of passports, visas" in out
    assert "English title" in out
    text = (root / "passports" / "fresh.md").read_text("utf-8")
    assert "title_en: New passport" in text and "lang: th" in text and "classification: internal" in text
    assert "id: old" in (root / "passports" / "old.md").read_text("utf-8")  # untouched


def test_new_never_overwrites(make_manual):
    root = make_manual({"passports/old.md": procedure("old")})
    result = run("new", "--manual", root, "--id", "old", "--category", "visas", "--lang", "en",
                 "--title", "x", "--classification", "public", "--owner", "")  # fmt: skip
    assert result.exit_code == 2 and "already exists" in result.stderr
    assert "id: old" in (root / "passports" / "old.md").read_text("utf-8")


@pytest.mark.parametrize("flag, value, words", [
    ("--id", "Bad ID", "must be lowercase"),
    ("--category", "nowhere", "unknown category 'nowhere'"),
    ("--title", " ", "cannot be empty"),
])  # fmt: skip
def test_new_refuses_a_bad_flag_without_asking(make_manual, flag, value, words):
    root = make_manual({"passports/old.md": procedure("old")})
    flags = {"--id": "fine", "--category": "passports", "--lang": "en", "--title": "t",
             "--classification": "public", "--owner": "", flag: value}  # fmt: skip
    result = run("new", "--manual", root, *(x for pair in flags.items() for x in pair))
    assert result.exit_code == 2 and words in result.stderr
    assert not (root / "passports" / "fine.md").exists()


def git(root, *args):
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True,
                   env={"GIT_AUTHOR_DATE": "2026-05-01T10:00:00", "GIT_COMMITTER_DATE": "2026-05-01T10:00:00",
                        "GIT_AUTHOR_NAME": "e", "GIT_AUTHOR_EMAIL": "e@x", "GIT_COMMITTER_NAME": "e",
                        "GIT_COMMITTER_EMAIL": "e@x", "PATH": "/usr/bin:/bin"})  # fmt: skip


def test_history_comes_from_the_commits_that_changed_each_file(make_manual):
    root = make_manual({"passports/a.md": procedure("a"), "passports/b.md": procedure("b")})
    git(root.parent, "init", "-q")
    git(root.parent, "add", ".")
    git(root.parent, "commit", "-qm", "Add passports")
    (root / "passports" / "a.md").write_text(procedure("a", title="ใหม่"), "utf-8")
    git(root.parent, "commit", "-qam", "Fix the fee in a")
    history = manual_history(load_manual(root))
    assert [c.subject for c in history["manual/passports/a.md"]] == ["Fix the fee in a", "Add passports"]
    assert [c.subject for c in history["manual/passports/b.md"]] == ["Add passports"]
    # a change notice lists change notes, never commit subjects
    assert run("changes", "--since", "2026-04-01", "--manual", root, "--json").stdout.strip() == "[]"


def test_without_git_there_is_no_commit_history(make_manual):
    root = make_manual({"passports/a.md": procedure("a", last_reviewed="2026-02-03")})
    assert manual_history(load_manual(root)) == {"manual/passports/a.md": []}


def test_stale_report_groups_by_owner(make_manual):
    root = make_manual({
        "passports/late.md": procedure("late", owner="กองหนังสือเดินทาง", review_due="2026-01-01"),
        "passports/fine.md": procedure("fine", owner="กองหนังสือเดินทาง", review_due="2099-01-01"),
        "visas/never.md": procedure("never", "visas", owner="Visa unit", last_reviewed=None),
    })  # fmt: skip
    groups = stale_by_owner(load_manual(root), today=date(2026, 3, 1))
    assert {o: [s.procedure.id for s in items] for o, items in groups.items()} == {
        "Visa unit": ["never"], "กองหนังสือเดินทาง": ["late"],
    }  # fmt: skip
    data = json.loads(run("report", "stale", "--manual", root, "--json").stdout)
    assert data["กองหนังสือเดินทาง"][0]["reason"] == "overdue"
