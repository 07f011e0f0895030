"""See-also lists: links to other pages are navigation, not what a page is about.

A page that names a topic only in its "ดูเพิ่มเติม" list would otherwise be found for it,
and its snippet and deep link could land on a list of link titles. Link lines are left
out of the searched and stored text when they stand

    in a section headed as a see-also list (ดูเพิ่มเติม, เอกสารที่เกี่ยวข้อง, See also, Related ...),
    after a line that says so (mission pages write the label as a plain or bold line), or
    in a section that is mostly links (at least two, and at least half its lines).

The lines are blanked, not removed, so the sections keep their line numbers, headings
and anchors; the pages themselves still show the links.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import replace

from indexer.manual.fences import BodyLine, body_lines
from indexer.manual.model import Procedure
from indexer.manual.sections import HEADING, plain_text, split_sections

SEE_ALSO = re.compile(
    r"(?:ดูเพิ่มเติม|ดูเรื่องอื่น|(?:เอกสาร|เรื่อง|ลิงก์|หัวข้อ|บริการ)ที่เกี่ยวข้อง|see also|related"
    r"(?: pages?| links?| topics?| services?| information| procedures?)?|further information)",
    re.IGNORECASE,
)
LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|\[([^\]]+)\]\[[^\]]*\]|<https?://[^>\s]+>")
ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
LETTERS = re.compile(r"[^\W\d_]+")
MOSTLY = 0.5  # share of a section's lines that are links for it to be a link list


def is_label(text: str) -> bool:
    """A line or heading that announces a see-also list ("ดูเพิ่มเติม", "**See also:**")."""
    return bool(SEE_ALSO.fullmatch(plain_text(text).strip(" :#*").strip()))


def is_link_line(text: str) -> bool:
    """A line (list item or not) that is mostly a link: what is left around its links is
    shorter than their own text ("- [CI](ci.md) (urgent travel)" is one; a sentence with
    a link in it is not)."""
    rest = ITEM.sub("", text, count=1)
    links = LINK.findall(rest)
    if not links:
        return False
    linked = sum(len("".join(LETTERS.findall("".join(groups)))) for groups in links)
    outside = len("".join(LETTERS.findall(LINK.sub(" ", rest))))
    return outside < max(linked, 1)


def link_list_lines(lines: list[BodyLine]) -> set[int]:
    """Indexes into `lines` of the link lines to leave out (and the labels announcing them)."""
    drop: set[int] = set()
    sections: list[list[int]] = [[]]  # line indexes per section, headings excluded
    headed: list[bool] = [False]  # whether each section's heading is a see-also label
    label_at: int | None = None  # a see-also label line still collecting its links
    for i, line in enumerate(lines):
        if line.is_code:
            label_at = None
            continue
        heading = HEADING.match(line.text)
        if heading:
            sections.append([])
            headed.append(is_label(heading.group(2)))
            label_at = None
            continue
        sections[-1].append(i)
        if not line.text.strip():
            continue
        if is_link_line(line.text):
            if headed[-1] or label_at is not None:
                drop.add(i)
                if label_at is not None:
                    drop.add(label_at)
        else:
            label_at = i if is_label(line.text) else None
    for indexes, is_headed in zip(sections, headed, strict=True):
        if is_headed:
            continue
        text = [i for i in indexes if lines[i].text.strip()]
        links = [i for i in text if not lines[i].is_code and is_link_line(lines[i].text)]
        if len(links) >= 2 and len(links) >= MOSTLY * len(text):
            drop.update(links)
    return drop


def without_link_lists(proc: Procedure) -> Procedure:
    """A copy of the procedure whose sections lack its link lists (the same object when
    it has none)."""
    lines = list(body_lines(proc.body, proc.body_line))
    drop = link_list_lines(lines)
    if not drop:
        return proc
    texts = ["" if i in drop else line.text for i, line in enumerate(lines)]
    if not proc.sections:
        return replace(proc, sections=split_sections("\n".join(texts), proc.title, proc.body_line))
    # The sections are the body's (split_sections), and a blanked line is never a heading
    # or code: only the text of a section holding a dropped line changes, so only those
    # are cut again (re-splitting every page cost a sixth of a full build's parent process).
    first = proc.body_line
    dropped = sorted(lines[i].number for i in drop)
    ends = [s.line for s in proc.sections[1:]] + [first + len(lines)]
    sections = []
    for section, end in zip(proc.sections, ends, strict=True):
        start = section.line + (1 if section.level else 0)  # a heading's lines follow it
        at = bisect_left(dropped, start)
        if at == len(dropped) or dropped[at] >= end:
            sections.append(section)
            continue
        text = plain_text("\n".join(texts[start - first : end - first]))
        if text or section.level:  # split_sections leaves out an empty text before any heading
            sections.append(replace(section, text=text))
    return replace(proc, sections=sections)
