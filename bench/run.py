"""Measure indexing and search on synthetic manuals and write BENCHMARKS.md.

    python -m bench.run --sizes 1000 10000

This process only orchestrates: everything heavy runs in a worker process of its own, so
each worker's peak memory is its own (Linux carries a parent's ru_maxrss across exec).
For each size: generate the manual (bench/out/manual-N); index it (full build, then
one-file incremental updates); time warm queries; time cold `cli.py search` processes;
run SQLite FTS5 on the same segmented text. Raw results go to bench/out/results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import shutil
import sqlite3
import subprocess
import sys
import time
from dataclasses import asdict
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

from bench.cold import BARE_IMPORT, cold
from bench.config import DEFAULT_SEED, OUT_DIR, PROJECT
from bench.report import Run, later_sections, render
from bench.stats import maxrss_mb

METHOD = [
    "- Each size is a fresh manual from `bench/generate.py` and a fresh index folder. Every step "
    "but the cold runs is a worker process of its own, started by a small orchestrator, in this order: "
    "full build, warm queries, cold runs, FTS5, one-file updates, warm queries again.",
    "- Full index: `update_index(manual, dir, full=True)` after `load_manual` (timed apart); "
    "docs/s = procedures / time of `update_index`. Peak memory of a full index is the largest sum, "
    "sampled every 20 ms while `update_index` runs, of the worker's proportional set size and that of "
    "each writer process below it (`/proc/PID/smaps_rollup`, Pss: a page n processes share counts "
    "1/n in each, so the sub-writers' shared word list counts once; `bench.stats.MemorySampler`), "
    "and never less than "
    "the worker's own `ru_maxrss` (loading the manual included). A sub-process's own `ru_maxrss` "
    "is shown beside its sampled peak but is no measure of it: Linux records the memory of the "
    "process it was started from, before the exec, as its peak. For the same reason the orchestrator "
    "stays small ({orchestrator_mb:.0f} MB).",
    "- Steps of `update_index` and of `search` are timed by wrapping the functions named in the "
    "tables (`bench/phases.py`); the code under test is not changed.",
    "- What stands in the way of a target not met: a cProfile (`bench/profile.py`), each function's "
    "own time summed by the file it is in (a built-in function by its name), of one more run of "
    "the step after the measured ones: `apply_changes` on 199 procedures spread over the manual, in "
    "one process with the rest of the manual dropped (the work a sub-writer does per document), "
    "and the slowest twentieth of the measured queries in a new engine after the same warm-up. "
    "The profiler slows Python code several times more than C code, so the shares lean towards "
    "Python code.",
    "- One-file update: a sentence is added under the first heading of one file, the manual is "
    "reloaded with `load_manual` and `update_index` runs without `full`; repeated on different "
    "files (each run sees exactly one changed file), median reported. The files are restored afterwards. "
    "The reload uses the parse cache the worker holds since its first load, as `serve --watch` does; "
    "before it, the same reload with a parse cache read afresh from the index folder (what a new "
    "`cli.py index` process does) is timed apart.",
    "- Warm queries: one `SearchEngine`, opened as `serve` opens it (the query word list loaded "
    "into the segmenter whole); the warm-up queries run once, then every measured query "
    "once with `search(q, limit=10)`, snippets included; percentiles are nearest-rank over all "
    "measured queries. Measured on the full build and again after the one-file updates, which add "
    "segments. The engine keeps the scored postings of recently used words (at most "
    "`whoosh_postings.CACHE_BYTES` bytes), as a server does, and the measured queries share words.",
    "- Cold search: `python cli.py search QUERY --index DIR --json` as a subprocess against "
    f'`python -c "{BARE_IMPORT}"`, alternated, after one untimed run of each; medians. Both read '
    "files from a warm page cache: cold means a new process, not a cold disk. The project's packages "
    "are byte-compiled first, as installing them does (the bare import reads the byte-code pip wrote "
    "for Whoosh; the `cli.py` script itself is compiled on every run, as Python does for any script).",
    "- FTS5: see `bench/fts_worker.py`. Each text field is segmented by our analyzer (mode='query', "
    "the generation's word list), tokens joined by spaces, indexed with "
    "`unicode61 remove_diacritics 0 categories 'L* N* Co M*'` (the default categories would cut "
    "Thai words at vowel and tone marks); queries are segmented the same way and OR-ed, ranked by "
    "bm25 with our field weights, with snippet(). Its query time includes segmenting the query.",
    "- The machine is shared: the load average before and after each size, and the CPU time other "
    "processes used during the full build and the warm queries (from /proc/stat), are shown with "
    "them; other work running at the same time makes every number here slower, never faster.",
]


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def worker(module: str, *args: object) -> dict:
    command = [sys.executable, "-m", module, *map(str, args)]
    done = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{module} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    lines = done.stdout.strip().splitlines()
    return json.loads(lines[-1]) if lines and lines[-1].startswith("{") else {}


def measure(size: int, seed: int, out: Path, queries: Path, args: argparse.Namespace) -> Run:
    manual_dir, index_dir = out / f"manual-{size}", out / f"index-{size}"
    load = os.getloadavg()[0]
    log(f"{size}: generating {manual_dir} (load average {load:.2f})")
    start = time.perf_counter()
    worker("bench.generate", size, "--out", manual_dir, "--seed", seed)
    generate_s = time.perf_counter() - start
    shutil.rmtree(index_dir, ignore_errors=True)
    log(f"{size}: generated in {generate_s:.1f} s; full index")
    index = worker("bench.index_worker", "full", manual_dir, index_dir)
    log(f"{size}: full index {index['full_s']:.1f} s ({index['docs_per_s']:.0f} docs/s); its profile")
    profile_dir = out / f"profile-{size}"
    shutil.rmtree(profile_dir, ignore_errors=True)
    index["profile"] = worker("bench.index_worker", "profile", manual_dir, profile_dir)
    shutil.rmtree(profile_dir, ignore_errors=True)
    log(f"{size}: profiled; warm queries")
    warm = worker("bench.warm", index_dir, queries)
    log(f"{size}: warm p95 {warm['p95_ms']:.1f} ms; cold CLI x{args.cold_runs}")
    cold_result = cold(index_dir, args.cold_runs)
    log(f"{size}: cold ratio {cold_result['ratio']:.2f}; SQLite FTS5 reference")
    generation = (index_dir / "current").resolve()
    fts = worker("bench.fts_worker", manual_dir, generation, out / f"fts-{size}.sqlite", queries)
    log(f"{size}: FTS5 {fts['docs_per_s']:.0f} docs/s, p95 {fts['queries']['p95_ms']:.2f} ms; updates")
    update = worker("bench.index_worker", "update", manual_dir, index_dir, "--edits", args.edits)
    log(f"{size}: updates {[round(e['update_s'], 2) for e in update['edits']]} s; warm queries again")
    warm_after = worker("bench.warm", index_dir, queries)
    log(f"{size}: warm p95 after the updates {warm_after['p95_ms']:.1f} ms")
    corpus = index.pop("corpus") | {"load_average": load, "load_average_end": os.getloadavg()[0]}
    return Run(size, generate_s, corpus, index, update, warm, warm_after, cold_result, fts)


def git(*args: str) -> str:
    done = subprocess.run(["git", *args], cwd=PROJECT, capture_output=True, text=True)
    return done.stdout


def machine() -> dict:
    cpu, memory = "unknown CPU", "unknown memory"
    try:
        lines = Path("/proc/cpuinfo").read_text().splitlines()
        cpu = next(line.split(":", 1)[1].strip() for line in lines if line.startswith("model name"))
        mem = Path("/proc/meminfo").read_text().split("\n")[0].split()[1]
        memory = f"{int(mem) / 1024**2:.1f} GiB RAM"
    except (OSError, StopIteration, IndexError, ValueError):
        pass
    return {
        "nproc": len(os.sched_getaffinity(0)),
        "cpu": cpu,
        "memory": memory,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "whoosh": version("whoosh-reloaded"),
    }


def code_state() -> dict:
    dirty = [
        line[3:] for line in git("status", "--porcelain", "--", "indexer", "search", "cli.py").splitlines()
    ]
    note = f", with uncommitted changes to {', '.join(dirty)}" if dirty else ""
    return {"commit": git("rev-parse", "--short", "HEAD").strip() or "unknown", "dirty": note}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--edits", type=int, default=3, help="one-file updates to time")
    parser.add_argument("--cold-runs", type=int, default=7)
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    parser.add_argument("--report", type=Path, default=PROJECT / "BENCHMARKS.md")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    command = shlex.join(["python", "-m", "bench.run", *(sys.argv[1:] if argv is None else argv)])
    meta = {
        "command": command,
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "seed": args.seed,
        **machine(),
        **code_state(),
    }
    args.out.mkdir(parents=True, exist_ok=True)
    queries = args.out / "queries.json"
    worker("bench.queries", queries, "--seed", args.seed)
    mix = json.loads(queries.read_text(encoding="utf-8"))
    meta["queries"] = f"{len(mix['measured'])} measured: " + ", ".join(
        f"{k} {v}" for k, v in mix["mix"].items()
    )
    meta["queries"] += f"; {len(mix['warmup'])} warm-up"
    runs = []
    for size in args.sizes:
        runs.append(measure(size, args.seed, args.out, queries, args))
        results = {"meta": meta, "runs": [asdict(r) for r in runs]}
        (args.out / "results.json").write_text(
            json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8"
        )
    meta["elapsed_min"] = (time.perf_counter() - started) / 60
    meta["orchestrator_mb"] = maxrss_mb()
    meta["method"] = [
        line.replace("{orchestrator_mb:.0f}", f"{meta['orchestrator_mb']:.0f}") for line in METHOD
    ]
    earlier = args.report.read_text(encoding="utf-8") if args.report.exists() else ""
    args.report.write_text(render(runs, meta, later_sections(earlier)), encoding="utf-8")
    log(f"wrote {args.report} after {meta['elapsed_min']:.1f} min")


if __name__ == "__main__":
    main()
