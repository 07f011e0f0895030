"""The index folder: generations, the `current` pointer, and the manifest.

    <index>/current -> gen-000007     a relative symlink, swapped atomically
    <index>/gen-000007/               whoosh files, words.txt, query_words.txt, vocab.txt,
                                      glossary.json, manifest.json, hashes.json (what
                                      was indexed), terms-*.txt (each segment's terms),
                                      *.table (query words, translations, the
                                      languages' words: tables.py)
    <index>/loader-cache/             the loader's parse cache (indexer/manual/parse_cache.py)

Every `index` run writes a new generation (a hard-linked copy of the current one for an
incremental update, an empty folder for a full rebuild) and only then points `current`
at it. Readers hold the generation they opened; a crash or a failed build leaves
`current` where it was, and the half-written folder is removed by the next run.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from indexer.text.analysis import ANALYZER_VERSION

CURRENT = "current"
MANIFEST = "manifest.json"
WORDS = "words.txt"
QUERY_WORDS = "query_words.txt"
VOCAB = "vocab.txt"
GLOSSARY = "glossary.json"
REFS = "refs.json"  # citable reference ("PP 3") -> procedure id (search.refs)
TRANSLATIONS = "translations.json"  # the bilingual lexicon, analysed, forms this index holds
# The query word list and the translations again, as tables a query reads a bucket at a
# time (indexer/index/tables.py); without them (an index written before) the files above serve.
QUERY_WORDS_TABLE = "query_words.table"
TRANSLATIONS_TABLE = "translations.table"
LEXICON_CACHE = "lexicon-analysed.json"  # the whole lexicon analysed, reused while unchanged
# The lexicon's one-word English sides this index holds a translation of, as written: "did
# you mean" may offer them beside the vocabulary (evacuation, where only อพยพ is written).
LEXICON_WORDS = "lexicon_words.txt"
# The real words of Thai and English with their corpus counts (indexer/text/language.py), as a
# table: spelling keeps a real word the manual lacks. An index without it spells as before.
LANGUAGE_TABLE = "language.table"
# 4: stored documents carry their folded forms (indexer/index/folding.py); 3: see-also
# link lists left out of stored sections; 2: stored documents carry the ref and section
# numbers; refs.json (citations)
FORMAT = 4
KEEP_GENERATIONS = 2  # the current one and the one before, which a reader may still hold


@dataclass
class Manifest:
    """What a generation was built with and from (manifest.json)."""

    analyzer_version: str
    dictionary_version: str
    built_at: str
    doc_count: int
    public_only: bool
    manual: str
    format: int = FORMAT
    # body line keys left out as site boilerplate (indexer/index/boilerplate.py); None
    # in an index written before they were
    boilerplate: list[str] | None = None
    # the stopwords the stored titles' heads end at (folding.heads_key; "" before they were kept)
    heads: str = ""
    # the size in bytes of each file a reader cannot do without (file_sizes), as written;
    # None in an index written before they were kept
    files: dict[str, int] | None = None

    @classmethod
    def read(cls, generation: Path) -> Manifest:
        data = json.loads((generation / MANIFEST).read_text(encoding="utf-8"))
        return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})

    def write(self, generation: Path) -> None:
        write_atomic(generation / MANIFEST, json.dumps(asdict(self), ensure_ascii=False, indent=1))


def usable_manifest(generation: Path) -> tuple[Manifest | None, str]:
    """The generation's manifest when this program can read the index; else None and why not.

    The one compatibility rule, for the writer (which rebuilds) and the engine (which
    refuses): the folder layout (FORMAT) and the analyzer pickled into the schema
    (ANALYZER_VERSION) must both be this program's.
    """
    try:
        manifest = Manifest.read(generation)
    except (OSError, ValueError, TypeError, KeyError) as exc:
        return None, f"the index's manifest is unreadable ({exc})"
    if manifest.format != FORMAT:
        return None, f"the index format changed (v{manifest.format} -> v{FORMAT})"
    if manifest.analyzer_version != ANALYZER_VERSION:
        return None, f"the analyzer changed (v{manifest.analyzer_version} -> v{ANALYZER_VERSION})"
    damaged = next(
        (name for name, size in (manifest.files or {}).items() if size_of(generation / name) != size), None
    )
    if damaged is not None:
        return None, f"the index is damaged ({damaged} is not the file that was written)"
    return manifest, ""


# Files that carry their own check and are written again when it fails (the tables, the
# writer's record of what it indexed and made, the kept term lists, the analysed lexicon):
# a search or an update without them answers as with them.
HASHES = "hashes.json"  # path -> content hash of what this generation indexed
MADE_FROM = "made-from.json"  # file -> digest of the sources it was derived from
SELF_CHECKED = (HASHES, MADE_FROM, LEXICON_CACHE)
SELF_CHECKED_SUFFIXES = (".table", ".tmp", "WRITELOCK")


def file_sizes(generation: Path) -> dict[str, int]:
    """The size of each file of the generation a reader cannot do without: a truncated,
    padded or missing one is told apart by its size before Whoosh or json trips over it."""
    return {
        path.name: path.stat().st_size
        for path in sorted(generation.iterdir())
        if path.is_file()
        and path.name != MANIFEST
        and path.name not in SELF_CHECKED
        and not path.name.endswith(SELF_CHECKED_SUFFIXES)
        and not path.name.startswith(("all-terms-", "terms-"))
    }


def size_of(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return -1


def write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def current_generation(index_dir: Path) -> Path | None:
    link = Path(index_dir) / CURRENT
    if not link.is_symlink():
        return None
    target = link.parent / os.readlink(link)
    return target if (target / MANIFEST).is_file() else None


def generation_number(path: Path) -> int:
    try:
        return int(path.name.split("-", 1)[1])
    except (IndexError, ValueError):
        return 0


def new_generation(index_dir: Path, copy_from: Path | None) -> Path:
    """A fresh generation folder, hard-linking the files of `copy_from` when given.

    Whoosh never rewrites a file it has written (segments are immutable, the table of
    contents is replaced by rename), so sharing files between generations is safe.
    """
    index_dir.mkdir(parents=True, exist_ok=True)
    remove_unpublished(index_dir)
    numbers = [generation_number(p) for p in index_dir.glob("gen-*")]
    target = index_dir / f"gen-{max(numbers, default=0) + 1:06d}"
    target.mkdir()
    if copy_from is not None:
        for item in copy_from.iterdir():
            if item.is_file() and not item.name.endswith((".tmp", "WRITELOCK")):
                os.link(item, target / item.name)
    return target


def publish(index_dir: Path, generation: Path) -> None:
    """Point `current` at `generation` in one atomic rename, then drop old generations:
    all but the last KEEP_GENERATIONS, and every one of the other edition. A public
    generation keeps no predecessor at all: the one before still holds the words and
    pages this one dropped (a reader that held it opens the new one on its next query)."""
    fsync_dir(generation)
    tmp = index_dir / (CURRENT + ".tmp")
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    os.symlink(generation.name, tmp)
    os.replace(tmp, index_dir / CURRENT)
    fsync_dir(index_dir)
    generations = sorted(index_dir.glob("gen-*"), key=generation_number)
    for old in generations[:-KEEP_GENERATIONS]:
        shutil.rmtree(old, ignore_errors=True)
    public = Manifest.read(generation).public_only
    for old in generations[-KEEP_GENERATIONS:]:
        if old != generation and (public or generation_edition(old) is not False):
            shutil.rmtree(old, ignore_errors=True)


def generation_edition(generation: Path) -> bool | None:
    """public_only of a generation, or None when its manifest cannot be read."""
    try:
        return Manifest.read(generation).public_only
    except (OSError, ValueError, TypeError, KeyError):
        return None


def remove_unpublished(index_dir: Path) -> None:
    """Remove generations newer than `current`: leftovers of a run that died."""
    current = current_generation(index_dir)
    floor = generation_number(current) if current else 0
    for path in index_dir.glob("gen-*"):
        if generation_number(path) > floor:
            shutil.rmtree(path, ignore_errors=True)


@contextmanager
def writer_lock(index_dir: Path) -> Iterator[None]:
    """One writer per index folder; the OS drops the lock when a writer dies."""
    index_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(index_dir / "write.lock", os.O_CREAT | os.O_WRONLY, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
