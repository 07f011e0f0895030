"""Change notes (`changes` in the front matter): what `check` says about them, the change
notice (`cli.py changes`) and the Atom feed, tried with an editor's mistakes and an
attacker's notes."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from click.testing import CliRunner

from cli import cli
from indexer.manual.change_notes import MAX_NOTE_CHARS
from indexer.manual.loader import load_manual
from indexer.site import build_site
from tests.conftest import procedure

ATOM = "{http://www.w3.org/2005/Atom}"
TODAY = date(2026, 6, 1)
SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def with_changes(block: str, **extra) -> str:
    """A public procedure whose front matter ends with this `changes:` block."""
    return procedure("p", classification="public", **extra).replace(
        "\n---\n", f"\n{block.rstrip()}\n---\n", 1
    )


def problems(make_manual, block: str) -> list[tuple[int, str, str]]:
    root = make_manual({"passports/p.md": with_changes(block)})
    return [
        (p.line, p.code, p.message) for p in load_manual(root, today=TODAY).problems if p.severity == "error"
    ]


# The front matter written by with_changes: line 2 id, 3 title, 4 category, 5 lang,
# 6 last_reviewed, 7 classification, 8 `changes:`, its items from line 9.


def test_a_valid_list_loads_newest_first_with_its_officer_only_flag(make_manual) -> None:
    block = """\
changes:
  - date: 2026-05-02
    note: "  ค่าธรรมเนียมใหม่\n  ตามประกาศ  "
  - {date: 2026-05-01, note: เขียนใหม่, internal: true}
