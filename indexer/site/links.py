"""Links inside a procedure's body: the files they need, and those outside the edition.

`attachments` names the manual's own files (images, forms) that a body links to, so the
site can carry them. In the public edition, `LinkFilter` turns a link to anything the
edition does not hold, an internal procedure above all (`../protection/x.md`), into
its plain text, and drops a list item that is nothing but such a link (a "see also"
line), so neither the target's id nor its URL reaches the output. Links to pages and
files of the edition, to web addresses and to anchors stay as written. Code blocks are
left alone.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Collection, Iterator
from pathlib import Path
from urllib.parse import unquote

from indexer.manual.fences import body_lines
from indexer.manual.files import refusal
from indexer.manual.markdown_links import INLINE, REFERENCE, is_web

ONLY_LINK_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?(?P<link>.+?)\s*[.,;]?\s*$")


def is_external(target: str) -> bool:
    return is_web(target) or target.startswith("#") or not target


def resolve(target: str, page_dir: str) -> str:
    """A relative link target -> the docs path it names (`x/` and `x` both mean `x.md`)."""
    raw = target.split("#", 1)[0].split("?", 1)[0]
    joined = raw[1:] if raw.startswith("/") else posixpath.join(page_dir, raw)
    path = posixpath.normpath(joined).lstrip("/")
    if raw.endswith("/") or not posixpath.splitext(path)[1]:
        path += ".md"
    return path


def link_targets(body: str) -> Iterator[str]:
    """Every link and image target of a body, outside code blocks."""
    for _, line, is_code in body_lines(body):
        if is_code:
            continue
        yield from (m.group("target") for m in INLINE.finditer(line))
        definition = REFERENCE.match(line)
        if definition:
            yield definition.group("target")


def attachments(body: str, page_dir: str, root: Path) -> set[str]:
    """Docs paths of the files inside the manual folder that a body links to (not pages)."""
    found = set()
    for target in link_targets(body):
        raw = unquote(target.split("#", 1)[0].split("?", 1)[0])
        if is_external(target) or not raw or raw.startswith("/") or raw.endswith(("/", ".md")):
            continue
        path = posixpath.normpath(posixpath.join(page_dir, raw))
        if path.split("/")[0] == ".." or any(part.startswith(".") for part in path.split("/")):
            continue  # outside the manual, or hidden
        if (root / path).is_file() and refusal(root, root / path) is None:
            found.add(path)  # never a link out of the manual, nor a pipe
    return found


class LinkFilter:
    """Rewrites a body so that it links only to pages the edition holds."""

    def __init__(self, pages: Collection[str], page_dir: str):
        self.pages = pages
        self.page_dir = page_dir

    def allowed(self, target: str) -> bool:
        if is_external(target):
            return True
        path = resolve(target, self.page_dir)
        return path in self.pages or posixpath.join(path[: -len(".md")], "index.md") in self.pages

    def rewrite(self, body: str) -> str:
        out: list[str] = []
        hidden_refs = self.hidden_references(body)
        for _, line, is_code in body_lines(body):
            if is_code:
                out.append(line)
                continue
            definition = REFERENCE.match(line)
            if definition and definition.group("label").lower() in hidden_refs:
                continue
            if self.only_hidden_link(line):
                continue
            out.append(self.unlink(line, hidden_refs))
        return "\n".join(out)

    def hidden_references(self, body: str) -> set[str]:
        found = (REFERENCE.match(line) for _, line, is_code in body_lines(body) if not is_code)
        return {m.group("label").lower() for m in found if m and not self.allowed(m.group("target"))}

    def only_hidden_link(self, line: str) -> bool:
        item = ONLY_LINK_ITEM.match(line)
        if not item:
            return False
        link = INLINE.fullmatch(item.group("link"))
        return bool(link) and not self.allowed(link.group("target"))

    def unlink(self, line: str, hidden_refs: set[str]) -> str:
        def inline(match: re.Match[str]) -> str:
            if self.allowed(match.group("target")):
                return match.group(0)
            return match.group("text")

        line = INLINE.sub(inline, line)
        if hidden_refs:
            line = reference_uses(hidden_refs).sub(lambda m: m.group("text") or m.group("label"), line)
        return line


def reference_uses(labels: set[str]) -> re.Pattern[str]:
    """[text][label], [label][] and [label] for the given labels (case-insensitive)."""
    names = "|".join(re.escape(label) for label in sorted(labels, key=len, reverse=True))
    return re.compile(
        rf"\[(?P<text>[^\[\]\n]+)\]\[(?:{names})\]|\[(?P<label>{names})\](?:\[\])?(?![(:\[])",
        re.IGNORECASE,
    )
