"""Site boilerplate: body lines that many pages of the manual repeat.

Pages imported from a mission's web site carry the site's furniture in their text: an
"imported on <date> | <n> views" line, office hours, a contact line, a "see also" label.
Repeated across many pages, such lines make unrelated pages look alike and answer
queries that none of them is about. A line is boilerplate when its key (the line with
case, white space, numbers and month names folded, so every page's date and view count
agree) occurs in at least RANKING.boilerplate_share of the manual's documents and in at
least RANKING.boilerplate_min_docs of them. Such lines are left out of what the index
searches and stores for snippets; the pages themselves still show them.

The set depends on every document, so the index records it (the manifest's
`boilerplate`); when it changes, the writer re-indexes the documents holding a line that
joined or left it.
"""

from __future__ import annotations

import math
import re
from array import array
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace

from indexer.manual.model import Procedure
from search.ranking import RANKING

THAI_MONTHS = "มกราคม กุมภาพันธ์ มีนาคม เมษายน พฤษภาคม มิถุนายน กรกฎาคม สิงหาคม กันยายน ตุลาคม พฤศจิกายน ธันวาคม"
THAI_MONTHS_SHORT = "ม.ค. ก.พ. มี.ค. เม.ย. พ.ค. มิ.ย. ก.ค. ส.ค. ก.ย. ต.ค. พ.ย. ธ.ค."
ENGLISH_MONTHS = "january february march april may june july august september october november december"
ENGLISH_MONTHS_SHORT = "jan feb mar apr jun jul aug sep sept oct nov dec"
# Longest first, so มีนาคม is folded whole and not as a prefix of something shorter.
MONTH = re.compile(
    "|".join(sorted(map(re.escape, f"{THAI_MONTHS} {THAI_MONTHS_SHORT}".split()), key=len, reverse=True))
    + r"|\b(?:"
    + "|".join(sorted(f"{ENGLISH_MONTHS} {ENGLISH_MONTHS_SHORT}".split(), key=len, reverse=True))
    + r")\b\.?"
)
NUMBER = re.compile(r"[0-9๐-๙][0-9๐-๙,.:]*")
LETTER = re.compile(r"[^\W\d_]")
# A short repeated line is a label (Fees, เอกสาร, Steps) naming a part of the page, as a
# heading does, and carries the words a query for that part uses: never furniture.
MIN_CHARS = 20


def line_key(line: str) -> str:
    """The line as pages repeat it: lower case, one space, numbers and month names folded.

    Dates always come with a number, so only a line holding a digit has its months looked
    for: the index build keys every line of every document on each run."""
    text = " ".join(line.lower().split())
    return NUMBER.sub("#", MONTH.sub("@", text)) if NUMBER.search(text) else text


# content hash -> the hashes of its line keys, for the documents of the last run:
# `serve --watch` indexes in one long process, where a one-file update then keys only the
# changed file. Hashes (8 bytes each, in an array) rather than the keys themselves: the
# keys of 10,000 procedures held some 30 MB through the whole build. Two keys sharing a
# 64-bit hash among a million would merely count as one line.
_KEYS: dict[str, array] = {}
# hash -> key, for the boilerplate keys found so far (the set is written out as keys)
_NAMES: dict[int, str] = {}


def keys_of(proc: Procedure) -> array:
    keys = _KEYS.get(proc.content_hash)
    if keys is None:
        keys = _KEYS[proc.content_hash] = array("q", sorted(map(hash, line_keys(proc))))
    return keys


def line_keys(proc: Procedure) -> set[str]:
    """The keys of a procedure's body lines long enough to be furniture and holding a
    letter (a bare number or a table rule is never a reason to call pages alike)."""
    return {
        key
        for section in proc.sections
        for line in section.text.split("\n")
        # a key is never longer than its line: a short line is passed over unkeyed
        if len(line) >= MIN_CHARS and len(key := line_key(line)) >= MIN_CHARS and LETTER.search(key)
    }


def find_boilerplate(procedures: Iterable[Procedure]) -> frozenset[str]:
    """The line keys that enough of these documents share to be site furniture."""
    procedures = list(procedures)
    counts: Counter[int] = Counter()
    for proc in procedures:
        counts.update(keys_of(proc))
    seen = {proc.content_hash for proc in procedures}
    for gone in _KEYS.keys() - seen:
        del _KEYS[gone]
    need = max(RANKING.boilerplate_min_docs, math.ceil(RANKING.boilerplate_share * len(procedures)))
    found = {key for key, count in counts.items() if count >= need}
    unnamed = found - _NAMES.keys()
    for proc in procedures:  # one holder names a key: boilerplate is on many pages, the first few do
        if not unnamed:
            break
        if not unnamed.isdisjoint(keys_of(proc)):
            for key in line_keys(proc):
                if hash(key) in unnamed:
                    _NAMES[hash(key)] = key
                    unnamed.discard(hash(key))
    for gone in _NAMES.keys() - found:
        del _NAMES[gone]
    return frozenset(_NAMES[key] for key in found)


def without_boilerplate(proc: Procedure, boilerplate: frozenset[str]) -> Procedure:
    """A copy of the procedure whose sections lack the boilerplate lines (the same
    object when it has none)."""
    if not boilerplate:
        return proc
    sections, changed = [], False
    for section in proc.sections:
        lines = section.text.split("\n")
        kept = [line for line in lines if line_key(line) not in boilerplate]
        if len(kept) != len(lines):
            changed = True
            section = replace(section, text="\n".join(kept).strip())
        sections.append(section)
    return replace(proc, sections=sections) if changed else proc


def affected(procedures: Iterable[Procedure], changed: frozenset[str]) -> list[Procedure]:
    """The procedures holding a line whose boilerplate standing changed."""
    if not changed:
        return []
    hashes = set(map(hash, changed))
    return [p for p in procedures if not hashes.isdisjoint(keys_of(p))]
