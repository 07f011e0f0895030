"""Split a Markdown body into sections by heading, and reduce Markdown to plain text.

Section anchors are made by `slugify`, which the site's table of contents uses too
(mkdocs.yml names it), so a search result can link straight to the matching section.
"""

from __future__ import annotations

import re
import unicodedata

from indexer.manual.fences import body_lines
from indexer.manual.model import Section

HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$")

# Inline Markdown to drop or unwrap, applied in order.
INLINE = [
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # images -> alt text
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),  # links -> link text
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),  # reference links [text][ref] -> link text
    (re.compile(r"<[^>\n]+>"), " "),  # raw HTML tags
    (re.compile(r"(\*\*|__|\*|`)"), ""),  # emphasis and code marks
]
# A link reference definition ([ref]: target) is never shown: its target must not become
# text a search snippet or the static search's export could reveal.
LINK_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:\s*\S.*$")
LINE_PREFIX = re.compile(r"^\s*(?:[-*+]\s+(?:\[[ xX]\]\s+)?|\d+[.)]\s+|>\s?|#{1,6}\s+)")


def slugify(value: str, separator: str = "-") -> str:
    """Heading text -> anchor, keeping Thai letters and their vowel and tone marks."""
    text = unicodedata.normalize("NFC", re.sub(r"<[^>]*>", "", value)).strip().lower()
    kept = "".join(ch for ch in text if ch in " -_" or unicodedata.category(ch)[0] in "LMN")
    return re.sub(r"[ ]+", separator, kept.strip())


# Every INLINE pattern and a link definition need one of these; most lines of prose have
# none, and skip the five substitutions (a manual's load and its index build run this on
# every line, some 430,000 at 10,000 procedures).
MARKUP = re.compile(r"[\[<*_`]")


def plain_text(markdown: str) -> str:
    """Markdown -> readable plain text, one output line per input line."""
    out = []
    for line in markdown.split("\n"):
        if MARKUP.search(line):
            line = "" if LINK_DEFINITION.match(line) else LINE_PREFIX.sub("", line)
            for pattern, repl in INLINE:
                line = pattern.sub(repl, line)
        else:
            line = LINE_PREFIX.sub("", line)
        out.append(line.strip())
    return "\n".join(out).strip()


def split_sections(body: str, title: str, first_line: int = 1) -> list[Section]:
    """Cut the body at ATX headings outside code fences; the part before any is level 0.

    Level-2 sections are numbered 1, 2, ... in order and level-3 ones 2.1, 2.2, ... under
    theirs: the numbers a citation such as "PP 3 §2" uses.
    """
    sections: list[Section] = []
    used: set[str] = set()
    heading, level, start, lines = title, 0, first_line, []
    counts = [0, 0]  # level-2 sections so far, level-3 sections under the current one

    def close() -> None:
        text = plain_text("\n".join(lines))
        if level == 0 and not text:
            return
        anchor = unique_anchor(slugify(heading), used) if level else ""
        sections.append(Section(heading, level, anchor, start, text, section_number(level, counts)))

    for number, line, is_code in body_lines(body, first_line):
        match = None if is_code else HEADING.match(line)
        if match:
            close()
            heading, level, start, lines = plain_text(match.group(2)), len(match.group(1)), number, []
        else:
            lines.append(line)
    close()
    return sections


def unique_anchor(anchor: str, used: set[str]) -> str:
    """Repeat Python-Markdown's toc rule: a repeated anchor gets _1, _2, ..."""
    candidate, n = anchor, 0
    while candidate in used or not candidate:
        n += 1
        candidate = f"{anchor}_{n}"
    used.add(candidate)
    return candidate


def section_number(level: int, counts: list[int]) -> str:
    if level == 2:
        counts[0], counts[1] = counts[0] + 1, 0
        return str(counts[0])
    if level == 3 and counts[0]:
        counts[1] += 1
        return f"{counts[0]}.{counts[1]}"
    return ""
