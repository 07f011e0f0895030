"""Index a manual in a process of its own and print the measurements as one JSON object.

    python -m bench.index_worker full MANUAL INDEX
    python -m bench.index_worker update MANUAL INDEX [--edits 3]
    python -m bench.index_worker profile MANUAL INDEX

`full`: load the manual and `update_index(full=True)` into INDEX (which must not exist).
A process of its own makes the peak memory (ru_maxrss) that of loading and indexing only;
the writer's sub-processes (when update_index uses several) are reported apart.
`update`: --edits times, change the body of one more file, reload the manual and run an
incremental `update_index`, timing the reload and the update apart. The edited files
are restored at the end (the index then lags the manual, which nothing here minds).
Both time the steps inside update_index (see `time_phases`).
`profile`: where a full build's CPU time goes, for the report (`profile`).
"""

from __future__ import annotations

import argparse
import gc
import json
import time
from dataclasses import replace
from pathlib import Path

from bench.phases import Phases
from bench.profile import profile_of
from bench.stats import CpuWatch, MemorySampler, children_maxrss_mb, maxrss_mb
from indexer.index import store, whoosh_backend, writer
from indexer.index.writer import update_index
from indexer.manual.loader import load_manual
from indexer.manual.model import Procedure
from indexer.manual.parse_cache import ParseCache
from indexer.text import dictionary
from indexer.text.thai import is_thai

PHASES = Phases()


def time_phases() -> None:
    """Time the steps of update_index: the wrappers replace module attributes it calls."""
    PHASES.wrap(dictionary, "build_words", "word list")
    PHASES.wrap(store, "new_generation", "new generation")
    PHASES.wrap(whoosh_backend, "stored_hashes", "stored hashes")
    PHASES.wrap(writer, "read_hashes", "stored hashes")
    PHASES.wrap(whoosh_backend, "apply_changes", "whoosh add + commit")
    PHASES.wrap(whoosh_backend, "all_terms", "indexed terms")
    PHASES.wrap(writer, "write_vocabulary", "vocabulary files")
    PHASES.wrap(writer, "write_translations", "translations")
    PHASES.wrap(writer, "merge_groups", "glossary")
    PHASES.wrap(store, "publish", "publish")


def phases_of(total: float) -> dict[str, float]:
    phases = PHASES.take()
    phases["other"] = max(0.0, total - sum(phases.values()))
    return phases


EDIT_TEXT = {
    "th": "ปรับปรุงล่าสุด: เจ้าหน้าที่ต้องตรวจสอบสำเนาเอกสารกับต้นฉบับทุกครั้งก่อนรับคำร้อง",
    "en": "Last updated: officers check every copy against the original before accepting a request.",
}


def corpus_stats(procs: list[Procedure], generation: Path) -> dict:
    """Languages, body sizes, and the indexed vocabulary (from the generation's vocab.tsv)."""
    body = [len(p.body.encode("utf-8")) for p in procs]
    terms = [line.partition("\t")[0] for line in (generation / store.VOCAB).read_text("utf-8").split("\n")]
    thai = sum(is_thai(t) for t in terms if t)
    return {
        "th": sum(p.lang == "th" for p in procs),
        "en": sum(p.lang == "en" for p in procs),
        "body_bytes_mean": sum(body) / len(body),
        "body_bytes_min": min(body),
        "body_bytes_max": max(body),
        "thai_terms": thai,
        "latin_terms": sum(1 for t in terms if t) - thai,
    }


def segments(index: Path) -> int:
    generation = store.current_generation(index)
    return len(whoosh_backend.open_index(generation)._segments()) if generation else 0


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.iterdir() if p.is_file())


def edit(proc: Procedure) -> None:
    """Add a sentence under the first level-2 heading of the procedure's file."""
    assert proc.source is not None
    text = proc.source.read_text(encoding="utf-8")
    head, sep, rest = text.partition("\n## ")
    heading, newline, body = rest.partition("\n")
    changed = f"{head}{sep}{heading}{newline}\n{EDIT_TEXT[proc.lang]}\n{body}"
    proc.source.write_text(changed, encoding="utf-8")


def incremental(root: Path, index: Path, procs: list[Procedure], cache: ParseCache) -> list[dict]:
    runs, originals = [], {}
    try:
        for proc in procs:
            assert proc.source is not None
            originals[proc.source] = proc.source.read_bytes()
            edit(proc)
            start = time.perf_counter()
            load_manual(root, cache=ParseCache.beside_index(index, root))  # as a new process would
            disk = time.perf_counter() - start
            start = time.perf_counter()
            manual = load_manual(root, cache=cache)
            loaded = time.perf_counter()
            report = update_index(manual, index)
            done = time.perf_counter()
            if report.full or report.updated != [proc.path] or report.added or report.removed:
                raise RuntimeError(f"expected one updated file, got {vars(report)}")
            runs.append(
                {
                    "path": proc.path,
                    "reload_s": loaded - start,
                    "reload_disk_s": disk,
                    "update_s": done - loaded,
                    "total_s": done - start,
                    "phases": phases_of(done - loaded),
                    "segments": segments(index),
                }
            )
    finally:
        for path, raw in originals.items():
            path.write_bytes(raw)
    return runs


