"""The bilingual lexicon: English <-> Thai pairs that let a query cross languages.

Two sources, read as data (pythainlp itself is never imported: that costs a second):
    indexer/text/data/lexicon.tsv        consular vocabulary, `english<TAB>thai` a line
    pythainlp's th_en_transliteration    loanwords (วีซ่า visa, พาสปอร์ต passport)
A manual's glossary.yml extends search further (its groups are synonyms, any language).
The index build analyses every pair once and stores the result with the index
(`translation_table`), so a query only looks words up.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from indexer.text.dictionary import pythainlp_words_file
from indexer.text.thai import is_thai

LEXICON = Path(__file__).parent / "data" / "lexicon.tsv"
TABLE_VERSION = "6"  # how the stored table is made from the pairs (6: English words have siblings too)
Words = tuple[str, ...]


class LexiconError(ValueError):
    """A malformed lexicon line: a bug in data that ships with the engine."""


@dataclass(frozen=True)
class Pair:
    """One line of the lexicon: a Thai form and an English form."""

    english: str
    thai: str
    where: str  # file:line, for messages


def has_thai(text: str) -> bool:
    return any(is_thai(ch) for ch in text)


def transliteration_file() -> Path:
    return pythainlp_words_file().parent / "th_en_transliteration_v1.4.tsv"


def parse_lexicon(text: str, name: str) -> list[Pair]:
    """Pairs of a lexicon file; a malformed line raises LexiconError naming file and line."""
    pairs = []
    for n, line in enumerate(text.split("\n"), start=1):
        line = line.rstrip("\r")
        if not line.strip() or line.startswith("#"):
            continue
        pieces = line.split("\t")
        if len(pieces) != 2 or not all(p.strip() for p in pieces):
            raise LexiconError(f"{name}:{n}: expected 'english<TAB>thai', got {line!r}")
        english, thai = (p.strip() for p in pieces)
        if has_thai(english) or not has_thai(thai):
            raise LexiconError(f"{name}:{n}: the English side comes first, then the Thai: {line!r}")
        pairs.append(Pair(english, thai, f"{name}:{n}"))
    return pairs


def load_lexicon(path: Path = LEXICON) -> list[Pair]:
    return parse_lexicon(path.read_text(encoding="utf-8"), path.name)


def load_transliterations(path: Path | None = None) -> list[Pair]:
    """pythainlp's Thai-English loanword list (columns th, en, check); missing file: none."""
    path = path or transliteration_file()
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter="\t"))
    return [
        Pair(row[1].strip().lower(), row[0].strip(), f"{path.name}:{n}")
        for n, row in enumerate(rows[1:], start=2)
        if len(row) >= 2 and row[0].strip() and row[1].strip() and has_thai(row[0]) and row[1].isascii()
    ]


def all_pairs() -> list[Pair]:
    return load_lexicon() + load_transliterations()


def translation_table(pairs: Iterable[Pair], analyze: Callable[[str], Words]) -> list[list[Words]]:
    """[source words, translation, translation, ...] rows, both directions, analysed.

    Forms keep the lexicon's order (the first written is the usual one); a pair whose
    sides analyse to the same words (a transliteration spelled in Latin) adds nothing.
    """
    table: dict[Words, list[Words]] = {}
    for pair in pairs:
        english, thai = analyze(pair.english), analyze(pair.thai)
        if not english or not thai or english == thai:
            continue
        for source, target in ((english, thai), (thai, english)):
            forms = table.setdefault(source, [])
            if target not in forms:
                forms.append(target)
    return [[source, *targets] for source, targets in table.items()]


def shorthand(words: Words, is_filler: Callable[[str], bool]) -> bool:
    """A Thai phrase headed by a stopword (ต่อ พาส, ถึง เกณฑ์ทหาร): pythainlp's Thai list
    holds verbs such as ต่อ, ขอ, รับ, ถึง that lead colloquial shorthand, where the head
    carries the sense (ต่อ = renew). English stopwords are function words; they never do."""
    return len(words) > 1 and is_thai(words[0]) and is_filler(words[0])


CHAIN: Words = ()  # in a stored row, between a word's own translations and its chained ones


