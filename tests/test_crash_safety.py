"""`index` killed with SIGKILL at random moments never costs a working index."""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
import sys
import time

import pytest

from indexer.index import store
from search.engine import SearchEngine
from tests.conftest import ROOT, SAMPLE_MANUAL

QUERIES = ["หนังสือเดินทางหาย", "สมรส", "visa", "สอท", "ท.ด.21", "ถูกจับ"]
KILLS = 20


def answers(index_dir) -> tuple[int, list[list[str]]]:
    """Documents in the index, and the three best ids per query. Only the head of each
    ranking: an incremental update that did finish legitimately shifts scores a little
    (deleted documents stay in the statistics until a merge), which can reorder ties
    further down."""
    engine = SearchEngine(index_dir)
    try:
        assert engine.searcher is not None
        return engine.searcher.doc_count(), [
            [r.id for r in engine.search(q, limit=3).results] for q in QUERIES
        ]
    finally:
        engine.close()


def index_command(manual, index_dir, full: bool) -> list[str]:
    command = [
        sys.executable,
        str(ROOT / "cli.py"),
        "index",
        "--manual",
        str(manual),
        "--index",
        str(index_dir),
    ]
    return [*command, "--full"] if full else command


@pytest.mark.parametrize("seed", [7])
def test_sigkill_during_index_leaves_a_working_index(tmp_path, seed):
    rng = random.Random(seed)
    manual, index_dir = tmp_path / "manual", tmp_path / "index"
    shutil.copytree(SAMPLE_MANUAL, manual)
    subprocess.run(index_command(manual, index_dir, True), check=True, capture_output=True)
    before = answers(index_dir)
    edited = manual / "passports" / "passport-lost.md"
    original = edited.read_text("utf-8")
    for n in range(KILLS):
        # an invisible edit, so incremental runs have work to do but answers stay the same
        edited.write_text(original + f"\n<!-- edit {n} -->\n", "utf-8")
        process = subprocess.Popen(
            index_command(manual, index_dir, full=n % 2 == 0),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        time.sleep(rng.uniform(0.05, 1.6))
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert answers(index_dir) == before, f"kill {n}: the index answers differently"
    result = subprocess.run(index_command(manual, index_dir, False), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert answers(index_dir) == before
    generations = sorted(p.name for p in index_dir.glob("gen-*"))
    assert len(generations) <= store.KEEP_GENERATIONS
    assert store.current_generation(index_dir).name == generations[-1]
    assert not list(tmp_path.glob("index/*.tmp"))