"""
    root = make_manual({"passports/p.md": with_changes(block)})
    manual = load_manual(root, today=TODAY)
    assert manual.errors == []
    notes = manual.procedures[0].changes
    assert [(n.day, n.note, n.internal) for n in notes] == [
        (date(2026, 5, 2), "ค่าธรรมเนียมใหม่ ตามประกาศ", False),
        (date(2026, 5, 1), "เขียนใหม่", True),
    ]


@pytest.mark.parametrize(
    "block, line, code, words",
    [
        ("changes: yesterday\n", 8, "bad-changes", "must be a list"),
        ("changes:\n  - date: 2026-05-01\n    note: ก\n  - date: 10/04/2026\n    note: ข\n", 11, "bad-date",
         "change 2: 'date' must be a date written YYYY-MM-DD"),
        ("changes:\n  - date: 2569-04-10\n    note: ก\n", 9, "buddhist-era-date", "write 2026-04-10"),
        ("changes:\n  - date: 2026-05-01\n    note: ก\n  - date: 2026-05-09\n    note: ข\n", 11,
         "changes-order", "newest note first: 2026-05-09 comes after 2026-05-01"),
        ("changes:\n  - date: 2026-05-01\n    note: '   '\n", 9, "bad-changes", "needs a 'note'"),
        ("changes:\n  - date: 2026-05-01\n", 9, "bad-changes", "needs a 'note'"),
        ("changes:\n  - date: 2026-05-01\n    note: ก\n    by: somchai\n", 9, "bad-changes", "(not by)"),
        ("changes:\n  - date: 2026-05-01\n    note: ก\n    internal: yes please\n", 9, "bad-changes",
         "'internal' must be true or false"),
        ('changes:\n  - date: 2026-05-01\n    note: "bell \\x07 here"\n', 9, "bad-changes",
         "control character"),
        ("changes:\n  - just a sentence\n", 9, "bad-changes", "must have only 'date', 'note'"),
    ],
)  # fmt: skip
def test_check_names_the_note_and_the_line(make_manual, block, line, code, words) -> None:
    found = problems(make_manual, block)
    assert len(found) == 1, found
    assert found[0][:2] == (line, code) and words in found[0][2], found


def test_a_huge_note_is_refused(make_manual) -> None:
    huge = "ก" * (MAX_NOTE_CHARS + 1)
    (found,) = problems(make_manual, f"changes:\n  - date: 2026-05-01\n    note: {huge}\n")
    assert found[0] == 9 and f"under {MAX_NOTE_CHARS:,}" in found[2]


def test_check_exits_1_with_file_and_line(make_manual) -> None:
    block = "changes:\n  - date: 2026-05-01\n    note: ก\n  - date: 2026-04-01\n    note: ''\n"
    root = make_manual({"passports/p.md": with_changes(block)})
    result = run("check", "--manual", root)
    assert result.exit_code == 1
    assert "manual/passports/p.md:11:1: error bad-changes change 2 needs a 'note'" in result.stdout


@pytest.fixture
def noted(make_manual):
    """A public procedure with a public and an officer-only note, and an internal one."""
    return make_manual({
        "passports/open.md": with_changes(
            "changes:\n  - {date: 2026-05-20, note: เปิดรับคำร้องออนไลน์}\n"
            "  - {date: 2026-05-10, note: ตรวจรอยตรายางปลอม, internal: true}\n"
        ).replace("id: p", "id: open"),
        "passports/closed.md": procedure(
            "closed", changes="[{date: 2026-05-15, note: ขั้นตอนลับของเจ้าหน้าที่}]"
        ),
    })  # fmt: skip


def test_changes_lists_one_entry_per_note_newest_first(noted) -> None:
    items = json.loads(run("changes", "--since", "2026-05-01", "--manual", noted, "--json").stdout)
    assert [(i["date"], i["id"], i["internal"]) for i in items] == [
        ("2026-05-20", "open", False), ("2026-05-15", "closed", False), ("2026-05-10", "open", True),
    ]  # fmt: skip
    assert items[0]["note"] == "เปิดรับคำร้องออนไลน์" and items[0]["path"] == "manual/passports/open.md"
    text = run("changes", "--since", "2026-05-12", "--manual", noted).stdout
    assert "Change notes since 2026-05-12: 2" in text and "[internal]" in text  # closed is internal


def test_changes_accepts_a_buddhist_era_date(noted) -> None:
    ce = run("changes", "--since", "2026-05-12", "--manual", noted, "--json").stdout
    be = run("changes", "--since", "2569-05-12", "--manual", noted, "--json").stdout
    assert ce == be and len(json.loads(be)) == 2


def test_changes_public_leaves_out_internal_documents_and_notes(noted) -> None:
    items = json.loads(
        run("changes", "--since", "2026-01-01", "--public", "--manual", noted, "--json").stdout
    )
    assert [(i["id"], i["note"]) for i in items] == [("open", "เปิดรับคำร้องออนไลน์")]


@pytest.mark.parametrize("since", ["2026-02-30", "yesterday", "2026/05/01"])
def test_changes_refuses_a_date_it_cannot_read(noted, since) -> None:
    result = run("changes", "--since", since, "--manual", noted)
    assert result.exit_code == 2 and "--since" in result.output and "2569-10-01" in result.output


def feed(site) -> ET.Element:
    return ET.fromstring((site / "feed.xml").read_bytes())


def test_the_feed_is_atom_with_one_entry_per_note(noted, tmp_path) -> None:
    site = tmp_path / "site"
    build_site(load_manual(noted), site, public_only=False, today=TODAY)
    root = feed(site)
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):  # RFC 4287 4.1.1
        assert root.find(f"{ATOM}{required}") is not None, required
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 3
    for entry in entries:  # RFC 4287 4.1.2: id, title, updated; a link as it has no content
        for required in ("id", "title", "updated", "summary"):
            assert entry.find(f"{ATOM}{required}").text, required
        assert entry.find(f"{ATOM}link").get("href").startswith("passports/")
    ids = [e.find(f"{ATOM}id").text for e in entries]
    assert len(set(ids)) == 3 and all(i.startswith("tag:") for i in ids)
    days = [e.find(f"{ATOM}updated").text[:10] for e in entries]
    assert days == ["2026-05-20", "2026-05-15", "2026-05-10"]
    assert root.find(f"{ATOM}updated").text.startswith("2026-05-20")  # the newest note, not the build time
    again = tmp_path / "again"
    build_site(load_manual(noted), again, public_only=False, today=TODAY)
    assert (again / "feed.xml").read_bytes() == (site / "feed.xml").read_bytes()


def test_the_public_feed_holds_only_public_notes(noted, tmp_path) -> None:
    site = tmp_path / "site"
    build_site(load_manual(noted), site, public_only=True, today=TODAY)
    raw = (site / "feed.xml").read_text("utf-8")
    assert "เปิดรับคำร้องออนไลน์" in raw
    for secret in ("ตรวจรอยตรายางปลอม", "ขั้นตอนลับ", "closed"):
        assert secret not in raw
    assert len(feed(site).findall(f"{ATOM}entry")) == 1


def test_a_feed_entry_never_carries_an_internal_passage(make_manual, tmp_path) -> None:
    body = '## ภาพรวม\n\nเปิดเผย\n\n!!! internal "ตรวจเอกสาร"\n    รหัสลับตรวจตรายาง QX77\n'
    root = make_manual({
        "passports/p.md": with_changes("changes: [{date: 2026-05-20, note: แก้ส่วนที่เปิดเผย}]", body=body),
    })  # fmt: skip
    site = tmp_path / "site"
    build_site(load_manual(root), site, public_only=True, today=TODAY)
    raw = (site / "feed.xml").read_text("utf-8")
    assert "แก้ส่วนที่เปิดเผย" in raw and "QX77" not in raw and "ตรวจเอกสาร" not in raw


def test_html_in_a_note_is_shown_as_text_everywhere(make_manual, tmp_path) -> None:
    root = make_manual({"passports/p.md": with_changes(f"changes: [{{date: 2026-05-20, note: '{SCRIPT}'}}]")})
    site = tmp_path / "site"
    build_site(load_manual(root), site, public_only=True, today=TODAY)
    for page in ("passports/p/index.html", "whats-new/index.html"):
        html = (site / page).read_text("utf-8")
        assert "&lt;script&gt;alert(" in html, page
        assert "<script>alert" not in html and "<img src=x" not in html, page
    entry = feed(site).find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}summary").text == SCRIPT  # text, as written, escaped in the XML
    assert entry.find(f"{ATOM}summary").get("type") in (None, "text")
    assert "<script>" not in (site / "feed.xml").read_text("utf-8")


def test_every_page_lets_a_feed_reader_find_the_feed(noted, tmp_path) -> None:
    site = tmp_path / "site"
    build_site(load_manual(noted), site, public_only=True, today=TODAY)
    pages = {"index.html": "feed.xml", "passports/open/index.html": "../../feed.xml", "404.html": "/feed.xml"}
    for page, href in pages.items():
        head = (site / page).read_text("utf-8").split("</head>", 1)[0]
        link = f'type="application/atom+xml" title="บันทึกการแก้ไข / Change notes" href="{href}">'
        assert f'<link rel="alternate" {link}' in head, page


def test_a_public_note_that_names_an_officer_only_passage_is_a_warning(make_manual) -> None:
    body = '## ภาพรวม\n\nเปิดเผย\n\n!!! internal "ตรวจตรายางปลอม"\n    วิธีตรวจ\n'
    block = (
        "changes:\n  - {date: 2026-05-20, note: ปรับวิธีตรวจตรายางปลอมให้ละเอียดขึ้น}\n"
        "  - {date: 2026-05-10, note: ตรวจตรายางปลอมแบบใหม่, internal: true}\n"
    )
    root = make_manual({"passports/p.md": with_changes(block, body=body)})
    manual = load_manual(root, today=TODAY)
    found = [(p.line, p.severity, p.code) for p in manual.problems if p.code == "note-names-internal"]
    assert found == [(9, "warning", "note-names-internal")]  # the public note only
    assert [p.id for p in manual.procedures] == ["p"]  # a warning: the file still builds
    note = "[{date: 2026-05-20, note: ปรับวิธีตรวจตรายางปลอม}]"
    root = make_manual({"visas/q.md": procedure("q", "visas", body=body, changes=note)})  # internal
    warned = {p.path for p in load_manual(root, today=TODAY).problems if p.code == "note-names-internal"}
    assert warned == {"manual/passports/p.md"}
