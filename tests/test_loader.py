"""The loader turns every kind of bad file into a problem with a file and line, never a crash."""

from __future__ import annotations

from datetime import date

import pytest

from indexer.manual.loader import ManualNotFound, load_manual
from tests.conftest import SAMPLE_MANUAL, procedure


def codes(manual):
    return {(p.path.split("/", 1)[1], p.code) for p in manual.problems}


def test_sample_manual_loads_without_errors():
    manual = load_manual(SAMPLE_MANUAL)
    assert manual.errors == []
    assert {p.code for p in manual.problems} <= {"review-overdue"}  # the stale report's examples
    assert len(manual.procedures) >= 45


def test_a_valid_procedure_is_read_with_its_sections(make_manual):
    body = "intro\n\n## ภาพรวม\n\nข้อความ **สำคัญ** [ลิงก์](../x/y.md)\n\n```\n## not a heading\n```\n## ภาพรวม\n"
    root = make_manual({"passports/p-one.md": procedure("p-one", body=body, tags="[a, b]")})
    manual = load_manual(root)
    (proc,) = manual.procedures
    assert proc.tags == ["a", "b"] and proc.classification == "internal"
    assert [(s.heading, s.anchor) for s in proc.sections] == [
        ("หนังสือเดินทาง", ""), ("ภาพรวม", "ภาพรวม"), ("ภาพรวม", "ภาพรวม_1"),
    ]  # fmt: skip
    assert "ข้อความ สำคัญ ลิงก์" in proc.sections[1].text
    assert "not a heading" in proc.sections[1].text  # a heading inside a code fence is text


@pytest.mark.parametrize(
    "content, code, line",
    [
        (b"", "empty-file", 1),
        (b"\x00\x01binary", "binary-file", 1),
        (b"---\nid: x\n" + b"\xff\xfe\n---\n", "not-utf8", 3),
        (b"no front matter\n", "no-front-matter", 1),
        (b"---\nid: p\n", "unclosed-front-matter", 1),
        (b"---\nid: p\ntitle: [unclosed\n---\n", "yaml-syntax", 3),
        (b"---\n- a list\n---\n", "not-a-mapping", 2),
        (b"---\na: &x [1]\nb: *x\n---\n", "yaml-alias", 2),
        (procedure("p", title="t").replace("title: t\n", "").encode(), "missing-key", 2),
        (procedure("p", title="'   '").encode(), "missing-key", 2),  # a title of spaces only
        (procedure("Bad_ID").encode(), "bad-id", 2),
        (procedure("other").encode(), "id-mismatch", 2),
        (procedure("p", category="visas").encode(), "category-mismatch", 4),
        (procedure("p", lang="fr").encode(), "bad-lang", 5),
        (procedure("p", classification="secret").encode(), "bad-classification", 7),
        (procedure("p", review_due="2026-13-45").encode(), "bad-date", 7),  # on its line, not the YAML
        (procedure("p", review_due="soon").encode(), "bad-date", 7),
        (procedure("p", aliases="[พาส, 1300]").encode(), "bad-type", 7),
    ],
)
def test_bad_files_become_problems_with_lines(make_manual, content, code, line):
    root = make_manual({"passports/p.md": content})
    manual = load_manual(root)
    assert manual.procedures == []
    (problem,) = [p for p in manual.problems if p.severity == "error"]
    assert (problem.path, problem.code, problem.line) == ("manual/passports/p.md", code, line)


def test_alias_bomb_is_refused_quickly(make_manual):
    bomb = "---\na: &a [x, x, x, x, x, x, x, x, x]\n"
    bomb += "".join(f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
                    for p, c in zip("abcdefgh", "bcdefghi", strict=True))  # fmt: skip
    root = make_manual({"passports/p.md": bomb + "---\n"})
    assert ("passports/p.md", "yaml-alias") in codes(load_manual(root))


def test_large_file_is_refused_with_a_message(make_manual):
    root = make_manual({"passports/p.md": procedure("p") + "ก" * 1_000_000})
    (problem,) = load_manual(root).problems
    assert problem.code == "file-too-large" and "MB" in problem.message


def test_bom_and_crlf_are_warnings_and_the_file_still_loads(make_manual):
    text = "\ufeff" + procedure("p").replace("\n", "\r\n")
    root = make_manual({"passports/p.md": text})
    manual = load_manual(root)
    assert [p.id for p in manual.procedures] == ["p"]
    assert {(p.code, p.severity) for p in manual.problems} == {("bom", "warning"), ("crlf", "warning")}


