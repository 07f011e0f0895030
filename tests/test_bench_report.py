"""`make bench` rewrites the top of BENCHMARKS.md: the sections other benchmarks wrote
after "Method" (the site, the editors, the static search) must survive it; and its memory
figure counts each writer sub-process by its own memory."""

from __future__ import annotations

import os

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


def test_the_memory_sampler_counts_a_child_by_its_own_memory():
    """A child holding 80 MB is seen at about that, beside this process: not at the size
    of the process it was started from, which its ru_maxrss reports."""
    import subprocess
    import sys
    import time

    from bench.stats import MemorySampler, rss_mb

    sampler = MemorySampler(interval=0.01)
    child = subprocess.Popen([sys.executable, "-c", "import time; b = bytearray(80 * 2**20); time.sleep(1)"])
    time.sleep(0.8)
    mine = rss_mb(os.getpid())
    child.wait()
    found = sampler.stop()
    assert 80 <= found["child_mb"] < 80 + 40  # the bytes and an interpreter
    assert found["total_mb"] >= mine + 80
