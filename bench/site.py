"""Benchmark of the static site: build time, output size, and search in a real browser.

    python -m bench.site [N] [--manual DIR] [--keep DIR]

For a manual of N procedures (default 1,000; made by `python -m bench.generate N` into
bench/out/manual-N when that folder is missing), it measures:

- `build_site` wall time, internal and public edition (the whole build: history, pages,
  export of the index for the static search, CSP hashes), each into a fresh folder;
- the size of each output (every file), and the size of its HTML pages (median, max);
- in headless Chromium (Debian's, with the browser tests' settings) against
  `cli.py serve` over the internal edition and an index of the same manual: for 10
  queries typed into the header's search box, the time from the last keystroke (its
  `input` event) to the results drawn on screen (the first frame after the box shows the
  answer to the full query). This includes the box's 150 ms debounce, which the officer
  waits through too. One query first warms the server and the page and is not counted.

It prints a Markdown table and the command that made it; it writes nothing but its
temporary folders (removed at the end unless --keep names one).
"""

from __future__ import annotations

import argparse
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from bench.live.search_box import PROBE, QUERIES, TYPING_DELAY_MS, WARM_UP, Typed, type_and_wait

PROJECT = Path(__file__).resolve().parent.parent
OUT_DIR = PROJECT / "bench" / "out"
STAMP = ".bench-manual.json"  # what bench.generate leaves in a manual it made


@dataclass
class Built:
    """One edition's build: its time and what it wrote."""

    name: str
    build_s: float = 0.0
    files: int = 0
    total_bytes: int = 0
    pages: list[tuple[int, str]] = field(default_factory=list)  # (bytes, url) of each HTML page
    static_bytes: int = 0


def ensure_manual(n: int, manual: Path | None) -> Path:
    if manual is not None:
        return manual
    path = OUT_DIR / f"manual-{n}"
    if not (path / STAMP).is_file():
        print(f"generating {path} (python -m bench.generate {n})", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "bench.generate", str(n)], cwd=PROJECT, check=True)
    return path


def measure_build(manual, out: Path, public: bool, index: Path) -> Built:
    """`build_site` as `cli.py build` runs it: with the edition's index, which it exports."""
    from indexer.site import build_site
    from indexer.site.static_search import FOLDER

    edition = Built("public" if public else "internal")
    start = time.perf_counter()
    build_site(manual, out, public_only=public, today=date.today(), index_dir=index)
    edition.build_s = time.perf_counter() - start
    for path in out.rglob("*"):
        if not path.is_file():
            continue
        size = path.stat().st_size
        edition.files += 1
        edition.total_bytes += size
        rel = path.relative_to(out).as_posix()
        if rel.startswith(FOLDER + "/"):
            edition.static_bytes += size
        elif path.suffix == ".html":
            edition.pages.append((size, rel))
    return edition


def history_source(manual) -> str:
    """Where the builds' change history came from (the build itself asks git once)."""
    from indexer.manual.history import git_history

    commits = git_history(manual.root)
    if commits is None:
        return "from the front matter (not in a git repository)"
    if not commits:
        return "from the front matter (in a git repository, but not committed)"
    return f"from git ({sum(len(c) for c in commits.values()):,} file changes)"


def measure_search(site: Path, index: Path) -> list[Typed]:
    from playwright.sync_api import sync_playwright

    from bench.live.chromium import CHROMIUM, CHROMIUM_ARGS
    from bench.live.servers import running_serve

    if not CHROMIUM.is_file():
        raise SystemExit(f"{CHROMIUM} is missing: run `make system`")
    with running_serve("--site", site, "--index", index) as url:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="th-TH")
            context.add_init_script(PROBE)
            page = context.new_page()
            page.goto(url, wait_until="load")
            type_and_wait(page, WARM_UP)
            typed = [type_and_wait(page, q) for q in QUERIES]
            browser.close()
        return typed


def kb(n: float) -> str:
    return f"{n / 1024:,.1f} KB"


def mb(n: float) -> str:
    return f"{n / 1024 / 1024:,.1f} MB"


