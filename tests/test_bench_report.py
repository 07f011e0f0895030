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
