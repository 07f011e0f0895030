"""Pick the passage of a procedure that best matches a query and mark the matched words.

The best section is chosen by a cheap substring count; only that section is analysed,
with the same analyzer as the index, so <mark> lands on exactly the matched characters
(สมรส inside จดทะเบียนสมรส included). A form of several words (a compound's parts, a
phrase translation, a quoted phrase) is marked only where its words stand together.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache

from indexer.index.document import StoredSection
from indexer.text.analysis import analyze, memo_key
from indexer.text.thai import RUNS, is_thai, normalise_digits, normalised_thai, strip_dots

SNIPPET_CHARS = 180
LEAD_CHARS = 40  # context kept before the first match
# What may stand between two words of a form that stand together: white space and the
# invisible characters pasted text carries (the same set in engine.js).
BETWEEN_WORDS = re.compile(
    "[ \t\n\r\f\v\u00a0\u2000-\u200d\u2028\u2029\u202f\u205f\u2060\u3000\u00ad\ufeff]*"
)

Marks = dict[tuple[str, ...], float]  # a form's words -> the weight it is marked with
Piece = tuple[str, int, int]  # an analysed token: its text, start and end in the text
# Runs whose tokens are kept (a few hundred bytes each): a results page reads some 90
# sections, and the benchmark's 240 queries at 10,000 procedures some 9,000 distinct ones.
RUN_MEMO = 50_000
# A run analysed: its tokens (relative to it) and their texts.
RunEntry = tuple[tuple[Piece, ...], tuple[str, ...]]
# The runs analysed, by what fixes their tokens (`run_tokens`), then by the run.
_RUN_TOKENS: dict[tuple, dict[str, RunEntry]] = {}


def ranked_sections(sections: Sequence[StoredSection], marks: Marks) -> list[int]:
    """Indexes of the sections, the most query weight first (ties: in page order)."""
    keys = section_keys(marks)
    scores = [section_score(s, keys) for s in sections]
    return sorted(range(len(sections)), key=lambda i: (-scores[i], i))


def section_keys(marks: Marks) -> dict[str, float]:
    """What a section's text is searched for: each form as it would be written, Thai
    words run together (Thai is written without spaces), others with a space."""
    keys: dict[str, float] = {}
    for words, weight in marks.items():
        key = ("" if all(is_thai(w) for w in words) else " ").join(words)
        keys[key] = max(keys.get(key, 0.0), weight)
    return keys


def section_score(section: StoredSection, keys: dict[str, float]) -> float:
    heading, text = section.heading.lower(), section.text.lower()
    return sum(w * (2.0 * (key in heading) + (key in text)) for key, w in keys.items())


def match_spans(text: str, analyzer, marks: Marks) -> list[tuple[int, int, float]]:
    """(start, end, weight) of every place in `text` where a form of the query stands."""
    return spans_in(text, marked_runs_tokens(text, analyzer, marks), marks)


def marked_runs_tokens(text: str, analyzer, marks: Marks) -> list[Piece]:
    """The index tokens of `text` as (text, start, end), but for the runs none of whose
    tokens is a word of a form, which cannot change where a form stands (`spans_in`: a
    run's tokens lie inside it, so it neither starts nor ends a page word of another run).
    A Thai run is left out unsegmented when it holds none of the query's Thai words: the
    analyzer cuts each Thai run on its own and every token of a run is a piece of it,
    without its abbreviation dots, and segmenting it was most of a snippet's time.

    The analyzer cuts a text into runs (`RUNS`: a Thai run, a number, a Latin word) and
    makes every token of a run from that run alone, so each run is analysed on its own,
    through a memo: runs recur section after section and query after query, where a
    whole section's text seldom comes back with the same query words."""
    words = frozenset(w for form in marks for w in form)
    thai = frozenset(w for w in words if is_thai(w))
    held = thai_words_in(thai) if thai else None  # whether a bare run holds one of them
    analysed = memo_key(analyzer, "", "index")  # what fixes the tokens, the text aside
    memo = _RUN_TOKENS.get(analysed, {}) if analysed is not None else {}
    tokens: list[Piece] = []
    extend = tokens.extend
    for match in RUNS.finditer(normalise_digits(text)):
        run = match.group()
        if match.lastgroup == "th" and (held is None or held(bare_run(run)) is None):
            continue
        found = memo.get(run)
        if found is None:
            found = run_tokens(analyzer, analysed, run)
        if words.isdisjoint(found[1]):
            continue
        at = match.start()
        extend([(word, at + start, at + end) for word, start, end in found[0]] if at else found[0])
    return tokens


@lru_cache(maxsize=256)
def thai_words_in(words: frozenset[str]):
    """A search for any of the words in a text (a run, bare): one regular expression,
    rather than a test of each word against each run."""
    return re.compile("|".join(map(re.escape, sorted(words)))).search


@lru_cache(maxsize=RUN_MEMO)
def bare_run(run: str) -> str:
    """A Thai run as run_words spells it: no abbreviation dots, normalised."""
    return normalised_thai(strip_dots(run)[0])


def run_tokens(analyzer, analysed: tuple | None, run: str) -> RunEntry:
    """The index tokens of one run and their texts, kept in a memo of RUN_MEMO runs keyed
    by `analysed` (`analysis.memo_key` without the text: word list and settings; None for
    an analyzer not built by `build_analyzer`, whose tokens are not kept) and the run,
    emptied when full. Apart from `analyze`'s memo, so runs do not push the queries'
    texts out of it."""
    if analysed is None:
        tokens = tuple((t.text, t.start, t.end) for t in analyze(analyzer, run, mode="index"))
        return tokens, tuple(t[0] for t in tokens)
    memo = _RUN_TOKENS.setdefault(analysed, {})
    found = memo.get(run)
    if found is None:
        tokens = tuple((text, start, end) for text, _, start, end, _ in analyzer.tokens(run, "index"))
        if len(memo) >= RUN_MEMO:
            memo.clear()
        found = memo[run] = (tokens, tuple(t[0] for t in tokens))
    return found


def spans_in(text: str, tokens: Sequence[Piece], marks: Marks) -> list[tuple[int, int, float]]:
    """Where the forms stand among the analysed tokens of `text`: a one-word form at every
    token of it (a word inside a compound too: สมรส in จดทะเบียนสมรส, which the index holds
    for the page); a form of several words where they follow one another from the start of
    a page word to the end of one (จดทะเบียน + สมรส as จดทะเบียนสมรส, สถาน + ทูต as สถานทูต
    or สถาน ทูต), never from inside one (ของ + ที่ is not marked in เจ้าของที่)."""
    forms: dict[str, list[tuple[tuple[str, ...], float]]] = defaultdict(list)
    for words, weight in marks.items():
        forms[words[0]].append((words[1:], weight))
    spans = []
    words_at = None  # (tokens by start, page words' starts, their ends): for forms of several words
    for word, start, end in tokens:
        for rest, weight in forms.get(word, ()):
            if not rest:
                spans.append((start, end, weight))
                continue
            if words_at is None:
                words_at = page_words(tokens)
            starting, starts, ends = words_at
            last = followed_by(text, end, rest, starting)
            if last is not None and start in starts and last in ends:
                spans.append((start, last, weight))
    return merge(sorted(spans))


def page_words(tokens: Sequence[Piece]) -> tuple[dict[int, list[Piece]], set[int], set[int]]:
    """The tokens by where they start, and where the page's words start and end: a token
    starting at or after the end of the page word before it starts one (the words inside
    a compound start within it)."""
    starting: dict[int, list[Piece]] = defaultdict(list)
    starts, ends, cover = set(), set(), -1
    for t in tokens:
        starting[t[1]].append(t)
        if t[1] >= cover:  # a page word, not a word inside the one before it
            starts.add(t[1])
            ends.add(t[2])
            cover = t[2]
    return starting, starts, ends


def followed_by(text: str, at: int, words: tuple[str, ...], starting: dict[int, list[Piece]]) -> int | None:
    """Where `words` end if they follow one another from `at` (nothing but white space
    between them); None if they do not. Words inside a page's compound carry their own
    characters, so parts follow one another there only as they do on a split of it:
    สถาน inside สถานภาพ is followed by ภาพ, never by ทูต."""
    for word in words:
        at = BETWEEN_WORDS.match(text, at).end()
        nxt = next((t for t in starting.get(at, ()) if t[0] == word), None)
        if nxt is None:
            return None
        at = nxt[2]
    return at


def merge(spans: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """Join overlapping spans (a compound and the word inside it mark once)."""
    out: list[tuple[int, int, float]] = []
    for start, end, weight in spans:
        if out and start < out[-1][1]:
            s, e, w = out[-1]
            out[-1] = (s, max(e, end), max(w, weight))
        else:
            out.append((start, end, weight))
    return out


def window(text: str, spans: list[tuple[int, int, float]]) -> tuple[int, int]:
    """The SNIPPET_CHARS-long stretch holding the most match weight."""
    if len(text) <= SNIPPET_CHARS:
        return 0, len(text)
    best, best_score = 0, -1.0
    for start, _, _ in spans or [(LEAD_CHARS, 0, 0.0)]:
        left = max(0, start - LEAD_CHARS)
        total = sum(w for s, e, w in spans if s >= left and e <= left + SNIPPET_CHARS)
        if total > best_score:
            best, best_score = left, total
    left = snap(text, best, backwards=True)
    right = snap(text, min(len(text), left + SNIPPET_CHARS), backwards=False)
    return left, right


def snap(text: str, i: int, backwards: bool) -> int:
    """Move a cut to nearby white space so no word is split (Thai breaks at spaces too)."""
    step = -1 if backwards else 1
    for offset in range(0, 25):
        j = i + step * offset
        if j <= 0 or j >= len(text):
            return max(0, min(len(text), j))
        if text[j].isspace():
            return j + 1 if backwards else j
    return i


def render(text: str, spans: list[tuple[int, int, float]], left: int, right: int) -> str:
    """HTML-escaped text[left:right] with <mark> around the spans inside it."""
    out, at = [], left
    for start, end, _ in spans:
        if start < left or end > right:
            continue
        out.append(html.escape(text[at:start]))
        out.append(f"<mark>{html.escape(text[start:end])}</mark>")
        at = end
    out.append(html.escape(text[at:right]))
    body = re.sub(r"\s+", " ", "".join(out)).strip()
    return ("…" if left > 0 else "") + body + ("…" if right < len(text) else "")


def snippet(section_text: str, analyzer, marks: Marks) -> str:
    spans = match_spans(section_text, analyzer, marks)
    left, right = window(section_text, spans)
    return render(section_text, spans, left, right)
