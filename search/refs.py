"""Citable references in queries: "PP 3", "pp3", "PP 3 §2", "PP3 s2" open what they cite.

A procedure's front matter may give a `ref` ("PP 3"); its level-2 sections are numbered
in order (`indexer.manual.sections`), so "PP 3 §2" is its second one. The index writer
keeps each ref's procedure id in the generation (`store.REFS`); the engine asks
`RefIndex.cite` whether a query is a reference it holds and then puts that procedure
first, opened at the cited section. A query that only looks like one ("A 4 paper") and
names no ref of the manual is searched as words, as before.

The query grammar is forgiving where the ref's own pattern (indexer.manual.validate) is
strict: any case, optional spaces, a leading zero, and "§", "s", "sec", "section" or
"ข้อ" before the section number.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from indexer.index.document import StoredDocument, StoredSection
from indexer.index.store import REFS
from search.snippets import snippet

MAX_QUERY = 40  # no reference is longer; a long query is never a reference
# The browser's engine (static-search/engine.js, parseCitation) has the same pattern:
# ASCII letters and digits only, and the same spaces, so both read a query alike.
SPACE = "[ \t\u00a0\u3000]*"


@cache
def query_pattern() -> re.Pattern[str]:
    """Compiled on the first query that could be a reference, not at every start (1.5 ms)."""
    return re.compile(
        rf"{SPACE}(?P<letters>[A-Za-z]{{1,8}}){SPACE}\.?{SPACE}(?P<number>[0-9]{{1,4}}(?:\.[0-9]{{1,4}}){{0,3}})"
        rf"(?:{SPACE}(?:§|[Ss]ection|[Ss]ec\.?|[Ss]\.?|ข้อ){SPACE}(?P<section>[0-9]{{1,3}}(?:\.[0-9]{{1,3}})?))?{SPACE}"
    )


@dataclass(frozen=True)
class Citation:
    """A reference to a procedure, and perhaps to one of its sections."""

    ref: str  # as the manual writes it: "PP 3"
    section: str = ""  # "2", "2.1" or ""

    def __str__(self) -> str:
        return f"{self.ref} §{self.section}" if self.section else self.ref


def parse_citation(text: str) -> Citation | None:
    """The reference a query spells, in the manual's one spelling; None when it is not one."""
    if len(text) > MAX_QUERY or not any("0" <= ch <= "9" for ch in text):  # each holds a number
        return None
    match = query_pattern().fullmatch(text)
    if not match:
        return None
    number = ".".join(str(int(part)) for part in match.group("number").split("."))
    section = match.group("section")
    section = ".".join(str(int(part)) for part in section.split(".")) if section else ""
    return Citation(f"{match.group('letters').upper()} {number}", section)


def section_ref(doc: StoredDocument, anchor: str) -> str:
    """ "PP 3 §2" for the section of `doc` at `anchor`; the ref alone for the text before
    the first heading or an unnumbered one; "" for a procedure without a ref."""
    if not doc.ref:
        return ""
    number = next((s.number for s in doc.sections if anchor and s.anchor == anchor), "")
    return str(Citation(doc.ref, number))


class RefIndex:
    """The refs of one index generation, read once when the engine opens it."""

    def __init__(self, ids: dict[str, str]):
        self.ids = ids

    @classmethod
    def load(cls, generation: Path) -> RefIndex:
        path = generation / REFS
        try:
            data = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
        except (OSError, ValueError):
            data = {}  # an index written before refs were: none are found, nothing fails
        valid = isinstance(data, dict) and all(isinstance(v, str) for v in data.values())
        return cls(data if valid else {})

    def cite(self, query: str) -> tuple[Citation, str] | None:
        """(the citation, the cited procedure's id) when the query is a ref of this index."""
        if not self.ids:
            return None
        citation = parse_citation(query)
        if citation is not None and citation.ref not in self.ids and not citation.section:
            head, dot, tail = citation.ref.rpartition(".")
            if dot and "." not in tail:  # "PP 3.2" where the manual has PP 3: its section 2
                citation = Citation(head, tail)
        if citation is None or citation.ref not in self.ids:
            return None
        return citation, self.ids[citation.ref]


def cited_section(doc: StoredDocument, citation: Citation) -> StoredSection | None:
    """The section a citation names (None: the procedure as a whole, or no such number)."""
    if not citation.section:
        return None
    return next((s for s in doc.sections if s.number == citation.section), None)


def admitted(doc: StoredDocument, filters: dict[str, str]) -> bool:
    """Whether the cited procedure passes the query's filters (tags compared lowercased)."""
    values = {"category": {doc.category}, "lang": {doc.lang}, "tag": {t.lower() for t in doc.tags}}
    return all(value in values.get(name, set()) for name, value in filters.items())


def opened_at(result, doc: StoredDocument, citation: Citation, analyzer) -> None:
    """Point a result at what the citation names: the numbered section (heading, anchor,
    its opening text), or the procedure's top for a ref alone or a number it lacks."""
    section = cited_section(doc, citation)
    if section is None:
        result.section, result.anchor, result.section_ref, result.sections = "", "", doc.ref, []
        lead = doc.summary or next((s.text for s in doc.sections if s.text), "")
        result.snippet = snippet(lead, analyzer, {})
        return
    result.section, result.anchor = section.heading, section.anchor
    result.snippet = snippet(section.text, analyzer, {})
    result.section_ref = str(Citation(doc.ref, section.number))
    # the results page lists a result's sections: the cited one is the one to open
    result.sections = [{"heading": section.heading, "anchor": section.anchor, "snippet": result.snippet}]


def put_first(response, first, limit: int) -> None:
    """The cited procedure heads the results (once); the query is answered in full."""
    others = [r for r in response.results if r.id != first.id]
    if len(others) == len(response.results):
        response.total += 1  # it was not among the matches of the words
    first.score = max([first.score, *(r.score for r in others)])
    response.results = [first, *others][:limit]
    response.match, response.missing, response.suggestion = "all", [], None
