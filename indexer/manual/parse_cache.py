"""A cache of parsed procedure files, so a reload re-reads only the files that changed.

The loader asks `ParseCache.parsed(path, parse)` for each file. An entry is reused when
the file's size and modification time are those it was parsed at and that moment is
safely past (otherwise its bytes are hashed again: a file edited twice within the
file system's clock tick keeps its size and mtime, git's "racily clean" case). What is
cached is only what one file says on its own (`ParsedFile`): the review-date warnings
and every check between files are made again on each load.

Entries live in memory (a long-running `serve --watch` keeps one ParseCache) and, when a
file is given, in SQLite beside the index, so a new `index`/`check`/`build` process
reuses them. The file is plain data (JSON records, validated on reading): safe to delete,
versioned with CACHE_VERSION, and a corrupt, foreign or unreadable cache is ignored and
rebuilt. Failing to write it never fails a command: it is only ever a shortcut.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from sys import intern
from typing import Any

from indexer.manual.body_checks import Link
from indexer.manual.frontmatter import FrontMatter
from indexer.manual.model import SHARED_SECTION_FIELDS, KeyLines, Problem, Section, shared_values

# Bump when ParsedFile or its JSON form changes. Entries are also tied to the source of
# the modules that parse one file (PARSING_MODULES): a changed rule there re-parses all.
CACHE_VERSION = 1
PARSING_MODULES = (
    "frontmatter", "yaml_errors", "sections", "body_checks", "markdown_links", "fences", "model", "loader",
    "parse_cache", "placeholders",
)  # fmt: skip
FORMAT_NAME = "ecm-loader-cache"
FOLDER = "loader-cache"
RACY_NS = 2_000_000_000  # an mtime this close to the parse could hide a same-size edit


@dataclass
class ParsedFile:
    """What one procedure file says on its own, before today's date and the other files."""

    content_hash: str
    problems: list[Problem]  # decoding, front matter syntax, unsafe HTML
    front: FrontMatter | None  # None when the file could not be parsed
    sections: list[Section]
    links: list[Link]  # relative links and images, for the check between files
    # The loader's finished result for one day (date, procedure, problems), kept in memory
    # only: a long-running process rebuilds nothing for an unchanged file on the same day.
    finished: tuple[Any, Any, list[Problem]] | None = field(default=None, compare=False, repr=False)
    # The anchors its sections give a link into it (body_checks.anchors_of), memory only.
    anchors: frozenset[str] | None = field(default=None, compare=False, repr=False)


@dataclass
class Entry:
    size: int
    mtime_ns: int
    checked_ns: int  # when the bytes were last hashed
    parsed: ParsedFile


