"""Warm query latency in a process of its own; prints one JSON object.

    python -m bench.warm INDEX QUERIES.json

One SearchEngine, opened as `serve` opens it (whole_words); the warm-up queries run once,
then each measured query once with `search(q, limit=10)`, which includes cutting and
marking the snippets. Last, the slowest twentieth of them, those that set the p95, run
under cProfile (bench.profile) in a new engine.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from bench.phases import Phases
from bench.profile import profile_of
from bench.stats import CpuWatch, maxrss_mb, summary_ms
from indexer.index.whoosh_postings import PostingScorer
from search.engine import SearchEngine


def time_phases(engine: SearchEngine, phases: Phases) -> None:
    phases.wrap(engine.planner, "plan", "plan")
    phases.wrap(engine.searcher, "search", "whoosh search")
    phases.wrap(PostingScorer, "read", "postings")  # a part of "whoosh search"
    phases.wrap(engine, "result", "results + snippets")


def tail_profile(index: Path, warmup: list[tuple[str, str]], tail: list[str]) -> dict:
    """A cProfile of the slowest queries in an engine of their own, after the same warm-up:
    run again in the measured engine, they would find their postings cached."""
    engine = SearchEngine(index, whole_words=True)
    for _, text in warmup:
        engine.search(text, limit=10)
    try:
        return profile_of(lambda: [engine.search(text, limit=10) for text in tail])
    finally:
        engine.close()


def warm(index: Path, warmup: list[tuple[str, str]], measured: list[tuple[str, str]]) -> dict:
    start = time.perf_counter()
    engine = SearchEngine(index, whole_words=True)  # as `serve` opens it
    open_s = time.perf_counter() - start
    phases = Phases()
    time_phases(engine, phases)
    for _, text in warmup:
        engine.search(text, limit=10)
    phases.take()
    watch = CpuWatch()
    times: list[float] = []
    by_kind: dict[str, list[float]] = {}
    empty, snippets, slowest = 0, 0, []
    for kind, text in measured:
        start = time.perf_counter()
        response = engine.search(text, limit=10)
        elapsed = time.perf_counter() - start
        times.append(elapsed)
        by_kind.setdefault(kind, []).append(elapsed)
        empty += not response.results
        snippets += sum(bool(r.snippet) for r in response.results)
        slowest.append((elapsed * 1000, kind, text))
    cpu = watch.stop()
    spent = phases.take()
    engine.close()
    tail = [text for _, _, text in sorted(slowest, reverse=True)[: max(1, len(slowest) // 20)]]
    profile = tail_profile(index, warmup, tail)
    spent["other"] = max(0.0, sum(times) - sum(v for k, v in spent.items() if k != "postings"))
    return {
        "phases": spent,
        "cpu_s": cpu["cpu_s"],
        "others_cpu_s": cpu["others_cpu_s"],
        "wall_s": sum(times),
        "segments": len(engine.searcher.ix._segments()) if engine.searcher else 0,
        "open_s": open_s,
        **summary_ms(times),
        "by_kind": {kind: summary_ms(values) for kind, values in by_kind.items()},
        "empty": empty,
        "snippets": snippets,
        "slowest": sorted(slowest, reverse=True)[:5],
        "tail_profile": {"queries": len(tail), **profile},
        "maxrss_mb": maxrss_mb(),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("index", type=Path)
    parser.add_argument("queries", type=Path)
    args = parser.parse_args(argv)
    queries = json.loads(args.queries.read_text(encoding="utf-8"))
    print(json.dumps(warm(args.index, queries["warmup"], queries["measured"]), ensure_ascii=False))


if __name__ == "__main__":
    main()
