"""Checks of a procedure's Markdown body: unsafe HTML, links, anchors and images.

`unsafe_html` looks at one file (a file with script in it is left out of everything);
`check_links` needs the whole manual, to know which procedures and anchors exist; it
works on each file's `body_links`, which the loader's parse cache keeps per file.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from indexer.manual.fences import body_lines
from indexer.manual.files import refusal
from indexer.manual.frontmatter import control_problem, problem
from indexer.manual.html_safety import removed_html, render_body, renders_only_allowed_html
from indexer.manual.markdown_links import INLINE, is_web
from indexer.manual.model import WARNING, Problem, Procedure
from indexer.text.controls import CONTROL

CODE_SPAN = re.compile(r"`[^`\n]*`")


def prose_lines(body: str, first_line: int) -> Iterator[tuple[int, str]]:
    """(line number, text) of the body outside code fences, code spans blanked out."""
    for number, line, is_code in body_lines(body, first_line):
        if not is_code:
            yield number, CODE_SPAN.sub(lambda m: " " * len(m.group()), line)


# Markdown renders nesting by recursion: a list 300 levels deep overflows Python's stack
# and thousands of nested brackets take the renderer seconds (quadratic). No procedure
# needs more than a few levels, so past these limits a file is a problem, never rendered.
MAX_LIST_DEPTH = 12  # nested lists (four spaces a level) or quotes (`>` a level)
MAX_BRACKET_DEPTH = 16  # `[` inside `[` within one paragraph
LIST_ITEM = re.compile(r"^(?P<indent>[ \t]*)(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
QUOTES = re.compile(r"^[ \t]*(?:>[ \t]*)+")


def nesting_problems(body: str, rel: str, first_line: int) -> list[Problem]:
    """Lists, quotes and brackets nested past the limits, on the first line that goes past."""
    found: dict[str, Problem] = {}
    brackets = 0
    for number, text, is_code in body_lines(body, first_line):
        if is_code:
            continue
        if not text.strip():
            brackets = 0  # a blank line ends the paragraph: brackets cannot span it
            continue
        item = LIST_ITEM.match(text)
        quotes = QUOTES.match(text)
        depth = len(item.group("indent").expandtabs(4)) // 4 + 1 if item else 0
        depth = max(depth, quotes.group().count(">") if quotes else 0)
        if depth > MAX_LIST_DEPTH and "list" not in found:
            msg = f"lists or quotes nested {depth} deep: at most {MAX_LIST_DEPTH} levels render"
            found["list"] = problem(rel, number, "too-deeply-nested", msg)
        for col, char in enumerate(text, start=1):
            if char == "[":
                brackets += 1
                if brackets > MAX_BRACKET_DEPTH and "bracket" not in found:
                    msg = f"brackets nested more than {MAX_BRACKET_DEPTH} deep: the page would not render"
                    found["bracket"] = problem(rel, number, "too-deeply-nested", msg, col=col)
            elif char == "]" and brackets:
                brackets -= 1
    return list(found.values())


HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)")


def heading_controls(body: str, rel: str, first_line: int) -> list[Problem]:
    """A control character in a heading (controls.CONTROL), where it stands: a
    section's heading is printed on the terminal as the title of what search found."""
    found = []
    for number, text, is_code in body_lines(body, first_line):
        if not is_code and HEADING.match(text) and (bad := CONTROL.search(text)):
            found.append(control_problem(rel, number, bad.start() + 1, "the heading", bad.group()))
    return found


def unsafe_html(body: str, rel: str, first_line: int) -> list[Problem]:
    """What the site's sanitiser would remove from this body, each on the line that holds it.

    The verdict is the sanitiser's own (indexer.manual.html_safety), on the body rendered
    as the site renders it; only finding the line is a search of the source. Constructs
    that could run code are errors (the file is left out); other HTML the site drops
    (an unknown tag, a style) is a warning.
    """
    if renders_only_allowed_html(body):
        return []  # rendering it (most of a cold load's time) could find nothing
    removed = removed_html(render_body(body))
    if not removed:
        return []
    finder = LineFinder(body, first_line)
    found = []
    for item in removed:
        number, col = finder.find(item.clues())
        if item.runs_code:
            msg = f"{item.describe()} is not allowed: it could run code in officers' browsers"
            found.append(problem(rel, number, "unsafe-html", msg, col=col))
        else:
            msg = f"{item.describe()} is not part of the site's HTML: the page leaves it out"
            found.append(problem(rel, number, "unsupported-html", msg, severity=WARNING, col=col))
    return sorted(set(found))