class ParseCache:
    """Parsed files by path; `file` (optional) keeps them between processes."""

    def __init__(self, file: Path | None = None, manual_root: Path | None = None):
        self.file = file
        self.manual = str(Path(manual_root).resolve()) if manual_root else ""
        self.version = f"{CACHE_VERSION}-{parsing_code_hash()}"
        self.entries: dict[str, Entry] = {}
        self.dirty: set[str] = set()
        self.seen: set[str] = set()
        self.loaded_from_disk = file is None
        self.hits = self.misses = 0

    @classmethod
    def beside_index(cls, index_dir: Path, manual_root: Path) -> ParseCache:
        """The cache of this manual kept in the index folder (one file per manual folder)."""
        key = hashlib.sha256(str(Path(manual_root).resolve()).encode()).hexdigest()[:16]
        return cls(Path(index_dir) / FOLDER / f"{key}.sqlite", manual_root)

    def parsed(
        self,
        path: Path | str,
        parse: Callable[[bytes], ParsedFile],
        read: Callable[[Path], bytes] = Path.read_bytes,
    ) -> ParsedFile:
        """The file's ParsedFile, from the cache when its bytes are unchanged.

        Raises OSError when the file cannot be read (the loader reports it)."""
        if not self.loaded_from_disk:
            self.read_disk()
        key = str(path)
        self.seen.add(key)
        stat = os.stat(path)
        entry = self.entries.get(key)
        unchanged = entry and entry.size == stat.st_size and entry.mtime_ns == stat.st_mtime_ns
        if entry and unchanged and stat.st_mtime_ns < entry.checked_ns - RACY_NS:
            self.hits += 1
            return entry.parsed
        raw = read(Path(path))
        digest = hashlib.sha256(raw).hexdigest()
        now = time.time_ns()
        if entry and entry.parsed.content_hash == digest:
            self.hits += 1
            parsed = entry.parsed
        else:
            self.misses += 1
            parsed = parse(raw)
        self.entries[key] = Entry(len(raw), stat.st_mtime_ns, now, parsed)
        self.dirty.add(key)
        return parsed

    def save(self) -> None:
        """Write changed entries and forget files this load did not see."""
        gone = set(self.entries) - self.seen
        for key in gone:
            del self.entries[key]
        self.seen = set()
        if self.file is None or not (self.dirty or gone):
            self.dirty = set()
            return
        try:
            with self.connect() as db:
                db.executemany("DELETE FROM files WHERE path = ?", [(k,) for k in gone])
                rows = [row(k, self.entries[k]) for k in self.dirty if k in self.entries]
                db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?)", filter(None, rows))
            db.close()
        except (sqlite3.Error, OSError, ValueError):
            pass  # a read-only or full disk: the next load parses again, nothing is lost
        self.dirty = set()

    # --- the SQLite file ---------------------------------------------------------------

    def read_disk(self) -> None:
        self.loaded_from_disk = True
        if self.file is None or not self.file.is_file():
            return
        try:
            db = sqlite3.connect(f"file:{self.file}?mode=ro", uri=True)
            try:
                if not self.is_ours(db):
                    return
                rows = db.execute("SELECT path, size, mtime_ns, checked_ns, record FROM files").fetchall()
            finally:
                db.close()
        except sqlite3.Error:
            return  # corrupt: ignored, and replaced by connect() on saving
        for path, size, mtime_ns, checked_ns, record in rows:
            entry = entry_from_row(size, mtime_ns, checked_ns, record)
            if entry is not None and isinstance(path, str):
                self.entries[path] = entry

    def is_ours(self, db: sqlite3.Connection) -> bool:
        try:
            meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
        except sqlite3.Error:
            return False
        wanted = {"format": FORMAT_NAME, "version": self.version, "manual": self.manual}
        return all(meta.get(k) == v for k, v in wanted.items())

    def connect(self) -> sqlite3.Connection:
        """An open cache file of this version and manual, made afresh when it is not."""
        assert self.file is not None
        self.file.parent.mkdir(parents=True, exist_ok=True)
        try:
            db = sqlite3.connect(self.file, timeout=2)
            if self.is_ours(db):
                return db
            db.close()
        except sqlite3.Error:
            pass
        self.file.unlink(missing_ok=True)
        db = sqlite3.connect(self.file, timeout=2)
        db.executescript(
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);"
            "CREATE TABLE files (path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER,"
            " checked_ns INTEGER, record TEXT);"
        )
        meta = {"format": FORMAT_NAME, "version": self.version, "manual": self.manual}
        db.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
        # Everything in memory goes in, not only what changed: the file was not ours.
        self.dirty |= set(self.entries)
        db.commit()
        return db


def parsing_code_hash() -> str:
    """A digest of the code that parses one file, so a program change invalidates the cache."""
    digest = hashlib.sha256()
    for name in PARSING_MODULES:
        digest.update((Path(__file__).parent / f"{name}.py").read_bytes())
    return digest.hexdigest()[:16]


def row(key: str, entry: Entry) -> tuple | None:
    try:
        record = json.dumps(to_json(entry.parsed), ensure_ascii=False)
    except Unencodable:
        return None  # parsed again on each load, like a file seen for the first time
    return (key, entry.size, entry.mtime_ns, entry.checked_ns, record)


def entry_from_row(size: Any, mtime_ns: Any, checked_ns: Any, record: Any) -> Entry | None:
    """An Entry from one row, or None when anything in it is not what we write."""
    if not all(isinstance(v, int) for v in (size, mtime_ns, checked_ns)) or not isinstance(record, str):
        return None
    try:
        return Entry(size, mtime_ns, checked_ns, from_json(json.loads(record)))
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return None


