"""Cold search: the wall time of a new `cli.py search` process against a bare Python that
only imports whoosh.index. Light on purpose: it runs in the orchestrator."""

from __future__ import annotations

import compileall
import json
import subprocess
import sys
import time
from pathlib import Path

from bench.config import PROJECT
from bench.stats import median

COLD_QUERY = "หนังสือเดินทางหาย"
BARE_IMPORT = "import whoosh.index"


def wall(command: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{command} failed ({done.returncode}): {done.stderr.strip()[-500:]}")
    return elapsed


def byte_compile() -> None:
    """Write the byte-code of the project's packages, as installing them does. The bare
    import reads Whoosh's, which pip wrote; without ours (this machine's environment sets
    PYTHONDONTWRITEBYTECODE) every cold run compiled some 25 modules from source."""
    for package in ("indexer", "search"):
        compileall.compile_dir(PROJECT / package, quiet=1)


def cold(index: Path, runs: int = 7, query: str = COLD_QUERY) -> dict:
    """Medians of `runs` alternated runs of each, after one untimed run of each (so both
    read their files from a warm page cache: a new process, not a cold disk), with the
    project's byte-code written first."""
    byte_compile()
    cli = [sys.executable, "cli.py", "search", query, "--index", str(index), "--json"]
    bare = [sys.executable, "-c", BARE_IMPORT]
    check = subprocess.run(cli, cwd=PROJECT, capture_output=True, text=True, check=True)
    hits = len(json.loads(check.stdout)["results"])
    wall(bare)
    cli_times, bare_times = [], []
    for _ in range(runs):
        bare_times.append(wall(bare))
        cli_times.append(wall(cli))
    cli_s, bare_s = median(cli_times), median(bare_times)
    return {
        "query": query,
        "results": hits,
        "runs": runs,
        "cli_s": cli_s,
        "bare_s": bare_s,
        "ratio": cli_s / bare_s,
        "cli_all_s": cli_times,
        "bare_all_s": bare_times,
    }