class LineFinder:
    """The source line of each removed construct: the first line, not yet given for the same
    clue, whose text (entities decoded, case folded) holds the clue."""

    def __init__(self, body: str, first_line: int):
        self.lines = [html.unescape(line).lower() for line in body.split("\n")]
        self.first_line = first_line
        self.used: dict[str, int] = {}

    def find(self, clues: list[str]) -> tuple[int, int]:
        for clue in (c for c in clues if c):
            start = self.used.get(clue, 0)
            for index in range(start, len(self.lines)):
                col = self.lines[index].find(clue)
                if col >= 0:
                    self.used[clue] = index + 1
                    return self.first_line + index, col + 1
        return self.first_line, 1


@dataclass(frozen=True)
class Link:
    """A relative link or image in a body: what `check_links` resolves."""

    line: int
    col: int
    target: str
    image: bool


def body_links(body: str, first_line: int) -> list[Link]:
    """The body's links that point inside the manual (web addresses need no check)."""
    links = []
    for number, line in prose_lines(body, first_line):
        for match in INLINE.finditer(line):
            target = match.group("target")
            if target and not is_web(target):
                links.append(Link(number, match.start() + 1, target, bool(match.group("bang"))))
    return links


def check_links(
    procedures: list[Procedure],
    root: Path,
    links: dict[str, list[Link]] | None = None,
    unloaded: Collection[str] = (),
    unloaded_ids: Collection[str] = (),
    anchors: dict[str, frozenset[str]] | None = None,
) -> list[Problem]:
    """Every relative link must reach a procedure (and its anchor) or a file that exists.

    `links` holds each procedure's `body_links` by path when the caller has them. A link
    to a procedure file left out for its own error (`unloaded`, by path; `unloaded_ids`,
    by the id the file has or should have, for a file that moved folder) is not checked:
    that file's problem is the one to fix. `anchors` holds each procedure's `anchors_of`
    by path when the caller has them (the loader keeps them per parsed file)."""
    if anchors is None:
        anchors = {p.path: anchors_of(p.sections) for p in procedures}
    found = []
    for proc in procedures:
        own = links[proc.path] if links is not None else body_links(proc.body, proc.body_line)
        if not own:
            continue
        folder = posixpath.dirname(proc.path)
        for link in own:
            # Most links lead to a loaded procedure's existing anchor, or its top: settled
            # here, without the calls below (30,000 links at 10,000 procedures, every reload).
            if not link.image:
                resolved, anchor = resolve(folder, link.target)
                held = anchors.get(resolved)
                if held is not None and (not anchor or anchor in held):
                    continue
            if leads_to_unloaded(link, folder, anchors, unloaded, unloaded_ids):
                continue
            message = link_problem(link, folder, proc.path, anchors, root)
            if message:
                code, text = message
                found.append(problem(proc.path, link.line, code, text, col=link.col))
    return found


def leads_to_unloaded(
    link: Link, folder: str, loaded: Collection[str], paths: Collection[str], ids: Collection[str]
) -> bool:
    if link.image or not (paths or ids) or not link.target.partition("#")[0].endswith(".md"):
        return False
    resolved = resolve(folder, link.target)[0]
    if resolved in loaded:
        return False
    return resolved in paths or posixpath.basename(resolved)[:-3] in ids


def anchors_of(sections: list) -> frozenset[str]:
    """The anchors a link into this procedure may name."""
    return frozenset(s.anchor for s in sections if s.anchor)


@lru_cache(maxsize=200_000)  # a reload checks every link again: the same strings each time
def resolve(folder: str, target: str) -> tuple[str, str]:
    """(manual path, anchor) a link's target names, seen from the linking file's folder;
    the path is "" for an anchor in the same file."""
    path, _, anchor = target.partition("#")
    return (posixpath.normpath(posixpath.join(folder, path)) if path else ""), anchor


def link_problem(
    link: Link, folder: str, own: str, anchors: dict[str, frozenset[str]], root: Path
) -> tuple[str, str] | None:
    target = link.target
    resolved, anchor = resolve(folder, target)
    resolved = resolved or own
    markdown = resolved.endswith(".md")
    if markdown and not link.image:  # decided by the loaded procedures alone: no file looked at
        if resolved not in anchors:
            return "broken-link", f"link '{target}' does not lead to a procedure of this manual"
        if anchor and anchor not in anchors[resolved]:
            named = target.partition("#")[0] or posixpath.basename(own)
            return "broken-anchor", f"'{named}' has no heading with anchor '#{anchor}'"
        return None
    file = root.parent / resolved
    linked_file = file.is_symlink() or (file.exists() and not file.is_dir())
    if not markdown and linked_file:
        refused = refusal(root, file)
        if refused is not None:
            return refused.code, f"'{target}': {refused.message}"
    if link.image:
        exists = file.is_file()
        return None if exists else ("missing-image", f"image '{target}' does not exist")
    if not file.exists():
        return "broken-link", f"link '{target}' leads to a file that does not exist"
    return None
