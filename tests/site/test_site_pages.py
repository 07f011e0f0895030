"""The sample manual's site: which pages exist and what a procedure page shows."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import unquote

from site_helpers import all_text, elements, read_page

from indexer.manual.loader import load_manual
from indexer.site import build_site
from indexer.site.edition import Edition

ROOT = Path(__file__).resolve().parents[2]
REMOTE = re.compile(r"^\s*(?:https?:)?//", re.IGNORECASE)
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)|@import\s+['"]([^'"]+)""", re.IGNORECASE)
LOADING_ATTRS = ("src", "srcset", "poster", "data", "action", "formaction")


def test_every_page_exists(sample_site: Path, sample_manual) -> None:
    listings = ["", "glossary/", "tags/", "tags/passport/", "whats-new/", "stale/"]
    for url in [*listings, *(f"{c}/" for c in sample_manual.categories)]:
        assert (sample_site / url / "index.html").is_file(), url
    for proc in sample_manual.procedures:
        assert (sample_site / proc.url / "index.html").is_file(), proc.url
    assert (sample_site / "404.html").is_file()


def test_thai_pages_say_lang_th_and_english_pages_lang_en(sample_site: Path, sample_manual) -> None:
    for proc in sample_manual.procedures:
        html = read_page(sample_site, proc.url)
        assert f'<html lang="{proc.lang}"' in html, proc.id
    assert '<html lang="th"' in read_page(sample_site, "")


def test_procedure_page_has_the_metadata_panel(sample_site: Path) -> None:
    html = read_page(sample_site, "passports/passport-lost/")
    panel = html[html.index('<aside class="ecm-meta"') : html.index("</aside>")]
    for label, value in [
        ("หมวด", "หนังสือเดินทางและเอกสารเดินทาง"),
        ("ผู้รับผิดชอบ", "กองหนังสือเดินทาง กรมการกงสุล"),
        ("ทบทวนล่าสุด", "2026-04-10"),
        ("กำหนดทบทวน", "2027-04-10"),
        ("ฐานทางกฎหมาย", "ระเบียบกระทรวงการต่างประเทศว่าด้วยการออกหนังสือเดินทาง พ.ศ. 2548"),
    ]:
        assert f"<dt>{label}</dt>" in panel
        assert value in panel
    assert "ecm-badge--public" in panel
    related = [a["href"] for tag, a in elements(panel) if tag == "a" and "ecm-tag" not in a.get("class", "")]
    assert "../passport-new-adult/" in related
    assert "../../protection/distressed-nationals/" in related
    page_dir = sample_site / "passports" / "passport-lost"
    for href in related:
        assert (page_dir / href / "index.html").resolve().is_file(), href


def test_every_procedure_page_ends_with_its_change_history(sample_site: Path, sample_manual) -> None:
    for proc in sample_manual.procedures:
        html = read_page(sample_site, proc.url)
        section = html.split('<section class="ecm-history"', 1)[1].split("</section>", 1)[0]
        assert "ประวัติการแก้ไข" in section, proc.id
        assert 1 <= section.count("<li>") <= 5, proc.id  # the sample manual is committed


def test_english_title_stands_beside_the_thai_title(sample_site: Path) -> None:
    html = read_page(sample_site, "passports/passport-lost/")
    head = html[html.index('<header class="ecm-head"') :]
    head = head[: head.index("</header>")]
    assert '<h1 class="ecm-title">การขอหนังสือเดินทางใหม่กรณีหนังสือเดินทางสูญหายหรือถูกขโมย</h1>' in head
    assert 'lang="en"' in head and "New passport after loss or theft" in head


def test_internal_procedures_carry_a_visible_badge(sample_site: Path, sample_manual) -> None:
    internal = [p for p in sample_manual.procedures if not p.is_public]
    assert internal
    for proc in internal:
        head = read_page(sample_site, proc.url).split('<header class="ecm-head">', 1)[1].split("</header>")[0]
        assert "ecm-badge--internal" in head, proc.id


