"""Pick the passage of a procedure that best matches a query and mark the matched words.

The best section is chosen by a cheap substring count; only that section is analysed,
with the same analyzer as the index, so <mark> lands on exactly the matched characters
(สมรส inside จดทะเบียนสมรส included).
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from indexer.index.document import StoredSection
from indexer.text.analysis import analyze
from indexer.text.thai import THAI_RUN, is_thai, normalised_thai, strip_dots

SNIPPET_CHARS = 180
LEAD_CHARS = 40  # context kept before the first match


def ranked_sections(sections: Sequence[StoredSection], weights: dict[str, float]) -> list[int]:
    """Indexes of the sections, the most query weight first (ties: in page order)."""
    scores = [section_score(s, weights) for s in sections]
    return sorted(range(len(sections)), key=lambda i: (-scores[i], i))


def section_score(section: StoredSection, weights: dict[str, float]) -> float:
    heading, text = section.heading.lower(), section.text.lower()
    return sum(w * (2.0 * (word in heading) + (word in text)) for word, w in weights.items())


def match_spans(text: str, analyzer, weights: dict[str, float]) -> list[tuple[int, int, float]]:
    """(start, end, weight) of every analysed token of `text` that the query asks for."""
    tokens = analyze(analyzer, without_other_thai(text, weights), mode="index")
    spans = [(t.start, t.end, weights[t.text]) for t in tokens if t.text in weights]
    return merge(sorted(spans))


def without_other_thai(text: str, weights: dict[str, float]) -> str:
    """`text` with each Thai run that holds none of the query's Thai words blanked out
    (same length, so every offset holds). The analyzer cuts each Thai run on its own and
    every token of a run is a piece of it (without its abbreviation dots), so such a run
    has no token to mark; segmenting it was most of a snippet's time."""
    thai = [w for w in weights if is_thai(w)]

    def kept(match: re.Match) -> str:
        run = match.group()
        bare = normalised_thai(strip_dots(run)[0])  # as run_words spells it
        return run if any(w in bare for w in thai) else " " * len(run)

    return THAI_RUN.sub(kept, text)


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


def snippet(section_text: str, analyzer, weights: dict[str, float]) -> str:
    spans = match_spans(section_text, analyzer, weights)
    left, right = window(section_text, spans)
    return render(section_text, spans, left, right)
