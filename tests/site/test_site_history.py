"""What officers learn about changes: the change notes on procedure pages and on the
"what's new" page, the commits that changed a file (internal edition only), and the page
of procedures due for review, from a manual committed to git on fixed dates."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from site_helpers import all_text, commit, elements, exported_terms, read_page

import indexer.manual.history
from indexer.index.writer import update_index
from indexer.manual.loader import load_manual
from indexer.site import build_site
from indexer.site.edition import PAGE_HISTORY, WHATS_NEW_MAX, Edition
from tests.conftest import procedure

TODAY = date(2026, 6, 1)
FIRST = "Add the passport procedures"  # commit subjects: developers' words, never shown to the public
SECOND = "Fix the fee for a lost passport"
FEE_NOTE = "Fee raised to 1,500 baht from May"
FIRST_NOTE = "Procedure written"
OFFICER_NOTE = "Officers now compare the police report with the stolen-passport list"
SECRET_NOTE = "Visa unit notes reorganised"

CATEGORIES = """\
passports:
  th: หนังสือเดินทาง
  en: Passports
  order: 1
visas:
  th: วีซ่า
  en: Visas
  order: 2
"""


def changes(*notes: tuple[str, str] | tuple[str, str, bool]) -> str:
    """A `changes` value in YAML flow style, for procedure()."""
    items = [
        f"{{date: {n[0]}, note: {json.dumps(n[1])}{', internal: true' if len(n) > 2 and n[2] else ''}}}"
        for n in notes
    ]
    return "[" + ", ".join(items) + "]"


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """(manual folder, commit hashes): two commits, the second touching one file only."""
    top = tmp_path_factory.mktemp("history-repo")
    root = top / "manual"
    files = {
        "categories.yml": CATEGORIES,
        "passports/lost.md": procedure(
            "lost", title="หนังสือเดินทางหาย", classification="public", owner="กองหนังสือเดินทาง",
            review_due="2026-03-01",
            changes=changes(("2026-05-20", FEE_NOTE), ("2026-05-10", OFFICER_NOTE, True),
                            ("2026-05-01", FIRST_NOTE)),
        ),
        "passports/renew.md": procedure(
            "renew", title="ต่ออายุหนังสือเดินทาง", classification="public",
            changes=changes(("2026-05-01", FIRST_NOTE)),
        ),
        "visas/officer-notes.md": procedure(
            "officer-notes", "visas", title="บันทึกเจ้าหน้าที่", owner="Visa unit", last_reviewed=None,
            changes=changes(("2026-05-15", SECRET_NOTE)),
        ),
    }  # fmt: skip
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    first = commit(top, "2026-05-01", FIRST)
    lost = root / "passports" / "lost.md"
    lost.write_text(lost.read_text("utf-8").replace("ข้อความ", "ค่าธรรมเนียม 1,500 บาท"), "utf-8")
    second = commit(top, "2026-05-20", SECOND, "manual/passports/lost.md")
    return root, {"first": first, "second": second}


@pytest.fixture(scope="module")
def sites(repo, tmp_path_factory) -> dict[str, Path]:
    root, _ = repo
    out = {}
    for name, public in (("internal", False), ("public", True)):
        top, manual = tmp_path_factory.mktemp(f"history-{name}"), load_manual(root)
        update_index(manual, top / "index", public_only=public, full=True)
        build_site(manual, top / "site", public_only=public, today=TODAY, index_dir=top / "index")
        out[name] = top / "site"
    return out


def history_section(html: str) -> str:
    return html.split('<section class="ecm-history"', 1)[1].split("</section>", 1)[0]


def note_items(html: str) -> list[str]:
    """The change notes listed in a page's history, as HTML."""
    notes = history_section(html).split('<ul class="ecm-history__notes">', 1)
    if len(notes) < 2:
        return []
    return [item.split("</li>", 1)[0] for item in notes[1].split("</ul>", 1)[0].split("<li>")[1:]]


def commit_items(html: str) -> list[str]:
    commits = history_section(html).split('<details class="ecm-history__commits">', 1)
    if len(commits) < 2:
        return []
    return [item.split("</li>", 1)[0] for item in commits[1].split("<li>")[1:]]


def test_page_shows_the_latest_note_and_every_note_newest_first(sites) -> None:
    html = read_page(sites["internal"], "passports/lost/")
    updated = html.split('<p class="ecm-updated"', 1)[1].split("</p>", 1)[0]
    assert "ปรับปรุงล่าสุด" in updated and FEE_NOTE in updated and '<time datetime="2026-05-20">' in updated
    assert 'href="#ecm-history"' in updated
    items = note_items(html)
    assert [FEE_NOTE in items[0], OFFICER_NOTE in items[1], FIRST_NOTE in items[2]] == [True] * 3
    assert len(items) == 3 and "ecm-badge--internal" in items[1]  # the officer-only note says so
    assert '<h2 id="ecm-history">ประวัติการแก้ไข</h2>' in html


