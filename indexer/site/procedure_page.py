"""A procedure's page: title block with the latest change note, metadata panel, the
author's Markdown body, then the page's change history: its change notes, and in the
internal edition the commits that changed the file."""

from __future__ import annotations

import secrets
from collections.abc import Collection, Iterable
from typing import Any

from indexer.manual.history import Change
from indexer.manual.model import ChangeNote, Procedure
from indexer.manual.passages import with_banners
from indexer.site.edition import Edition, Source, unique_tags
from indexer.site.html import Link, badge, date_html, e, lang_attr, lines, tag
from indexer.site.links import LinkFilter
from indexer.site.sorting import thai_first_key

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

HISTORY_ID = "ecm-history"
UPDATED = "ปรับปรุงล่าสุด"
HISTORY = "ประวัติการแก้ไข"


# The editor's body sits between these marks, so the sanitiser cleans exactly what an
# editor wrote and not the furniture built here (the feedback box's data-* hooks). A
# nonce drawn per build makes the marks impossible to forge from inside a body.
BODY_NONCE = secrets.token_hex(16)
BODY_START = f"<!-- ecm-body {BODY_NONCE} -->"
BODY_END = f"<!-- /ecm-body {BODY_NONCE} -->"


class ProcedurePage:
    """`linkable`: docs paths of the edition's pages and files, which body links may reach."""

    def __init__(self, edition: Edition, link: Link, slugs: dict[str, str], linkable: Collection[str]):
        self.edition = edition
        self.link = link
        self.slugs = slugs
        self.linkable = linkable

    def render(self, proc: Procedure) -> str:
        body = proc.body
        if self.edition.is_public:
            body = LinkFilter(self.linkable, proc.category).rewrite(body)
        else:
            body = with_banners(body, proc.internal_passages, proc.body_line)
        body = f"{BODY_START}\n\n{body.strip(chr(10))}\n\n{BODY_END}"
        parts = [self.heading(proc), self.updated(proc), self.panel(proc), body, self.feedback(proc),
                 self.history(proc)]  # fmt: skip
        return "\n\n".join([*(p for p in parts if p), ""])

    def feedback(self, proc: Procedure) -> str:
        """Where assets/ecm/search.js puts "มีประโยชน์ไหม / แจ้งปัญหา": answers go to the
        server under `serve` with feedback on, else a report goes by e-mail to the
        category's contact (categories.yml); with neither, it stays hidden."""
        contact = self.edition.category(proc.category).contact
        return tag(
            "section", "", class_="ecm-feedback", lang="th", hidden=True, data_ecm_feedback=True,
            data_procedure=proc.id, data_category=proc.category, data_contact=contact or None,
            data_title=proc.title,
        )  # fmt: skip

    def heading(self, proc: Procedure) -> str:
        title_en = None
        if proc.title_en and proc.title_en != proc.title:
            title_en = tag("p", e(proc.title_en), class_="ecm-title-en", lang="en")
        internal = None if proc.is_public else badge(proc.classification)
        title = tag("h1", e(proc.title), class_="ecm-title")
        return tag("header", lines(title, title_en, cite(proc), internal), class_="ecm-head")

    def panel(self, proc: Procedure) -> str:
        category = self.edition.category(proc.category)
        category_link = tag("a", e(category.th), href=self.link(Source.category(category.slug)))
        rows = [
            row("category", category_link),
            row("owner", e(proc.owner)) if proc.owner else None,
            self.reviewed_row(proc),
            self.due_row(proc),
            row("classification", badge(proc.classification)),
            row("legal_basis", bullet(e(x) for x in proc.legal_basis)) if proc.legal_basis else None,
            self.related_row(proc),
            self.tags_row(proc),
            row("aliases", e(", ".join(proc.aliases))) if proc.aliases else None,
            *(row(str(k), e(plain_value(v)), label=str(k)) for k, v in proc.extra.items()),
        ]
        print_button = tag("button", "พิมพ์หน้านี้", type="button", class_="md-button ecm-print", hidden=True)
        aside = tag(
            "aside",
            lines(tag("dl", lines(*rows)), print_button),
            class_="ecm-meta",
            aria_label="ข้อมูลของเรื่อง",
            lang="th",
        )
        # open everywhere; on a phone assets/ecm/search.js folds it under the title, so the
        # procedure itself is on the first screen
        summary = tag("summary", "ข้อมูลของเรื่อง: หมวด ผู้รับผิดชอบ วันที่ แท็ก", class_="ecm-meta-fold__summary")
        return tag("details", lines(summary, aside), class_="ecm-meta-fold", open=True)

    def updated(self, proc: Procedure) -> str | None:
        """ปรับปรุงล่าสุด: the latest note this edition shows, and a link to the others."""
        notes = self.edition.notes(proc)
        if not notes:
            return None
        more = tag("a", HISTORY, href=f"#{HISTORY_ID}")
        return tag(
            "p", f"{tag('strong', UPDATED)} {note_html(notes[0], lang_attr(proc))} · {more}",
            class_="ecm-updated", lang="th",
        )  # fmt: skip

    def history(self, proc: Procedure) -> str:
        """The change notes, newest first, then (internal edition) the file's commits;
        they are not in the search index (they are about the edit, not the procedure)."""
        notes = self.edition.notes(proc)
        items = [tag("li", note_html(n, lang_attr(proc))) for n in notes]
        listing = (
            tag("ul", "".join(items), class_="ecm-history__notes") if items else tag("p", "ยังไม่มีบันทึกการแก้ไข")
        )
        return tag(
            "section",
            lines(tag("h2", HISTORY, id=HISTORY_ID), listing, self.commits(proc)),
            class_="ecm-history",
            lang="th",
        )

    def commits(self, proc: Procedure) -> str | None:
        return commits_html(self.edition.commits(proc), lang_attr(proc))

    def reviewed_row(self, proc: Procedure) -> str | None:
        if proc.last_reviewed is None:
            return None
        return row("last_reviewed", date_html(proc.last_reviewed, lang_attr(proc)))

    def due_row(self, proc: Procedure) -> str | None:
        if proc.review_due is None:
            return None
        html = date_html(proc.review_due, lang_attr(proc))
        if proc.review_due < self.edition.today:
            html += " " + tag("span", "เลยกำหนด", class_="ecm-badge ecm-badge--overdue")
        return row("review_due", html)

    def related_row(self, proc: Procedure) -> str | None:
        related = self.edition.related(proc)
        if not related:
            return None
        return row("related", bullet(self.proc_link(p) for p in related))

    def tags_row(self, proc: Procedure) -> str | None:
        names = sorted(unique_tags(proc.tags), key=thai_first_key)  # Thai first, as in the list of tags
        if not names:
            return None
        links = (
            tag("a", e(t), href=self.link(Source.tag(self.slugs[t.casefold()])), class_="ecm-tag")
            for t in names
        )
        return row("tags", " ".join(links))

    def proc_link(self, proc: Procedure) -> str:
        return tag("a", e(proc.title), href=self.link(Source.procedure(proc)), lang=lang_attr(proc))


