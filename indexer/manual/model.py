"""What the loader hands to everything else: procedures, their sections, and problems."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from indexer.manual.confidentiality import DEFAULT, is_public

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a manual file, in the shape `check` prints."""

    path: str
    line: int
    col: int
    severity: str
    code: str
    message: str

    def format(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.severity} {self.code} {self.message}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
        }


@dataclass(frozen=True)
class Section:
    """A part of a procedure's body under one heading (level 0 is the text before any)."""

    heading: str
    level: int
    anchor: str
    line: int
    text: str  # plain text, Markdown markup removed
    number: str = ""  # "2" for the second level-2 section, "2.1" below it; "" otherwise


@dataclass(frozen=True)
class ChangeNote:
    """One entry of the front matter's `changes`: a major change, in the editor's words."""

    day: date
    note: str
    internal: bool = False  # an officer-only note: the public edition leaves it out


@dataclass(frozen=True)
class Passage:
    """An officer-only passage: lines `first`..`last` of the file (1-based, inclusive)."""

    first: int
    last: int
    title: str


@dataclass
class Procedure:
    id: str
    title: str
    category: str
    lang: str
    path: str  # relative to the manual's parent, posix style, e.g. manual/passports/x.md
    body: str  # Markdown
    sections: list[Section]
    content_hash: str
    title_en: str = ""
    summary: str = ""
    tags: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    classification: str = DEFAULT
    owner: str = ""
    last_reviewed: date | None = None
    review_due: date | None = None
    related: list[str] = field(default_factory=list)
    legal_basis: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    source: Path | None = None
    body_line: int = 1  # line of the file where the body starts
    key_lines: dict[str, int] = field(default_factory=dict)  # front matter key -> line
    ref: str = ""  # citable reference such as "PP 3"
    changes: list[ChangeNote] = field(default_factory=list)  # newest first
    internal_passages: tuple[Passage, ...] = ()  # officer-only passages of the body

    @property
    def url(self) -> str:
        return f"{self.category}/{self.id}/"

    @property
    def is_public(self) -> bool:
        return is_public(self.classification)

    def citation(self, section: Section | None = None) -> str:
        """ "PP 3" or "PP 3 §2"; "" without a ref."""
        if not self.ref:
            return ""
        return f"{self.ref} §{section.number}" if section is not None and section.number else self.ref

    @property
    def headings(self) -> list[str]:
        return [s.heading for s in self.sections if s.level > 0]


@dataclass(frozen=True)
class Category:
    slug: str
    th: str
    en: str
    order: int
    contact: str = ""  # e-mail address for readers' reports on its procedures (static edition)


@dataclass
class Manual:
    root: Path
    procedures: list[Procedure]
    problems: list[Problem]
    categories: dict[str, Category]
    glossary: list[list[str]]  # synonym groups: the manual's own entries

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    def by_id(self) -> dict[str, Procedure]:
        return {p.id: p for p in self.procedures}
