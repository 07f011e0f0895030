"""The query word list and the translations filed in buckets (indexer/index/tables.py):
they must say exactly what the plain files say, and a table that does not is never used."""

from __future__ import annotations

import json
import shutil
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from indexer.index import store, tables
from indexer.index.writer import update_index
from indexer.manual.loader import load_manual
from indexer.text.analysis import content_name, words_inside
from indexer.text.thai import RUNS
from search.translations import Translations
from tests.conftest import ROOT, SAMPLE_MANUAL, procedure

QUERIES = [
    "หนังสือเดินทางหาย",
    "ต่อพาส",
    "จดทะเบียนสมรส ที่สถานทูต",
    "passport lost abroad",
    "marriage registration",
    "หนังสือเดินทง",  # a typo
    '"หนังสือ เดินทาง" -ค่าธรรมเนียม',
    "PP 3",
]


def generation(index: Path) -> Path:
    found = store.current_generation(index)
    assert found is not None
    return found


def answers(index: Path) -> list[dict]:
    """The engine's answers to QUERIES in a fresh process (the word lists it registers
    are per process: one opened here would be reused for another folder's copy)."""
    code = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from search.engine import SearchEngine\n"
        f"engine = SearchEngine(Path({str(index)!r}))\n"
        f"print(json.dumps([engine.search(q).to_dict() for q in {QUERIES!r}], ensure_ascii=False))\n"
        "lexicon = engine.planner.lexicon\n"
        "print(json.dumps([lexicon.table is not None, lexicon._words is not None]))"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    found, (tabled, whole) = [json.loads(line) for line in done.stdout.splitlines()[-2:]]
    return [found, tabled, whole]


def test_a_table_gives_back_every_line_under_its_key(tmp_path) -> None:
    entries = [(f"k{i % 37}", f"line {i} ข้อ") for i in range(500)]
    tables.write(tmp_path / "t.table", entries, {"made": "here"})
    table = tables.Table.open(tmp_path / "t.table")
    assert table is not None and table.meta == {"made": "here"}
    for key in {k for k, _ in entries}:
        assert {line for k, line in entries if k == key} <= set(table.lines(key))
    assert sorted(table.all_lines()) == sorted(line for _, line in entries)
    tables.write(tmp_path / "empty.table", [], {})
    empty = tables.Table.open(tmp_path / "empty.table")
    assert empty is not None and empty.lines("x") == [] and empty.all_lines() == []


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[:-1],  # a short write
        lambda raw: raw[:-5] + bytes([raw[-5] ^ 1]) + raw[-4:],  # one bit flipped in the data
        lambda raw: raw.replace(b"ECMTABLE 1", b"ECMTABLE 9", 1),  # another version
        lambda raw: raw.replace(b'"buckets"', b'"bucketz"', 1),
        lambda raw: raw[: raw.index(b"\n", 11)] + b"{not json\n" + raw[raw.index(b"\n", 11) + 1 :],
        lambda raw: b"",
        lambda raw: raw[:11],
    ],
)
def test_a_damaged_or_foreign_table_is_not_opened(tmp_path, damage) -> None:
    path = tmp_path / "t.table"
    tables.write(path, [(str(i), f"line {i}") for i in range(100)], {})
    path.write_bytes(damage(path.read_bytes()))
    assert tables.Table.open(path) is None
    assert tables.Table.open(tmp_path / "missing.table") is None


def resealed(raw: bytes, header: dict | None = None, body: bytes | None = None) -> bytes:
    """A table file changed as another writer might make it: a header and body that agree
    with their own size and checksum, so only the layout can tell it apart."""
    end = raw.index(b"\n", len(tables.MAGIC))
    meta = {**json.loads(raw[len(tables.MAGIC) : end]), **(header or {})}
    body = raw[end + 1 :] if body is None else body
    meta["size"], meta["crc"] = len(body), zlib.crc32(body)
    return tables.MAGIC + json.dumps(meta).encode() + b"\n" + body


