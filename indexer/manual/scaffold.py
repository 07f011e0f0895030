"""A new procedure file with valid front matter and the standard sections.

Every hint under a heading is a placeholder (indexer.manual.placeholders): `check`
fails on the file until each one is replaced with the procedure's own text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import yaml

from indexer.manual.confidentiality import DEFAULT
from indexer.manual.placeholders import placeholder

LIST_PREFIX = re.compile(r"^(?P<prefix>\s*(?:[-*]|\d+\.)\s+(?:\[ \]\s+)?)?(?P<hint>.*)$")

SECTIONS = {
    "th": [
        ("ภาพรวม", "อธิบายว่าเรื่องนี้ใช้เมื่อใด และต่างจากเรื่องใกล้เคียงอย่างไร"),
        ("ผู้มีสิทธิ์ยื่นคำร้อง", "- ใครยื่นได้ และต้องมาด้วยตนเองหรือไม่"),
        ("เอกสารที่ต้องใช้", "- [ ] เอกสารฉบับที่หนึ่ง\n- [ ] เอกสารฉบับที่สอง"),
        ("ขั้นตอน", "1. ขั้นตอนแรก\n2. ขั้นตอนถัดไป"),
        ("ค่าธรรมเนียมและระยะเวลา", "- ค่าธรรมเนียม (ระบุว่าเป็นตัวอย่างถ้าเป็นตัวเลขของ สอท./สกญ. แห่งเดียว)"),
        ("ข้อควรระวัง", "- สิ่งที่มักผิดพลาด"),
        ("อ้างอิง", "- กฎหมายหรือระเบียบที่เกี่ยวข้อง"),
        ("ดูเพิ่มเติม", "- ลิงก์ไปเรื่องที่เกี่ยวข้อง เขียนแบบ `[ชื่อเรื่อง](../หมวด/รหัส.md)`"),
    ],
    "en": [
        ("Overview", "When this procedure applies, and how it differs from its neighbours."),
        ("Eligibility", "- Who may apply, and whether in person."),
        ("Required documents", "- [ ] First document\n- [ ] Second document"),
        ("Steps", "1. First step\n2. Next step"),
        ("Fees and processing time", "- Fee (label one mission's figure as an example)"),
        ("Cautions", "- What often goes wrong"),
        ("References", "- The acts or regulations behind it"),
        ("See also", "- Link related procedures as `[Title](../category/id.md)`"),
    ],
}


def valid_id(value: str, manual_dir: Path) -> str:
    """The id as typed, or ValueError saying why `new` cannot use it (asked again)."""
    from indexer.manual.validate import ID_PATTERN

    value = value.strip()
    if not ID_PATTERN.match(value):
        raise ValueError(
            f"id '{value}' must be lowercase letters and digits joined by '-', like passport-lost"
        )
    existing = sorted(Path(manual_dir).glob(f"*/{value}.md"))
    if existing:
        raise ValueError(f"{existing[0]} already exists: choose another id")
    return value


def valid_category(value: str, known: list[str]) -> str:
    """A category of the manual (categories.yml, else its folders); any slug when it has none."""
    from indexer.manual.validate import ID_PATTERN, RESERVED_CATEGORIES

    value = value.strip()
    if known and value not in known:
        raise ValueError(f"unknown category '{value}': choose one of {', '.join(known)} "
                         "(a new one goes into categories.yml first)")  # fmt: skip
    if not ID_PATTERN.match(value) or value in RESERVED_CATEGORIES:
        raise ValueError(f"category '{value}' must be a folder name in lowercase letters and '-'")
    return value


@dataclass
class NewProcedure:
    id: str
    category: str
    lang: str
    title: str
    title_en: str = ""
    classification: str = DEFAULT
    owner: str = ""


def scaffold(new: NewProcedure, today: date | None = None) -> str:
    """The text of the new file: front matter, then every standard heading with a hint."""
    today = today or date.today()
    front = {
        "id": new.id,
        "title": new.title,
        **({"title_en": new.title_en} if new.lang == "th" and new.title_en else {}),
        "category": new.category,
        "lang": new.lang,
        "summary": "",
        "tags": [],
        "aliases": [],
        "classification": new.classification,
        "owner": new.owner,
        "last_reviewed": today,
        "review_due": today + timedelta(days=365),
        "related": [],
        "legal_basis": [],
    }
    yaml_text = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, default_flow_style=None)
    body = "\n".join(f"## {heading}\n\n{hints(hint, new.lang)}\n" for heading, hint in SECTIONS[new.lang])
    return f"---\n{yaml_text}---\n\n{body}"


def hints(text: str, lang: str) -> str:
    """Each line of a section's hint as a placeholder, list markers and checkboxes kept."""
    out = []
    for line in text.split("\n"):
        match = LIST_PREFIX.match(line)
        out.append(f"{match.group('prefix') or ''}{placeholder(match.group('hint'), lang)}")
    return "\n".join(out)
