"""Hashes of the theme's inline scripts, so the server's Content-Security-Policy can
allow exactly those and no other inline script.

Material writes two small inline scripts into every page (their text varies with the
page's depth). The build records their SHA-256 hashes in a dot-file the server reads
and never serves.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

HASHES_FILE = ".csp-script-hashes"
INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>(.*?)</script>", re.S
)


def inline_script_hashes(site: Path) -> set[str]:
    found = set()
    for page in Path(site).rglob("*.html"):
        for match in INLINE_SCRIPT.finditer(page.read_text("utf-8", errors="replace")):
            digest = hashlib.sha256(match.group(1).encode("utf-8")).digest()
            found.add("'sha256-" + base64.b64encode(digest).decode() + "'")
    return found


def write_hashes(site: Path) -> None:
    (Path(site) / HASHES_FILE).write_text("\n".join(sorted(inline_script_hashes(site))) + "\n", "utf-8")


def read_hashes(site: Path) -> list[str]:
    path = Path(site) / HASHES_FILE
    return path.read_text("utf-8").split() if path.is_file() else []