def test_unknown_keys_are_kept_and_typos_are_warned(make_manual):
    root = make_manual({"passports/p.md": procedure("p", sumary="x", mission="Tokyo")})
    manual = load_manual(root)
    assert manual.procedures[0].extra == {"sumary": "x", "mission": "Tokyo"}
    (warning,) = manual.problems
    assert warning.code == "unknown-key" and "'summary'" in warning.message


def test_duplicate_ids_and_unknown_related_are_reported(make_manual):
    root = make_manual({
        "passports/p.md": procedure("p", related="[missing]"),
        "visas/p.md": procedure("p", category="visas"),
    })  # fmt: skip
    manual = load_manual(root)
    assert codes(manual) == {("visas/p.md", "duplicate-id"), ("passports/p.md", "unknown-related")}
    assert [p.path for p in manual.procedures] == ["manual/passports/p.md"]


def test_files_outside_category_folders_are_reported(make_manual):
    root = make_manual({"README.md": "# hi", "passports/p.md": procedure("p")})
    assert codes(load_manual(root)) == {("README.md", "misplaced-file")}


def test_categories_default_to_folder_names(make_manual):
    root = make_manual({"visas/p.md": procedure("p", category="visas")})
    assert list(load_manual(root).categories) == ["visas"]


def test_a_missing_manual_folder_raises_a_clear_error(tmp_path):
    with pytest.raises(ManualNotFound, match="manual folder not found"):
        load_manual(tmp_path / "nope")


def test_glossary_problems_name_the_entry_line(make_manual):
    root = make_manual({"glossary.yml": "- term: สอท.\n  expansions: [embassy]\n- term: 5\n"})
    manual = load_manual(root)
    (problem,) = manual.problems
    assert (problem.path, problem.line, problem.code) == ("manual/glossary.yml", 3, "bad-glossary-entry")
    assert manual.glossary == [["สอท.", "embassy"]]


def test_review_dates_give_warnings(make_manual):
    root = make_manual({
        "passports/late.md": procedure("late", review_due="2026-01-01"),
        "passports/never.md": procedure("never", last_reviewed=None),
    })  # fmt: skip
    manual = load_manual(root, today=date(2026, 3, 1))
    assert len(manual.procedures) == 2
    assert {(p.path, p.code, p.severity) for p in manual.problems} == {
        ("manual/passports/late.md", "review-overdue", "warning"),
        ("manual/passports/never.md", "never-reviewed", "warning"),
    }


@pytest.mark.parametrize(
    "body, code",
    [
        ("ข้อความ <script>alert(1)</script>", "unsafe-html"),
        ('<img src="x.png" onerror="alert(1)">', "unsafe-html"),
        ("<iframe src='https://example.org'></iframe>", "unsafe-html"),
        ("[ลิงก์](javascript:alert(1))", "unsafe-html"),
    ],
)
def test_unsafe_html_leaves_the_file_out(make_manual, body, code):
    root = make_manual({"passports/p.md": procedure("p", body="## ก\n\n" + body + "\n")})
    manual = load_manual(root)
    assert manual.procedures == []
    (problem,) = manual.errors
    assert (problem.code, problem.line) == (code, 10)


def test_html_inside_code_is_only_text(make_manual):
    body = "## ก\n\nใช้ `<script>` ไม่ได้\n\n```\n<script>x</script>\n```\n"
    root = make_manual({"passports/p.md": procedure("p", body=body)})
    assert [p.id for p in load_manual(root).procedures] == ["p"]


def test_links_anchors_and_images_must_resolve(make_manual):
    target = procedure("t", body="## ภาพรวม\n\nก\n")
    body = (
        "## ก\n\n"
        "[ok](t.md) [ok](../passports/t.md#ภาพรวม) [web](https://example.org) [self](#ก)\n"
        "[gone](missing.md) [bad anchor](t.md#nothing) ![pic](img/none.png) [self](#ไม่มี)\n"
    )
    root = make_manual({"passports/t.md": target, "passports/p.md": procedure("p", body=body)})
    manual = load_manual(root)
    found = sorted((p.code, p.line, p.col) for p in manual.problems)
    assert found == [
        ("broken-anchor", 11, 20), ("broken-anchor", 11, 68),
        ("broken-link", 11, 1), ("missing-image", 11, 47),
    ]  # fmt: skip
    assert len(manual.procedures) == 2  # a broken link is reported, the page still serves


def test_link_reference_definitions_are_not_text() -> None:
    """A [ref]: target line is never shown, so no snippet or export may hold its target."""
    from indexer.manual.sections import plain_text

    text = plain_text("ดู [เรื่องอื่น][ref] ก่อน\n\n[ref]: ../passports/internal-doc.md\n   [x]: https://a.example")
    assert text == "ดู เรื่องอื่น ก่อน"