def report(n: int, manual_dir: Path, load_s: float, index_s: float, editions: list[Built],
           typed: list[Typed], command: str, history: str) -> str:  # fmt: skip
    rows = [
        ("`build_site` time", [f"{e.build_s:.1f} s" for e in editions]),
        ("output size (all files)", [f"{mb(e.total_bytes)} ({e.files:,} files)" for e in editions]),
        ("of which the static search's index", [mb(e.static_bytes) for e in editions]),
        ("HTML pages", [f"{len(e.pages):,}" for e in editions]),
        ("HTML size per page, median", [kb(statistics.median(s for s, _ in e.pages)) for e in editions]),
        ("HTML size per page, max", [f"{kb(max(e.pages)[0])} (`{max(e.pages)[1]}`)" for e in editions]),
    ]
    total = [t.total_ms for t in typed]
    answer = [t.answer_ms for t in typed]
    where = manual_dir.relative_to(PROJECT) if manual_dir.is_relative_to(PROJECT) else manual_dir
    out = [
        f"### Static site, {n:,} procedures ({where})",
        "",
        f"`{command}`",
        "",
        f"{platform.node() or 'host'}: {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}; {date.today().isoformat()}. "
        f"Loading the manual took {load_s:.1f} s and indexing it for the API {index_s:.1f} s"
        f" (neither is in the table). Change history: {history}.",
        "",
        "| measure | " + " | ".join(e.name for e in editions) + " |",
        "|---|" + "---:|" * len(editions),
        *(f"| {label} | " + " | ".join(values) + " |" for label, values in rows),
        "",
        f"Search box in headless Chromium against `cli.py serve` (internal edition), {len(typed)} queries "
        f"typed {TYPING_DELAY_MS} ms apart, one warm-up query not counted:",
        "",
        "| measure | median | max |",
        "|---|---:|---:|",
        f"| last keystroke → results on screen | {statistics.median(total):.0f} ms | {max(total):.0f} ms |",
        f"| of which the box asks → on screen (after the 150 ms debounce) "
        f"| {statistics.median(answer):.0f} ms | {max(answer):.0f} ms |",
        "",
        "| query | keystroke → screen | box asks → screen | results shown |",
        "|---|---:|---:|---:|",
        *(f"| {t.query} | {t.total_ms:.0f} ms | {t.answer_ms:.0f} ms | {t.hits} |" for t in typed),
    ]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("n", nargs="?", type=int, default=1000, help="procedures (default 1000)")
    parser.add_argument("--manual", type=Path, help="a manual folder to use instead of bench/out/manual-N")
    parser.add_argument("--keep", type=Path, help="build into this folder and keep the output")
    args = parser.parse_args(argv)

    from indexer.index.writer import update_index
    from indexer.manual.loader import load_manual

    manual_dir = ensure_manual(args.n, args.manual).resolve()
    start = time.perf_counter()
    manual = load_manual(manual_dir)
    load_s = time.perf_counter() - start
    work = args.keep or Path(tempfile.mkdtemp(prefix="ecm-bench-site-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        editions, index_s = [], 0.0
        for public in (False, True):
            name = "public" if public else "internal"
            out, index = work / name, work / f"index-{name}"
            shutil.rmtree(out, ignore_errors=True)
            start = time.perf_counter()
            update_index(manual, index, public_only=public, full=True)
            if not public:
                index_s = time.perf_counter() - start
            print(f"building the {name} edition into {out}", file=sys.stderr)
            editions.append(measure_build(manual, out, public, index))
        print("typing queries in Chromium", file=sys.stderr)
        typed = measure_search(work / "internal", work / "index-internal")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    python = os.path.relpath(sys.executable, PROJECT) if sys.executable.startswith(str(PROJECT)) else "python"
    command = shlex.join([python, "-m", "bench.site", *argv])
    print(
        report(
            len(manual.procedures),
            manual_dir,
            load_s,
            index_s,
            editions,
            typed,
            command,
            history_source(manual),
        )
    )


if __name__ == "__main__":
    main()
