"""The loader's cache of parsed files: a reload re-reads only what changed, gives exactly
what a fresh load gives, and a damaged or foreign cache is ignored, never believed."""

from __future__ import annotations

import dataclasses
import os
import sqlite3
from datetime import date

from click.testing import CliRunner

import cli
from indexer.manual.loader import load_manual
from indexer.manual.parse_cache import ParseCache
from tests.conftest import procedure

OLD = 1_600_000_000  # an mtime well in the past: entries are then trusted by size and mtime


def same(a, b) -> bool:
    """Two loads give the same procedures and problems."""

    def fields(manual):
        return [dataclasses.asdict(p) for p in manual.procedures], manual.problems

    return fields(a) == fields(b)


def age(root) -> None:
    for path in root.rglob("*.md"):
        os.utime(path, (OLD, OLD))


def two_files(make_manual):
    root = make_manual({
        "passports/p-one.md": procedure("p-one", related="[p-two]", body="## ก\n\n[ไป](p-two.md#ข)\n"),
        "passports/p-two.md": procedure("p-two", body="## ข\n\nข้อความ\n"),
        "visas/v-one.md": procedure("v-one", category="visas", review_due="2020-01-01"),
    })  # fmt: skip
    age(root)
    return root


def test_a_reload_parses_only_the_changed_file_and_matches_a_fresh_load(make_manual, tmp_path):
    root = two_files(make_manual)
    cache = ParseCache.beside_index(tmp_path / "index", root)
    first = load_manual(root, cache=cache)
    assert (cache.hits, cache.misses) == (0, 3)
    (root / "visas/v-one.md").write_text(procedure("v-one", category="visas", body="## ใหม่\n\nแก้แล้ว\n"))
    again = load_manual(root, cache=cache)
    assert (cache.hits, cache.misses) == (2, 4)
    assert same(again, load_manual(root)) and not same(again, first)
    # A new process finds the same entries in the file beside the index.
    fresh = ParseCache.beside_index(tmp_path / "index", root)
    assert same(load_manual(root, cache=fresh), again) and fresh.misses == 0


def test_checks_between_files_run_on_cached_records(make_manual, tmp_path):
    root = two_files(make_manual)
    cache = ParseCache.beside_index(tmp_path / "index", root)
    assert load_manual(root, cache=cache).errors == []
    (root / "passports/p-two.md").unlink()  # p-one, unchanged, now points at nothing
    (root / "visas/p-one.md").write_text(procedure("p-one", category="visas"))  # a second p-one
    codes = {(p.path, p.code) for p in load_manual(root, cache=cache).errors}
    assert ("manual/passports/p-one.md", "unknown-related") in codes
    assert ("manual/passports/p-one.md", "broken-link") in codes
    assert ("manual/visas/p-one.md", "duplicate-id") in codes


def test_review_warnings_follow_the_day_of_the_load_not_of_the_cache(make_manual, tmp_path):
    root = two_files(make_manual)
    cache = ParseCache.beside_index(tmp_path / "index", root)
    early = load_manual(root, today=date(2019, 6, 1), cache=cache)
    late = load_manual(root, today=date(2026, 6, 1), cache=cache)
    assert "review-overdue" not in {p.code for p in early.problems}
    assert "review-overdue" in {p.code for p in late.problems}


def test_an_edit_that_keeps_size_and_mtime_is_noticed_while_the_mtime_is_recent(make_manual, tmp_path):
    root = make_manual({"passports/p-one.md": procedure("p-one", title="ก")})
    path = root / "passports/p-one.md"
    cache = ParseCache.beside_index(tmp_path / "index", root)
    load_manual(root, cache=cache)
    stat = path.stat()
    path.write_text(procedure("p-one", title="ข"))  # same length in UTF-8
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert load_manual(root, cache=cache).procedures[0].title == "ข"


def test_a_corrupt_cache_is_ignored_and_rebuilt(make_manual, tmp_path):
    root = two_files(make_manual)
    cache = ParseCache.beside_index(tmp_path / "index", root)
    expected = load_manual(root, cache=cache)
    cache.file.write_bytes(b"SQLite format 3\x00" + b"\xff" * 500)
    fresh = ParseCache.beside_index(tmp_path / "index", root)
    assert same(load_manual(root, cache=fresh), expected) and fresh.misses == 3
    again = ParseCache.beside_index(tmp_path / "index", root)
    load_manual(root, cache=again)
    assert again.misses == 0  # the corrupt file was replaced by a good one


def test_records_that_are_not_what_we_write_are_not_believed(make_manual, tmp_path):
    root = two_files(make_manual)
    cache = ParseCache.beside_index(tmp_path / "index", root)
    expected = load_manual(root, cache=cache)
    with sqlite3.connect(cache.file) as db:
        db.execute("UPDATE files SET record = '{\"hash\": 1}' WHERE path LIKE '%p-one.md'")
        db.execute("UPDATE files SET record = 'not json' WHERE path LIKE '%p-two.md'")
        forged = '{"hash": "' + "0" * 64 + '", "problems": [], "front": {"data": {"$code": "x"}}}'
        db.execute("UPDATE files SET record = ? WHERE path LIKE '%v-one.md'", (forged,))
    db.close()
    fresh = ParseCache.beside_index(tmp_path / "index", root)
    assert same(load_manual(root, cache=fresh), expected) and fresh.misses == 3


