"""The public edition holds nothing of an internal document, anywhere in its output.

Internal fixtures carry canary strings in every field and in their ids; public fixtures
link to them in every way Markdown allows; the manual is committed to git with subjects
that name them, from commits that touch public files too, and change notes that name
them, some of them officer-only notes of a public document (the pages' change history,
"what's new" and the feed). The whole output is then searched, every shard of the static
search's export included.
The editor's guide (docs/guides/) is for the internal edition only.
"""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

import pytest
from site_helpers import all_text, commit, elements, read_page

from indexer.index.writer import update_index
from indexer.manual.loader import load_manual
from indexer.site import build_site
from indexer.site.static_search import FOLDER as STATIC

STATIC_PARTS = ("terms", "positions", "docs", "core.js", "spelling.js")  # what holds Latin text

CANARY = "CANARY7F3A"  # one token, so the exported terms would hold it whole
CANARY_TH = "ขมิ้นเทศ"  # Thai canary: no public fixture uses these letters
CANARY_CATEGORY = "CANARYCAT91"  # a category that only internal documents use
INTERNAL_ID = "internal-canary-doc"
UNMARKED_ID = "unmarked-canary-doc"  # no classification at all: internal by default
CANARIES = [CANARY.lower(), "canary", "ขมิ้น", CANARY_CATEGORY.lower(), "secret-cases"]
BUILT_ON = date(2026, 6, 1)  # the commits below fall within "what's new" of this day
GUIDE_MARKERS = ["คู่มือสำหรับผู้แก้ไขเนื้อหา", "Editor's guide", "Editor&#x27;s guide", "guides/editing"]

CATEGORIES = f"""\
passports:
  th: หนังสือเดินทาง
  en: Passports
  order: 1
secret-cases:
  th: หมวดลับ {CANARY_CATEGORY}
  en: Secret {CANARY_CATEGORY}
  order: 2
"""


def procedure(id: str, category: str, front: str, body: str) -> str:
    return (
        f"---\nid: {id}\ncategory: {category}\nlang: th\n{textwrap.dedent(front)}---\n{textwrap.dedent(body)}"
    )


INTERNAL = procedure(
    INTERNAL_ID,
    "passports",
    f"""\
    title: เรื่องลับ {CANARY} {CANARY_TH}
    title_en: Secret {CANARY}
    summary: สรุป {CANARY}
    tags: [{CANARY}, หนังสือเดินทาง]
    aliases: [{CANARY}-alias, {CANARY_TH}]
    classification: internal
    owner: กอง {CANARY}
    last_reviewed: 2030-01-01
    review_due: 2031-01-01
    related: [public-passport]
    legal_basis: [ระเบียบ {CANARY}]
    x_note: หมายเหตุ {CANARY}
    changes:
      - date: 2026-05-12
        note: บันทึกการแก้ไข {CANARY} {CANARY_TH}
    """,
    f"""\
    ## ภาพรวม

    ข้อความภายใน{CANARY_TH}อยู่กลางประโยค {CANARY} ![แผนผัง](img/canary-plan.png)

    ## ขั้นตอน {CANARY}

    - [ ] เอกสาร {CANARY}
    """,
)
UNMARKED = procedure(
    UNMARKED_ID,
    "secret-cases",
    f"""\
    title: เรื่องไม่ระบุชั้น {CANARY}
    tags: [{CANARY}-tag]
    last_reviewed: 2030-02-02
    changes: [{{date: 2026-05-11, note: "ย้ายหมวด {CANARY}"}}]
    """,
    f"""\
    ## ภาพรวม

    เนื้อหา {CANARY_TH} {CANARY}
    """,
)
PUBLIC = procedure(
    "public-passport",
    "passports",
    f"""\
    title: การทำหนังสือเดินทางทั่วไป
    title_en: Ordinary passport
    tags: [หนังสือเดินทาง]
    classification: public
    last_reviewed: 2026-01-01
    related: [{INTERNAL_ID}, {UNMARKED_ID}, public-other]
    changes:
      - date: 2026-05-20
        note: แก้คำผิดในขั้นตอน
      - date: 2026-05-10
        note: เพิ่มวิธีตรวจเอกสารสำหรับเจ้าหน้าที่ {CANARY} {CANARY_TH}
        internal: true
    """,
    f"""\
    ## ภาพรวม

    ![แผนที่สถานทูต](img/map.png)

    ยื่นคำร้องด้วยตนเอง ดู[เรื่องที่เกี่ยวข้อง](../passports/{INTERNAL_ID}.md#ภาพรวม) ประกอบ
    และ[อีกเรื่อง][ref] กับ[เรื่องที่สาม](../secret-cases/{UNMARKED_ID}/)

    ## ดูเพิ่มเติม

    - [หนังสือเดินทางอื่น](public-other.md)
    - [อ่านต่อ](../passports/{INTERNAL_ID}.md)
    - [อ่านอีก]({INTERNAL_ID}.md)

    [ref]: ../passports/{INTERNAL_ID}.md
    """,
)
PUBLIC_OTHER = procedure(
    "public-other",
    "passports",
    """\
    title: การต่ออายุหนังสือเดินทาง
    classification: public
    """,
    f"""\
    ## ขั้นตอน

    เจ้าหน้าที่ตรวจสอบเอกสารแล้วจึงรับคำร้อง [ลิงก์](/passports/{INTERNAL_ID}/)
    """,
)