def with_siblings(rows: list[list[Words]], is_filler: Callable[[str], bool]) -> list[list[Words]]:
    """Rows also list their siblings: the other forms, in the source's language, of what
    they translate to (คอนโด -> condo -> ห้องชุด; สแกมเมอร์ -> scammer -> มิจฉาชีพ; fee ->
    ค่าธรรมเนียม -> charge).

    Pages say the native word or the formal one, and an index without English pages
    holds no "condo" to translate back through. An English page that says "charge" holds
    the "fee" of a query only so, where every Thai page holds it through ค่าธรรมเนียม
    (measured: English queries whose answer is an English page, on held-out mission
    pages 0.858 -> 0.883, and 0.956 -> 0.967 on the imported run). Siblings follow CHAIN,
    after the row's own translations, and weigh less (search.plan), being a step further
    from the word; a shorthand phrase's (ต่อ พาส -> ต่ออายุ หนังสือเดินทาง) are its own
    translations, for its head carries the sense and the query keeps the phrase whole
    (search.plan)."""
    forms = {tuple(row[0]): row[1:] for row in rows}
    out = []
    for source, *targets in rows:
        siblings = [s for t in targets for s in forms.get(t, []) if s not in targets]
        siblings = list(dict.fromkeys(s for s in siblings if not holding(s, source)))
        if shorthand(source, is_filler):
            targets = [*targets, *siblings]
        elif siblings:
            targets = [*targets, CHAIN, *siblings]
        out.append([source, *targets])
    return out


def holding(form: Words, source: Words) -> bool:
    """Whether a form writes the source inside it (การหย่า, หย่า แล้ว for หย่า): the
    index finds a word inside longer ones already, so as a sibling it would only count
    the same page twice."""
    return "".join(source) in "".join(form)


def fallback(row: list[Words], terms: set[str]) -> list[Words]:
    """A stored row keeps its chained forms only when the index holds none of its own
    translations, or not the word itself (พ่อ, where pages write บิดา: the English
    "father" of a page or two does not find the Thai pages): a step further is taken only
    where the first finds nothing in the word's own language, for every step away from
    the word makes a wrong sense likelier (บุคคล -> person -> ประชาชน)."""
    if CHAIN not in row:
        return row
    at = row.index(CHAIN)
    own, chained = row[1:at], row[at + 1 :]
    written = all(w in terms for w in row[0])
    return [row[0], *own] if (own and written) or not chained else [row[0], *own, CHAIN, *chained]


def with_joined(rows: list[list[Words]], terms: set[str]) -> list[list[Words]]:
    """Rows, and for a Thai source cut into words none of which a page holds (a loanword:
    สแกมเมอร์ as ส แกม เมอร์, by the full word list), the same row under the words run
    together. A query is cut with a word list of the index's words only, which keeps such
    a word whole, so its row would never be looked up. A source with a piece the index
    holds is most often a phrase (ทำพาส ให้ ลูก) the query cuts the same way; run together
    it would swallow a query's words (measured: bare colloquial 0.853 -> 0.779)."""
    keys = {tuple(row[0]) for row in rows}
    joined = []
    for source, *targets in rows:
        one = ("".join(source),)
        if (
            len(source) > 1
            and all(map(has_thai, source))
            and not any(w in terms for w in source)
            and one not in keys
        ):
            keys.add(one)
            joined.append([one, *targets])
    return rows + joined


def spelled_words(pairs: Iterable[Pair], analyze: Callable[[str], Words], kept: set[Words]) -> list[str]:
    """The one-word English sides of `pairs` (as written, lower case) whose analysed word
    is a row of the kept table: words a query can be corrected to although no page of the
    index writes them, because it holds what they translate to."""
    words = {p.english for p in pairs if p.english.isascii() and p.english.isalpha()}
    return sorted(w for w in words if analyze(w) in kept)


def analysed_table(cache: Path, version: str, analyze: Callable[[str], Words]) -> list[list[Words]]:
    """translation_table of all pairs, read from `cache` when it was made from the same
    lexicon files and word list `version`, else computed and saved there."""
    digest = hashlib.sha256(version.encode())
    for path in (LEXICON, transliteration_file()):
        digest.update(path.read_bytes() if path.is_file() else b"")
    key = digest.hexdigest()
    try:
        cached = json.loads(cache.read_text(encoding="utf-8"))
        if cached["key"] == key:
            return [[tuple(w) for w in row] for row in cached["rows"]]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    rows = translation_table(all_pairs(), analyze)
    replace_file(cache, {"key": key, "rows": rows})
    return rows


def save_table(rows: list[list[Words]], path: Path) -> None:
    replace_file(path, rows)


def replace_file(path: Path, data: object) -> None:
    """Write JSON beside and rename over: the old file may be hard-linked into the
    generation readers have open, so it must never be rewritten in place."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)