def cite(proc: Procedure) -> str | None:
    """How a letter cites this procedure ("PP 3"); its sections carry "PP 3 §2" (citations.py)."""
    if not proc.ref:
        return None
    return tag(
        "p", "เลขอ้างอิง " + tag("span", e(proc.ref), class_="ecm-ref__code"), class_="ecm-ref", lang="th"
    )


def note_html(note: ChangeNote, lang: str = "th", dated: bool = True) -> str:
    """(Date and) text of one change note; an officer-only note carries the badge."""
    parts = [
        date_html(note.day, lang) if dated else None,
        tag("span", e(note.note), class_="ecm-history__note"),
        badge("internal") if note.internal else None,
    ]
    return " ".join(x for x in parts if x)


def commits_html(commits: list[Change], lang: str = "th") -> str | None:
    """The commits that changed the file, folded: for editors, not officers."""
    if not commits:
        return None
    items = [
        tag("li", " ".join([date_html(c.day, lang), tag("span", e(c.subject), class_="ecm-history__subject"),
                            tag("code", e(c.commit), class_="ecm-history__commit")]))
        for c in commits
    ]  # fmt: skip
    summary = tag("summary", "การแก้ไขไฟล์นี้ใน git (สำหรับบรรณาธิการ)")
    return tag("details", summary + tag("ul", "".join(items)), class_="ecm-history__commits")


def row(key: str, value_html: str, label: str | None = None) -> str:
    return tag("div", tag("dt", e(label or LABELS[key])) + tag("dd", value_html), class_=f"ecm-meta__{key}")


def bullet(items: Iterable[str]) -> str:
    return tag("ul", "".join(tag("li", item) for item in items))


def plain_value(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(plain_value(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {plain_value(v)}" for k, v in value.items())
    return "" if value is None else str(value)
