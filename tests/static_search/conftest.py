"""Exported indexes of the relevance corpora, and the browser's engine run on them in Node."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from indexer.index.writer import update_index
from indexer.manual.loader import load_manual
from indexer.site.static_search import export_static_search
from search.engine import SearchEngine
from tests.relevance.runs import RUNS, Run, strip_metadata

HERE = Path(__file__).parent
RUNNER = HERE / "run_engine.js"


@dataclass
class Exported:
    corpus: Run
    index: Path
    site: Path
    engine: SearchEngine

    def queries(self) -> list[dict]:
        return yaml.safe_load(self.corpus.queries.read_text(encoding="utf-8"))


def node() -> str:
    found = shutil.which("node") or shutil.which("nodejs")
    assert found, "Node.js is missing: `make system` installs Debian's nodejs"
    return found


def run_static(site: Path, queries: list[dict], tmp: Path) -> list[dict]:
    """The browser engine's answers (and query segmentation) for each {query, limit, ...}."""
    file = tmp / "queries.json"
    file.write_text(json.dumps(queries, ensure_ascii=False), encoding="utf-8")
    command = [node(), str(RUNNER), str(site), str(file)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


@pytest.fixture(scope="session", params=RUNS, ids=[r.name for r in RUNS])
def exported(request, tmp_path_factory) -> Exported:
    """Each relevance run (full, bare, imported): its index and the export of it."""
    corpus: Run = request.param
    root = tmp_path_factory.mktemp(f"static-{corpus.name}")
    manual = corpus.manual
    if corpus.bare:
        manual = root / "manual"
        strip_metadata(corpus.manual, manual)
    update_index(load_manual(manual), root / "index", full=True)
    export_static_search(root / "index", root / "site", public_only=False)
    return Exported(corpus, root / "index", root / "site", SearchEngine(root / "index"))
