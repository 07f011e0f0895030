"""Material cut from the real sample manual: clauses by language, category and section
kind, titles, tags, aliases, owners and legal bases, for the generator to recombine."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from bench.config import SAMPLE_MANUAL
from indexer.manual.loader import load_manual
from indexer.manual.model import Manual

HEADINGS = {
    "th": {
        "overview": "ภาพรวม",
        "eligibility": "ผู้มีสิทธิ์ยื่นคำร้อง",
        "documents": "เอกสารที่ต้องใช้",
        "steps": "ขั้นตอน",
        "fees": "ค่าธรรมเนียมและระยะเวลา",
        "cautions": "ข้อควรระวัง",
        "references": "อ้างอิง",
        "seealso": "ดูเพิ่มเติม",
    },
    "en": {
        "overview": "Overview",
        "eligibility": "Eligibility",
        "documents": "Required documents",
        "steps": "Steps",
        "fees": "Fees and processing time",
        "cautions": "Cautions",
        "references": "References",
        "seealso": "See also",
    },
}
HEADING_KIND = {heading: kind for names in HEADINGS.values() for kind, heading in names.items()}
HEADING_KIND["ผู้มีสิทธิยื่นคำร้อง"] = "eligibility"

THAI = "\u0e01-\u0e4e"
THAI_CLAUSE_BREAK = re.compile(rf"(?<=[{THAI}]) +(?=[{THAI}])")  # Thai separates clauses by spaces
ENGLISH_CLAUSE_BREAK = re.compile(r"(?:(?<=[,;:!?])|(?<=[a-z]{2}\.)) +")  # not after B.E. or U.S.

Key = tuple[str, ...]


@dataclass
class Sample:
    """Pools keyed by (lang, kind) and (lang, category, kind), and per-category metadata."""

    clauses: dict[Key, list[str]] = field(default_factory=lambda: defaultdict(list))
    subheadings: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    titles: dict[Key, list[str]] = field(default_factory=lambda: defaultdict(list))
    titles_en: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    tags: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    aliases: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    owners: dict[Key, list[str]] = field(default_factory=lambda: defaultdict(list))
    legal_basis: dict[str, list[list[str]]] = field(default_factory=lambda: defaultdict(list))
    id_stems: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    category_weights: dict[str, int] = field(default_factory=dict)
    english_text: list[str] = field(default_factory=list)
    thai_text: list[str] = field(default_factory=list)

    def pool(self, *key: str) -> list[str]:
        return self.clauses.get(key, [])


def split_clauses(line: str, lang: str) -> list[str]:
    """Clauses of one line, never cutting inside brackets: Thai at spaces between Thai
    letters, English after , ; : . ! ? (the punctuation is dropped)."""
    line = " ".join(line.split())
    breaks = THAI_CLAUSE_BREAK if lang == "th" else ENGLISH_CLAUSE_BREAK
    clauses, start = [], 0
    for match in breaks.finditer(line):
        head = line[: match.start()]
        if head.count("(") == head.count(")"):
            clauses.append(line[start : match.start()])
            start = match.end()
    clauses.append(line[start:])
    if lang == "en":
        clauses = [c.rstrip(",;:.!? ") for c in clauses]
    return [c for c in clauses if c.strip()]


def load_sample(root: Path = SAMPLE_MANUAL) -> tuple[Sample, Manual]:
    manual = load_manual(root)
    sample = Sample()
    counts: Counter[str] = Counter()
    for proc in sorted(manual.procedures, key=lambda p: p.path):
        lang, cat = proc.lang, proc.category
        counts[cat] += 1
        sample.titles[lang, cat].append(proc.title)
        if proc.title_en:
            sample.titles_en[cat].append(proc.title_en)
        elif lang == "en":
            sample.titles_en[cat].append(proc.title)
        sample.tags[cat] += proc.tags
        sample.aliases[cat] += proc.aliases
        if proc.owner:
            sample.owners[lang, cat].append(proc.owner)
            sample.owners[(lang,)].append(proc.owner)
        if proc.legal_basis:
            sample.legal_basis[lang].append(proc.legal_basis)
        sample.id_stems[cat].append(proc.id)
        text_pool = sample.english_text if lang == "en" else sample.thai_text
        text_pool += [proc.title, proc.summary]
        kind = "overview"
        for section in proc.sections:
            if section.level == 2:
                kind = HEADING_KIND.get(section.heading, "overview")
            elif section.level > 2:
                sample.subheadings[lang].append(section.heading)
            text_pool.append(section.text)
            if kind == "seealso":
                continue
            for line in section.text.split("\n"):
                for clause in split_clauses(line, lang):
                    sample.clauses[lang, kind].append(clause)
                    sample.clauses[lang, cat, kind].append(clause)
    sample.category_weights = {c.slug: counts.get(c.slug, 1) for c in manual.categories.values()}
    return sample, manual
