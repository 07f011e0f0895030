"""Benchmark of the search with no server: the static engine over plain files.

    python -m bench.static_search [N] [--manual DIR]

For a manual of N procedures (default 1,000; made by `python -m bench.generate N` when
bench/out/manual-N is missing) it builds the index and the internal edition's site, and
measures:

- the export's wall time (`export_static_search`) against the whole build (index +
  `build_site`), the share the issue caps at 10%;
- in headless Chromium over a plain static file server (no API), for the queries of
  bench/site.py typed into the header's box: the bytes the page fetched for the first
  query and for each later one, counted compressed (gzip -6 of each file), and the time
  from the box asking `window.ECM.search` (after its 150 ms debounce) to the results
  drawn on screen, and from the last keystroke.

It prints a Markdown table and the command that made it, and removes its folders.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import shlex
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urlparse

from bench.site import QUERIES, TYPING_DELAY_MS, WARM_UP, ensure_manual

# Before the page's scripts: the time of each `input` event, of the box asking
# ECM.search for the awaited query, and of the first frame drawn after the answer.
PROBE = """
(() => {
  const probe = window.__ecmBench = {target: null, input: null, asked: null, shown: null};
  document.addEventListener("input", () => { probe.input = performance.now(); }, true);
  document.addEventListener("DOMContentLoaded", () => {
    const ECM = window.ECM = window.ECM || {};
    const wrap = (real) => (q, o) => {
      if (probe.target === q && probe.asked === null) probe.asked = performance.now();
      return real(q, o);
    };
    if (typeof ECM.search === "function") ECM.search = wrap(ECM.search);
    const box = document.querySelector("[data-ecm-search]");
    new MutationObserver(() => {
      if (probe.asked === null || probe.shown !== null || probe.pending) return;
      probe.pending = true;
      requestAnimationFrame(() => setTimeout(() => { probe.shown = performance.now(); }, 0));
    }).observe(box.querySelector(".ecm-search__panel"),
               {childList: true, subtree: true, characterData: true});
  });
})();
"""
RESET = """q => Object.assign(window.__ecmBench,
    {target: q, input: null, asked: null, shown: null, pending: false})"""


@dataclass
class Run:
    name: str
    first_bytes: int = 0
    later_bytes: list[int] = field(default_factory=list)
    answer_ms: list[float] = field(default_factory=list)  # asked -> on screen
    total_ms: list[float] = field(default_factory=list)  # last keystroke -> on screen


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def compressed(path: Path) -> int:
    data = path.read_bytes()
    return len(gzip.compress(data, 6))


def measure(site: Path, name: str) -> Run:
    from playwright.sync_api import sync_playwright

    from bench.live.chromium import CHROMIUM, CHROMIUM_ARGS

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    run, fetched = Run(name), []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="th-TH")
            context.add_init_script(PROBE)
            page = context.new_page()
            page.on("request", lambda r: fetched.append(r.url))
            page.goto(url, wait_until="load")
            for i, query in enumerate([WARM_UP, *QUERIES]):
                fetched.clear()
                typed = type_and_wait(page, query)
                files = [site / unquote(urlparse(u).path).lstrip("/") for u in fetched if u.startswith(url)]
                size = sum(compressed(f) for f in files if f.is_file())
                if i == 0:
                    run.first_bytes = size
                else:
                    run.later_bytes.append(size)
                    run.answer_ms.append(typed[0])
                    run.total_ms.append(typed[1])
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return run


def type_and_wait(page, query: str) -> tuple[float, float]:
    box = page.locator("#ecm-search-input")
    box.fill("")
    page.wait_for_timeout(400)
    page.evaluate(RESET, query)
    box.press_sequentially(query, delay=TYPING_DELAY_MS)
    page.wait_for_function("() => window.__ecmBench.shown !== null", timeout=60_000)
    probe = page.evaluate("() => window.__ecmBench")
    return probe["shown"] - probe["asked"], probe["shown"] - probe["input"]


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("n", type=int, nargs="?", default=1000)
    parser.add_argument("--manual", type=Path)
    args = parser.parse_args(argv)
    from indexer.index.writer import update_index
    from indexer.manual.loader import load_manual
    from indexer.site import build_site
    from indexer.site.static_search import FOLDER, export_static_search

    manual = load_manual(ensure_manual(args.n, args.manual))
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        start = time.perf_counter()
        update_index(manual, root / "index", full=True)
        index_s = time.perf_counter() - start
        start = time.perf_counter()
        build_site(manual, root / "site", public_only=False, today=date.today())
        site_s = time.perf_counter() - start
        start = time.perf_counter()
        export_static_search(root / "index", root / "site", public_only=False)
        export_s = time.perf_counter() - start
        exported = [p.stat().st_size for p in (root / "site" / FOLDER).rglob("*") if p.is_file()]
        runs = [measure(root / "site", "static engine")]
    build_s = index_s + site_s
    command = shlex.join(["python", "-m", "bench.static_search", *(argv or sys.argv[1:])])
    print(f"`{command}`, {len(manual.procedures):,} procedures\n")
    print(
        f"- build (index {index_s:.1f} s + site {site_s:.1f} s) {build_s:.1f} s; "
        f"export {export_s:.1f} s = {100 * export_s / build_s:.1f}% of the build "
        f"({len(exported):,} files, {sum(exported) / 1e6:.1f} MB raw)\n"
    )
    print("| no server | first query (compressed) | later query, median / max | asked -> on screen p95 |"
          " last key -> on screen p95 |")  # fmt: skip
    print("|---|---|---|---|---|")
    for r in runs:
        later = f"{statistics.median(r.later_bytes) / 1024:.0f} KB / {max(r.later_bytes) / 1024:.0f} KB"
        print(f"| {r.name} | {r.first_bytes / 1024:.0f} KB | {later} | {p95(r.answer_ms):.0f} ms |"
              f" {p95(r.total_ms):.0f} ms |")  # fmt: skip


if __name__ == "__main__":
    main()
