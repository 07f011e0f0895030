"""Headless Chromium (Debian's, driven by pip playwright) over the built sample site.

Two ways to host the same build: `cli.py serve` (site and search API) and a plain
static file server (no API: the search box must fall back to the exported index).
Never `playwright install`: the browser is /usr/bin/chromium from `make system`.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.live.chromium import CHROMIUM, CHROMIUM_ARGS
from bench.live.servers import running_serve
from indexer.index.writer import update_index
from indexer.manual.loader import load_manual
from indexer.site import build_site

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_MANUAL = ROOT / "manual"


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> tuple[Path, Path]:
    """(site, index) of the sample manual's internal edition."""
    root = tmp_path_factory.mktemp("browser")
    manual = load_manual(SAMPLE_MANUAL)
    update_index(manual, root / "index", full=True)
    build_site(manual, root / "site", public_only=False, index_dir=root / "index")
    return root / "site", root / "index"


@pytest.fixture(scope="session")
def built_public(tmp_path_factory) -> tuple[Path, Path]:
    """(site, index) of the sample manual's public edition."""
    root = tmp_path_factory.mktemp("browser-public")
    manual = load_manual(SAMPLE_MANUAL)
    update_index(manual, root / "index", public_only=True, full=True)
    build_site(manual, root / "site", public_only=True)
    return root / "site", root / "index"


@pytest.fixture(scope="session")
def static_url(built) -> Iterator[str]:
    """The site as plain files, the way any static web host would serve it."""
    handler = functools.partial(QuietHandler, directory=str(built[0]))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def api_url(built) -> Iterator[str]:
    """`cli.py serve` on a free port: the site and /api/search."""
    site, index = built
    with running_serve("--site", site, "--index", index, timeout=30) as url:
        yield url


@pytest.fixture(scope="session")
def public_api_url(built_public) -> Iterator[str]:
    """`cli.py serve` of the public edition."""
    site, index = built_public
    with running_serve("--site", site, "--index", index, timeout=30) as url:
        yield url


@pytest.fixture(scope="session")
def playwright_session():
    if not CHROMIUM.is_file():
        pytest.fail("Debian's chromium is missing: run `make system` (sh .ci/install-system-packages)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_session):
    browser = playwright_session.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="th-TH")
    page = context.new_page()
    page.errors = []  # uncaught script errors, checked by the tests that care
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    yield page
    context.close()


@pytest.fixture(scope="session")
def dejavu_only_fonts(tmp_path_factory) -> dict[str, str]:
    """Environment for a Chromium that sees no Thai font at all (only DejaVu)."""
    folder = tmp_path_factory.mktemp("fontconfig")
    config = folder / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        "  <dir>/usr/share/fonts/truetype/dejavu</dir>\n"
        f"  <cachedir>{folder / 'cache'}</cachedir>\n</fontconfig>\n",
        encoding="utf-8",
    )
    return {**os.environ, "FONTCONFIG_FILE": str(config)}
