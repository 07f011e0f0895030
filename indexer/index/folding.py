"""What the ranking's substring tests read of a document (search.engine: coverage,
title_factor, holds), worked out once as the document is indexed and stored with it.

Every query reads these forms for each of its candidates (some thirty): folding them
then, and cutting the titles' heads with the analyzer, was a third of a warm query at
10,000 procedures and most of a cold one's segmentation.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING

from indexer.index.document import Folded
from indexer.text.analysis import analyze, stemmed
from indexer.text.thai import plain_words

if TYPE_CHECKING:  # the query path never needs the loader's model
    from indexer.manual.model import Procedure

# Filler words that join a noun to the noun it belongs to, or to its like, or to whom it is
# for, inside what a title is about (Certificate of Identity, ฐานะแห่งครอบครัว,
# ถูกจับกุมหรือคุมขัง, Passport Application for Thai Citizens; สำหรับ is no filler at all).
LINKS = frozenset(["of", "ของ", "แห่ง", "and", "or", "และ", "หรือ", "for"])


def folded_forms(proc: Procedure, analyzer, stopwords: frozenset[str]) -> Folded:
    """The procedure's searchable text, its titles and its titles' heads, each folded
    (the heads "" without an analyzer: `folded_heads` is then called where there is one)."""
    parts = [proc.title, proc.title_en, proc.summary, *proc.tags, *proc.aliases]
    parts += [f"{s.heading} {s.text}" for s in proc.sections]
    heads = folded_heads(proc.title, proc.title_en, analyzer, stopwords) if analyzer is not None else ""
    return Folded(fold(" ".join(parts)), fold(f"{proc.title} {proc.title_en}"), heads)


def folded_heads(title: str, title_en: str, analyzer, stopwords: frozenset[str]) -> str:
    """The heads of both titles, folded. They are cut with the index's analyzer, which
    segments with the whole word list as the title's own terms are: the query side's
    shorter list (only the words the manual holds) is made from the index after the
    documents are written."""
    return fold(f"{head(title, analyzer, stopwords)} {head(title_en, analyzer, stopwords)}")


def heads_key(stopwords: frozenset[str]) -> str:
    """A digest of what the stored heads depend on besides the analyzer (whose changes
    rebuild the index already): a changed list of stopwords or LINKS, and the heads of
    every stored document are out of date."""
    words = [*sorted(stopwords), "\x00", *sorted(LINKS)]
    return hashlib.sha256("\n".join(words).encode()).hexdigest()[:16]


def head(title: str, analyzer, stopwords: frozenset[str]) -> str:
    """The title up to its first filler word after a telling one: what the page is about,
    before what qualifies it (การจดทะเบียนสมรส | ระหว่างคนไทย..., Thai workers | in ...)."""
    telling = False
    for t in analyze(analyzer, title):
        word = t.text
        filler = (word in stopwords or title[t.start : t.end].lower() in stopwords) and word not in LINKS
        if filler and telling:
            return title[: t.start]
        telling = telling or not filler
    return title


WORD = re.compile(r"[a-z0-9]+(?:['’-][a-z0-9]+)*|[\u0e00-\u0e7f]+")
APOSTROPHE = re.compile("['’]")
LATIN = re.compile(r"[a-z]")


def fold(text: str) -> str:
    """Text as `holds` reads it: spelled as the analyzer spells words (thai.plain_words),
    lower case, no dots; when it has English words, then a NUL and the text's words one by
    one, each English word as its Porter stem and each Thai run as "-". A query's stem is
    then found in "attorney" and "voting" as it is in "registration" (registr), and the
    words of an English form near one another."""
    # NFC as thai.other_words spells the words of other scripts (й written as и and a breve)
    text = unicodedata.normalize("NFC", plain_words(text).lower()).replace(".", "")
    if not LATIN.search(text):
        return text
    words = (folded_word(w) if w.isascii() else "-" for w in WORD.findall(text))
    return f"{text}\x00{' '.join(w for w in words if w)}"


@lru_cache(maxsize=50_000)
def folded_word(word: str) -> str:
    """One word of `fold`'s list: its parts (latin_parts), each as its stem, a space apart.
    Kept, as a manual's English words recur from document to document."""
    return " ".join(stemmed(p) for p in latin_parts(word))


def latin_parts(word: str) -> list[str]:
    """A word as the analyzer gives it: e-visa as e, visa and evisa (LatinPartsFilter), a
    Thai run as "-", which no query word is."""
    if not word.isascii():
        return ["-"]
    parts = [p for p in APOSTROPHE.sub("-", word).split("-") if p]
    return [*parts, "".join(parts)] if len(parts) > 1 else parts