@pytest.fixture(scope="module")
def canary_manual(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("canary") / "manual"
    files = {
        "categories.yml": CATEGORIES,
        f"passports/{INTERNAL_ID}.md": INTERNAL,
        f"secret-cases/{UNMARKED_ID}.md": UNMARKED,
        "passports/public-passport.md": PUBLIC,
        "passports/public-other.md": PUBLIC_OTHER,
        "glossary.yml": "- term: สอท.\n  expansions: [สถานเอกอัครราชทูต]\n",
        "passports/img/map.png": "public picture",
        "passports/img/canary-plan.png": "internal picture",
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    internal, public = (root / "passports" / f"{INTERNAL_ID}.md", root / "passports" / "public-passport.md")
    commit(root.parent, "2026-05-01", f"Add the passport documents and {CANARY} {CANARY_TH}")
    for path in (internal, public):
        path.write_text(path.read_text("utf-8") + "\nย้ายขั้นตอนมาไว้ที่นี่\n", "utf-8")
    commit(root.parent, "2026-05-10", f"Move the steps of {UNMARKED_ID} {CANARY}", "manual")
    public.write_text(public.read_text("utf-8") + "\nแก้คำผิด\n", "utf-8")
    commit(root.parent, "2026-05-20", f"Say where {INTERNAL_ID} differs", "manual")
    manual = load_manual(root)
    assert len(manual.procedures) == 4
    # the directory-style and absolute links are reported, and the files still load
    assert {p.code for p in manual.errors} == {"broken-link"}
    return root


@pytest.fixture(scope="module")
def public_site(canary_manual, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("public-site")
    manual = load_manual(canary_manual)
    update_index(manual, out.parent / "public-index", public_only=True, full=True)
    build_site(manual, out, public_only=True, today=BUILT_ON, index_dir=out.parent / "public-index")
    return out


@pytest.fixture(scope="module")
def internal_site(canary_manual, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("internal-site")
    manual = load_manual(canary_manual)
    update_index(manual, out.parent / "internal-index", full=True)
    build_site(manual, out, public_only=False, today=BUILT_ON, index_dir=out.parent / "internal-index")
    return out


# The static search's words of Thai and English (indexer/text/language.py) hold "canary"
# and ขมิ้น as any dictionary does; they are made from no document, which
# test_the_language_shards_are_the_same_in_both_editions checks.
LANGUAGE_SHARDS = f"{STATIC}/language/"


def leaks(site: Path) -> list[str]:
    found = []
    for path, text in all_text(site):
        rel = path.relative_to(site).as_posix()
        if rel.startswith(LANGUAGE_SHARDS):
            continue
        found += [f"{rel}: {c}" for c in CANARIES if c in text.lower()]
        found += [f"{rel}: {i}" for i in (INTERNAL_ID, UNMARKED_ID) if i in text or i in rel]
    return found


def test_public_edition_holds_no_trace_of_internal_documents(public_site: Path) -> None:
    assert (public_site / "passports" / "public-passport" / "index.html").is_file()
    shards = list((public_site / STATIC).rglob("*.js"))
    assert {p.relative_to(public_site / STATIC).parts[0] for p in shards} >= {*STATIC_PARTS}
    assert leaks(public_site) == []  # every file, each static search shard included


def test_the_language_shards_are_the_same_in_both_editions(public_site: Path, internal_site: Path) -> None:
    def shards(site: Path) -> dict[str, bytes]:
        return {p.name: p.read_bytes() for p in (site / LANGUAGE_SHARDS).iterdir()}

    public = shards(public_site)
    assert public and public == shards(internal_site)


def test_the_canaries_would_be_found_if_they_leaked(internal_site: Path) -> None:
    found = leaks(internal_site)
    for where in (
        "tags/index.html",
        "index.html",
        f"passports/{INTERNAL_ID}/index.html",
        "whats-new/index.html",
    ):
        assert any(f.startswith(where + ":") for f in found), where
    history = read_page(internal_site, "passports/public-passport/").split('class="ecm-history"', 1)[1]
    assert CANARY in history and INTERNAL_ID in history  # its officer-only note, and every commit subject
    assert any(f.startswith("feed.xml:") for f in found)  # the notes of internal documents
    assert any(f.startswith(f"{STATIC}/terms/") and CANARY.lower() in f for f in found)
    for part in STATIC_PARTS:  # each kind of static search shard would show a leak
        assert any(f.startswith(f"{STATIC}/{part}") and "canary" in f for f in found), part
    assert any(f.startswith(f"{STATIC}/words.js") and "ขมิ้น" in f for f in found)


def test_static_search_holds_exactly_the_public_procedures(public_site: Path, internal_site: Path) -> None:
    def count(site: Path) -> int:
        return len(list((site / STATIC / "docs").glob("*.js")))

    assert count(public_site) == 2
    assert count(internal_site) == 4


def test_links_to_internal_documents_become_text_or_go(public_site: Path) -> None:
    html = read_page(public_site, "passports/public-passport/")
    body = html.split('id="ภาพรวม"', 1)[1]
    hrefs = [a.get("href", "") for tag, a in elements(body) if tag == "a"]
    assert not [h for h in hrefs if "canary" in h]
    assert "เรื่องที่เกี่ยวข้อง" in body and "อีกเรื่อง" in body and "เรื่องที่สาม" in body  # kept as text
    assert "อ่านต่อ" not in body and "อ่านอีก" not in body  # "see also" lines to them dropped
    assert '<a href="../public-other/">หนังสือเดินทางอื่น</a>' in body
    assert '<img alt="แผนที่สถานทูต" src="../img/map.png"' in html
    assert (public_site / "passports" / "img" / "map.png").read_text() == "public picture"
    panel = html.split('<aside class="ecm-meta"', 1)[1].split("</aside>", 1)[0]
    links = [a["href"] for tag, a in elements(panel) if tag == "a" and "ecm-tag" not in a.get("class", "")]
    assert links == ["../", "../public-other/"]  # its category, and the one public related page


def test_internal_edition_has_everything_with_badges(internal_site: Path, public_site: Path) -> None:
    html = read_page(internal_site, f"passports/{INTERNAL_ID}/")
    assert "ecm-badge--internal" in html and CANARY in html
    assert "ecm-badge--internal" in read_page(internal_site, f"secret-cases/{UNMARKED_ID}/")
    assert 'class="ecm-edition"' in read_page(internal_site, "")  # the header says "internal"
    assert 'class="ecm-edition"' not in read_page(public_site, "")


def test_public_history_lists_its_public_notes_and_no_commit(public_site: Path) -> None:
    history = read_page(public_site, "passports/public-passport/").split('class="ecm-history"', 1)[1]
    history = history.split("</section>", 1)[0]
    days = [a["datetime"] for tag, a in elements(history) if tag == "time"]
    assert days == ["2026-05-20"] and "แก้คำผิดในขั้นตอน" in history  # the officer-only note is left out
    assert "ecm-history__commits" not in history
    whats_new = read_page(public_site, "whats-new/")
    assert whats_new.count('href="../passports/public-passport/"') == 1
    assert (public_site / "feed.xml").is_file()


def test_the_editors_guide_is_in_the_internal_edition_only(public_site: Path, internal_site: Path) -> None:
    assert (internal_site / "guides" / "editing" / "index.html").is_file()
    home = [a.get("href") for tag, a in elements(read_page(internal_site, "")) if tag == "a"]
    assert "guides/editing/" in home
    assert not (public_site / "guides").exists()
    found = [
        f"{path.relative_to(public_site)}: {marker}"
        for path, text in all_text(public_site)
        for marker in GUIDE_MARKERS
        if marker in text
    ]
    assert found == []  # not a page, a link, a sitemap entry or a word of the exported index


def test_the_stale_report_is_in_the_internal_edition_only(public_site: Path, internal_site: Path) -> None:
    assert (internal_site / "stale" / "index.html").is_file()
    assert not (public_site / "stale").exists()
    assert not [p for p, text in all_text(public_site) if "stale/" in text or "เรื่องที่ต้องทบทวน" in text]
