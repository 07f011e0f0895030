"""The Markdown of each generated page, from an Edition and its procedures.

Page furniture (title block, metadata panel, lists, tiles) is HTML built here with
every value escaped; a procedure's body is the author's Markdown, added after it. Links
between generated pages come from `Link`, which mkdocs answers with the relative URL
of the target page, so they hold at any page depth.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from html import escape
from typing import Any

from indexer.model import Category, Procedure
from indexer.sections import slugify
from indexer.site.edition import Edition, Source
from indexer.site.links import LinkFilter

Link = Callable[[str], str]  # docs path of a generated page -> URL relative to the current page

LABELS = {
    "category": "หมวด",
    "owner": "ผู้รับผิดชอบ",
    "last_reviewed": "ทบทวนล่าสุด",
    "review_due": "กำหนดทบทวน",
    "classification": "ชั้นการเผยแพร่",
    "legal_basis": "ฐานทางกฎหมาย",
    "related": "เรื่องที่เกี่ยวข้อง",
    "tags": "แท็ก",
    "aliases": "ชื่อเรียกอื่น",
}
BADGES = {
    "public": ("ecm-badge ecm-badge--public", "เผยแพร่ได้ · public"),
    "internal": ("ecm-badge ecm-badge--internal", "ใช้ภายใน · internal"),
}


def e(value: object) -> str:
    return escape(str(value), quote=True)


def tag(name: str, content: str = "", **attrs: object) -> str:
    """One element; attribute names use _ for -, a value of True is a bare attribute."""
    parts = [name]
    for key, value in attrs.items():
        if value is None or value is False:
            continue
        attr = key.rstrip("_").replace("_", "-")
        parts.append(attr if value is True else f'{attr}="{e(value)}"')
    return f"<{' '.join(parts)}>{content}</{name}>"


def lines(*parts: str | None) -> str:
    """Join HTML without blank lines, so Markdown keeps it as one raw block."""
    return "\n".join(p for p in parts if p)


def badge(classification: str) -> str:
    cls, text = BADGES.get(classification, BADGES["internal"])
    return tag("span", e(text), class_=cls)


def lang_attr(proc: Procedure) -> str:
    return proc.lang if proc.lang in ("th", "en") else "th"


def tag_anchors(tags: Iterable[str]) -> dict[str, str]:
    """Tag (case-folded) -> a unique anchor on the tags page."""
    anchors: dict[str, str] = {}
    used: set[str] = set()
    for name in tags:
        base = "tag-" + (slugify(name) or "x")
        anchor, n = base, 0
        while anchor in used:
            n += 1
            anchor = f"{base}_{n}"
        used.add(anchor)
        anchors[name.casefold()] = anchor
    return anchors


# --- procedure page ---------------------------------------------------------------


class ProcedurePage:
    def __init__(self, edition: Edition, link: Link, anchors: dict[str, str], pages: set[str]):
        self.edition = edition
        self.link = link
        self.anchors = anchors
        self.pages = pages

    def render(self, proc: Procedure) -> str:
        body = proc.body
        if self.edition.is_public:
            body = LinkFilter(self.pages, proc.category).rewrite(body)
        return "\n\n".join([self.heading(proc), self.panel(proc), body.strip("\n"), ""])

    def heading(self, proc: Procedure) -> str:
        internal = None if proc.is_public else badge(proc.classification)
        title_en = None
        if proc.title_en and proc.title_en != proc.title:
            title_en = tag("p", e(proc.title_en), class_="ecm-title-en", lang="en", data_pagefind_meta="title_en")
        return tag(
            "header",
            lines(tag("h1", e(proc.title), class_="ecm-title"), title_en, internal),
            class_="ecm-head",
        )

    def panel(self, proc: Procedure) -> str:
        category = self.edition.category(proc.category)
        rows = [
            row(
                "category",
                tag("a", e(category.th), href=self.link(Source.category(category.slug)),
                    data_pagefind_meta="category"),
            ),
            row("owner", e(proc.owner)) if proc.owner else None,
            row("last_reviewed", date_html(proc.last_reviewed)) if proc.last_reviewed else None,
            self.due_row(proc),
            row("classification", badge(proc.classification)),
            row("legal_basis", bullet(e(x) for x in proc.legal_basis)) if proc.legal_basis else None,
            self.related_row(proc),
            self.tags_row(proc),
            row("aliases", e(", ".join(proc.aliases))) if proc.aliases else None,
            *(row(str(k), e(plain_value(v)), label=str(k)) for k, v in proc.extra.items()),
        ]
        print_button = tag(
            "button", "พิมพ์หน้านี้", type="button", class_="md-button ecm-print", hidden=True,
            data_pagefind_ignore="all",
        )
        return tag("aside", lines(tag("dl", lines(*rows)), print_button), class_="ecm-meta",
                   aria_label="ข้อมูลของเรื่อง")

    def due_row(self, proc: Procedure) -> str | None:
        if proc.review_due is None:
            return None
        html = date_html(proc.review_due)
        if proc.review_due < self.edition.today:
            html += " " + tag("span", "เลยกำหนด", class_="ecm-badge ecm-badge--overdue")
        return row("review_due", html)

    def related_row(self, proc: Procedure) -> str | None:
        related = self.edition.related(proc)
        if not related:
            return None
        # other procedures' titles would make this page a search hit for them
        return row("related", bullet(self.proc_link(p) for p in related), ignore=True)

    def tags_row(self, proc: Procedure) -> str | None:
        if not proc.tags:
            return None
        tags_url = self.link(Source.TAGS)
        items = (
            tag("a", e(t), href=f"{tags_url}#{self.anchors[t.strip().casefold()]}", class_="ecm-tag")
            for t in dict.fromkeys(x.strip() for x in proc.tags if x.strip())
        )
        return row("tags", " ".join(items))

    def proc_link(self, proc: Procedure) -> str:
        return tag("a", e(proc.title), href=self.link(Source.procedure(proc)), lang=lang_attr(proc))


def row(key: str, value_html: str, label: str | None = None, ignore: bool = False) -> str:
    return tag(
        "div",
        tag("dt", e(label or LABELS[key])) + tag("dd", value_html),
        class_=f"ecm-meta__{key}",
        data_pagefind_ignore="all" if ignore else None,
    )


def bullet(items: Iterable[str]) -> str:
    return tag("ul", "".join(tag("li", item) for item in items))


def date_html(value: date) -> str:
    return tag("time", value.isoformat(), datetime=value.isoformat())


def plain_value(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(plain_value(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {plain_value(v)}" for k, v in value.items())
    return "" if value is None else str(value)


# --- lists of procedures ----------------------------------------------------------


def procedure_list(procs: Iterable[Procedure], link: Link, edition: Edition, dated: bool = False) -> str:
    items = []
    for proc in procs:
        category = edition.category(proc.category)
        title = tag("a", e(proc.title), href=link(Source.procedure(proc)), class_="ecm-list__title")
        extra = [
            tag("span", e(proc.title_en), class_="ecm-list__en", lang="en") if proc.title_en else None,
            None if proc.is_public else badge(proc.classification),
        ]
        meta = [tag("span", e(category.th), class_="ecm-list__category") if dated else None]
        if dated and proc.last_reviewed:
            meta.append(date_html(proc.last_reviewed))
        summary = tag("p", e(proc.summary), class_="ecm-list__summary") if proc.summary else None
        items.append(
            tag(
                "li",
                lines(
                    tag("div", " ".join(x for x in [title, *extra] if x)),
                    tag("div", " · ".join(x for x in meta if x), class_="ecm-list__meta") if dated else None,
                    summary,
                ),
                lang=lang_attr(proc),
            )
        )
    return tag("ul", lines(*items), class_="ecm-list")


def home(edition: Edition, link: Link) -> str:
    tiles = [category_tile(c, len(edition.in_category(c.slug)), link) for c in edition.categories]
    recent = edition.recent()
    edition_note = "ฉบับเผยแพร่ (public)" if edition.is_public else "ฉบับใช้ภายใน (internal)"
    return lines(
        tag(
            "header",
            lines(
                tag("h1", "คู่มืองานกงสุล", class_="ecm-title"),
                tag("p", "e-Consular Manual", class_="ecm-title-en", lang="en"),
                tag(
                    "p",
                    f"{len(edition.procedures)} เรื่อง ใน {len(edition.categories)} หมวด · {e(edition_note)}"
                    " · พิมพ์คำค้นในช่องค้นหาด้านบน ภาษาไทย อังกฤษ หรือตัวย่อก็ได้",
                    class_="ecm-lead",
                ),
            ),
            class_="ecm-head",
        ),
        tag("h2", "หมวดงาน", class_="ecm-h2"),
        tag("nav", lines(*tiles), class_="ecm-tiles", aria_label="หมวดงาน"),
        tag("h2", "ปรับปรุงล่าสุด", class_="ecm-h2") if recent else None,
        procedure_list(recent, link, edition, dated=True) if recent else None,
    )


def category_tile(category: Category, count: int, link: Link) -> str:
    return tag(
        "a",
        lines(
            tag("span", e(category.th), class_="ecm-tile__th"),
            tag("span", e(category.en), class_="ecm-tile__en", lang="en") if category.en != category.th else None,
            tag("span", f"{count} เรื่อง", class_="ecm-tile__count"),
        ),
        href=link(Source.category(category.slug)),
        class_="ecm-tile",
    )


def category_page(edition: Edition, category: Category, link: Link) -> str:
    procs = edition.in_category(category.slug)
    return lines(
        tag(
            "header",
            lines(
                tag("h1", e(category.th), class_="ecm-title"),
                tag("p", e(category.en), class_="ecm-title-en", lang="en") if category.en != category.th else None,
                tag("p", f"{len(procs)} เรื่อง", class_="ecm-lead"),
            ),
            class_="ecm-head",
        ),
        procedure_list(procs, link, edition),
    )


def glossary_page(edition: Edition) -> str:
    rows = [
        tag("tr", tag("td", e(group[0]), class_="ecm-term") + tag("td", e(", ".join(group[1:]))))
        for group in edition.glossary
    ]
    table = tag(
        "table",
        tag("thead", tag("tr", tag("th", "คำ") + tag("th", "ความหมายและคำที่ค้นหาแทนกันได้")))
        + tag("tbody", lines(*rows)),
        class_="ecm-glossary",
    )
    return lines(
        tag(
            "header",
            lines(
                tag("h1", "อภิธานศัพท์และตัวย่อ", class_="ecm-title"),
                tag("p", "Glossary and abbreviations", class_="ecm-title-en", lang="en"),
                tag("p", "คำในแถวเดียวกันใช้ค้นหาแทนกันได้ในช่องค้นหา", class_="ecm-lead"),
            ),
            class_="ecm-head",
        ),
        table,
    )


def tags_page(edition: Edition, link: Link, anchors: dict[str, str]) -> str:
    tags = edition.tags()
    index = tag(
        "p",
        " ".join(tag("a", e(name), href=f"#{anchors[name.casefold()]}", class_="ecm-tag") for name, _ in tags),
        class_="ecm-tag-cloud",
    )
    sections = [
        tag(
            "section",
            lines(
                tag("h2", f"{e(name)} " + tag("span", str(len(procs)), class_="ecm-count"), class_="ecm-h2"),
                procedure_list(procs, link, edition),
            ),
            id=anchors[name.casefold()],
            class_="ecm-tag-section",
        )
        for name, procs in tags
    ]
    return lines(
        tag(
            "header",
            lines(tag("h1", "แท็ก", class_="ecm-title"), tag("p", "Tags", class_="ecm-title-en", lang="en")),
            class_="ecm-head",
        ),
        index,
        *sections,
    )