@pytest.mark.parametrize(
    "change",
    [
        {"buckets": 10**6},  # more buckets than offsets
        {"buckets": 2},  # fewer: the offsets' bytes read as data
        {"buckets": True},
        {"offsets": lambda offsets: [*offsets[:3], offsets[5], *offsets[4:]]},  # out of order
        {"offsets": lambda offsets: [offsets[0] + 1, *offsets[1:]]},
    ],
)
def test_a_table_of_a_foreign_layout_is_not_opened(tmp_path, change) -> None:
    path = tmp_path / "t.table"
    tables.write(path, [(str(i), f"line {i} ข้อ") for i in range(100)], {})
    raw = path.read_bytes()
    if "offsets" in change:
        end = raw.index(b"\n", len(tables.MAGIC))
        count = json.loads(raw[len(tables.MAGIC) : end])["buckets"]
        body = raw[end + 1 :]
        offsets = list(struct.unpack(f"<{count + 1}I", body[: 4 * (count + 1)]))
        moved = struct.pack(f"<{count + 1}I", *change["offsets"](offsets))
        path.write_bytes(resealed(raw, body=moved + body[4 * (count + 1) :]))
    else:
        path.write_bytes(resealed(raw, change))
    assert tables.Table.open(path) is None


def test_a_word_table_filed_by_other_first_letters_is_not_used(tmp_path, monkeypatch) -> None:
    # PREFIX decides which bucket a word is looked for in: a table filed under another
    # number of letters (an older or newer writer) would say a word it holds is missing.
    words = sorted({a + b for a in ["กงสุล", "สมรส", "หนังสือ", "เดินทาง", "ทูต"] for b in "กขคงจฉชซ"})
    monkeypatch.setattr(tables, "PREFIX", 2)
    tables.write_words(tmp_path / "w.table", words, "name", 10)
    monkeypatch.undo()
    table = tables.WordTable.open(tmp_path / "w.table")
    assert table is None or all(w in table for w in words)


def test_the_word_table_holds_and_finds_what_the_word_list_does(sample_index) -> None:
    gen = generation(sample_index)
    raw = (gen / store.QUERY_WORDS).read_bytes()
    words = [w for w in raw.decode("utf-8").split("\n") if w]
    table = tables.WordTable.open(gen / store.QUERY_WORDS_TABLE)
    assert table is not None
    assert (table.source, table.source_size) == (content_name(raw), len(raw))
    assert table.longest == max(map(len, words))
    assert sorted(table.all_words()) == sorted(words)
    known = frozenset(words)
    assert all(w in table for w in words)
    strangers = [w + "ก" for w in words] + [w[:-1] for w in words] + ["", "x", "ๆ"]
    assert [w in table for w in strangers] == [w in known for w in strangers]
    runs = [m.group("th") for p in SAMPLE_MANUAL.rglob("*.md") for m in RUNS.finditer(p.read_text("utf-8"))]
    runs = [r for r in runs if r]
    assert len(runs) > 1000
    for run in runs:
        assert table.inside(run) == words_inside(run, known, table.longest)


def test_the_row_table_answers_as_the_json_file(sample_index, tmp_path) -> None:
    gen = generation(sample_index)
    rows = json.loads((gen / store.TRANSLATIONS).read_text(encoding="utf-8"))
    whole = Translations.load(gen / store.TRANSLATIONS)
    tabled = Translations.load(gen / store.TRANSLATIONS, gen / store.TRANSLATIONS_TABLE)
    assert isinstance(getattr(tabled.row, "__self__", None), tables.RowTable)
    assert tabled.longest == whole.longest > 1
    for row in rows:
        words = tuple(row[0])
        assert tabled.get(words) == whole.get(words) is not None
        assert tabled.get((*words, "zz")) == whole.get((*words, "zz"))
        assert tabled.get(words[1:]) == whole.get(words[1:])
    # a JSON file rewritten since the table was made (another size): the file is read
    moved = tmp_path / "translations.json"
    moved.write_text(json.dumps(rows[:-1], ensure_ascii=False), encoding="utf-8")
    assert tables.RowTable.open(gen / store.TRANSLATIONS_TABLE, moved) is None
    assert Translations.load(moved, gen / store.TRANSLATIONS_TABLE).get(tuple(rows[-1][0])) is None


