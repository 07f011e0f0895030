"""Word material for synthetic manuals: a Zipf sampler over ranked words.

Thai words are pythainlp's word list (the bulk of the segmenter's list, pinned with the
package, so the corpus does not change when the engine's glossary does), ranked by their
frequency in the Thai National Corpus list that ships with pythainlp, the unranked rest in
a seeded order: the head is made of real function words and the long tail grows the
vocabulary as the corpus grows.
"""

from __future__ import annotations

import itertools
import random
from collections import Counter
from collections.abc import Iterable

from indexer.text.dictionary import pythainlp_words_file, read_words

ZIPF_S = 1.0  # exponent of the rank-frequency law
ZIPF_Q = 2.7  # Zipf-Mandelbrot offset: flattens the first few ranks


class Zipf:
    """Draw words with probability proportional to 1 / (rank + q) ** s."""

    def __init__(self, ranked: list[str], s: float = ZIPF_S, q: float = ZIPF_Q):
        if not ranked:
            raise ValueError("a Zipf sampler needs at least one word")
        self.words = ranked
        self.cum = list(itertools.accumulate(1.0 / (r + q) ** s for r in range(1, len(ranked) + 1)))

    def draw(self, rng: random.Random, k: int = 1) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cum, k=k)


def tnc_frequencies() -> dict[str, int]:
    """Word -> count in the Thai National Corpus frequency list shipped with pythainlp."""
    path = pythainlp_words_file().parent / "tnc_freq.txt"
    counts: dict[str, int] = {}
    for line in path.read_text(encoding="utf-8").split("\n"):
        word, _, n = line.partition("\t")
        if word and n.strip().isdigit():
            counts[word.strip()] = int(n)
    return counts


def thai_ranking(seed: int) -> list[str]:
    """pythainlp's Thai words, most frequent first (TNC), the unranked rest shuffled."""
    words = sorted(set(read_words(pythainlp_words_file())))
    known = set(words)
    freq = tnc_frequencies()
    ranked = sorted((w for w in freq if w in known), key=lambda w: (-freq[w], w))
    rest = [w for w in words if w not in freq]
    random.Random(seed).shuffle(rest)
    return ranked + rest


def latin_words(text: str) -> list[str]:
    words = (w.strip(".,;:()[]\"'“”‘’!?/").lower() for w in text.split())
    return [w for w in words if w.isascii() and w.isalpha() and len(w) > 1]


def latin_ranking(texts: Iterable[str]) -> list[str]:
    """English words of the sample, most frequent first."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(latin_words(text))
    return sorted(counts, key=lambda w: (-counts[w], w))