def test_a_cache_of_another_manual_or_version_is_not_read(make_manual, tmp_path):
    root = two_files(make_manual)
    cache = ParseCache.beside_index(tmp_path / "index", root)
    load_manual(root, cache=cache)
    with sqlite3.connect(cache.file) as db:
        db.execute("UPDATE meta SET value = 'older' WHERE key = 'version'")
    db.close()
    fresh = ParseCache.beside_index(tmp_path / "index", root)
    load_manual(root, cache=fresh)
    assert fresh.misses == 3
    other = ParseCache(cache.file, tmp_path / "another-manual")  # same file, other manual
    load_manual(root, cache=other)
    assert other.misses == 3


def test_a_value_json_cannot_hold_is_parsed_every_time_not_lost(make_manual, tmp_path):
    root = make_manual({"passports/p-one.md": procedure("p-one", blob="!!binary aGVsbG8=")})
    age(root)
    cache = ParseCache.beside_index(tmp_path / "index", root)
    first = load_manual(root, cache=cache)
    fresh = ParseCache.beside_index(tmp_path / "index", root)
    assert same(load_manual(root, cache=fresh), first) and fresh.misses == 1
    assert first.procedures[0].extra["blob"] == b"hello"


def test_a_cache_that_cannot_be_written_does_not_fail_the_load(make_manual, tmp_path):
    root = two_files(make_manual)
    (tmp_path / "index").write_text("a file where the index folder would be")
    cache = ParseCache.beside_index(tmp_path / "index", root)
    assert same(load_manual(root, cache=cache), load_manual(root))


def test_check_and_index_keep_the_cache_in_the_index_folder(make_manual, tmp_path):
    root = two_files(make_manual)
    index = tmp_path / "index"
    runner = CliRunner()
    first = runner.invoke(cli.cli, ["check", "--manual", str(root), "--index", str(index), "--json"])
    assert first.exit_code == 0, first.output
    assert list((index / "loader-cache").glob("*.sqlite"))
    again = runner.invoke(cli.cli, ["check", "--manual", str(root), "--index", str(index), "--json"])
    assert again.output == first.output
    indexed = runner.invoke(cli.cli, ["index", "--manual", str(root), "--index", str(index)])
    assert indexed.exit_code == 0 and "indexed 3 procedures" in indexed.output


def test_a_reload_sees_the_glossary_and_anchors_as_they_are_now(make_manual, tmp_path):
    root = two_files(make_manual)
    cache = ParseCache()
    (root / "glossary.yml").write_text("- term: สอท.\n  expansions: [สถานทูต]\n", "utf-8")
    first = load_manual(root, cache=cache)
    assert ["สอท.", "สถานทูต"] in first.glossary and not first.errors
    first.glossary.clear()  # what a caller does with its copy does not reach the next load
    (root / "glossary.yml").write_text("- term: สกญ.\n  expansions: [สถานกงสุลใหญ่]\n", "utf-8")
    (root / "passports/p-two.md").write_text(procedure("p-two", body="## ค\n\nข้อความ\n"), "utf-8")
    again = load_manual(root, cache=cache)
    assert ["สกญ.", "สถานกงสุลใหญ่"] in again.glossary and ["สอท.", "สถานทูต"] not in again.glossary
    assert [p.code for p in again.errors] == ["broken-anchor"]  # p-one's link to #ข
    assert same(again, load_manual(root))


def test_loads_share_repeated_strings_and_key_layouts_fresh_or_cached(make_manual, tmp_path):
    """What the manual's files repeat (headings, anchors, section numbers, front matter
    values, the layout of the keys) is held once, whether parsed or read from the cache,
    and the key lines still read as a mapping."""
    body = "## ขั้นตอน\n\nข้อความ\n"
    root = make_manual({f"passports/{name}.md": procedure(name, body=body) for name in ("p-a", "p-b")})
    cache_file = tmp_path / "cache.sqlite"
    for _ in range(2):  # a fresh parse, then the same from the cache file
        one, two = load_manual(root, cache=ParseCache(cache_file, root)).procedures
        assert one.category is two.category and one.lang is two.lang
        assert [(s.heading, s.anchor, s.number) for s in one.sections][-1] == ("ขั้นตอน", "ขั้นตอน", "1")
        assert one.sections[-1].heading is two.sections[-1].heading
        assert one.sections[-1].anchor is two.sections[-1].anchor
        assert one.sections[-1].number is two.sections[-1].number
        assert one.key_lines._at is two.key_lines._at
        assert dict(one.key_lines) == {k: one.key_lines[k] for k in one.key_lines}
        assert one.key_lines.get("id") == 2 and one.key_lines.get("none", 5) == 5
        assert "title" in one.key_lines and "none" not in one.key_lines