def full(manual_dir: Path, index: Path) -> dict:
    if index.exists():
        raise SystemExit(f"{index} exists; a full build goes into a fresh folder")
    rss_start = maxrss_mb()
    start = time.perf_counter()
    manual = load_manual(manual_dir)
    load_s = time.perf_counter() - start
    if manual.errors:
        raise SystemExit(f"the manual has {len(manual.errors)} errors, e.g. {manual.errors[0].format()}")
    rss_loaded = maxrss_mb()
    PHASES.take()
    start, watch, memory = time.perf_counter(), CpuWatch(), MemorySampler()
    report = update_index(manual, index, full=True)
    full_s = time.perf_counter() - start
    cpu, sampled = watch.stop(), memory.stop()
    full_phases = phases_of(full_s)
    rss_indexed, rss_children = maxrss_mb(), children_maxrss_mb()
    generation = store.current_generation(index)
    assert generation is not None
    return {
        "docs": report.doc_count,
        "load_s": load_s,
        "full_s": full_s,
        "full_cpu_s": cpu["cpu_s"],
        "full_others_cpu_s": cpu["others_cpu_s"],
        "docs_per_s": report.doc_count / full_s,
        "phases": full_phases,
        "maxrss_start_mb": rss_start,
        "maxrss_loaded_mb": rss_loaded,
        "maxrss_children_mb": rss_children,
        "sampled_total_mb": sampled["total_mb"],
        "sampled_child_mb": sampled["child_mb"],
        "maxrss_indexed_mb": rss_indexed,
        "index_mb": folder_bytes(generation) / 1e6,
        "segments": segments(index),
        "manual_mb": sum(p.stat().st_size for p in manual_dir.rglob("*.md")) / 1e6,
        "corpus": corpus_stats(manual.procedures, generation),
    }


def update(manual_dir: Path, index: Path, edits: int) -> dict:
    """One-file updates of an index that is up to date with the manual."""
    cache = ParseCache.beside_index(index, manual_dir)  # what `serve --watch` holds between saves
    manual = load_manual(manual_dir, cache=cache)
    procs = sorted(manual.procedures, key=lambda p: p.path)
    picks = [procs[len(procs) * (i + 1) // (edits + 1)] for i in range(edits)]
    # `serve` brings the index up to date when it starts, so its first save finds the
    # word list and the index already open; this process does the same, and the time of
    # that first call (the cost a fresh `cli.py index` pays) is reported beside the edits.
    start = time.perf_counter()
    report = update_index(manual, index)
    opening = time.perf_counter() - start
    if report.full or report.updated or report.added or report.removed:
        raise RuntimeError(f"expected an index up to date with the manual, got {vars(report)}")
    PHASES.take()
    return {"opening_s": opening, "edits": incremental(manual_dir, index, picks, cache)}


def profile(manual_dir: Path, index: Path) -> dict:
    """A cProfile of analysing and writing a sample of the manual's procedures, spread over
    it, in this process: fewer than whoosh_backend.PARALLEL_FROM, so without sub-writers,
    the work each sub-writer does per document in a full build, the pipes apart. Only
    `apply_changes` is profiled: the rest of a build is timed step by step in `full`."""
    manual = load_manual(manual_dir)
    procs = sorted(manual.procedures, key=lambda p: p.path)
    count = whoosh_backend.PARALLEL_FROM - 1
    sampled = replace(manual, procedures=procs[:: max(1, len(procs) // count)][:count])
    # A sub-writer holds none of the other procedures: here they would make each of the
    # collector's full passes (which cProfile counts in whatever function was running)
    # walk the whole manual, a tenth of the profile at 10,000 procedures.
    del manual, procs
    gc.collect()
    original, found = whoosh_backend.apply_changes, {}

    def profiled_changes(*args, **kwargs):
        done = []
        found.update(profile_of(lambda: done.append(original(*args, **kwargs))))
        return done[0]

    whoosh_backend.apply_changes = profiled_changes
    update_index(sampled, index, full=True)
    return {"docs": len(sampled.procedures), **found}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("step", choices=["full", "update", "profile"])
    parser.add_argument("manual", type=Path)
    parser.add_argument("index", type=Path)
    parser.add_argument("--edits", type=int, default=3)
    args = parser.parse_args(argv)
    if args.step == "profile":
        result = profile(args.manual, args.index)
    elif args.step == "full":
        time_phases()
        result = full(args.manual, args.index)
    else:
        time_phases()
        result = update(args.manual, args.index, args.edits)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
