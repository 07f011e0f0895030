"""The pages that list things: home, categories, tags, glossary, what's new, and (in
the internal edition) the procedures due for review.

A long listing is cut into pages of a fixed size (`split`), each with a pager, so no
page grows with the size of the manual: the first page keeps the listing's own address
(`passports/`), the next ones live below it (`passports/p/2/`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from indexer.manual.change_notes import Entry
from indexer.manual.model import Category, Procedure
from indexer.manual.sections import slugify
from indexer.manual.stale import Stale
from indexer.site.dates import human_date
from indexer.site.edition import WHATS_NEW_MAX, Edition, Source
from indexer.site.html import Link, badge, date_html, e, head, lang_attr, lines, tag
from indexer.site.procedure_page import note_html
from indexer.site.sorting import thai_first_key

LIST_PAGE_SIZE = 100  # procedures on one page of a category or a tag
TAGS_PAGE_SIZE = 400  # tags on one page of the list of tags

T = TypeVar("T")


@dataclass(frozen=True)
class Part(Generic[T]):
    """One page of a listing."""

    items: list[T]
    sources: tuple[str, ...]  # docs paths of all the listing's pages, first to last
    number: int  # this page's number, from 1
    total: int  # items over all the pages

    @property
    def source(self) -> str:
        return self.sources[self.number - 1]

    def titled(self, title: str) -> str:
        return title if self.number == 1 else f"{title} (หน้า {self.number})"


def split(first: str, items: Sequence[T], size: int) -> list[Part[T]]:
    """Cut `items` into pages; the first page is `first`, page n is <folder>/p/<n>.md."""
    count = max(1, -(-len(items) // size))
    folder = first.removesuffix("/index.md") if first.endswith("/index.md") else first.removesuffix(".md")
    sources = (first, *(f"{folder}/p/{n}.md" for n in range(2, count + 1)))
    return [Part(list(items[(n - 1) * size : n * size]), sources, n, len(items)) for n in range(1, count + 1)]


def pager(part: Part, link: Link) -> str | None:
    if len(part.sources) < 2:
        return None
    numbers = [
        tag("span", str(n), class_="ecm-pager__current", aria_current="page")
        if n == part.number
        else tag("a", str(n), href=link(src))
        for n, src in enumerate(part.sources, start=1)
    ]
    return tag("nav", "หน้า " + " ".join(numbers), class_="ecm-pager", aria_label="เลขหน้า")


def procedure_list(procs: Iterable[Procedure], link: Link, edition: Edition, dated: bool = False) -> str:
    return tag("ul", lines(*(list_item(p, link, edition, dated) for p in procs)), class_="ecm-list")


def list_item(proc: Procedure, link: Link, edition: Edition, dated: bool) -> str:
    title = tag("a", e(proc.title), href=link(Source.procedure(proc)), class_="ecm-list__title")
    title_en = tag("span", e(proc.title_en), class_="ecm-list__en", lang="en") if proc.title_en else None
    internal = None if proc.is_public else badge(proc.classification)
    meta = None
    if dated:
        where = [tag("span", e(edition.category(proc.category).th), class_="ecm-list__category")]
        if proc.last_reviewed:
            where.append(date_html(proc.last_reviewed))
        meta = tag("div", " · ".join(where), class_="ecm-list__meta")
    summary = tag("p", e(proc.summary), class_="ecm-list__summary") if proc.summary else None
    first_line = tag("div", " ".join(x for x in (title, title_en, internal) if x))
    return tag("li", lines(first_line, meta, summary), lang=lang_attr(proc))


def home(edition: Edition, link: Link) -> str:
    tiles = [category_tile(c, len(edition.in_category(c.slug)), link) for c in edition.categories]
    recent = edition.recent()
    which = "ฉบับเผยแพร่ (public)" if edition.is_public else "ฉบับใช้ภายใน (internal)"
    lead = (
        f"{len(edition.procedures)} เรื่อง ใน {len(edition.categories)} หมวด · {which}"
        " · พิมพ์คำค้นในช่องค้นหาด้านบน ภาษาไทย อังกฤษ หรือตัวย่อก็ได้"
    )
    return lines(
        head("คู่มืองานกงสุล", "e-Consular Manual", lead),
        tag("h2", "หมวดงาน", class_="ecm-h2"),
        tag("nav", lines(*tiles), class_="ecm-tiles", aria_label="หมวดงาน"),
        tag("h2", "ปรับปรุงล่าสุด", class_="ecm-h2") if recent else None,
        procedure_list(recent, link, edition, dated=True) if recent else None,
        tag("p", tag("a", "มีอะไรใหม่: การแก้ไขล่าสุดทั้งหมด", href=link(Source.WHATS_NEW)), class_="ecm-more"),
        None if edition.is_public else stale_note(edition, link),
    )


def stale_note(edition: Edition, link: Link) -> str:
    count = sum(len(items) for items in edition.stale.values())
    text = f"เรื่องที่ต้องทบทวน: {count} เรื่องเลยกำหนดหรือยังไม่เคยทบทวน" if count else "เรื่องที่ต้องทบทวน"
    return tag("p", tag("a", text, href=link(Source.STALE)), class_="ecm-more")


def category_tile(category: Category, count: int, link: Link) -> str:
    english = (
        tag("span", e(category.en), class_="ecm-tile__en", lang="en") if category.en != category.th else None
    )
    return tag(
        "a",
        lines(
            tag("span", e(category.th), class_="ecm-tile__th"),
            english,
            tag("span", f"{count} เรื่อง", class_="ecm-tile__count"),
        ),
        href=link(Source.category(category.slug)),
        class_="ecm-tile",
    )


def category_page(edition: Edition, category: Category, part: Part[Procedure], link: Link) -> str:
    english = category.en if category.en != category.th else None
    return lines(
        head(part.titled(e(category.th)), e(english) if english else None, f"{part.total} เรื่อง"),
        procedure_list(part.items, link, edition),
        pager(part, link),
    )


@dataclass(frozen=True)
class GlossaryRow:
    spellings: tuple[str, ...]  # the term as written, dotted and undotted forms together
    words: tuple[str, ...]  # what it stands for / what search treats as the same

    @property
    def is_abbreviation(self) -> bool:
        """An official abbreviation (สอท., ทร.14, EC), not a word typed for search (แฟน, die)."""
        return any("." in s or OFFICIAL_LATIN.match(s) for s in self.spellings)


OFFICIAL_LATIN = re.compile(r"^[A-Z][A-Z0-9-]{1,7}$")


def glossary_rows(groups: list[list[str]]) -> list[GlossaryRow]:
    """One row per term: entries whose terms differ only in dots and spaces (ทร.14 and
    ท.ร.14) are one row; Thai terms in dictionary order, then Latin ones."""
    merged: dict[str, tuple[list[str], list[str]]] = {}
    for term, *words in groups:
        key = re.sub(r"[.\s]", "", term).casefold()
        spellings, expansions = merged.setdefault(key, ([], []))
        if term not in spellings:
            spellings.append(term)
        expansions.extend(words)
    rows = []
    for spellings, expansions in merged.values():
        folded = {re.sub(r"[.\s]", "", s).casefold() for s in spellings}
        words = [w for w in dict.fromkeys(expansions) if re.sub(r"[.\s]", "", w).casefold() not in folded]
        rows.append(GlossaryRow(tuple(spellings), tuple(words)))
    return sorted(rows, key=lambda r: thai_first_key(r.spellings[0]))


def glossary_page(edition: Edition) -> str:
    rows = glossary_rows(edition.glossary)

    def table(chosen: list[GlossaryRow], first: str, second: str) -> str:
        body = [
            tag(
                "tr",
                tag("td", e(" / ".join(r.spellings)), class_="ecm-term") + tag("td", e(", ".join(r.words))),
            )
            for r in chosen
        ]
        heading = tag("thead", tag("tr", tag("th", first) + tag("th", second)))
        return tag("table", heading + tag("tbody", lines(*body)), class_="ecm-glossary")

    abbreviations = [r for r in rows if r.is_abbreviation]
    words = [r for r in rows if not r.is_abbreviation]
    return lines(
        head("อภิธานศัพท์และตัวย่อ", "Glossary and abbreviations",
             "เรียงตามพจนานุกรม คำในแถวเดียวกันใช้ค้นหาแทนกันได้ในช่องค้นหา"),
        tag("h2", f"ตัวย่อทางราชการ ({len(abbreviations)})", class_="ecm-h2", id="abbreviations"),
        table(abbreviations, "ตัวย่อ", "ชื่อเต็มและความหมาย"),
        tag("h2", f"คำที่ค้นหาแทนกันได้ ({len(words)})", class_="ecm-h2", id="search-words"),
        tag("p", "คำพูดทั่วไป คำสะกดอื่น และคำภาษาอังกฤษ ที่ช่องค้นหาถือว่าเป็นคำเดียวกัน ไม่ใช่ศัพท์ทางราชการ",
            class_="ecm-lead"),
        table(words, "คำ", "ค้นหาแทนกันได้กับ"),
    )  # fmt: skip


def results_page() -> str:
    """The page behind `search/?q=…`: assets/ecm/search.js fills it with the results
    (every one, grouped by procedure, with paging and filters)."""
    return lines(
        head("ผลการค้นหา", "Search results"),
        tag("div", tag("noscript", "หน้านี้ต้องใช้ JavaScript: พิมพ์คำค้นในช่องค้นหาด้านบน"),
            class_="ecm-results", data_ecm_results=True),
    )  # fmt: skip


def whats_new(edition: Edition, link: Link) -> str:
    """The change notes of recent days, newest first, by day: one entry per note."""
    entries = edition.whats_new()
    lead = (
        f"บันทึกการแก้ไขในช่วง {edition.whats_new_days} วันจนถึงวันที่ {human_date(edition.today)}"
        f" เรียงจากล่าสุด แสดงไม่เกิน {WHATS_NEW_MAX} รายการ"
    )
    days: dict[str, list[Entry]] = {}
    for entry in entries:
        days.setdefault(entry.note.day.isoformat(), []).append(entry)
    sections = [
        lines(
            tag("h2", date_html(group[0].note.day), class_="ecm-h2"),
            tag("ul", lines(*(note_item(entry, link, edition) for entry in group)), class_="ecm-list"),
        )
        for group in days.values()
    ]
    empty = tag("p", f"ไม่มีบันทึกการแก้ไขในช่วง {edition.whats_new_days} วันที่ผ่านมา") if not entries else None
    feed = tag("a", "ติดตามทางฟีด (Atom)", href=link(Source.FEED), type="application/atom+xml")
    return lines(head("มีอะไรใหม่", "What's new", lead, feed), empty, *sections)


def note_item(entry: Entry, link: Link, edition: Edition) -> str:
    """One change note under the title of its procedure."""
    p = entry.procedure
    title = lines(
        tag("a", e(p.title), href=link(Source.procedure(p)), class_="ecm-list__title", lang=lang_attr(p)),
        None if p.is_public else badge(p.classification),
        tag("span", e(edition.category(p.category).th), class_="ecm-list__category"),
    )
    note = tag("p", note_html(entry.note, lang_attr(p), dated=False), class_="ecm-list__summary")
    return tag("li", lines(tag("div", title), note))


def stale_page(edition: Edition, part: Part[tuple[str, Stale]], link: Link) -> str:
    """Procedures overdue for review or never reviewed, by owner (internal edition).

    The first page opens with the owners and their counts, each linking to the page of
    the listing where its group begins."""
    owners = list(edition.stale)
    anchors = {owner: f"owner-{i}" for i, owner in enumerate(owners, start=1)}
    lead = f"{part.total} เรื่องที่เลยกำหนดทบทวนหรือยังไม่เคยทบทวน ณ วันที่ {human_date(edition.today)} แยกตามผู้รับผิดชอบ"
    summary = None
    if part.number == 1 and owners:
        size = len(part.items)  # on the first page of several, the size of every page
        rows, at = [], 0
        for owner in owners:
            where = link(part.sources[at // size]) + "#" + anchors[owner]
            count = tag("span", f"{len(edition.stale[owner])} เรื่อง", class_="ecm-count")
            rows.append(tag("li", tag("a", e(owner), href=where) + " " + count))
            at += len(edition.stale[owner])
        summary = tag("ul", lines(*rows), class_="ecm-stale__owners")
    groups: dict[str, list[Stale]] = {}
    for owner, item in part.items:
        groups.setdefault(owner, []).append(item)
    sections = [
        lines(
            tag("h2", e(owner), id=anchors[owner], class_="ecm-h2"),
            tag("ul", lines(*(stale_item(s, link, edition) for s in items)), class_="ecm-list"),
        )
        for owner, items in groups.items()
    ]
    title = head(part.titled("เรื่องที่ต้องทบทวน"), "Due for review", lead)
    return lines(title, summary, *sections, pager(part, link))


def stale_item(item: Stale, link: Link, edition: Edition) -> str:
    proc = item.procedure
    if item.reason == "never reviewed":
        why = tag("span", "ยังไม่เคยทบทวน", class_="ecm-badge ecm-badge--overdue")
    else:
        why = tag("span", f"เลยกำหนด {item.days_overdue} วัน", class_="ecm-badge ecm-badge--overdue")
        why += (" กำหนด " + date_html(proc.review_due)) if proc.review_due else ""
    where = [tag("span", e(edition.category(proc.category).th), class_="ecm-list__category"), why]
    if proc.last_reviewed:
        where.append("ทบทวนล่าสุด " + date_html(proc.last_reviewed))
    title = tag(
        "a", e(proc.title), href=link(Source.procedure(proc)), class_="ecm-list__title", lang=lang_attr(proc)
    )
    internal = None if proc.is_public else badge(proc.classification)
    return tag(
        "li",
        lines(
            tag("div", " ".join(x for x in (title, internal) if x)),
            tag("div", " · ".join(where), class_="ecm-list__meta"),
        ),
    )


Tagged = tuple[str, list[Procedure]]  # a tag and its procedures


def tags_index(slugs: dict[str, str], part: Part[Tagged], link: Link) -> str:
    """Tags with their number of procedures; each links to the tag's own page."""
    items = [
        tag(
            "a",
            f"{e(name)} " + tag("span", str(len(procs)), class_="ecm-count"),
            href=link(Source.tag(slugs[name.casefold()])),
            class_="ecm-tag",
        )
        for name, procs in part.items
    ]
    return lines(
        head(part.titled("แท็ก"), "Tags", f"{part.total} แท็ก"),
        tag("p", "\n".join(items), class_="ecm-tag-cloud"),
        pager(part, link),
    )


def tag_page(edition: Edition, name: str, part: Part[Procedure], link: Link) -> str:
    back = tag("a", "แท็กทั้งหมด", href=link(Source.TAGS))
    return lines(
        head(part.titled(f"แท็ก: {e(name)}"), None, f"{part.total} เรื่อง · {back}"),
        procedure_list(part.items, link, edition),
        pager(part, link),
    )


def tag_slugs(tags: Iterable[str]) -> dict[str, str]:
    """Tag (case-folded) -> the unique name of its page under tags/."""
    slugs: dict[str, str] = {}
    used = {"index", "p"}  # tags/index.md lists the tags; tags/p/ holds its further pages
    for name in tags:
        base = slugify(name) or "tag"
        slug, n = base, 0
        while slug in used:
            n += 1
            slug = f"{base}_{n}"
        used.add(slug)
        slugs[name.casefold()] = slug
    return slugs
