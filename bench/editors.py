"""How fast `check` and the `serve --watch` preview answer an editor, and how the API
holds up while `index` runs.

    python -m bench.editors [--manual bench/out/manual-1000] [--saves 5] [--only-watch]

Prints Markdown: `check` wall time on the sample manual and on the given manual; for
both, the preview's save-to-visible time in headless Chromium (a body edit, a front
matter edit, a YAML slip's banner); and search latency p50/p99 over 16 concurrent
clients while the same index is rebuilt.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

import yaml

from bench.config import OUT_DIR, SAMPLE_MANUAL
from bench.live.chromium import CHROMIUM, CHROMIUM_ARGS
from bench.live.servers import free_port, wait_for_health

ROOT = Path(__file__).resolve().parent.parent
# the preview's lines on stderr (indexer.site.watch.Outcome.describe)
RENDERED = re.compile(r"re-rendered \d+ page\(s\) in ([0-9.]+) s")
INDEXED = re.compile(r"then the index in ([0-9.]+) s")
CLIENTS = 16
QUERIES = ["หนังสือเดินทางหาย", "สมรส", "visa", "สอท", "ถูกจับ", "pasport", "ท.ด.21", "เลือกตั้ง"]


def check_seconds(manual: Path, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, str(ROOT / "cli.py"), "check", "--manual", str(manual)],
                       capture_output=True, check=False)  # fmt: skip
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def load_during_reindex(manual: Path, rebuilds: int = 3) -> dict:
    from waitress.server import create_server

    from indexer.index.writer import update_index
    from indexer.manual.loader import load_manual
    from search.web.api import App

    work = Path(tempfile.mkdtemp(prefix="ecm-load-"))
    (work / "site").mkdir()
    loaded = load_manual(manual)
    update_index(loaded, work / "index")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    httpd = create_server(App(work / "site", work / "index"), host="127.0.0.1", port=port, threads=8)
    threading.Thread(target=httpd.run, daemon=True).start()
    stop, latencies, failures = threading.Event(), [], []

    def client(n: int) -> None:
        while not stop.is_set():
            query = QUERIES[n % len(QUERIES)]
            n += 1
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/api/search?q={quote(query)}", timeout=30
                ) as r:
                    json.loads(r.read())
                latencies.append(time.perf_counter() - started)
            except Exception as exc:  # counted, not raised: the number of failures is the result
                failures.append(repr(exc))

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for t in threads:
        t.start()
    started = time.perf_counter()
    command = [sys.executable, str(ROOT / "cli.py"), "index", "--full", "--manual", str(manual),
               "--index", str(work / "index")]  # fmt: skip
    for _ in range(rebuilds):  # a separate process, as an editor's `index` run would be
        subprocess.run(command, capture_output=True, check=True)
    rebuild_seconds = (time.perf_counter() - started) / rebuilds
    stop.set()
    for t in threads:
        t.join()
    httpd.close()
    return {
        "requests": len(latencies) + len(failures),
        "failures": len(failures),
        "p50_ms": 1000 * percentile(latencies, 0.50),
        "p99_ms": 1000 * percentile(latencies, 0.99),
        "rebuild_s": rebuild_seconds,
        "docs": len(loaded.procedures),
    }


def watch_timings(manual: Path, saves: int = 5) -> dict:
    """`serve --watch` on a copy of `manual`, an open page in Chromium, and saves to it:
    seconds from writing the file to the change on the page, the page reloading by
    itself (its script asks the server for the build generation every second, so up to
    a second of each figure is that wait)."""
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="ecm-watch-"))
    shutil.copytree(manual, work / "manual")
    target = sorted((work / "manual").glob("*/*.md"))[0]
    url_path = f"{target.parent.name}/{target.stem}/"
    port = free_port()
    command = [sys.executable, str(ROOT / "cli.py"), "serve", "--watch", "--manual", str(work / "manual"),
               "--site", str(work / "site"), "--index", str(work / "index"), "--port", str(port)]  # fmt: skip
    started = time.perf_counter()
    with open(work / "serve.log", "wb") as log:
        server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log)
    base = f"http://127.0.0.1:{port}/"
    result: dict = {"docs": len(list((work / "manual").glob("*/*.md"))), "page": url_path}
    try:
        wait_for_health(base, server, timeout=1800)
        result["first_build_s"] = time.perf_counter() - started
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(base + url_path)
            body_times = []
            for n in range(saves):
                mark = f"WATCHMARK{n}X"
                text = target.read_text("utf-8")
                began = time.perf_counter()
                target.write_text(text.rstrip("\n") + f"\n\n{mark}\n", "utf-8")
                page.get_by_text(mark).wait_for(timeout=600_000)
                body_times.append(time.perf_counter() - began)
            result["body_s"] = body_times
            text = target.read_text("utf-8")
            began = time.perf_counter()
            target.write_text(retitled(text, "TITLEMARK"), "utf-8")
            page.locator("h1", has_text="TITLEMARK").wait_for(timeout=1_800_000)
            result["front_matter_s"] = time.perf_counter() - began
            text = target.read_text("utf-8")
            began = time.perf_counter()
            target.write_text(text.replace("\n---\n", "\nslipmark: [unclosed\n---\n", 1), "utf-8")
            page.locator(".ecm-watch-banner").wait_for(timeout=600_000)
            result["slip_s"] = time.perf_counter() - began
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
        log_text = (work / "serve.log").read_text("utf-8", errors="replace")
        result["server_s"] = [float(x) for x in RENDERED.findall(log_text)]
        result["index_s"] = [float(x) for x in INDEXED.findall(log_text)]
        shutil.rmtree(work, ignore_errors=True)
    return result


def retitled(text: str, mark: str) -> str:
    """The file with `mark` put before its title (front matter written out again)."""
    _, front, body = text.split("---\n", 2)
    data = yaml.safe_load(front)
    data["title"] = f"{mark} {data['title']}"
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n" + body


def watch_rows(manual: Path, saves: int) -> list[str]:
    r = watch_timings(manual, saves)
    body = r["body_s"]
    what = f"{r['docs']} procedures"
    return [
        f"| `serve --watch`, {what}: first build before serving | {r['first_build_s']:.1f} s |",
        f"| … a body edit of `{r['page']}` -> on the open page, {len(body)} saves | "
        f"median {statistics.median(body):.2f} s, max {max(body):.2f} s |",
        f"| … a front matter edit (the title: every page changes) -> on the page | "
        f"{r['front_matter_s']:.2f} s |",
        f"| … a YAML slip -> the banner over the last good page | {r['slip_s']:.2f} s |",
        f"| … of a body edit, the server's part: save seen -> page written and browser told | "
        f"median {statistics.median(r['server_s']):.2f} s; then the index updated in median "
        f"{statistics.median(r['index_s']):.2f} s |",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--manual", type=Path, default=OUT_DIR / "manual-1000")
    parser.add_argument("--saves", type=int, default=5, help="body saves timed per manual")
    parser.add_argument("--only-watch", action="store_true", help="only the `serve --watch` rows")
    args = parser.parse_args()
    flags = " --only-watch" if args.only_watch else ""
    print(f"command: python -m bench.editors --manual {args.manual} --saves {args.saves}{flags}")
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    print("\n| measure | value |\n|---|---|")
    for manual in (SAMPLE_MANUAL, args.manual):
        for row in watch_rows(manual, args.saves):
            print(row, flush=True)
    print(f"load average after the preview runs: {os.getloadavg()[0]:.2f}")
    if args.only_watch:
        return
    print(f"| `check` on the sample manual (median of 5) | {check_seconds(SAMPLE_MANUAL):.2f} s |")
    print(f"| `check` on {args.manual.name} (median of 5) | {check_seconds(args.manual):.2f} s |")
    for manual in (SAMPLE_MANUAL, args.manual):
        r = load_during_reindex(manual)
        print(
            f"| {CLIENTS} API clients while `index --full` rebuilds {r['docs']} procedures "
            f"({r['rebuild_s']:.1f} s each, 3 times) | {r['requests']} requests, {r['failures']} failed, "
            f"p50 {r['p50_ms']:.0f} ms, p99 {r['p99_ms']:.0f} ms |"
        )


if __name__ == "__main__":
    main()
