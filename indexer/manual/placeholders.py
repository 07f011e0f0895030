"""The placeholders `new` writes into a fresh procedure, and the check that none is left.

Each hint of the template is written as `[[กรอก: ...]]` (`[[fill in: ...]]` in English
procedures): visible as it is in the preview, so the editor sees what is still to do,
and an error for `check`, so an untouched template never reaches a build. The marker is
the rule, not the hints' wording: an editor who keeps a hint's words but removes the
brackets has filled it in.
"""

from __future__ import annotations

import re

from indexer.manual.fences import body_lines
from indexer.manual.frontmatter import problem
from indexer.manual.model import Problem

LABELS = {"th": "กรอก", "en": "fill in"}
PLACEHOLDER = re.compile(r"\[\[(?:กรอก|fill in):\s*(?P<hint>.*?)\]\]")
HEADING = re.compile(r"^#{1,6}\s+(?P<title>.+?)\s*#*\s*$")


def placeholder(hint: str, lang: str) -> str:
    """A hint as the template writes it."""
    return f"[[{LABELS.get(lang, LABELS['en'])}: {hint}]]"


def placeholder_problems(body: str, rel: str, first_line: int) -> list[Problem]:
    """An error for each placeholder left in the body (code blocks aside), naming the
    section it sits in and the hint to replace."""
    found = []
    section = ""
    for line in body_lines(body, first_line):
        if line.is_code:
            continue
        heading = HEADING.match(line.text)
        if heading:
            section = heading.group("title")
        for match in PLACEHOLDER.finditer(line.text):
            where = f" in '{section}'" if section else ""
            msg = f"fill in the placeholder{where}: replace '{match.group()}' with the procedure's own text"
            found.append(problem(rel, line.number, "placeholder", msg, col=match.start() + 1))
    return found
