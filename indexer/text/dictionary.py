"""The Thai word list the segmenter uses, and its version.

Words = pythainlp's CC0 word list + our domain words + every Thai glossary word. The
version is a hash of the list, recorded with the index: a changed list means a rebuild.
pythainlp is never imported (that costs about a second); only its data file is read.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from indexer.text.thai import dictionary_forms

DOMAIN_WORDS = Path(__file__).parent / "data" / "domain_words.txt"


def pythainlp_words_file() -> Path:
    spec = importlib.util.find_spec("pythainlp")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("pythainlp is not installed; run the README's set-up command")
    return Path(next(iter(spec.submodule_search_locations))) / "corpus" / "words_th.txt"


def read_words(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").split("\n")
    return [w.strip() for w in lines if w.strip() and not w.startswith("#")]


def build_words(glossary_groups: Iterable[list[str]]) -> list[str]:
    return list(words_with(tuple(tuple(group) for group in glossary_groups)))


@lru_cache(maxsize=4)  # serve --watch re-indexes with the same glossary again and again
def words_with(glossary_groups: tuple[tuple[str, ...], ...]) -> tuple[str, ...]:
    words = set(read_words(pythainlp_words_file()))
    words.update(read_words(DOMAIN_WORDS))
    for group in glossary_groups:
        for term in group:
            words.update(dictionary_forms(term))
    return tuple(sorted(w for w in words if " " not in w))


def words_version(words: list[str]) -> str:
    return hashlib.sha256("\n".join(words).encode("utf-8")).hexdigest()[:16]


def write_words(words: Iterable[str], path: Path) -> bytes:
    """Replace the file, never rewrite it: a generation's files start as hard links to the
    last generation's, which a running search may still read. Returns what it wrote."""
    raw = ("\n".join(words) + "\n").encode("utf-8")
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(raw)
    os.replace(tmp, path)
    return raw
