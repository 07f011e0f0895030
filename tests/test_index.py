"""The index: incremental updates, atomic rebuilds, versions, the public edition."""

from __future__ import annotations

import json

import pytest

from indexer.errors import IndexStale
from indexer.index import store, whoosh_backend
from indexer.index.writer import update_index
from indexer.manual.loader import load_manual
from search.engine import SearchEngine
from tests.conftest import procedure

FILES = {
    "passports/lost.md": procedure("lost", title="หนังสือเดินทางหาย", classification="public"),
    "passports/new.md": procedure("new", title="ทำหนังสือเดินทางใหม่", classification="public"),
    "family/marry.md": procedure("marry", "family", title="จดทะเบียนสมรส"),
}


def ids(index_dir, query="หนังสือเดินทาง"):
    engine = SearchEngine(index_dir)
    try:
        return sorted(r.id for r in engine.search(query, limit=50).results)
    finally:
        engine.close()


def test_incremental_update_touches_only_what_changed(make_manual, tmp_path):
    root = make_manual(FILES)
    index_dir = tmp_path / "index"
    first = update_index(load_manual(root), index_dir)
    assert first.full and len(first.added) == 3

    (root / "passports/new.md").write_text(procedure("new", title="หนังสือเดินทางเล่มใหม่"), "utf-8")
    (root / "family/marry.md").unlink()
    (root / "family/divorce.md").write_text(procedure("divorce", "family", title="หย่า"), "utf-8")
    second = update_index(load_manual(root), index_dir)
    assert not second.full
    assert second.updated == ["manual/passports/new.md"]
    assert second.added == ["manual/family/divorce.md"]
    assert second.removed == ["manual/family/marry.md"]
    assert ids(index_dir, "สมรส") == [] and ids(index_dir, "หย่า") == ["divorce"]

    third = update_index(load_manual(root), index_dir)
    assert (third.added, third.updated, third.removed) == ([], [], [])


def test_every_run_publishes_a_new_generation_and_keeps_one_before(make_manual, tmp_path):
    root, index_dir = make_manual(FILES), tmp_path / "index"
    for _ in range(4):
        update_index(load_manual(root), index_dir, full=True)
    assert sorted(p.name for p in index_dir.glob("gen-*")) == ["gen-000003", "gen-000004"]
    assert store.current_generation(index_dir).name == "gen-000004"


