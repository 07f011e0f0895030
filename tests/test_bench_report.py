"""`make bench` rewrites the top of BENCHMARKS.md: the sections other benchmarks wrote
after "Method" (the site, the editors, the static search) must survive it."""

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
