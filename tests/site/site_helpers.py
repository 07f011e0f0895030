"""Reading a built site in tests: its pages, their elements, every file's text."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path


class Elements(HTMLParser):
    """Every start tag of a page as (tag, attributes), in document order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, {k: v or "" for k, v in attrs}))


def elements(html: str) -> list[tuple[str, dict[str, str]]]:
    parser = Elements()
    parser.feed(html)
    return parser.found


def read_page(site: Path, url: str) -> str:
    """The HTML of the page at a site URL such as `passports/passport-lost/`."""
    return (site / url / "index.html").read_text(encoding="utf-8")


def all_text(site: Path) -> Iterator[tuple[Path, str]]:
    """Every file of the site as text: gzip (sitemap, Pagefind's files) is opened first."""
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        yield path, data.decode("utf-8", errors="replace")