# --- ParsedFile <-> JSON -----------------------------------------------------------------


def to_json(parsed: ParsedFile) -> dict:
    front = parsed.front
    return {
        "hash": parsed.content_hash,
        "problems": [flat(p) for p in parsed.problems],
        "front": None
        if front is None
        else {
            "data": encode(front.data),
            "key_lines": dict(front.key_lines),
            "body": front.body,
            "body_line": front.body_line,
        },
        "sections": [flat(s) for s in parsed.sections],
        "links": [flat(k) for k in parsed.links],
    }


def from_json(data: dict) -> ParsedFile:
    problems = [unflat(Problem, p) for p in data["problems"]]
    sections = [unflat(Section, shared_row(s)) for s in data["sections"]]
    links = [unflat(Link, k) for k in data["links"]]
    raw_front = data["front"]
    front = None
    if raw_front is not None:
        key_lines = raw_front["key_lines"]
        if not all(isinstance(k, str) and type(v) is int for k, v in key_lines.items()):
            raise ValueError("bad key lines")
        key_lines = KeyLines({intern(k): v for k, v in key_lines.items()})  # as the loader keeps them
        front_data = decode(raw_front["data"])
        if not isinstance(front_data, dict):
            raise ValueError("front matter is not a mapping")
        shared_values(front_data)  # as the loader keeps them
        body, body_line = raw_front["body"], raw_front["body_line"]
        if not isinstance(body, str) or type(body_line) is not int:
            raise ValueError("bad body")
        front = FrontMatter(front_data, key_lines, body, body_line)
    content_hash = data["hash"]
    if not isinstance(content_hash, str) or len(content_hash) != 64:
        raise ValueError("bad hash")
    return ParsedFile(content_hash, problems, front, sections, links)


SCALARS = {"str": str, "int": int, "bool": bool}
# Where a Section's flat row has the strings the loader keeps interned (shared_sections)
SHARED_IN_SECTION = [n for n, f in enumerate(dataclasses.fields(Section)) if f.name in SHARED_SECTION_FIELDS]
LAST_SHARED = max(SHARED_IN_SECTION)


def shared_row(values: Any) -> Any:
    """A Section's JSON row with its heading, anchor and number interned, as the loader
    keeps them (model.shared_sections), without making the Section twice."""
    if type(values) is list and len(values) > LAST_SHARED:
        for n in SHARED_IN_SECTION:  # intern raises TypeError for a value not a str: not believed
            values[n] = intern(values[n])
    return values


def flat(record: Any) -> list:
    """A small dataclass of str/int/bool fields (Problem, Section, Link) as a JSON list."""
    return [getattr(record, f.name) for f in dataclasses.fields(record)]


def unflat(cls: Any, values: Any) -> Any:
    """The inverse of `flat`, checking every value's type against the field's."""
    fields = dataclasses.fields(cls)
    if not isinstance(values, list) or len(values) != len(fields):
        raise ValueError(f"unexpected {cls.__name__} {values!r:.80}")
    for f, value in zip(fields, values, strict=True):
        if type(value) is not SCALARS.get(str(f.type)):
            raise ValueError(f"unexpected {cls.__name__}.{f.name} {value!r:.80}")
    return cls(*values)


class Unencodable(ValueError):
    """A YAML value with no JSON form here (e.g. !!binary): the file is not cached."""


def encode(value: Any) -> Any:
    """YAML's safe values as JSON: mappings and dates are tagged so they come back as such."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {"$map": [[encode(k), encode(v)] for k, v in value.items()]}
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    raise Unencodable(type(value).__name__)


def decode(value: Any) -> Any:
    if isinstance(value, list):
        return [decode(v) for v in value]
    if isinstance(value, dict):
        ((tag, inner),) = value.items()
        if tag == "$map":
            return {decode(k): decode(v) for k, v in inner}
        if tag == "$datetime":
            return datetime.fromisoformat(inner)
        if tag == "$date":
            return date.fromisoformat(inner)
        raise ValueError(f"unknown tag {tag!r}")
    return value
