"""What the loader hands to everything else: procedures, their sections, and problems."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from sys import intern
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


@dataclass(frozen=True, slots=True)  # slots: a manual of 10,000 procedures holds 85,000
class Section:
    """A part of a procedure's body under one heading (level 0 is the text before any)."""

    heading: str
    level: int
    anchor: str
    line: int
    text: str  # plain text, Markdown markup removed
    number: str = ""  # "2" for the second level-2 section, "2.1" below it; "" otherwise


SHARED_SECTION_FIELDS = ("heading", "anchor", "number")  # what shared_sections interns


def shared_sections(sections: list[Section]) -> list[Section]:
    """The sections with their heading, anchor and number strings interned: a manual's
    pages repeat the same headings (ภาพรวม, เอกสารที่ต้องใช้, ...), and 10,000 procedures
    held 20 MB of copies of them."""
    return [
        Section(intern(s.heading), s.level, intern(s.anchor), s.line, s.text, intern(s.number))
        for s in sections
    ]


def shared_values(data: dict[str, Any]) -> dict[str, Any]:
    """Front matter values with their strings interned, in place: categories, languages,
    owners, tags, aliases, related ids and legal bases repeat from file to file (10,000
    procedures held some 10 MB of copies of them)."""
    for key, value in data.items():
        if type(value) is str:
            data[key] = intern(value)
        elif type(value) is list:
            data[key] = [intern(v) if type(v) is str else v for v in value]
    return data


_LAYOUTS: dict[tuple[str, ...], dict[str, int]] = {}  # KeyLines' shared key -> slot tables


class KeyLines(Mapping[str, int]):
    """Front matter key -> its line in the file, compact: the files of a manual name the
    same keys in the same order (`tags[1]`.. `tags[6]` included), so the key -> slot
    table of a layout is shared by every file that has it, and each file keeps only its
    line numbers (a dict of its own per file was 8 MB of 10,000 procedures)."""

    __slots__ = ("_at", "_lines")

    def __init__(self, lines: Mapping[str, int]) -> None:
        keys = tuple(lines)
        at = _LAYOUTS.get(keys)
        if at is None:
            if len(_LAYOUTS) >= 4096:  # a long-running process: only sharing is lost
                _LAYOUTS.clear()
            at = _LAYOUTS[keys] = {key: n for n, key in enumerate(keys)}
        self._at = at
        self._lines = tuple(lines.values())

    def __getitem__(self, key: str) -> int:
        return self._lines[self._at[key]]

    def get(self, key: str, default: Any = None) -> Any:
        n = self._at.get(key)
        return default if n is None else self._lines[n]

    def __contains__(self, key: object) -> bool:
        return key in self._at

    def __iter__(self) -> Iterator[str]:
        return iter(self._at)

    def __len__(self) -> int:
        return len(self._lines)

    def __repr__(self) -> str:
        return f"KeyLines({dict(self)!r})"


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


@dataclass(slots=True)
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
    key_lines: Mapping[str, int] = field(default_factory=dict)  # front matter key -> line (KeyLines)
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
