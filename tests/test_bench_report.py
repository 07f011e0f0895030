"""`make bench` rewrites the top of BENCHMARKS.md: the sections other benchmarks wrote
after "Method" (the site, the editors, the static search) must survive it; and its memory
figure counts each writer sub-process by its own memory."""

from __future__ import annotations

from bench.report import later_sections

REPORT = """# Benchmarks

## Targets

| a | b |

## Method

- how it was measured

## The site at 1,000 procedures

- Command: `python -m bench.site`

## Search with no server

| budget | value |
"""


def test_the_sections_after_method_are_kept_word_for_word() -> None:
    kept = later_sections(REPORT)
    assert kept.startswith("## The site at 1,000 procedures\n")
    assert kept.endswith("| budget | value |\n")
    assert "## Method" not in kept and "how it was measured" not in kept


def test_a_report_with_nothing_after_method_or_no_method_keeps_nothing() -> None:
    assert later_sections("# Benchmarks\n\n## Method\n\n- how\n") == ""
    assert later_sections("") == ""
    assert later_sections("# Benchmarks\n\n## Targets\n") == ""


def sampled(child: str) -> dict:
    """What the memory sampler saw, run in a fresh interpreter (pytest's own process may
    have other children, such as a browser, left by earlier tests) whose only child runs
    the code `child` for about a second; `mine` is that interpreter's own share."""
    import json
    import subprocess
    import sys

    script = (
        "import json, os, subprocess, sys, time\n"
        "from bench.stats import MemorySampler, pss_mb\n"
        "sampler = MemorySampler(interval=0.01)\n"
        f"child = subprocess.Popen([sys.executable, '-c', {child!r}])\n"
        "time.sleep(0.8)\n"
        "mine = pss_mb(os.getpid())\n"
        "child.wait()\n"
        "print(json.dumps({**sampler.stop(), 'mine': mine}))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_the_memory_sampler_counts_a_child_by_its_own_memory():
    """A child holding 80 MB is seen at about that, beside the process that started it: not
    at the size of that process, which its ru_maxrss reports."""
    found = sampled("import time; b = bytearray(80 * 2**20); time.sleep(1)")
    assert 80 <= found["child_mb"] < 80 + 40  # the bytes and an interpreter
    assert found["total_mb"] >= found["mine"] + 80


def test_the_memory_sampler_counts_pages_forks_share_once():
    """A child that fills 80 MB and then forks: the fork shares those pages, so the two
    hold 80 MB at once, not 160 (what adding up their resident sizes says)."""
    child = (
        "import os, time\n"
        "b = bytearray(80 * 2**20)\n"
        "b[::4096] = b'x' * len(b[::4096])\n"  # every page written: resident and the child's own
        "pid = os.fork()\n"
        "time.sleep(1)\n"
        "os._exit(0) if pid == 0 else os.waitpid(pid, 0)\n"
    )
    found = sampled(child)
    # the bytes once and two small interpreters; counted twice it would be 160 and more (the
    # interpreters' share moves with the machine's load: 120.4 MB was seen under load 7)
    assert 80 <= found["total_mb"] - found["mine"] < 2 * 80


def test_a_profile_names_the_project_file_and_the_c_function_the_time_went_to() -> None:
    import zlib

    from bench.profile import profile_of
    from indexer.text.thai import is_thai

    def step() -> None:
        for _ in range(30):
            zlib.compress(bytes(range(256)) * 4000, 9)
        for _ in range(20000):
            is_thai("หนังสือเดินทาง passport")

    found = profile_of(step)
    places = dict(found["places"])
    assert found["places"][0][0] == "`zlib.compress` (C)"
    assert "indexer/text/thai.py" in places
    assert abs(sum(places.values()) - 1.0) < 0.05  # the shares are of the whole profile
    names = [name for name, _ in found["functions"]]
    assert any(name.startswith("indexer/text/thai.py:") and "`is_thai`" in name for name in names)


def in_the_way_of(docs_per_s: float, p95_ms: float) -> str:
    """The report's "what stands in the way" lines for a run with these two figures (FTS5:
    1,000 docs/s counting our segmentation, p95 2 ms)."""
    from bench.report import Run, in_the_way

    places = [["indexer/index/posting_writer.py", 0.6]]
    profile = {"total_s": 1.0, "places": places, "functions": [["f", 0.6]]}
    run = Run(
        size=10_000, generate_s=0.0, corpus={}, update={}, warm_after={}, cold={},
        index={"docs_per_s": docs_per_s, "profile": {"docs": 199, **profile}},
        warm={"p95_ms": p95_ms, "tail_profile": {"queries": 11, **profile}},
        fts={"docs_per_s_with_segmenting": 1000.0, "queries": {"p95_ms": 2.0}},
    )  # fmt: skip
    return "\n".join(in_the_way(run))


def test_a_target_not_met_comes_with_the_profile_of_what_it_measures() -> None:
    both = in_the_way_of(docs_per_s=300, p95_ms=9.0)
    assert "full-index target" in both and "warm p95 target" in both
    assert "| indexer/index/posting_writer.py | 60% |" in both
    only_queries = in_the_way_of(docs_per_s=950, p95_ms=9.0)
    assert "full-index target" not in only_queries and "warm p95 target" in only_queries
    assert in_the_way_of(docs_per_s=950, p95_ms=5.0) == ""
