"""Reading a built site in tests: its pages, their elements, every file's text; and
committing a test manual to git on fixed dates."""

from __future__ import annotations

import gzip
import os
import subprocess
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


def cbor_text(word: str) -> bytes:
    """How Pagefind's index (CBOR) stores a word: a length header, then UTF-8."""
    data = word.encode("utf-8")
    n = len(data)
    header = bytes([0x60 + n]) if n < 24 else bytes([0x78, n]) if n < 256 else b"\x79" + n.to_bytes(2, "big")
    return header + data


def git(repo: Path, *args: str, day: str = "2026-05-01") -> str:
    """Run git in `repo` as a fixed author, on a fixed date, without the user's config."""
    when = f"{day}T10:00:00+07:00"
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(repo),
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "editor",
        "GIT_AUTHOR_EMAIL": "editor@example.org",
        "GIT_COMMITTER_NAME": "editor",
        "GIT_COMMITTER_EMAIL": "editor@example.org",
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
    }
    done = subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True)
    return done.stdout


def commit(repo: Path, day: str, message: str, *paths: str) -> str:
    """Commit these paths (all changes when none) on `day`; returns the short hash."""
    if not (repo / ".git").exists():
        git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "--", *(paths or (".",)))
    git(repo, "commit", "-q", "-m", message, day=day)
    return git(repo, "rev-parse", "--short", "HEAD").strip()
