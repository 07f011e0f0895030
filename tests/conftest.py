"""Shared fixtures: the sample manual, an index built from it, and tiny manuals made per test."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from indexer.index.writer import update_index
from indexer.manual.loader import load_manual
from search.engine import SearchEngine

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_MANUAL = ROOT / "manual"


@pytest.fixture(scope="session")
def sample_index(tmp_path_factory) -> Path:
    index_dir = tmp_path_factory.mktemp("sample-index")
    update_index(load_manual(SAMPLE_MANUAL), index_dir, full=True)
    return index_dir


@pytest.fixture(scope="session")
def engine(sample_index) -> SearchEngine:
    return SearchEngine(sample_index)


def procedure(
    id: str,
    category: str = "passports",
    title: str = "หนังสือเดินทาง",
    body: str = "## ภาพรวม\n\nข้อความ\n",
    lang: str = "th",
    **extra: object,
) -> str:
    """The text of a valid procedure file; `extra` adds or overrides front matter keys."""
    extra = {"last_reviewed": "2026-01-15", **extra}
    lines = [f"id: {id}", f"title: {title}", f"category: {category}", f"lang: {lang}"]
    lines += [f"{key}: {value}" for key, value in extra.items() if value is not None]
    return "---\n" + "\n".join(lines) + "\n---\n" + textwrap.dedent(body)


def one_section_engine(root: Path, index_dir: Path, pages: dict[str, str]) -> SearchEngine:
    """An engine over notarial procedures, one per {id: overview text}, titled apart."""
    for n, (id, text) in enumerate(pages.items()):
        path = root / "notarial" / f"{id}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            procedure(id, "notarial", title=f"บริการ {n}", body=f"## ภาพรวม\n\n{text}\n"), encoding="utf-8"
        )
    manual = load_manual(root)
    assert not manual.errors, manual.errors
    update_index(manual, index_dir, full=True)
    return SearchEngine(index_dir)


@pytest.fixture
def make_manual(tmp_path):
    """Write {relative path: text or bytes} into a fresh manual folder and return it."""

    def make(files: dict[str, str | bytes]) -> Path:
        root = tmp_path / "manual"
        root.mkdir(exist_ok=True)
        for rel, content in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return root

    return make


# What a browser on this machine sends to `serve` on 127.0.0.1:8000 (the WSGI app answers
# an internal edition only to such requests, or after sign-in).
LOCAL_REQUEST = {"REMOTE_ADDR": "127.0.0.1", "HTTP_HOST": "127.0.0.1:8000", "SERVER_PORT": "8000"}
