"""Officer-only passages inside a procedure: `!!! internal` and `??? internal` admonitions.

The loader records where each passage is (`Procedure.internal_passages`); the
confidentiality selector (`indexer.manual.confidentiality`) blanks them out of the body
for the public edition. Detection fails closed: any admonition that carries the class
`internal` (`!!! internal`, `!!! warning internal "..."`, `???+ internal`), at any
indentation and inside block quotes, counts, because Python-Markdown would render it.
"""

from __future__ import annotations

import re

from indexer.manual.fences import body_lines
from indexer.manual.model import Passage

QUOTE_PREFIX = re.compile(r"^(?:[ \t]*>)+[ \t]?")
# Lenient on purpose: an unclosed title quote still hides the passage, and a title runs
# to the line's last quote, as Python-Markdown reads it (`!!! internal "a "b" c"` is an
# admonition titled `a "b" c`; a title stopping at the second quote matched no marker).
MARKER = re.compile(
    r'^(?P<indent>[ \t]*)(?:!!!|\?\?\?)\+?[ \t]*(?P<classes>[^"\n]*)(?:"(?P<title>[^\n]*?)"?)?[ \t]*$'
)
INTERNAL_CLASS = "internal"
BANNER = "ใช้ภายใน"  # shown on every officer-only passage of the internal edition


def quote_stripped(line: str) -> tuple[str, str]:
    """(block-quote prefix, rest of the line)."""
    match = QUOTE_PREFIX.match(line)
    return (match.group(), line[match.end() :]) if match else ("", line)


def indent_width(text: str) -> int:
    stripped = text.lstrip(" \t")
    return len(text[: len(text) - len(stripped)].expandtabs(4))


def internal_marker(line: str) -> re.Match[str] | None:
    _, rest = quote_stripped(line)
    match = MARKER.match(rest)
    if match and INTERNAL_CLASS in match.group("classes").lower().split():
        return match
    return None


def internal_passages(body: str, first_line: int = 1) -> list[Passage]:
    """Every officer-only passage of a Markdown body, outside code fences."""
    lines = body.split("\n")
    code = [line.is_code for line in body_lines(body, first_line)]
    found: list[Passage] = []
    i = 0
    while i < len(lines):
        match = None if code[i] else internal_marker(lines[i])
        if match is None:
            i += 1
            continue
        indent = indent_width(match.group("indent"))
        last = i
        j = i + 1
        while j < len(lines):
            _, rest = quote_stripped(lines[j])
            if rest.strip() and indent_width(rest) <= indent:
                break
            if rest.strip():
                last = j
            j += 1
        found.append(Passage(i + first_line, last + first_line, (match.group("title") or "").strip()))
        i = last + 1
    return found


def without_passages(body: str, passages: list[Passage] | tuple[Passage, ...], first_line: int = 1) -> str:
    """The body with each passage's lines emptied; line numbers stay as they were."""
    lines = body.split("\n")
    for passage in passages:
        for n in range(passage.first, passage.last + 1):
            if 0 <= n - first_line < len(lines):
                lines[n - first_line] = ""
    return "\n".join(lines)


def with_banners(body: str, passages: list[Passage] | tuple[Passage, ...], first_line: int = 1) -> str:
    """The internal edition's body: each officer-only passage's title starts with the banner."""
    lines = body.split("\n")
    for passage in passages:
        n = passage.first - first_line
        match = internal_marker(lines[n]) if 0 <= n < len(lines) else None
        if match is None:
            continue
        prefix, rest = quote_stripped(lines[n])
        shown = f"{BANNER}: {passage.title}" if passage.title else BANNER
        lines[n] = f'{prefix}{rest[: match.start("classes")]}{match.group("classes").strip()} "{shown}"'
    return "\n".join(lines)
