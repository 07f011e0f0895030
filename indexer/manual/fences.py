"""The lines of a Markdown body, each marked as code (inside a fenced block) or prose.

Every reader of a body that must leave code alone (sections, `check`'s HTML and link
checks, the site's link rewriting) walks the body with `body_lines`, so they all agree
on where a code block starts and ends. The fence lines themselves count as code.

A fence opens with three or more backticks or tildes (indented any amount, as inside a
list item) and closes with a line of the same character at least as long and nothing
after it, the CommonMark rule that pymdownx.superfences follows: a ``` line inside a
~~~~ block does not close it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

OPENING = re.compile(r"^\s*(?P<fence>`{3,}|~{3,})(?P<info>.*)$")


class BodyLine(NamedTuple):
    number: int  # line of the file
    text: str
    is_code: bool


def body_lines(body: str, first_line: int = 1) -> Iterator[BodyLine]:
    """Each line of `body` with its file line number (the body starts at `first_line`)."""
    fence = ""  # the open fence, "" outside code
    for number, text in enumerate(body.split("\n"), start=first_line):
        if fence:
            if closes(text, fence):
                fence = ""
            yield BodyLine(number, text, True)
            continue
        opening = OPENING.match(text)
        if opening and not (opening.group("fence")[0] == "`" and "`" in opening.group("info")):
            fence = opening.group("fence")
            yield BodyLine(number, text, True)
            continue
        yield BodyLine(number, text, False)


def closes(text: str, fence: str) -> bool:
    stripped = text.strip()
    return len(stripped) >= len(fence) and set(stripped) == {fence[0]}
