"""How fast `check` answers an editor, and how the API holds up while `index` runs.

    python -m bench.editors [--manual bench/out/manual-1000]

Prints Markdown: `check` wall time on the sample manual and on the given manual, and
search latency p50/p99 over 16 concurrent clients while the same index is rebuilt.
"""

from __future__ import annotations

import argparse
import json
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

from bench.config import OUT_DIR, SAMPLE_MANUAL

ROOT = Path(__file__).resolve().parent.parent
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--manual", type=Path, default=OUT_DIR / "manual-1000")
    args = parser.parse_args()
    print(f"command: python -m bench.editors --manual {args.manual}")
    print("\n| measure | value |\n|---|---|")
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
