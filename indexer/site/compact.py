"""Squeeze the indentation out of rendered HTML without changing what it shows.

Material's templates indent every line of the navigation; at a thousand procedures that
is a third of each page. A run of whitespace between words or tags renders as one space,
so any run becomes one newline (or one space if it held no newline). The content of
<pre>, <textarea>, <script> and <style> is kept exactly as it was.
"""

from __future__ import annotations

import re

KEPT = re.compile(r"<(pre|textarea|script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
RUN = re.compile(r"[ \t\r\n\f]{2,}")


def squeeze(text: str) -> str:
    return RUN.sub(lambda m: "\n" if "\n" in m.group() else " ", text)


def compact_html(html: str) -> str:
    out: list[str] = []
    at = 0
    for kept in KEPT.finditer(html):
        out.append(squeeze(html[at : kept.start()]))
        out.append(kept.group())
        at = kept.end()
    out.append(squeeze(html[at:]))
    return "".join(out)
