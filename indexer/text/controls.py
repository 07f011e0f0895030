"""Control characters: what a terminal acts on instead of showing.

C0 and C1 controls but tab and line end. ESC (and the one-byte CSI, \\x9b) starts sequences
that move the cursor or rewrite the window title or the clipboard; no XML (the feed) can
hold most of them, and a page shows nothing for them. `check` refuses them where YAML's
escapes could write them (front matter, headings, change notes); what is printed on an
officer's terminal is made `printable`, as feedback and searches come from anyone.
"""

from __future__ import annotations

import re

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """The text with every control character shown as its escape (\\x1b)."""
    return CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
