"""Citations between procedures: "PP 3" or "PP 3 §2" written in a body must name a ref
and a section that exist, and a change must not silently renumber a section that other
procedures already cite.

Section numbers follow the order of the headings (indexer.manual.sections), so adding,
removing or moving a `##` section changes the number of every one after it. Without a
base, `check` can only say that a citation names nothing (`unknown-citation`). With
`--base REF` it compares: for each citation that the citing file already held at REF,
the section that number named at REF must still carry it; if not, one warning on the
procedure whose change renumbered them (`renumbered-section`), at the first such heading,
naming each renumbered section and the places that cite it. A citation written in this
change is only checked for existence: its author chose the number against the new order.

Only text that reads like a ref of this manual is a citation: the letters of a ref the
manual has ("PP" when some procedure is `PP 3`), so "A 4 paper" is never one.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from indexer.manual import frontmatter
from indexer.manual.body_checks import prose_lines
from indexer.manual.frontmatter import problem
from indexer.manual.model import WARNING, Manual, Problem, Procedure
from indexer.manual.sections import split_sections
from indexer.manual.validate import REF_NUMBER

WRITTEN = re.compile(
    rf"(?<![A-Za-z0-9])(?P<ref>[A-Z]{{1,8}} {REF_NUMBER})"
    r"(?:[ \u00a0]?§[ \u00a0]?(?P<section>[0-9]{1,3}(?:\.[0-9]{1,3})?))?(?![0-9A-Za-z]|\.[0-9])"
)
SHOWN_PLACES = 3  # citing places named in one warning; the rest are counted
ADVICE = "update those citations in this change, or keep the sections' order"


@dataclass(frozen=True)
class Cited:
    """One citation in a body: where it is, and what it names."""

    path: str  # the citing procedure's path (Problem form)
    name: str  # and inside the manual, as messages name other files: passports/x.md
    line: int
    col: int
    ref: str
    section: str  # "" for the procedure as a whole

    @property
    def text(self) -> str:
        return f"{self.ref} §{self.section}" if self.section else self.ref


def citations_in(body: str, first_line: int, prefixes: set[str]) -> list[tuple[int, int, str, str]]:
    """(line, col, ref, section) of each citation of a ref with one of these letter prefixes."""
    found: list[tuple[int, int, str, str]] = []
    if not any(f"{prefix} " in body for prefix in prefixes):
        return found  # most bodies cite nothing: skip finding their code and prose lines
    for number, text in prose_lines(body, first_line):
        for match in WRITTEN.finditer(text):
            ref = match.group("ref")
            if ref.split(" ", 1)[0] in prefixes:
                found.append((number, match.start() + 1, ref, match.group("section") or ""))
    return found


def all_citations(manual: Manual) -> list[Cited]:
    prefixes = {p.ref.split(" ", 1)[0] for p in manual.procedures if p.ref}
    if not prefixes:
        return []
    return [
        Cited(proc.path, f"{proc.category}/{proc.id}.md", line, col, ref, section)
        for proc in manual.procedures
        for line, col, ref, section in citations_in(proc.body, proc.body_line, prefixes)
    ]


def holders(manual: Manual) -> dict[str, Procedure]:
    """Each ref's procedure: the first holder of a ref given twice, as search has it."""
    found: dict[str, Procedure] = {}
    for proc in manual.procedures:
        if proc.ref:
            found.setdefault(proc.ref, proc)
    return found


def unknown_citations(manual: Manual, cited: list[Cited] | None = None) -> list[Problem]:
    """A warning for each citation of a ref no procedure has, or of a section it lacks."""
    by_ref = holders(manual)
    found = []
    for c in all_citations(manual) if cited is None else cited:
        proc = by_ref.get(c.ref)
        if proc is None:
            msg = f"'{c.text}' cites no procedure: no file has ref '{c.ref}'"
        elif c.section and c.section not in numbers(proc):
            last = max((s.number for s in proc.sections if s.level == 2), key=int, default="0")
            msg = f"'{c.text}' cites no section: {c.ref} has sections §1 to §{last}"
        else:
            continue
        found.append(problem(c.path, c.line, "unknown-citation", msg, WARNING, col=c.col))
    return found


def numbers(proc: Procedure) -> dict[str, str]:
    """Section number -> anchor (the section's identity within its procedure)."""
    return {s.number: s.anchor for s in proc.sections if s.number}