def test_a_failed_build_leaves_the_previous_index_answering(make_manual, tmp_path, monkeypatch):
    root, index_dir = make_manual(FILES), tmp_path / "index"
    update_index(load_manual(root), index_dir)
    before = ids(index_dir)

    def explode(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(whoosh_backend, "apply_changes", explode)
    with pytest.raises(OSError):
        update_index(load_manual(root), index_dir, full=True)
    assert ids(index_dir) == before
    assert [p.name for p in index_dir.glob("gen-*")] == ["gen-000001"]


def test_an_index_from_another_analyzer_is_refused_then_rebuilt(make_manual, tmp_path):
    root, index_dir = make_manual(FILES), tmp_path / "index"
    update_index(load_manual(root), index_dir)
    manifest_path = store.current_generation(index_dir) / store.MANIFEST
    manifest = json.loads(manifest_path.read_text())
    manifest_path.write_text(json.dumps({**manifest, "analyzer_version": "0"}))
    with pytest.raises(IndexStale, match="index --full"):
        SearchEngine(index_dir)
    report = update_index(load_manual(root), index_dir)
    assert report.full and "analyzer changed" in report.reason
    assert ids(index_dir) == ["lost", "new"]


@pytest.mark.parametrize(
    ("manifest_text", "why"),
    [
        ('{"format": 99}', "format changed"),
        ("not json", "unreadable"),
        ("{}", "unreadable"),
    ],
)
def test_the_engine_refuses_exactly_the_index_the_writer_rebuilds(make_manual, tmp_path, manifest_text, why):
    root, index_dir = make_manual(FILES), tmp_path / "index"
    update_index(load_manual(root), index_dir)
    manifest_path = store.current_generation(index_dir) / store.MANIFEST
    old = json.loads(manifest_path.read_text())
    changed = manifest_text.startswith('{"')
    manifest_path.write_text(json.dumps({**old, **json.loads(manifest_text)}) if changed else manifest_text)
    with pytest.raises(IndexStale, match=why):
        SearchEngine(index_dir)
    report = update_index(load_manual(root), index_dir)
    assert report.full and why in report.reason
    assert SearchEngine(index_dir).search("หนังสือเดินทาง").total > 0


@pytest.mark.parametrize(
    ("kind", "damage"),
    [(".toc", "truncated"), (".pst", "padded"), (".trm", "missing"), ("_stored.col", "truncated"),
     ("glossary.json", "truncated"), ("translations.json", "padded")],
)  # fmt: skip
def test_a_damaged_index_file_is_refused_then_rebuilt(make_manual, tmp_path, kind, damage):
    """Whoosh and json tripped over a cut or lost file with a traceback (struct.error,
    EOFError, UnpicklingError...), and an update kept the damaged file."""
    root, index_dir = make_manual(FILES), tmp_path / "index"
    update_index(load_manual(root), index_dir)
    (path,) = [p for p in store.current_generation(index_dir).iterdir() if p.name.endswith(kind)]
    raw = path.read_bytes()
    path.unlink()  # a new file: generations share theirs as hard links
    if damage != "missing":
        path.write_bytes(raw[: len(raw) // 2] if damage == "truncated" else raw + b"\0")
    with pytest.raises(IndexStale, match=f"damaged .*{path.name}.*index --full"):
        SearchEngine(index_dir)
    report = update_index(load_manual(root), index_dir)
    assert report.full and "damaged" in report.reason
    assert SearchEngine(index_dir).search("หนังสือเดินทาง").total > 0


@pytest.mark.parametrize(
    ("kind", "where"),
    [(".toc", "start"), (".toc", "middle"), (".trm", "start"), (".trm", "end"), ("_stored.col", "start"),
     ("_stored.col", "middle"), ("_stored.col", "end"), ("glossary.json", "middle")],
)  # fmt: skip
def test_a_file_overwritten_in_place_gives_the_damaged_sentence(make_manual, tmp_path, kind, where):
    """Bytes overwritten without changing the file's size pass the manifest's size check;
    Whoosh, zlib, pickle or json then tripped over them with a traceback, on the command
    line and in the API alike."""
    from click.testing import CliRunner

    from cli import cli

    root, index_dir = make_manual(FILES), tmp_path / "index"
    update_index(load_manual(root), index_dir)
    (path,) = [p for p in store.current_generation(index_dir).iterdir() if p.name.endswith(kind)]
    raw = bytearray(path.read_bytes())
    n = min(64, len(raw) // 2)
    at = {"start": 0, "middle": len(raw) // 2, "end": len(raw) - n}[where]
    raw[at : at + n] = b"\xff" * n
    path.unlink()  # a new file: generations share theirs as hard links
    path.write_bytes(bytes(raw))
    queries = ("หนังสือเดินทาง", "passport", "visa", "สมรส")
    with pytest.raises(IndexStale, match=r"damaged .*index --full"):
        engine = SearchEngine(index_dir)
        for query in queries:
            engine.search(query)
    command = ["search", "--batch", "-", "--index", str(index_dir)]
    result = CliRunner().invoke(cli, command, input="\n".join(queries), catch_exceptions=False)
    assert result.exit_code == 2 and "Traceback" not in result.output
    (line,) = result.stderr.strip().splitlines()
    assert "damaged" in line and line.endswith("rebuild it with `python cli.py index --full`")
    update_index(load_manual(root), index_dir, full=True)
    assert SearchEngine(index_dir).search("หนังสือเดินทาง").total > 0


def test_a_bug_in_our_own_code_keeps_its_traceback(make_manual, tmp_path, monkeypatch):
    """Only what a decoder or Whoosh raises is damage: a ValueError of ours is not
    dressed up as a damaged index."""
    root, index_dir = make_manual(FILES), tmp_path / "index"
    update_index(load_manual(root), index_dir)
    engine = SearchEngine(index_dir)

    def broken(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr(engine.planner, "plan", broken)
    with pytest.raises(ValueError, match="a bug"):
        engine.search("หนังสือเดินทาง")


def test_a_changed_glossary_rebuilds_the_index(make_manual, tmp_path):
    root, index_dir = make_manual(FILES), tmp_path / "index"
    update_index(load_manual(root), index_dir)
    (root / "glossary.yml").write_text("- term: ทดสอบคำใหม่\n  expansions: [newword]\n", "utf-8")
    report = update_index(load_manual(root), index_dir)
    assert report.full and "glossary" in report.reason


def test_the_public_edition_holds_only_public_documents(make_manual, tmp_path):
    root, index_dir = make_manual(FILES), tmp_path / "index"
    update_index(load_manual(root), index_dir, public_only=True)
    assert ids(index_dir) == ["lost", "new"]
    assert ids(index_dir, "สมรส") == []
    vocabulary = (store.current_generation(index_dir) / store.VOCAB).read_text("utf-8")
    assert "สมรส" not in vocabulary  # nothing of an internal document leaks into side files


def test_readers_move_to_a_new_generation_on_refresh(make_manual, tmp_path):
    root, index_dir = make_manual(FILES), tmp_path / "index"
    update_index(load_manual(root), index_dir)
    engine = SearchEngine(index_dir)
    assert engine.search("หย่า").total == 0
    (root / "family/divorce.md").write_text(procedure("divorce", "family", title="หย่า"), "utf-8")
    update_index(load_manual(root), index_dir)
    assert engine.search("หย่า").total == 0  # still on the generation it opened
    engine.refresh()
    assert [r.id for r in engine.search("หย่า").results] == ["divorce"]


def test_searching_and_indexing_in_one_process_keep_their_word_lists(make_manual, tmp_path):
    # The server searches with the short list of indexed words while `serve --watch`
    # re-indexes with the full list in the same process; neither may take the other's.
    root, index_dir = make_manual(FILES), tmp_path / "index"
    update_index(load_manual(root), index_dir, full=True)
    first = (store.current_generation(index_dir) / store.VOCAB).read_text("utf-8")
    engine = SearchEngine(index_dir)
    update_index(load_manual(root), index_dir, full=True)
    assert (store.current_generation(index_dir) / store.VOCAB).read_text("utf-8") == first
    engine.refresh()
    assert [r.id for r in engine.search("สมรส").results] == ["marry"]


def test_a_hit_brings_back_the_stored_document_as_written(make_manual, tmp_path) -> None:
    from indexer.index.document import StoredDocument, StoredSection
    from indexer.index.folding import folded_forms

    root = make_manual({"passports/a.md": procedure("a", tags="[ด่วน]", aliases="[พาสหาย]",
                                                    body="ก่อนหัวข้อ\n\n## ขั้นตอน\n\nยื่นคำร้อง\n")})  # fmt: skip
    update_index(load_manual(root), tmp_path / "ix", full=True)
    engine = SearchEngine(tmp_path / "ix")
    [hit] = engine.searcher.search([[whoosh_backend.Weighted(("ยื่น",), 1.0)]], {"body": 1.0}, [], [], {}, 5)[1]
    proc = load_manual(root).procedures[0]
    assert hit.doc == StoredDocument.of(proc, folded_forms(proc, engine.analyzer, engine.planner.stopwords))
    assert hit.doc.tags == ("ด่วน",) and hit.doc.aliases == ("พาสหาย",)
    assert hit.doc.sections[1] == StoredSection("ขั้นตอน", "ขั้นตอน", "ยื่นคำร้อง", "1")
    assert StoredDocument.from_stored(hit.doc.to_stored()) == hit.doc
