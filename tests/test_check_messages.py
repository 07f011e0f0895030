"""`check` as an editor meets it: one message per mistake, at the file, line and column
that hold it, saying what to do; paths that open from where the editor is."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from cli import cli
from indexer.manual.dates import parse_day
from indexer.manual.loader import load_manual
from tests.conftest import procedure

LINKS_TO_A = "## ภาพรวม\n\nดู [เรื่อง a](../passports/a.md#ภาพรวม) และ [อีกครั้ง](../passports/a.md)\n"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def problems(root) -> list[dict]:
    return json.loads(run("check", "--manual", root, "--json").stdout)


def codes_by_file(root) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for p in problems(root):
        if p["severity"] == "error":
            found.setdefault(p["path"].rsplit("/", 1)[1], set()).add(p["code"])
    return found


def pointing_at_a(**bad) -> dict[str, str]:
    """A manual where b and c cite `a` (related and links) and `a` has a mistake of its own."""
    return {
        "passports/a.md": procedure(bad.pop("id", "a"), **bad),
        "passports/b.md": procedure("b", related="[a]", body=LINKS_TO_A),
        "visas/c.md": procedure("c", "visas", related="[a, b]", body=LINKS_TO_A),
    }


@pytest.mark.parametrize(
    "bad, code",
    [
        ({"category": "pasports"}, "category-mismatch"),
        ({"id": "a-typo"}, "id-mismatch"),
        ({"review_due": "2570-01-31"}, "buddhist-era-date"),
        ({"title": "Passport: lost"}, "yaml-syntax"),
        ({"lang": "fr"}, "bad-lang"),
    ],
)
def test_a_broken_file_is_the_one_error_not_the_files_that_cite_it(make_manual, bad, code):
    root = make_manual(pointing_at_a(**bad))
    assert codes_by_file(root) == {"a.md": {code}}


def test_a_file_moved_to_the_wrong_folder_is_reported_there_only(make_manual):
    files = pointing_at_a()
    files["visas/a.md"] = files.pop("passports/a.md")  # category still says passports
    root = make_manual(files)
    assert codes_by_file(root) == {"a.md": {"category-mismatch"}}


def test_links_to_a_good_file_are_still_checked(make_manual):
    root = make_manual(pointing_at_a() | {"passports/d.md": procedure("d", related="[zz]",
                       body="[x](a.md#nowhere) [y](gone.md)")})  # fmt: skip
    assert codes_by_file(root) == {"d.md": {"unknown-related", "broken-anchor", "broken-link"}}


def test_paths_start_with_the_manual_folder_as_given(make_manual, tmp_path, monkeypatch):
    root = make_manual({"passports/a.md": procedure("a", lang="fr")})
    elsewhere = tmp_path / "work" / "deep"
    elsewhere.mkdir(parents=True)
    monkeypatch.chdir(elsewhere)
    result = run("check", "--manual", "../../manual")
    assert result.stdout.startswith("../../manual/passports/a.md:5:1: error bad-lang")
    monkeypatch.chdir(root)
    assert run("check", "--manual", ".").stdout.startswith("passports/a.md:5:1: error bad-lang")
    assert problems(root)[0]["path"] == f"{root}/passports/a.md"


CATEGORIES = """\
passports:
  th: หนังสือเดินทาง
  en: Passports
  order: 1
visas:
  th: วีซ่า
  order: 2
family:
  th: 3
  en: Family
  order: "three"
  colour: blue
