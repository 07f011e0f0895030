"""The three relevance runs: the sample manual (full), the same stripped bare, and the
imported-style corpus of mission pages.

The bare run is generated at test time in a temporary folder: every procedure of the
sample manual with `tags`, `summary`, `aliases` and `title_en` removed from its front
matter, so it measures what the engine finds without an editor's metadata.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import yaml

from indexer.index.writer import update_index
from indexer.manual.loader import load_manual
from search.engine import SearchEngine

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
METADATA_KEYS = ("tags", "summary", "aliases", "title_en")


@dataclass(frozen=True)
class Run:
    name: str
    manual: Path
    queries: Path
    bare: bool = False


RUNS = (
    Run("full", ROOT / "manual", HERE / "queries.yml"),
    Run("bare", ROOT / "manual", HERE / "queries.yml", bare=True),
    Run("imported", HERE / "imported" / "manual", HERE / "imported" / "queries.yml"),
)


def strip_metadata(source: Path, target: Path) -> None:
    """Copy a manual, dropping METADATA_KEYS from every procedure's front matter."""
    shutil.copytree(source, target)
    for path in target.rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        if not text.startswith("---\n"):
            continue
        head, sep, body = text[4:].partition("\n---\n")
        if not sep:
            continue
        meta = yaml.safe_load(head) or {}
        kept = {k: v for k, v in meta.items() if k not in METADATA_KEYS}
        front = yaml.safe_dump(kept, allow_unicode=True, sort_keys=False, default_flow_style=None)
        path.write_text("---\n" + front + "---\n" + body, encoding="utf-8")


@contextmanager
def open_run(run: Run) -> Iterator[SearchEngine]:
    """An engine over a fresh index of the run's manual (bare runs stripped first)."""
    with tempfile.TemporaryDirectory(prefix=f"relevance-{run.name}-") as tmp:
        manual = run.manual
        if run.bare:
            manual = Path(tmp) / "manual"
            strip_metadata(run.manual, manual)
        update_index(load_manual(manual), Path(tmp) / "index", full=True)
        engine = SearchEngine(Path(tmp) / "index")
        try:
            yield engine
        finally:
            engine.close()
