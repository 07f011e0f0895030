"""Benchmark of the search with no server: the static engine over plain files.

    python -m bench.static_search [N] [--manual DIR]

For a manual of N procedures (default 1,000; made by `python -m bench.generate N` when
bench/out/manual-N is missing) it indexes the internal edition and measures:

- what the export adds to the build: `build_site` of that edition without the index,
  then with it (the plugin exports it in a process of its own while mkdocs writes the
  pages), alternated `--builds` times (medians); the difference against the whole build
  (index + site without the export) is the share the issue caps at 10%, and how long the
  finished pages waited for the export is shown too. The export alone (`export_static_search` in this
  process) is timed too, for reference;
- in headless Chromium over a plain static file server (no API), for the queries of
  bench/live/search_box.py typed into the header's box: the bytes the page fetched for
  the first query (a warm-up query: the engine's code, core.js, words.js and the shards
  it needs) and for each later one, counted compressed (gzip -6 of each file, as a static
  host sends it); the time from the box asking `window.ECM.search` (after its 150 ms
  debounce) to the results on screen, and from the last keystroke.

It prints the figures, the budgets they are held to and the machine's load average
before and after (the machine is shared), and removes its folders.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import os
import shlex
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import unquote, urlparse

from bench.live.search_box import PROBE, QUERIES, WARM_UP, type_and_wait
from bench.site import ensure_manual

FIRST_QUERY_BYTES = 1_500_000  # budgets (issue 11), compressed
LATER_QUERY_BYTES = 300_000
ON_SCREEN_P95_MS = 150
EXPORT_SHARE = 0.10


@dataclass
class Run:
    first_bytes: int = 0
    later_bytes: list[int] = field(default_factory=list)
    answer_ms: list[float] = field(default_factory=list)  # the box asks -> on screen
    total_ms: list[float] = field(default_factory=list)  # last keystroke -> on screen


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def compressed(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 6))


def measure(site: Path) -> Run:
    from playwright.sync_api import sync_playwright

    from bench.live.chromium import CHROMIUM, CHROMIUM_ARGS

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    run, fetched = Run(), []
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
                    run.answer_ms.append(typed.answer_ms)
                    run.total_ms.append(typed.total_ms)
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return run


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1] if len(values) > 1 else values[0]


def timed(step) -> float:
    start = time.perf_counter()
    step()
    return time.perf_counter() - start


def verdict(ok: bool) -> str:
    return "**met**" if ok else "**not met**"


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("n", type=int, nargs="?", default=1000)
    parser.add_argument("--manual", type=Path)
    parser.add_argument("--builds", type=int, default=2, help="site builds with and without the export")
    args = parser.parse_args(argv)
    from indexer.index.writer import update_index
    from indexer.manual.loader import load_manual
    from indexer.site import build_site, static_search
    from indexer.site.static_search import FOLDER, export_static_search

    waited: list[float] = []  # how long the finished page build waited for the export
    finish = static_search.PendingExport.finish
    static_search.PendingExport.finish = lambda self: waited.append(timed(lambda: finish(self)))

    before = load()
    manual = load_manual(ensure_manual(args.n, args.manual))
    today = date.today()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        index_s = timed(lambda: update_index(manual, root / "index", full=True))
        index = root / "index"
        plain, with_export = [], []
        for _ in range(args.builds):  # alternated: the load of a shared machine drifts
            plain.append(timed(lambda: build_site(manual, root / "plain", public_only=False, today=today)))
            with_export.append(
                timed(
                    lambda: build_site(manual, root / "site", public_only=False, today=today, index_dir=index)
                )
            )
        plain_s, site_s = statistics.median(plain), statistics.median(with_export)
        alone_s = timed(lambda: export_static_search(root / "index", root / "alone", public_only=False))
        exported = [p.stat().st_size for p in (root / "site" / FOLDER).rglob("*") if p.is_file()]
        run = measure(root / "site")
    after = load()
    build_s = index_s + plain_s
    added = site_s - plain_s
    later = statistics.median(run.later_bytes), max(run.later_bytes)
    command = shlex.join(["python", "-m", "bench.static_search", *argv])
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    print(f"`{command}`, {len(manual.procedures):,} procedures, {stamp}, {os.cpu_count()} CPUs; "
          f"load average (1, 5, 15 min) {before} before, {after} after\n")  # fmt: skip
    print("| measure | value | budget |")
    print("|---|---|---|")
    rows = [
        ("build: index + site without the export", f"{index_s:.1f} + {plain_s:.1f} = {build_s:.1f} s", ""),
        ("site with the export (in its own process beside the pages)", f"{site_s:.1f} s", ""),
        ("of which the finished pages waited for the export", " / ".join(f"{w:.1f} s" for w in waited), ""),
        ("the export adds", f"{added:+.1f} s = {100 * added / build_s:+.1f}% of the build",
         f"≤ {EXPORT_SHARE:.0%} {verdict(added <= EXPORT_SHARE * build_s)}"),
        ("the export alone, in the foreground", f"{alone_s:.1f} s ({len(exported):,} files, "
         f"{sum(exported) / 1e6:.1f} MB raw)", ""),
        ("first query, compressed", f"{run.first_bytes / 1024:.0f} KB",
         f"≤ 1.5 MB {verdict(run.first_bytes <= FIRST_QUERY_BYTES)}"),
        ("later query, compressed, median / max", f"{later[0] / 1024:.0f} KB / {later[1] / 1024:.0f} KB",
         f"≤ 300 KB {verdict(later[1] <= LATER_QUERY_BYTES)}"),
        ("box asks -> on screen, median / p95", f"{statistics.median(run.answer_ms):.0f} ms / "
         f"{p95(run.answer_ms):.0f} ms", f"≤ 150 ms {verdict(p95(run.answer_ms) <= ON_SCREEN_P95_MS)}"),
        ("last key -> on screen (with the 150 ms debounce), median / p95",
         f"{statistics.median(run.total_ms):.0f} ms / {p95(run.total_ms):.0f} ms", ""),
    ]  # fmt: skip
    for label, value, budget in rows:
        print(f"| {label} | {value} | {budget} |")


if __name__ == "__main__":
    main()
