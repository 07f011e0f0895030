"""Change history on procedure pages, the "what's new" page and the page of procedures
due for review, from a manual committed to git on fixed dates."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from site_helpers import commit, elements, exported_terms, read_page

import indexer.manual.history
from indexer.index.writer import update_index
from indexer.manual.history import Change
from indexer.manual.loader import load_manual
from indexer.site import build_site
from indexer.site.edition import PAGE_HISTORY, UPDATED, WHATS_NEW_MAX, Edition
from tests.conftest import procedure

TODAY = date(2026, 6, 1)
FIRST = "Add the passport procedures"
SECOND = "Fix the fee for a lost passport"

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
        ),
        "passports/renew.md": procedure("renew", title="ต่ออายุหนังสือเดินทาง", classification="public"),
        "visas/officer-notes.md": procedure(
            "officer-notes", "visas", title="บันทึกเจ้าหน้าที่", owner="Visa unit", last_reviewed=None
        ),
    }  # fmt: skip
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    first = commit(top, "2026-05-01", FIRST)
    lost = root / "passports" / "lost.md"
    lost.write_text(lost.read_text("utf-8").replace("ข้อความ", "ค่าธรรมเนียม 1,000 บาท"), "utf-8")
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


def history_items(html: str) -> list[str]:
    section = html.split('<section class="ecm-history"', 1)[1].split("</section>", 1)[0]
    return [item.split("</li>", 1)[0] for item in section.split("<li>")[1:]]


def test_procedure_page_lists_its_commits_newest_first(sites, repo) -> None:
    _, hashes = repo
    html = read_page(sites["internal"], "passports/lost/")
    items = history_items(html)
    assert len(items) == 2
    assert '<time datetime="2026-05-20">' in items[0] and SECOND in items[0] and hashes["second"] in items[0]
    assert '<time datetime="2026-05-01">' in items[1] and FIRST in items[1] and hashes["first"] in items[1]
    panel = html.split('<aside class="ecm-meta"', 1)[1].split("</aside>", 1)[0]
    assert "<dt>แก้ไขล่าสุด</dt>" in panel
    assert '<time datetime="2026-05-20">' in panel.split("แก้ไขล่าสุด", 1)[1].split("</div>", 1)[0]
    renew = history_items(read_page(sites["internal"], "passports/renew/"))
    assert len(renew) == 1 and FIRST in renew[0]


def test_history_stays_out_of_the_search_index(sites) -> None:
    html = read_page(sites["internal"], "passports/lost/")
    assert SECOND in html  # the page shows the subject of the commit...
    words = exported_terms(sites["internal"])  # ...but a search with no server never finds it
    assert "ค่าธรรมเนียม" in words  # a word of the body is indexed
    assert "fee" not in words and "fix" not in words  # the subjects' are not


def test_the_history_of_a_build_takes_one_git_log(repo, tmp_path, monkeypatch) -> None:
    root, _ = repo
    calls: list[tuple[str, ...]] = []
    real = indexer.manual.history.run_git

    def counting(cwd, *args):
        calls.append(args)
        return real(cwd, *args)

    monkeypatch.setattr(indexer.manual.history, "run_git", counting)
    build_site(load_manual(root), tmp_path / "site", public_only=False, today=TODAY)
    assert [args[0] for args in calls].count("log") == 1


def test_public_edition_hides_the_subject_of_a_commit_that_touched_an_internal_file(sites, repo) -> None:
    _, hashes = repo
    items = history_items(read_page(sites["public"], "passports/lost/"))
    assert SECOND in items[0] and hashes["second"] in items[0]  # touched only this public file
    assert FIRST not in items[1] and hashes["first"] not in items[1]  # also added officer-notes
    assert UPDATED in items[1] and '<time datetime="2026-05-01">' in items[1]


def test_whats_new_lists_changes_newest_first_with_links(sites) -> None:
    html = read_page(sites["internal"], "whats-new/")
    body = html.split('<h1 class="ecm-title">มีอะไรใหม่</h1>', 1)[1]
    assert body.index(SECOND) < body.index(FIRST)
    links = [a["href"] for tag, a in elements(body) if tag == "a" and a.get("class") == "ecm-list__title"]
    # the second commit, then the first one's procedures in Thai order (ต, บ, ห)
    assert links == [
        "../passports/lost/",
        "../passports/renew/",
        "../visas/officer-notes/",
        "../passports/lost/",
    ]
    days = [a["datetime"] for tag, a in elements(body) if tag == "time"]
    assert days == sorted(days, reverse=True)


def test_public_whats_new_lists_only_public_procedures(sites) -> None:
    html = read_page(sites["public"], "whats-new/")
    body = html.split('<h1 class="ecm-title">มีอะไรใหม่</h1>', 1)[1]
    links = [a["href"] for tag, a in elements(body) if tag == "a" and a.get("class") == "ecm-list__title"]
    assert links == ["../passports/lost/", "../passports/renew/", "../passports/lost/"]
    assert "officer-notes" not in html and "บันทึกเจ้าหน้าที่" not in html and FIRST not in html


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


def test_without_git_the_page_shows_the_review_date(make_manual, tmp_path) -> None:
    root = make_manual({
        "passports/a.md": procedure("a", classification="public", last_reviewed="2026-04-15"),
        "passports/old.md": procedure("old", classification="public", last_reviewed="2026-01-15"),
    })  # fmt: skip
    out = tmp_path / "site"
    build_site(load_manual(root), out, public_only=True, today=TODAY)
    items = history_items(read_page(out, "passports/a/"))
    assert len(items) == 1
    assert '<time datetime="2026-04-15">' in items[0] and "ทบทวนเนื้อหา" in items[0] and "<code" not in items[0]
    whats_new = read_page(out, "whats-new/")
    assert 'href="../passports/a/"' in whats_new
    assert 'href="../passports/old/"' not in whats_new  # 137 days before the build


def fake_history(manual, per_path: int, start: date) -> dict[str, list[Change]]:
    return {
        p.path: [Change(date.fromordinal(start.toordinal() - i), f"change {i} of {p.id}", f"c{i:05d}")
                 for i in range(per_path)]
        for p in manual.procedures
    }  # fmt: skip


def test_a_page_lists_at_most_five_changes(repo) -> None:
    root, _ = repo
    manual = load_manual(root)
    edition = Edition.of(manual, False, TODAY, history=fake_history(manual, 9, TODAY))
    changes = edition.changes(edition.by_id["lost"])
    assert len(changes) == PAGE_HISTORY == 5 and changes[0].subject == "change 0 of lost"


def test_whats_new_covers_ninety_days_and_fifty_changes_at_most(repo) -> None:
    root, _ = repo
    manual = load_manual(root)
    few = Edition.of(manual, False, TODAY, history=fake_history(manual, 200, TODAY))
    assert len(few.whats_new()) == WHATS_NEW_MAX == 50  # 3 x 91 changes in the window
    days = [c.day for c, _ in few.whats_new()]
    assert days == sorted(days, reverse=True) and days[0] == TODAY
    real = Edition.of(manual, False, date(2026, 8, 10))  # from git: 2026-05-01 is 101 days back
    assert [(c.subject, p.id) for c, p in real.whats_new()] == [(SECOND, "lost")]
    assert Edition.of(manual, False, date(2026, 9, 1)).whats_new() == []
