"""Reading a built site in tests: its pages, their elements, every file's text; and
committing a test manual to git on fixed dates."""

from __future__ import annotations

import gzip
import json
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
    """Every file of the site as text: gzip (the sitemap) is opened first."""
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        yield path, data.decode("utf-8", errors="replace")


def exported_terms(site: Path) -> set[str]:
    """Every term of the static search's export (indexer.site.static_search) in `site`."""
    from indexer.site.static_search import FOLDER

    terms: set[str] = set()
    for path in (site / FOLDER / "terms").glob("*.js"):
        text = path.read_text(encoding="utf-8")  # ECM_SHARD("terms/n",{...});
        terms.update(json.loads(text[text.index(",") + 1 : text.rindex(")")]))
    return terms


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
