"""Correct misspelt words against the index's own vocabulary.

A word is corrected when the index does not hold it at all; or, for a Latin word, when
only a page or two hold it (a typo in the source pages: "documnet") and a near word is
many times as common (`COMMONER`). A word the lexicon translates is a real word and is
left alone, and a quoted word is never corrected (an officer who means the rare word
quotes it). How common a candidate
is counts both languages (`sense_frequency`): in a manual written mostly in Thai,
"marriage" is on few English pages but its Thai forms are on many. Thai words are
checked on their unspaced runs: a typo splits a Thai word into fragments the word list
does not know, and the run around such a fragment is matched against the vocabulary as
a whole (หนังสือเดินทง -> หนังสือเดินทาง).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from itertools import compress
from pathlib import Path

from indexer.text.thai import NON_INITIAL, is_thai

THAI_MARKS = NON_INITIAL | frozenset("เแโใไ")  # vowels and tone marks around a consonant

MAX_WINDOW = 4  # tokens around an unknown Thai fragment tried as one word
# A Latin word held by at most RARE_HELD documents may be a typo the source pages share;
# it is corrected only to a word at least COMMONER times as common (both languages).
RARE_HELD = 2
COMMONER = 5
# A real word of its language (indexer.text.language) that the index lacks is what the
# officer meant (ท่องเที่ยว, "position"), not a slip for the nearest word the manual has
# (ท้องเที่ยว, "petition"): it is corrected only to a word at least LANGUAGE_COMMONER times
# as common in the language, a slip onto a far rarer word ("berth" for "birth", 45 times
# rarer). Measured on the sample index (real words near an index word that it lacks:
# 1,500 common English ones, 3,000 common Thai ones): with no word list 183 English and
# 578 Thai were "corrected"; at 5 times, 65 and 299 (black -> back, layer -> lawyer,
# เย็น -> เป็น); at 20, 20 and 152; at 50, 9 and 72. Typos of index words (577, one
# random edit) were corrected as often at every figure up to 20 (524), and Thai slips of
# a tone mark onto another real word, rare among those long enough to correct, 7 of 33
# with no list, 4 at 5 times, 3 at 20 or 50: 20 keeps nearly every real word and loses
# no typo; a Thai slip is also caught whole in a longer window (ทะเบียนบาน -> ทะเบียนบ้าน).
LANGUAGE_COMMONER = 20
MIN_SPLIT_PIECE = 2  # the shortest word a run-together pair is split into (of, id)
# A Latin word this long is too short for an edit (max_edits), but when it is no word of
# its language it may be two neighbours typed the wrong way round ("lsot", "vsia"): the
# commonest slip, and a guess no wider than the word's own letters.
SWAP_LENGTH = 4
NEAREST = 20  # the nearest words a correction is chosen from (then by typo_cost and frequency)


def max_edits(word: str) -> int:
    """How many edits a correction may make: none for short words, two for long ones.

    Short Latin words are left alone: a four-letter word the manual lacks ("died") is
    more often a real word than a typo, and its neighbours ("tied") are wrong guesses.
    """
    n = len(word)
    if n < (4 if is_thai(word) else 5):
        return 0
    return 1 if n < 8 else 2


def neighbour_swaps(word: str) -> list[str]:
    """The word with each pair of neighbouring letters the other way round."""
    return [word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)]


def typo_cost(typed: str, term: str) -> float:
    """The cheapest edit from `typed` to `term`, where a missing, extra or wrong Thai
    vowel or tone mark costs half: those are the commonest Thai typos (ชำรด for ชำรุด), so
    they beat a changed letter. Two neighbours typed the wrong way round ("birht") are one
    edit, as in the candidates' distance (optimal string alignment). A plain dynamic
    programme, so the browser's copy (docs/assets/ecm/static-search/engine.js typoCost)
    gives the same number."""

    def cost(chars: str) -> float:
        return 0.5 if all(c in THAI_MARKS for c in chars) else 1.0

    before: list[float] = []  # the row of two letters back, for a swap
    previous = [0.0]
    for b in term:
        previous.append(previous[-1] + cost(b))
    for i, a in enumerate(typed):
        row = [previous[0] + cost(a)]
        for j, b in enumerate(term, start=1):
            best = min(previous[j] + cost(a), row[j - 1] + cost(b),
                       previous[j - 1] + (0 if a == b else cost(a + b)))  # fmt: skip
            if i and j > 1 and a != b and a == term[j - 2] and typed[i - 1] == b:
                best = min(best, before[j - 2] + cost(a + b))
            row.append(best)
        before, previous = previous, row
    return previous[-1]


def sense_frequency(terms: tuple[str, ...], forms: list[tuple[str, ...]], df: Callable[[str], int]) -> int:
    """Documents that say a vocabulary word in either language: the word as indexed
    (`terms`: a Latin word's stems, so "documents" counts every page saying "document"),
    or its commonest translation (`forms`; a form's count is its rarest word's, as a
    phrase is in no more pages than that). The static export ranks its vocabulary by it."""
    return max([0, *map(df, terms), *(min(map(df, form)) for form in forms)])


def vocabulary(paths: list[Path]) -> list[str]:
    """The words of the vocabulary files in order, each once (a missing file: none): the
    static export ships the same list."""
    words: dict[str, None] = {}
    for path in paths:
        if path.is_file():
            words.update(dict.fromkeys(w for w in path.read_text(encoding="utf-8").split("\n") if w))
    return list(words)


class Speller:
    """Nearest known words from the index's vocabulary files (one term a line: the index's
    words, then the lexicon's words it holds a translation of), ranked by the
    number of documents that say them (`doc_frequency`, asked of the index: in either
    language, `sense_frequency`)."""

    def __init__(self, vocab_paths: list[Path], doc_frequency: Callable[[str], int],
                 language: Callable[[str], int | None]):  # fmt: skip
        self.vocab_paths = vocab_paths
        self.doc_frequency = doc_frequency
        self.language = language  # a word's count in its language, None for no word
        self._thai: Candidates | None = None
        self._latin: Candidates | None = None

    def _choices(self, thai: bool) -> Candidates:
        if self._thai is None or self._latin is None:  # read on the first misspelling only
            terms = vocabulary(self.vocab_paths)
            scripts = list(map(is_thai, terms))
            self._thai = Candidates(list(compress(terms, scripts)))
            self._latin = Candidates([t for t, th in zip(terms, scripts, strict=True) if t and not th])
        return self._thai if thai else self._latin

    def prepare(self) -> None:
        """Do now what the first misspelling would: read the vocabulary, import rapidfuzz
        and open the language's word counts (some 100 ms at 10,000 procedures), for a
        process that answers many queries."""
        self._choices(True)
        import rapidfuzz.distance.OSA
        import rapidfuzz.process  # noqa: F401

        self.language("")

    def nearest(self, word: str, least: int = 0) -> str | None:
        """The closest vocabulary word within max_edits of `word` (for a short non-word, a
        swap of neighbours: SWAP_LENGTH), the most frequent of equally close ones, among
        those at least `least` documents say; None if none."""
        limit = max_edits(word)
        if limit:
            found = self._choices(is_thai(word)).nearest(word, limit, NEAREST)
        elif len(word) == SWAP_LENGTH and not is_thai(word) and not self.real(word):
            known = self._choices(False).known
            found = [term for term in neighbour_swaps(word) if term in known]
        else:
            return None
        # Typists rarely miss the first letter of a Latin word; Thai typos can start anywhere.
        found = [
            (typo_cost(word, term), -df, term)
            for term in found
            if term != word and (is_thai(word) or term[0] == word[0])
            and (df := self.doc_frequency(term)) >= least and self.slip(word, term)
        ]  # fmt: skip
        return min(found)[2] if found else None

    def real(self, word: str) -> bool:
        return self.language(word) is not None

    def slip(self, typed: str, term: str) -> bool:
        """Whether `typed` may be a slip for `term`: it is no word of its language, or
        `term` is LANGUAGE_COMMONER times as common there (a word the corpus never
        counted counts as one)."""
        have = self.language(typed)
        return have is None or (self.language(term) or 0) >= LANGUAGE_COMMONER * max(have, 1)

    def correct_latin(self, word: str, held: int, translated: bool) -> str | None:
        """The correction of a Latin word `held` documents hold (as analysed), if any: a
        word no page holds gets its nearest; one RARE_HELD or fewer pages hold, only a
        nearest that is COMMONER times as common; a word the lexicon translates, none."""
        if not word.isalpha() or translated or held > RARE_HELD:
            return None
        word = word.lower()
        return self.nearest(word, least=COMMONER * held) or (None if held else self.split(word))

    def split(self, word: str) -> str | None:
        """Two vocabulary words typed without the space between them ("birthcertificate"),
        a space apart: of the splits into two known words, the one whose rarer word is the
        commonest. None for a real word ("nowhere" is no slip for "now here")."""
        if len(word) < 2 * MIN_SPLIT_PIECE or self.real(word):
            return None
        known = self._choices(False).known
        splits = [(word[:i], word[i:]) for i in range(MIN_SPLIT_PIECE, len(word) - MIN_SPLIT_PIECE + 1)]
        found = [(-min(self.doc_frequency(a), self.doc_frequency(b)), len(a), f"{a} {b}")
                 for a, b in splits if a in known and b in known]  # fmt: skip
        return min(found)[2] if found else None

    def correct_thai_run(
        self, pieces: list[tuple[str, int, int]], known: Callable[[str], bool], text: str
    ) -> tuple[int, int, str] | None:
        """For one Thai run's (word, start, end) pieces: a (start, end, replacement) of the
        text around the first unknown piece, or None when every piece is known."""
        unknown = [i for i, (w, _, _) in enumerate(pieces) if not known(w)]
        if not unknown:
            return None
        u = unknown[0]
        windows = [(a, b) for a in range(max(0, u - MAX_WINDOW + 1), u + 1)
                   for b in range(u + 1, min(len(pieces), a + MAX_WINDOW) + 1)]  # fmt: skip
        # the unknown piece is part of a word the lexicon knows, cut by the query's word
        # list (ไต้หวัน as ไต้ หวัน: no page writes it, but it translates): nothing to correct
        if any(b - a > 1 and known(text[pieces[a][1] : pieces[b - 1][2]]) for a, b in windows):
            return None
        # or of a real word of the language (ท่องเที่ยว as ท่อง เที่ยว): only that word, as a
        # whole, may be a slip (Speller.slip), never a piece of it
        real = [(a, b) for a, b in windows if b - a > 1 and self.real(window(pieces, a, b, text))]
        options = []
        for a, b in real or windows:
            start, end = pieces[a][1], pieces[b - 1][2]
            fixed = self.nearest(window(pieces, a, b, text))
            if fixed:
                dist = typo_cost(text[start:end], fixed)
                options.append((dist / len(fixed), -(end - start), start, end, fixed))
        if not options:
            return None
        _, _, start, end, fixed = min(options)
        return start, end, fixed


class Candidates:
    """A vocabulary's words, as `nearest` searches them. A word within `limit` edits of
    another differs from it in length by at most `limit` (an edit changes the length by
    one at most, a swap of two neighbours not at all), so only the words of those lengths
    are measured: a list of them, in the vocabulary's order, made the first time a word of
    that length asks with that limit (some 70 such lists in all, each word in at most
    eight; made as they are needed). A long Thai word has a tenth of the vocabulary to
    measure, where every word was measured."""

    def __init__(self, words: list[str]) -> None:
        self.words = words
        self._lengths: list[int] | None = None
        self._near: dict[tuple[int, int], list[str]] = {}

    @cached_property
    def known(self) -> frozenset[str]:
        """The words, for asking whether one is among them (Speller.split)."""
        return frozenset(self.words)

    def of_length(self, length: int, limit: int) -> list[str]:
        """The words `length - limit` to `length + limit` letters long, in the vocabulary's order."""
        key = (length, limit)
        found = self._near.get(key)
        if found is None:
            if self._lengths is None:
                self._lengths = list(map(len, self.words))
            lo, hi = length - limit, length + limit
            found = self._near[key] = list(compress(self.words, (lo <= n <= hi for n in self._lengths)))
        return found

    def nearest(self, word: str, limit: int, count: int) -> list[str]:
        """The `count` words nearest `word` by OSA distance, at most `limit` edits
        away, nearest first: what rapidfuzz's `process.extract` gives over the whole
        vocabulary (it orders equally near words by their place in the list it is given,
        and the words of `of_length` keep the vocabulary's order)."""
        from rapidfuzz import process  # imported on the first misspelling, not at start-up
        from rapidfuzz.distance import OSA  # edits, a swap of two neighbours counting one

        choices = self.of_length(len(word), limit)
        found = process.extract(word, choices, scorer=OSA.distance, score_cutoff=limit, limit=count)
        return [term for term, _, _ in found]


def window(pieces: list[tuple[str, int, int]], a: int, b: int, text: str) -> str:
    """The text of pieces a to b (not included), as a word: abbreviation dots dropped."""
    return text[pieces[a][1] : pieces[b - 1][2]].replace(".", "")
