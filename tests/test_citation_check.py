"""`check` and citations between procedures ("PP 3 §2"): a citation must name a ref and a
section that exist; with `--base REF`, a change that renumbers a section other procedures
already cite is a warning on the procedure that changed, naming the citing places."""

from __future__ import annotations

import json
import subprocess

import pytest
from click.testing import CliRunner

from cli import cli
from tests.conftest import procedure

SECTIONS = "## ภาพรวม\n\nก\n\n## ผู้มีสิทธิ์\n\nข\n\n## เอกสาร\n\nค\n"
CITING = "## ภาพรวม\n\nดูหลักเกณฑ์ใน PP 3 §2 และ PP 3\n"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def warnings(root, *extra) -> list[dict]:
    result = run("check", "--manual", root, "--json", *extra)
    assert result.exit_code == 0, result.output
    return [p for p in json.loads(result.stdout) if p["code"] in ("unknown-citation", "renumbered-section")]


def git(root, *args):
    env = {"GIT_AUTHOR_NAME": "e", "GIT_AUTHOR_EMAIL": "e@x", "GIT_COMMITTER_NAME": "e",
           "GIT_COMMITTER_EMAIL": "e@x", "PATH": "/usr/bin:/bin"}  # fmt: skip
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, env=env)


@pytest.fixture
def committed(make_manual):
    """A manual in git: PP 3 with three sections, and b citing PP 3 §2 and PP 3."""
    root = make_manual({"passports/a.md": procedure("a", ref="PP 3", body=SECTIONS),
                        "visas/b.md": procedure("b", "visas", body=CITING)})  # fmt: skip
    git(root.parent, "init", "-q")
    git(root.parent, "add", ".")
    git(root.parent, "commit", "-qm", "base")
    return root


def edit(root, rel, body, **front):
    ident = rel.rsplit("/", 1)[1][:-3]
    (root / rel).write_text(procedure(ident, rel.split("/")[0], body=body, **front), "utf-8")


def test_citations_of_nothing_are_warnings_where_they_are_written(make_manual):
    body = ("## ภาพรวม\n\nตาม PP 9 และ PP 3 §7 แต่ PP 3 §3 ถูกต้อง\n\nกระดาษ A 4 ไม่ใช่การอ้างอิง\n\n"
            "```\nPP 9 §1\n```\n\n`PP 8` ก็ไม่ใช่\n")  # fmt: skip
    root = make_manual({"passports/a.md": procedure("a", ref="PP 3", body=SECTIONS),
                        "visas/b.md": procedure("b", "visas", body=body)})  # fmt: skip
    found = [(p["line"], p["col"], p["message"]) for p in warnings(root)]
    assert found == [
        (10, 5, "'PP 9' cites no procedure: no file has ref 'PP 9'"),
        (10, 14, "'PP 3 §7' cites no section: PP 3 has sections §1 to §3"),
    ]


def test_a_manual_without_refs_has_no_citations(make_manual):
    root = make_manual({"passports/a.md": procedure("a", body="## ภาพรวม\n\nตาม PP 9 §2\n")})
    assert warnings(root) == []


def test_inserting_a_section_before_a_cited_one_is_a_warning_on_the_change(committed):
    edit(committed, "passports/a.md", SECTIONS.replace("## ผู้มีสิทธิ์", "## ใหม่\n\nง\n\n## ผู้มีสิทธิ์"), ref="PP 3")
    [found] = warnings(committed, "--base", "HEAD")
    assert found["path"].endswith("passports/a.md") and found["code"] == "renumbered-section"
    assert found["line"] == 17  # the cited section's heading, where it now is
    assert found["message"] == (
        "this change renumbers cited sections: PP 3 §2 is now §3 (cited by visas/b.md:10): "
        "update those citations in this change, or keep the sections' order"
    )


def test_removing_a_cited_section_says_what_its_number_now_names(committed):
    edit(committed, "passports/a.md", SECTIONS.replace("## ผู้มีสิทธิ์\n\nข\n\n", ""), ref="PP 3")
    [found] = warnings(committed, "--base", "HEAD")
    assert (
        "PP 3 §2 is removed, §2 is now the section that was §3 (cited by visas/b.md:10)" in found["message"]
    )


@pytest.mark.parametrize(
    "body",
    [
        SECTIONS.replace("## ผู้มีสิทธิ์", "## ผู้มีสิทธิ์ยื่นคำร้อง"),  # renamed in place
        SECTIONS + "\n## ค่าธรรมเนียม\n\nจ\n",  # added at the end
        SECTIONS.replace("## ภาพรวม\n\nก\n\n", "## ภาพรวม\n\nก ข ค\n\n"),  # text only
    ],
)
def test_changes_that_keep_the_numbers_are_quiet(committed, body):
    edit(committed, "passports/a.md", body, ref="PP 3")
    assert warnings(committed, "--base", "HEAD") == []


def test_one_change_that_renumbers_several_cited_sections_is_one_warning(committed):
    edit(committed, "visas/b.md", CITING + "\nและ PP 3 §3\n")
    git(committed.parent, "commit", "-qam", "cite §3 too")
    edit(committed, "passports/a.md", "## แรก\n\nก\n\n" + SECTIONS, ref="PP 3")
    [found] = warnings(committed, "--base", "HEAD")
    assert found["line"] == 17  # the first renumbered cited heading: ผู้มีสิทธิ์, once §2
    assert (
        "PP 3 §2 is now §3 (cited by visas/b.md:10); PP 3 §3 is now §4 (cited by visas/b.md:12)"
        in (found["message"])
    )


def test_a_citation_updated_in_the_same_change_is_quiet(committed):
    edit(committed, "passports/a.md", SECTIONS.replace("## ผู้มีสิทธิ์", "## ใหม่\n\nง\n\n## ผู้มีสิทธิ์"), ref="PP 3")
    edit(committed, "visas/b.md", CITING.replace("PP 3 §2", "PP 3 §3"))
    assert warnings(committed, "--base", "HEAD") == []


def test_without_a_base_only_existence_is_checked(committed):
    edit(committed, "passports/a.md", SECTIONS.replace("## ผู้มีสิทธิ์", "## ใหม่\n\nง\n\n## ผู้มีสิทธิ์"), ref="PP 3")
    assert warnings(committed) == []  # §2 still exists: only the base can tell it moved


def test_a_bad_base_is_bad_usage(committed):
    result = run("check", "--manual", committed, "--base", "no-such-branch")
    assert result.exit_code == 2 and "no such branch or commit" in result.stderr
