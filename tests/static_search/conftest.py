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

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
RELEVANCE = ROOT / "tests" / "relevance"
RUNNER = HERE / "run_engine.js"


@dataclass(frozen=True)
class Corpus:
    name: str
    manual: Path
    queries: Path


CORPORA = (
    Corpus("full", ROOT / "manual", RELEVANCE / "queries.yml"),
    Corpus("imported", RELEVANCE / "imported" / "manual", RELEVANCE / "imported" / "queries.yml"),
)


@dataclass
class Exported:
    corpus: Corpus
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


@pytest.fixture(scope="session", params=CORPORA, ids=[c.name for c in CORPORA])
def exported(request, tmp_path_factory) -> Exported:
    corpus: Corpus = request.param
    root = tmp_path_factory.mktemp(f"static-{corpus.name}")
    update_index(load_manual(corpus.manual), root / "index", full=True)
    export_static_search(root / "index", root / "site", public_only=False)
    return Exported(corpus, root / "index", root / "site", SearchEngine(root / "index"))