"""


def test_categories_are_checked_against_the_guide_with_lines(make_manual):
    root = make_manual({"categories.yml": CATEGORIES, "passports/a.md": procedure("a"),
                        "voting/v.md": procedure("v", "voting")})  # fmt: skip
    found = {(p["line"], p["code"], p["message"]) for p in problems(root) if "categories" in p["path"]}
    assert found == {
        (5, "bad-category", "'visas' needs 'en', its name in en"),
        (9, "bad-category", "'family': 'th' must be a name written as text"),
        (11, "bad-category", "'family': 'order' must be a whole number, like 3"),
        (12, "unknown-key", "'family': unknown key 'colour' (an entry has th, en, order and contact)"),
        (1, "unlisted-category",
         "the folder 'voting' has no entry here: its menu shows the folder name (add th, en, order)"),
    }  # fmt: skip
    manual = load_manual(root)
    assert manual.categories["visas"].en == "visas"  # still used: the site keeps the category


@pytest.mark.parametrize(
    "written, code, expected",
    [
        ("2570-01-31", "buddhist-era-date", "write 2027-01-31"),
        ("2567-02-29", "buddhist-era-date", "write 2024-02-29"),  # a leap day of BE 2567
        ("2026-02-30", "bad-date", "2026-02-30 is not a day of the calendar"),
        ("2569-02-29", "buddhist-era-date", "2569-02-29 is not a day of the calendar in either era"),
    ],
)
def test_dates_point_at_the_buddhist_era_and_give_the_common_era(make_manual, written, code, expected):
    root = make_manual({"passports/a.md": procedure("a", review_due=written)})
    [found] = [p for p in problems(root) if p["severity"] == "error"]
    assert (found["line"], found["code"]) == (7, code) and expected in found["message"]


def test_a_change_note_dated_in_the_buddhist_era_is_an_error(make_manual):
    root = make_manual({"passports/a.md": procedure("a", changes="[{date: 2569-03-01, note: ค่าธรรมเนียม}]")})
    [found] = problems(root)
    assert found["code"] == "buddhist-era-date" and "write 2026-03-01" in found["message"]


def test_the_date_helper_reads_both_eras():
    assert parse_day("2569-10-01") == parse_day("2026-10-01")
    assert parse_day("2567-02-29").isoformat() == "2024-02-29"
    for bad in ("2026-13-01", "1/10/2026", "2569-02-29", ""):
        with pytest.raises(ValueError):
            parse_day(bad)


def test_changes_since_takes_either_era(make_manual):
    note = "[{date: 2026-02-03, note: ค่าธรรมเนียมใหม่}]"
    root = make_manual({"passports/a.md": procedure("a", changes=note)})
    ce = run("changes", "--since", "2026-01-01", "--manual", root, "--json")
    be = run("changes", "--since", "2569-01-01", "--manual", root, "--json")
    assert json.loads(ce.stdout) == json.loads(be.stdout) != []
    later = run("changes", "--since", "2569-03-01", "--manual", root, "--json")
    assert json.loads(later.stdout) == []
    wrong = run("changes", "--since", "31/01/2569", "--manual", root)
    assert wrong.exit_code == 2 and "YYYY-MM-DD" in wrong.stderr


@pytest.mark.parametrize(
    "front, line, col, says",
    [
        ("title: Passport: lost", 3, 16, 'write title: "Passport: lost"'),
        ('summary: ขั้นตอน: ยื่น "ก"', 3, 17, 'write summary: "ขั้นตอน: ยื่น \\"ก\\""'),
        ("title: x\n\tlang: th", 4, 1, "tab"),
        ('title: "never closed\nlang: th', 3, 8, 'closed: end it with " on the same line'),
        ("title: x\ntags: [a, b\nlang: th", 4, 7, "']'"),
        ("title: x\n  lang: th", 4, 1, "indented more than the key above"),
        ("title: x\njust words\nlang: th", 4, 1, "not 'key: value'"),
        ("title: @home", 3, 8, "cannot start with '@'"),
        ("title: x\ntitle: y", 4, 1, "given twice (also on line 3)"),
    ],
)
def test_yaml_mistakes_say_what_to_do_at_the_line_and_column(make_manual, front, line, col, says):
    text = f"---\nid: a\n{front}\ncategory: passports\n---\n\n## ภาพรวม\n"
    root = make_manual({"passports/a.md": text})
    found = [p for p in problems(root) if p["code"] in ("yaml-syntax", "duplicate-key")]
    assert len(found) == 1, found
    assert (found[0]["line"], found[0]["col"]) == (line, col) and says in found[0]["message"], found[0]


@pytest.mark.parametrize(
    "ref",
    ["<script>alert(1)</script> 1", "PP 3<b>", "PP " + "9" * 5000, "P{1,3} 1", ".* 1", "PP 3|QQ 4",
     "pp 3", "PP  3", "PP 03", "PP 3.0", "PP 0", " PP 3", "PP 3 §2", "PP-3", "ป 3", "PP\n3", "PP 3.", ""],
)  # fmt: skip
def test_a_hostile_or_sloppy_ref_is_refused(make_manual, ref):
    root = make_manual({"passports/a.md": procedure("a", ref=json.dumps(ref))})
    found = [p for p in problems(root) if p["severity"] == "error"]
    assert [p["code"] for p in found] == ["bad-ref"] and len(found[0]["message"]) < 200


def test_refs_are_unique_however_they_are_written(make_manual):
    root = make_manual({"passports/a.md": procedure("a", ref="PP 3"),
                        "passports/b.md": procedure("b", ref="PP 3"),
                        "passports/c.md": procedure("c", ref="PP 3.1")})  # fmt: skip
    [found] = [p for p in problems(root) if p["severity"] == "error"]
    assert found["code"] == "duplicate-ref" and found["path"].endswith("b.md")
    assert "passports/a.md" in found["message"]


@pytest.mark.parametrize(
    "rel, text, line, col, says",
    [
        ("glossary.yml", "- term: สอท.\n  expansions: [สถานทูต, embassy\n", 2, 15, "'[' here is not closed"),
        ("categories.yml", "passports:\n\tth: หนังสือเดินทาง\n", 2, 1, "tab"),
        ("categories.yml", "passports:\n  th: หนังสือเดินทาง: เล่ม\n", 2, 21, 'write th: "หนังสือเดินทาง: เล่ม"'),
    ],
)
def test_yaml_mistakes_in_the_shared_files_say_what_to_do(make_manual, rel, text, line, col, says):
    root = make_manual({rel: text, "passports/a.md": procedure("a")})
    [found] = [p for p in problems(root) if p["code"] == "yaml-syntax"]
    assert (
        found["path"].endswith(rel)
        and (found["line"], found["col"]) == (line, col)
        and says in found["message"]
    )


@pytest.mark.parametrize(
    "front, line, col, says",
    [
        ("title: *home", 3, 8, "cannot start with '*'"),
        ("title: !important", 3, 8, "cannot start with '!'"),
        ("title: | one line", 3, 8, "cannot start with '|'"),
    ],
)
def test_yaml_markers_at_the_start_of_a_value_say_quote_it(make_manual, front, line, col, says):
    root = make_manual({"passports/a.md": f"---\nid: a\n{front}\ncategory: passports\nlang: th\n---\n"})
    [found] = [p for p in problems(root) if p["code"] == "yaml-syntax"]
    assert (found["line"], found["col"]) == (line, col) and says in found["message"]


@pytest.mark.parametrize("value, kind", [("yes", "yes/no"), ("2026", "a number"), ("2026-01-01", "a date")])
def test_text_that_yaml_reads_as_something_else_says_quote_it(make_manual, value, kind):
    root = make_manual({"passports/a.md": procedure("a", title=value)})
    [found] = [p for p in problems(root) if p["severity"] == "error"]
    assert found["code"] == "bad-type" and found["line"] == 3
    assert f"reads this value as {kind}" in found["message"] and "put it in quotes" in found["message"]


@pytest.mark.parametrize(
    "front, line, col, key",
    [
        (r'title: "Passport \e]0;owned\a"', 6, 8, "title"),  # OSC: retitles the terminal window
        (r'summary: "ok \x1b[2J"', 6, 10, "summary"),  # CSI: clears the screen
        (r'title_en: "C1 \x9b31m red"', 6, 11, "title_en"),  # the one-byte CSI of C1
        ('tags: [ok, "a\\rb"]', 6, 12, "tags"),
        ('aliases:\n  - fine\n  - "\\x7f"', 8, 5, "aliases"),
        (r'"bad\x1bkey": x', 6, 1, "bad\\x1bkey"),
    ],
)
def test_control_characters_in_front_matter_are_refused_where_they_stand(make_manual, front, line, col, key):
    """A hostile pull request writes terminal escapes with YAML's escapes (raw ones YAML
    refuses itself); `list`, `show` and search print titles and values on an officer's
    terminal."""
    title = "" if front.startswith("title:") else "title: หนังสือเดินทาง\n"
    head = "---\nid: a\ncategory: passports\nlang: th\nlast_reviewed: 2026-01-15\n"
    text = f"{head}{front}\n{title}---\n\n## ภาพรวม\n"
    root = make_manual({"passports/a.md": text})
    result = run("check", "--manual", root, "--json")
    found = [p for p in json.loads(result.stdout) if p["severity"] == "error"]
    assert [p["code"] for p in found] == ["control-character"], found
    assert (found[0]["line"], found[0]["col"]) == (line, col)
    assert f"'{key}' holds the control character U+" in found[0]["message"]
    plain = run("check", "--manual", root)
    assert plain.exit_code == 1 and f"passports/a.md:{line}:{col}: error control-character" in plain.stdout
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", plain.stdout)  # the message shows none itself


def test_tabs_and_newlines_in_values_are_fine(make_manual):
    text = procedure("a", summary=r'"one\ttwo\nthree"')
    root = make_manual({"passports/a.md": text})
    assert not [p for p in problems(root) if p["severity"] == "error"]


def test_a_control_character_in_a_heading_is_refused_on_its_line(make_manual):
    body = "## ภาพรวม\n\nข้อความ\n\n## Fees \x1b]52;c;cGF5bG9hZA==\x07 and more\n\nค่าธรรมเนียม\n"
    root = make_manual({"passports/a.md": procedure("a", body=body)})
    found = [p for p in problems(root) if p["severity"] == "error"]
    assert [(p["code"], p["line"], p["col"]) for p in found] == [("control-character", 12, 9)], found
    assert "heading" in found[0]["message"] and "U+001B" in found[0]["message"]


def test_a_control_character_in_a_category_name_is_refused(make_manual):
    files = {"categories.yml": 'passports:\n  th: "หนังสือเดินทาง\\e[31m"\n', "passports/a.md": procedure("a")}
    found = [p for p in problems(make_manual(files)) if p["code"] == "control-character"]
    assert [(p["path"].rsplit("/", 1)[1], p["line"]) for p in found] == [("categories.yml", 2)]