def test_required_documents_are_a_checklist(sample_site: Path) -> None:
    html = read_page(sample_site, "passports/passport-lost/")
    section = html.split('id="เอกสารที่ต้องใช้"', 1)[1].split("<h2", 1)[0]
    boxes = [a for tag, a in elements(section) if tag == "input" and a.get("type") == "checkbox"]
    assert len(boxes) == 4
    assert section.count('class="task-list-item"') == 4
    assert all("disabled" not in a for a in boxes)  # officers can tick them before printing


def test_heading_anchors_equal_the_section_anchors_search_links_to(sample_site: Path, sample_manual) -> None:
    for proc in sample_manual.procedures:
        ids = {a["id"] for _, a in elements(read_page(sample_site, proc.url)) if "id" in a}
        for section in proc.sections:
            if section.anchor:
                assert section.anchor in ids, (proc.id, section.anchor)


def test_navigation_holds_only_the_open_category(sample_site: Path, sample_manual) -> None:
    html = read_page(sample_site, "passports/passport-lost/")
    nav = html.split('data-md-type="navigation"', 1)[1].split('data-md-type="toc"', 1)[0]
    hrefs = [a["href"] for tag, a in elements(nav) if tag == "a"]
    others = [p for p in sample_manual.procedures if p.category != "passports"]
    assert not [h for h in hrefs if any(h.endswith(f"/{p.id}/") for p in others)]
    assert "../passport-damaged/" in hrefs  # a sibling stays listed
    assert "../../family/" in hrefs  # and every category is one link away


def test_home_shows_category_tiles_and_recently_reviewed(sample_site: Path, sample_manual) -> None:
    html = read_page(sample_site, "")
    tiles = [a["href"] for tag, a in elements(html) if tag == "a" and a.get("class") == "ecm-tile"]
    edition = Edition.of(sample_manual, public_only=False)
    assert tiles == [f"{c.slug}/" for c in edition.categories]
    recent = html.split("ปรับปรุงล่าสุด", 1)[1]
    links = [a["href"] for tag, a in elements(recent) if tag == "a" and a.get("class") == "ecm-list__title"]
    assert links == [p.url for p in edition.recent()]
    dates = [p.last_reviewed for p in edition.recent()]
    assert dates == sorted(dates, reverse=True) and len(links) == 10


def test_category_page_lists_its_procedures(sample_site: Path, sample_manual) -> None:
    html = read_page(sample_site, "passports/")
    links = {a["href"] for tag, a in elements(html) if tag == "a" and a.get("class") == "ecm-list__title"}
    assert links == {f"{p.id}/" for p in sample_manual.procedures if p.category == "passports"}


def test_glossary_page_has_builtin_and_manual_terms(sample_site: Path, sample_manual) -> None:
    html = read_page(sample_site, "glossary/")
    assert "กองคุ้มครองและดูแลผลประโยชน์คนไทยในต่างประเทศ" in html  # built-in
    terms = re.findall(r'<td class="ecm-term">([^<]+)</td>', html.replace("&#x27;", "'"))
    spellings = {s for t in terms for s in t.split(" / ")}  # ทร.14 / ท.ร.14 share a row
    for group in sample_manual.glossary:
        assert group[0] in spellings, group[0]


def test_tags_index_and_one_page_per_tag(sample_site: Path, sample_manual) -> None:
    index = read_page(sample_site, "tags/")
    tags = {t.casefold() for p in sample_manual.procedures for t in p.tags}
    links = [unquote(a["href"]) for tag, a in elements(index) if tag == "a" and a.get("class") == "ecm-tag"]
    assert len(links) == len(tags) and "สูญหาย/" in links
    for link in links:
        assert (sample_site / "tags" / link / "index.html").is_file()
    lost_tag = read_page(sample_site, "tags/สูญหาย/")
    assert '<a href="../../passports/passport-lost/" class="ecm-list__title">' in lost_tag
    lost = read_page(sample_site, "passports/passport-lost/")
    assert unquote('href="../../tags/%E0%B8%AA%E0%B8%B9%E0%B8%8D%E0%B8%AB%E0%B8%B2%E0%B8%A2/"') in unquote(
        lost
    )


