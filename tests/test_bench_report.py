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


def test_the_memory_sampler_counts_a_child_by_its_own_memory():
    """A child holding 80 MB is seen at about that, beside the process that started it: not
    at the size of that process, which its ru_maxrss reports. The sampling runs in a fresh
    interpreter, whose only child is the one it starts (pytest's own process may have other
    children, such as a browser, left by earlier tests)."""
    import json
    import subprocess
    import sys

    script = (
        "import json, os, subprocess, sys, time\n"
        "from bench.stats import MemorySampler, rss_mb\n"
        "sampler = MemorySampler(interval=0.01)\n"
        "child = subprocess.Popen([sys.executable, '-c',"
        " 'import time; b = bytearray(80 * 2**20); time.sleep(1)'])\n"
        "time.sleep(0.8)\n"
        "mine = rss_mb(os.getpid())\n"
        "child.wait()\n"
        "print(json.dumps({**sampler.stop(), 'mine': mine}))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    found = json.loads(out.stdout)
    assert 80 <= found["child_mb"] < 80 + 40  # the bytes and an interpreter
    assert found["total_mb"] >= found["mine"] + 80