def test_keys_that_look_like_the_line_format_are_kept_apart(tmp_path) -> None:
    rows = [[["a\tb"], ["x"]], [["a"], ["y"]], [['a"'], ["z"]], [["a", "b"], ["w"]], [["a"], ["last"]]]
    source = tmp_path / "rows.json"
    source.write_text(json.dumps(rows), encoding="utf-8")
    tables.write_rows(tmp_path / "rows.table", rows, source.stat().st_size)
    found = tables.RowTable.open(tmp_path / "rows.table", source)
    assert found is not None and found.longest == 2
    assert [found.get(k) for k in ["a\tb", "a", 'a"', "a b", "b"]] == [
        [["a\tb"], ["x"]], [["a"], ["last"]], [['a"'], ["z"]], [["a", "b"], ["w"]], None,
    ]  # fmt: skip


def test_search_answers_alike_with_tables_without_them_and_with_damaged_ones(sample_index, tmp_path) -> None:
    with_tables, tabled, whole = answers(sample_index)
    assert tabled and not whole  # the word list was never read whole
    assert sum(r["total"] for r in with_tables) > 0
    copy = tmp_path / "index"
    shutil.copytree(sample_index, copy, symlinks=True)
    gen = generation(copy)
    for name in (store.QUERY_WORDS_TABLE, store.TRANSLATIONS_TABLE):
        (gen / name).unlink()
    assert answers(copy)[:2] == [with_tables, False]
    for name in (store.QUERY_WORDS_TABLE, store.TRANSLATIONS_TABLE):
        shutil.copy(generation(sample_index) / name, gen / name)
        raw = (gen / name).read_bytes()
        (gen / name).write_bytes(raw[:-3] + b"\x00\x00\x00")
    assert answers(copy)[:2] == [with_tables, False]


def test_an_index_written_before_the_tables_gets_them_at_its_next_update(make_manual, tmp_path) -> None:
    manual = make_manual({"passports/a.md": procedure("a"), "passports/b.md": procedure("b", title="วีซ่า")})
    index = tmp_path / "index"
    update_index(load_manual(manual), index, full=True)
    for name in (store.QUERY_WORDS_TABLE, store.TRANSLATIONS_TABLE):
        (generation(index) / name).unlink()
    report = update_index(load_manual(manual), index)
    assert not report.full and not report.updated
    gen = generation(index)
    assert tables.WordTable.open(gen / store.QUERY_WORDS_TABLE) is not None
    assert tables.RowTable.open(gen / store.TRANSLATIONS_TABLE, gen / store.TRANSLATIONS) is not None


def test_a_damaged_table_is_written_again_at_the_next_update(make_manual, tmp_path) -> None:
    # A table that does not open is never used, so search falls back to the slow plain
    # files: an update that brings nothing new must still put a working table back.
    manual = make_manual({"passports/a.md": procedure("a"), "passports/b.md": procedure("b", title="วีซ่า")})
    index = tmp_path / "index"
    update_index(load_manual(manual), index, full=True)
    for name in (store.QUERY_WORDS_TABLE, store.TRANSLATIONS_TABLE):
        path = generation(index) / name
        raw = path.read_bytes()
        path.unlink()  # a new file: generations share theirs as hard links
        path.write_bytes(raw[:-1] + bytes([raw[-1] ^ 1]))
    report = update_index(load_manual(manual), index)
    assert not report.full and not report.updated
    gen = generation(index)
    assert tables.WordTable.open(gen / store.QUERY_WORDS_TABLE) is not None
    assert tables.RowTable.open(gen / store.TRANSLATIONS_TABLE, gen / store.TRANSLATIONS) is not None


def test_a_table_of_bytes_no_utf8_under_a_valid_checksum_answers_without_a_traceback(tmp_path) -> None:
    meta = {"source": "x", "source_size": 1, "longest": 3, "prefix": 3}
    raw = tables.encoded([("abc", "abc\t5"), ("xyz", "xyz\t3")], meta)
    end = raw.find(b"\n", len(tables.MAGIC))
    body = raw[end + 1 :].replace(b"xyz\t3", b"\xff\xfe\xfd\t3")
    header = {**json.loads(raw[len(tables.MAGIC) : end]), "size": len(body), "crc": zlib.crc32(body)}
    path = tmp_path / "language.table"
    path.write_bytes(tables.MAGIC + json.dumps(header).encode() + b"\n" + body)
    table = tables.CountedWords.open(path)
    assert table is not None
    assert table.count("abc") == 5
    assert table.count("xyz") is None
    assert "abc" in table.all_words()