def test_nothing_is_fetched_from_the_internet(sample_site: Path) -> None:
    remote: list[str] = []
    for path, text in all_text(sample_site):
        rel = path.relative_to(sample_site).as_posix()
        if "fonts.googleapis" in text or "fonts.gstatic" in text:
            remote.append(f"{rel}: Google Fonts")
        if path.suffix == ".html":
            for tag, attrs in elements(text):
                loads = [attrs.get(a, "") for a in LOADING_ATTRS]
                if tag == "link":
                    loads.append(attrs.get("href", ""))
                remote += [f"{rel}: <{tag}> {u}" for u in loads if REMOTE.match(u)]
                remote += [f"{rel}: style {u}" for u in CSS_URL.findall(attrs.get("style", "")) if any(u)]
            assert 'class="mermaid"' not in text  # the one thing material would fetch from a CDN
        if path.suffix == ".css":
            for groups in CSS_URL.findall(text):
                remote += [f"{rel}: {u}" for u in groups if u and REMOTE.match(u)]
        if rel.startswith("assets/ecm/") and ("http:" in text or "https:" in text):
            remote.append(f"{rel}: a web address in our own asset")
    assert remote == []


def test_material_search_is_off(sample_site: Path) -> None:
    # search/ is our own results page; Material's search plugin would write its index there
    assert not (sample_site / "search" / "search_index.json").exists()
    assert not (sample_site / "assets" / "javascripts" / "lunr").exists()
    html = read_page(sample_site, "")
    assert 'data-ecm-search data-ecm-root="."' in html
    assert 'data-ecm-root="../.."' in read_page(sample_site, "passports/passport-lost/")


def test_print_stylesheet_hides_navigation_and_keeps_checkboxes(sample_site: Path) -> None:
    css = (sample_site / "assets" / "ecm" / "ecm.css").read_text(encoding="utf-8")
    printing = css[css.index("@media print") :]
    for selector in (".md-header", ".md-sidebar", ".ecm-search"):
        assert selector in printing.split("display: none")[0]
    assert "task-list-indicator::before" in printing and "break-inside: avoid" in printing


def test_thai_font_stack_is_local(sample_site: Path) -> None:
    css = (sample_site / "assets" / "ecm" / "ecm.css").read_text(encoding="utf-8")
    stack = css.split("--md-text-font:", 1)[1].split(";", 1)[0]
    for family in ("Noto Sans Thai", "Loma", "Garuda", "Leelawadee UI", "Tahoma"):
        assert f'"{family}"' in stack
    assert "@font-face" not in css


def test_markup_in_titles_and_names_is_shown_as_text(tmp_path: Path) -> None:
    manual = tmp_path / "manual"
    (manual / "passports").mkdir(parents=True)
    (manual / "categories.yml").write_text("passports:\n  th: หมวด <i>เอียง</i>\n  en: P\n  order: 1\n")
    (manual / "passports" / "x.md").write_text(
        "---\nid: x\ntitle: คำร้อง <b onclick=alert(1)>ด่วน</b>\ncategory: passports\nlang: th\n"
        "tags: [<u>ขีด</u>]\nclassification: public\n---\n## ภาพรวม\n\nข้อความ\n",
        encoding="utf-8",
    )
    out = tmp_path / "site"
    build_site(load_manual(manual), out, public_only=True)
    for path, text in all_text(out):
        if path.suffix == ".html":
            assert "<b onclick" not in text and "<i>เอียง" not in text and "<u>ขีด" not in text, path
    page = read_page(out, "passports/x/")
    assert "คำร้อง &lt;b onclick=alert(1)&gt;ด่วน&lt;/b&gt;" in page


def test_hand_written_pages_of_docs_are_built_and_in_the_navigation(sample_site: Path) -> None:
    docs = ROOT / "docs"
    guides = sorted(p.relative_to(docs).with_suffix("").as_posix() for p in docs.rglob("*.md"))
    home_links = {a["href"] for tag, a in elements(read_page(sample_site, "")) if tag == "a"}
    # the home page's navigation opens the guides' section at its first page, whose own
    # navigation (pruned to the open section) lists the others
    first = guides[0]
    section_links = {
        posixpath.normpath(posixpath.join(first, a["href"])) + "/"
        for tag, a in elements(read_page(sample_site, first + "/"))
        if tag == "a" and not a.get("href", "").startswith(("#", "http"))
    }
    for guide in guides:
        assert (sample_site / guide / "index.html").is_file(), guide
        assert f"{guide}/" in home_links | section_links, guide
