"""Hashes of the theme's inline scripts, so the server's Content-Security-Policy can
allow exactly those and no other inline script.

Material writes two small inline scripts into every page: one names the site's root
relative to the page (its text varies with the page's depth), one opens a tab named in
the address. Their text comes from the theme's own templates (THEME_SCRIPTS), read at
build time, never from the pages the build wrote: a script that reached a page some
other way (it cannot: indexer.manual.html_safety sanitises every generated page) would
still not be allowed. The hashes go into a dot-file the server reads and never serves.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

HASHES_FILE = ".csp-script-hashes"
# The theme's partials that hold an inline script; `{{ ... }}` in them stands for the
# page's base URL, the only part that varies.
THEME_SCRIPTS = ("partials/javascripts/base.html", "partials/javascripts/content.html")
SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
TEMPLATE_VALUE = re.compile(r"\{\{.*?\}\}")


class ThemeScriptsChanged(RuntimeError):
    """A theme upgrade moved or removed the inline scripts this module knows."""


def theme_templates() -> Path:
    import material

    return Path(material.__file__).parent / "templates"


def script_templates() -> list[str]:
    found = []
    for name in THEME_SCRIPTS:
        path = theme_templates() / name
        scripts = SCRIPT.findall(path.read_text("utf-8")) if path.is_file() else []
        if not scripts:
            raise ThemeScriptsChanged(f"the theme has no inline script in {name}: update indexer/site/csp.py")
        found += scripts
    return found


def base_urls(depth: int) -> list[str]:
    """What mkdocs writes as the base URL of a page `depth` folders below the root, for
    every depth up to that; "/" is the 404 page's."""
    return ["/", ".", *("/".join([".."] * level) for level in range(1, depth + 1))]


def site_depth(site: Path) -> int:
    """How deep the site's pages go (from their paths, not their text)."""
    site = Path(site)
    return max((len(p.relative_to(site).parts) - 1 for p in site.rglob("*.html")), default=0)


def sha256_source(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode() + "'"


def theme_script_hashes(depth: int) -> set[str]:
    found = set()
    for template in script_templates():
        for base in base_urls(depth) if TEMPLATE_VALUE.search(template) else [""]:
            found.add(sha256_source(TEMPLATE_VALUE.sub(base, template)))
    return found


def write_hashes(site: Path) -> None:
    hashes = theme_script_hashes(site_depth(site))
    (Path(site) / HASHES_FILE).write_text("\n".join(sorted(hashes)) + "\n", "utf-8")


def read_hashes(site: Path) -> list[str]:
    path = Path(site) / HASHES_FILE
    return path.read_text("utf-8").split() if path.is_file() else []