def renumbered_sections(manual: Manual, base: str) -> list[Problem]:
    """`check --base REF`: a warning for each section, cited at REF already, whose number
    now names another section or none."""
    from indexer.manual.note_review import checked_base

    cited = all_citations(manual)
    if not cited:
        return []
    root = Path(manual.root).resolve()
    top = checked_base(root, base)
    git = BaseFiles(root, top, base)
    by_path = {p.path: p for p in manual.procedures}
    by_ref = holders(manual)
    prefixes = {ref.split(" ", 1)[0] for ref in by_ref}
    places: dict[tuple[str, str], list[Cited]] = defaultdict(list)
    for c in cited:
        if c.section and c.ref in by_ref:
            before = git.citations(by_path[c.path], prefixes)
            if (c.ref, c.section) in before:  # it was there at the base: the number is relied on
                places[(c.ref, c.section)].append(c)
    changes: dict[str, list[tuple[int, str]]] = defaultdict(list)  # ref -> (line, what), in order
    for (ref, number), citing in sorted(places.items(), key=lambda item: (item[0][0], numeric(item[0][1]))):
        proc = by_ref[ref]
        then = git.numbers(proc)
        if then is None or number not in then:
            continue  # the procedure had no such ref or section at the base: nothing relied on
        what = moved(proc, number, then)
        if what:
            changes[ref].append((heading_line(proc, then[number]), f"{what} ({where(citing)})"))
    found = []
    for ref, items in changes.items():  # one warning per procedure: one change renumbered them
        text = f"this change renumbers cited sections: {'; '.join(w for _, w in items)}: {ADVICE}"
        found.append(problem(by_ref[ref].path, items[0][0], "renumbered-section", text, WARNING))
    return found


def numeric(number: str) -> tuple[int, ...]:
    return tuple(int(part) for part in number.split("."))


def moved(proc: Procedure, number: str, then: dict[str, str]) -> str:
    """What became of the section `number` named at the base (`then`: number -> anchor);
    '' when it still names it, or names it renamed in place."""
    now = numbers(proc)
    anchor = then[number]
    where_now = {a: n for n, a in now.items()}
    cite = f"{proc.ref} §{number}"
    if anchor in where_now:
        new = where_now[anchor]
        return "" if new == number else f"{cite} is now §{new}"
    current = now.get(number)
    if current is None:
        return f"{cite} is removed"
    was = {a: n for n, a in then.items()}.get(current)
    return "" if was is None else f"{cite} is removed, §{number} is now the section that was §{was}"


def heading_line(proc: Procedure, anchor: str) -> int:
    line = next((s.line for s in proc.sections if s.anchor == anchor), None)
    return line if line is not None else proc.key_lines.get("ref", 2)


def where(citing: list[Cited]) -> str:
    shown = ", ".join(f"{c.name}:{c.line}" for c in citing[:SHOWN_PLACES])
    more = f" and {len(citing) - SHOWN_PLACES} more" if len(citing) > SHOWN_PLACES else ""
    return f"cited by {shown}{more}"


class BaseFiles:
    """Procedure files as they were at the base commit, read once each."""

    def __init__(self, root: Path, top: Path, base: str):
        self.root, self.top, self.base = root, top, base
        self.parsed: dict[str, frontmatter.FrontMatter | None] = {}

    def front(self, proc: Procedure) -> frontmatter.FrontMatter | None:
        from indexer.errors import BaseNotFound
        from indexer.manual.note_review import git_bytes

        if proc.source is None:
            return None
        rel = Path(proc.source).resolve().relative_to(self.top).as_posix()
        if rel not in self.parsed:
            try:
                raw = git_bytes(self.root, "show", f"{self.base}:{rel}")
            except BaseNotFound:
                raw = b""  # new since the base
            source = frontmatter.decode(raw, rel) if raw else None
            fm = frontmatter.split(source)[0] if source is not None and source.text is not None else None
            self.parsed[rel] = fm
        return self.parsed[rel]

    def citations(self, proc: Procedure, prefixes: set[str]) -> set[tuple[str, str]]:
        fm = self.front(proc)
        if fm is None:
            return set()
        return {(ref, section) for _, _, ref, section in citations_in(fm.body, fm.body_line, prefixes)}

    def numbers(self, proc: Procedure) -> dict[str, str] | None:
        """Section number -> anchor of the procedure at the base, when it had this ref then."""
        fm = self.front(proc)
        if fm is None or fm.data.get("ref") != proc.ref or not isinstance(fm.data.get("title"), str):
            return None
        sections = split_sections(fm.body, fm.data["title"], fm.body_line)
        return {s.number: s.anchor for s in sections if s.number}
