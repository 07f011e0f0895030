"""Checks of a procedure's Markdown body: unsafe HTML, links, anchors and images.

`unsafe_html` looks at one file (a file with script in it is left out of everything);
`check_links` needs the whole manual, to know which procedures and anchors exist; it
works on each file's `body_links`, which the loader's parse cache keeps per file.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from indexer.manual.fences import body_lines
from indexer.manual.frontmatter import problem
from indexer.manual.markdown_links import INLINE, is_web
from indexer.manual.model import Problem, Procedure

UNSAFE_HTML = re.compile(
    r"<\s*(?P<tag>script|iframe|object|embed|frame|frameset|base|form)\b"
    r"|<[^>]*?\s(?P<handler>on[a-z]+)\s*=|(?P<js>javascript\s*:)",
    re.IGNORECASE,
)
CODE_SPAN = re.compile(r"`[^`\n]*`")


def prose_lines(body: str, first_line: int) -> Iterator[tuple[int, str]]:
    """(line number, text) of the body outside code fences, code spans blanked out."""
    for number, line, is_code in body_lines(body, first_line):
        if not is_code:
            yield number, CODE_SPAN.sub(lambda m: " " * len(m.group()), line)


def unsafe_html(body: str, rel: str, first_line: int) -> list[Problem]:
    found = []
    for number, line in prose_lines(body, first_line):
        for match in UNSAFE_HTML.finditer(line):
            what = match.group("tag") or match.group("handler") or "javascript:"
            msg = f"'{what.lower()}' is not allowed: it would run code in officers' browsers"
            found.append(problem(rel, number, "unsafe-html", msg, col=match.start() + 1))
    return found


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
    procedures: list[Procedure], root: Path, links: dict[str, list[Link]] | None = None
) -> list[Problem]:
    """Every relative link must reach a procedure (and its anchor) or a file that exists.

    `links` holds each procedure's `body_links` by path when the caller has them."""
    anchors = {p.path: {s.anchor for s in p.sections if s.anchor} for p in procedures}
    found = []
    for proc in procedures:
        folder = posixpath.dirname(proc.path)
        own = links[proc.path] if links is not None else body_links(proc.body, proc.body_line)
        for link in own:
            message = link_problem(link, folder, proc.path, anchors, root)
            if message:
                code, text = message
                found.append(problem(proc.path, link.line, code, text, col=link.col))
    return found


def link_problem(
    link: Link, folder: str, own: str, anchors: dict[str, set[str]], root: Path
) -> tuple[str, str] | None:
    target = link.target
    path, _, anchor = target.partition("#")
    resolved = posixpath.normpath(posixpath.join(folder, path)) if path else own
    if link.image:
        exists = (root.parent / resolved).is_file()
        return None if exists else ("missing-image", f"image '{target}' does not exist")
    if resolved.endswith(".md"):
        if resolved not in anchors:
            return "broken-link", f"link '{target}' does not lead to a procedure of this manual"
        if anchor and anchor not in anchors[resolved]:
            return "broken-anchor", f"'{resolved}' has no heading with anchor '#{anchor}'"
        return None
    if not (root.parent / resolved).exists():
        return "broken-link", f"link '{target}' leads to a file that does not exist"
    return None
