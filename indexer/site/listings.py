"""The pages that list things: home, categories, tags, glossary.

A long listing is cut into pages of a fixed size (`split`), each with a pager, so no
page grows with the size of the manual: the first page keeps the listing's own address
(`passports/`), the next ones live below it (`passports/p/2/`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from indexer.model import Category, Procedure
from indexer.sections import slugify
from indexer.site.edition import Edition, Source
from indexer.site.html import Link, badge, date_html, e, head, lang_attr, lines, tag

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
    )


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


def glossary_page(edition: Edition) -> str:
    rows = [
        tag("tr", tag("td", e(group[0]), class_="ecm-term") + tag("td", e(", ".join(group[1:]))))
        for group in edition.glossary
    ]
    heading = tag("thead", tag("tr", tag("th", "คำ") + tag("th", "ความหมายและคำที่ค้นหาแทนกันได้")))
    return lines(
        head("อภิธานศัพท์และตัวย่อ", "Glossary and abbreviations", "คำในแถวเดียวกันใช้ค้นหาแทนกันได้ในช่องค้นหา"),
        tag("table", heading + tag("tbody", lines(*rows)), class_="ecm-glossary"),
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