def test_internal_page_adds_the_commits_that_changed_that_file(sites, repo) -> None:
    _, hashes = repo
    lost = commit_items(read_page(sites["internal"], "passports/lost/"))
    assert len(lost) == 2
    assert SECOND in lost[0] and hashes["second"] in lost[0] and '<time datetime="2026-05-20">' in lost[0]
    assert FIRST in lost[1] and hashes["first"] in lost[1]
    renew = commit_items(read_page(sites["internal"], "passports/renew/"))
    assert len(renew) == 1 and FIRST in renew[0]  # the second commit did not touch renew.md


def test_public_edition_shows_notes_and_never_a_commit(sites, repo) -> None:
    _, hashes = repo
    html = read_page(sites["public"], "passports/lost/")
    items = note_items(html)
    assert len(items) == 2 and FEE_NOTE in items[0] and FIRST_NOTE in items[1]
    assert commit_items(html) == []
    for path, text in all_text(sites["public"]):
        for secret in (FIRST, SECOND, hashes["first"], hashes["second"], OFFICER_NOTE, SECRET_NOTE):
            assert secret not in text, (path, secret)


def test_a_public_build_never_reads_git(repo, tmp_path, monkeypatch) -> None:
    root, _ = repo
    calls: list[tuple[str, ...]] = []
    monkeypatch.setattr(indexer.manual.history, "run_git", lambda cwd, *args: calls.append(args) or "")
    build_site(load_manual(root), tmp_path / "site", public_only=True, today=TODAY)
    assert calls == []


def test_the_history_of_an_internal_build_takes_one_git_log(repo, tmp_path, monkeypatch) -> None:
    root, _ = repo
    calls: list[tuple[str, ...]] = []
    real = indexer.manual.history.run_git

    def counting(cwd, *args):
        calls.append(args)
        return real(cwd, *args)

    monkeypatch.setattr(indexer.manual.history, "run_git", counting)
    build_site(load_manual(root), tmp_path / "site", public_only=False, today=TODAY)
    assert [args[0] for args in calls].count("log") == 1


def test_notes_and_commits_stay_out_of_the_search_index(sites) -> None:
    html = read_page(sites["internal"], "passports/lost/")
    assert FEE_NOTE in html and SECOND in html  # the page shows the note and the commit...
    words = exported_terms(sites["internal"])  # ...but a search with no server never finds them
    assert "ค่าธรรมเนียม" in words  # a word of the body is indexed
    for word in ("raised", "compare", "fee", "fix"):  # the notes' and the subjects' are not
        assert word not in words, word


def whats_new_body(site: Path) -> str:
    return read_page(site, "whats-new/").split('<h1 class="ecm-title">มีอะไรใหม่</h1>', 1)[1]


def test_whats_new_lists_one_entry_per_note_newest_first(sites) -> None:
    body = whats_new_body(sites["internal"])
    links = [a["href"] for tag, a in elements(body) if tag == "a" and a.get("class") == "ecm-list__title"]
    # 05-20 lost, 05-15 officer-notes, 05-10 lost (officer-only note), 05-01 renew and lost
    # (one day's notes in the order of the procedures: category, then Thai title)
    assert links == [
        "../passports/lost/",
        "../visas/officer-notes/",
        "../passports/lost/",
        "../passports/renew/",
        "../passports/lost/",
    ]
    order = [body.index(text) for text in (FEE_NOTE, SECRET_NOTE, OFFICER_NOTE)]
    assert order == sorted(order)
    assert FIRST not in body and SECOND not in body  # notes, not commit subjects
    days = [a["datetime"] for tag, a in elements(body) if tag == "time"]
    assert days == sorted(days, reverse=True) and len(days) == len(set(days))  # one heading a day


def test_public_whats_new_lists_only_public_notes(sites) -> None:
    body = whats_new_body(sites["public"])
    links = [a["href"] for tag, a in elements(body) if tag == "a" and a.get("class") == "ecm-list__title"]
    assert links == ["../passports/lost/", "../passports/renew/", "../passports/lost/"]
    assert "officer-notes" not in body and SECRET_NOTE not in body and OFFICER_NOTE not in body


def test_whats_new_links_the_feed(sites) -> None:
    for site in sites.values():
        body = whats_new_body(site)
        hrefs = [a for tag, a in elements(body) if tag == "a" and a.get("href") == "../feed.xml"]
        assert hrefs and hrefs[0]["type"] == "application/atom+xml"


