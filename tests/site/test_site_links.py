"""Every link of the built sample site answers, under `cli.py serve` and under a plain
static file server alike (Thai tag pages included: their URLs are UTF-8)."""

from __future__ import annotations

import functools
import http.server
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

from bench.live.servers import running_serve


@pytest.fixture(scope="module")
def built(sample_site, sample_index) -> tuple[Path, Path]:
    return sample_site, sample_index


@pytest.fixture(scope="module")
def serve_url(built) -> Iterator[str]:
    site, index = built
    with running_serve("--site", site, "--index", index, timeout=30) as url:
        yield url


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def static_url(built) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(built[0]))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


class Links(HTMLParser):
    """href and src values of a page (the search API's and feeds' too)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.found.append(value)


def fetch(url: str) -> tuple[int, bytes, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read(), response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as exc:
        return exc.code, b"", ""


def walk(base: str) -> tuple[int, dict[str, list[str]]]:
    """Follow every same-site link from the home page; (pages seen, broken URL -> pages)."""
    seen: set[str] = set()
    broken: dict[str, list[str]] = {}
    todo = [(base, "start")]
    pages = 0
    while todo:
        url, origin = todo.pop()
        if url in seen:
            continue
        seen.add(url)
        status, body, ctype = fetch(url)
        if status != 200:
            broken.setdefault(url, []).append(origin)
            continue
        if not ctype.startswith("text/html"):
            continue
        pages += 1
        parser = Links()
        parser.feed(body.decode("utf-8"))
        for href in parser.found:
            target = urldefrag(urljoin(url, href))[0]
            parts = urlsplit(target)
            if target.startswith(base) and not parts.query and "/api/" not in parts.path:
                todo.append((target, url))
    return pages, broken


@pytest.mark.parametrize("server", ["serve_url", "static_url"])
def test_no_link_of_the_built_site_is_dead(server, request, built):
    base = request.getfixturevalue(server)
    pages, broken = walk(base)
    html_files = sum(1 for _ in built[0].rglob("*.html")) - 1  # 404.html is linked from nowhere
    assert not broken, f"{len(broken)} dead links, e.g. {list(broken.items())[:3]}"
    assert pages >= html_files * 0.9  # the walk reached (nearly) every page: a real walk


def test_thai_tag_pages_answer_under_serve(serve_url, built):
    thai = [p for p in (built[0] / "tags").iterdir() if p.is_dir() and not p.name.isascii()]
    assert thai, "the sample manual has Thai tags"
    url = serve_url + "tags/" + urllib.request.quote(thai[0].name) + "/"
    status, body, _ = fetch(url)
    assert status == 200 and b"<h1" in body