def test_whats_new_is_in_the_navigation_of_both_editions(sites) -> None:
    for site in sites.values():
        hrefs = [a.get("href") for tag, a in elements(read_page(site, "")) if tag == "a"]
        assert "whats-new/" in hrefs


def test_stale_page_groups_overdue_and_unreviewed_procedures_by_owner(sites) -> None:
    html = read_page(sites["internal"], "stale/")
    body = html.split('<h1 class="ecm-title">เรื่องที่ต้องทบทวน</h1>', 1)[1].split("</article>", 1)[0]
    owners = [(a["id"], body.split(f'id="{a["id"]}"', 1)[1]) for tag, a in elements(body) if tag == "h2"]
    assert [text.split(">", 1)[1].split("<", 1)[0] for _, text in owners] == ["Visa unit", "กองหนังสือเดินทาง"]
    visa, passports = (text.split("<h2", 1)[0] for _, text in owners)
    assert "../visas/officer-notes/" in visa and "ยังไม่เคยทบทวน" in visa
    assert "../passports/lost/" in passports and "เลยกำหนด 92 วัน" in passports
    assert "renew" not in body.split("</ul>", 1)[1]  # reviewed, nothing due: not listed
    summary = [a["href"] for tag, a in elements(body.split("</ul>", 1)[0]) if tag == "a"]
    assert summary == ["./#owner-1", "./#owner-2"]


def test_stale_page_is_linked_in_the_internal_edition_only(sites) -> None:
    home = [a.get("href") for tag, a in elements(read_page(sites["internal"], "")) if tag == "a"]
    assert "stale/" in home
    assert not (sites["public"] / "stale").exists()
    for path in sites["public"].rglob("*.html"):
        text = path.read_text("utf-8")
        assert "stale/" not in text and "เรื่องที่ต้องทบทวน" not in text, path


def test_without_git_or_notes_the_page_says_there_is_no_note(make_manual, tmp_path) -> None:
    root = make_manual({
        "passports/a.md": procedure("a", classification="public", last_reviewed="2026-04-15"),
    })  # fmt: skip
    out = tmp_path / "site"
    build_site(load_manual(root), out, public_only=False, today=TODAY)
    html = read_page(out, "passports/a/")
    assert note_items(html) == [] and commit_items(html) == []
    assert "ยังไม่มีบันทึกการแก้ไข" in history_section(html) and 'class="ecm-updated"' not in html
    assert "ไม่มีบันทึกการแก้ไขในช่วง 90 วันที่ผ่านมา" in whats_new_body(out)


def many_notes(make_manual, count: int, start: date):
    """Three procedures with `count` notes each, one a day back from `start`."""
    notes = [((start - timedelta(days=i)).isoformat(), f"note {i}") for i in range(count)]
    return load_manual(make_manual({
        f"passports/p{n}.md": procedure(f"p{n}", classification="public", changes=changes(*notes))
        for n in range(3)
    }))  # fmt: skip


def test_whats_new_covers_ninety_days_and_fifty_notes_at_most(make_manual) -> None:
    manual = many_notes(make_manual, 200, TODAY)
    edition = Edition.of(manual, False, TODAY, history={})
    entries = edition.whats_new()
    assert len(entries) == WHATS_NEW_MAX == 50  # 3 x 91 notes in the window
    days = [entry.note.day for entry in entries]
    assert days == sorted(days, reverse=True) and days[0] == TODAY
    # a build dated on the oldest note's day: the notes written after it are not listed
    oldest = Edition.of(manual, False, TODAY - timedelta(days=199), history={})
    assert [(e.note.note, e.procedure.id) for e in oldest.whats_new()] == [
        ("note 199", "p0"), ("note 199", "p1"), ("note 199", "p2")
    ]  # fmt: skip
    assert Edition.of(manual, False, TODAY + timedelta(days=91), history={}).whats_new() == []


def test_a_page_lists_at_most_five_commits(repo) -> None:
    root, _ = repo
    manual = load_manual(root)
    history = {p.path: [commit_of(i) for i in range(9)] for p in manual.procedures}
    edition = Edition.of(manual, False, TODAY, history=history)
    assert len(edition.commits(edition.by_id["lost"])) == PAGE_HISTORY == 5
    assert Edition.of(manual, True, TODAY, history=history).commits(edition.by_id["lost"]) == []


def commit_of(i: int):
    from indexer.manual.history import Change

    return Change(TODAY - timedelta(days=i), f"change {i}", f"c{i:05d}")
