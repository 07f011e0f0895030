"""The fixed query mix: built from the sample manual and the word ranking with a seeded RNG,
so it is the same for every corpus size.

    thai       Thai words: words of the sample's titles, tags and aliases, and words of
               the corpus vocabulary drawn log-uniformly from ranks 50..5,000
    inner      words the analyzer finds inside Thai compounds of the sample (สมรส in
               จดทะเบียนสมรส): they only match through the sub-word postings
    english    English words of the sample's English text (no stopwords)
    two-word   Thai+Thai, English+English and Thai+English pairs
    typo       a letter dropped or two swapped in a Thai or English word
"""

from __future__ import annotations

import argparse
import json
import math
import random
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from whoosh.analysis import STOP_WORDS

from bench.config import DEFAULT_SEED
from bench.sample import Sample, load_sample
from bench.vocab import latin_ranking, thai_ranking
from indexer.manual.glossary import glossary_in_force
from indexer.text.analysis import analyze, build_analyzer, use_dictionary
from indexer.text.dictionary import build_words, words_version, write_words
from indexer.text.thai import NON_INITIAL, is_thai
from search.plan import ENGLISH_STOPWORDS, load_stopwords

MIX = {"thai": 80, "inner": 40, "english": 50, "two-word": 50, "typo": 12}
WARMUP = 8


@dataclass(frozen=True)
class Query:
    kind: str
    text: str


def sample_analyzer(glossary: list[list[str]], folder: Path):
    """The analyzer an index of this glossary would use, with its full word list."""
    words = build_words(glossary)
    version = words_version(words)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"words-{version}.txt"
    write_words(words, path)
    use_dictionary(path, version)
    return build_analyzer(version)


def thai_pools(sample: Sample, analyzer, stopwords: frozenset[str]) -> tuple[list[str], list[str]]:
    """(words of titles, tags and aliases; words found inside compounds), sorted."""
    heads: set[str] = set()
    for pool in (sample.titles, sample.tags, sample.aliases):
        for texts in pool.values():
            for text in texts:
                heads.update(t.text for t in analyze(analyzer, text) if is_thai(t.text))
    inner: Counter[str] = Counter()
    for text in sample.thai_text:
        inner.update(t.text for t in analyze(analyzer, text, mode="index") if t.boost < 1 and is_thai(t.text))
    words = sorted(w for w in heads if len(w) >= 3 and w not in stopwords)
    return words, sorted(w for w, n in inner.items() if n >= 2 and len(w) >= 4 and w not in stopwords)


def typo(word: str, rng: random.Random) -> str:
    """Drop a Thai vowel or tone mark (หนังสือเดินทง), or swap two English letters."""
    if is_thai(word):
        spots = [i for i in range(1, len(word)) if word[i] in NON_INITIAL]
        i = rng.choice(spots or [len(word) - 1])
        return word[:i] + word[i + 1 :]
    i = rng.randrange(1, len(word) - 2)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def build_queries(seed: int, folder: Path) -> tuple[list[Query], list[Query]]:
    """(warm-up queries, measured queries)."""
    rng = random.Random(seed)
    sample, manual = load_sample()
    glossary = glossary_in_force(manual.glossary)
    analyzer = sample_analyzer(glossary, folder)
    stopwords = load_stopwords()
    heads, inner = thai_pools(sample, analyzer, stopwords)
    ranking = thai_ranking(seed)
    skip = ENGLISH_STOPWORDS | STOP_WORDS | {"also", "only", "must", "before", "after", "often", "first"}
    english = [w for w in latin_ranking(sample.english_text) if w not in skip and len(w) >= 4]
    english = english[:300]

    def ranked_word() -> str:
        while True:
            word = ranking[int(math.exp(rng.uniform(math.log(50), math.log(5000))))]
            if word not in stopwords and len(word) >= 2:
                return word

    def thai_word() -> str:
        return rng.choice(heads) if rng.random() < 0.5 else ranked_word()

    def pair() -> str:
        roll = rng.random()
        if roll < 0.4:
            return f"{rng.choice(heads)} {thai_word()}"
        if roll < 0.7:
            return " ".join(rng.sample(english, 2))
        return f"{rng.choice(heads)} {rng.choice(english)}"

    def typo_query() -> str:
        if rng.random() < 0.5:
            return typo(rng.choice([w for w in heads if len(w) >= 6]), rng)
        return typo(rng.choice([w for w in english if len(w) >= 6]), rng)

    makers = {
        "thai": thai_word,
        "inner": lambda: rng.choice(inner),
        "english": lambda: rng.choice(english),
        "two-word": pair,
        "typo": typo_query,
    }
    seen: set[str] = set()

    def fresh(kind: str) -> Query:
        """A query not drawn before (no query is timed twice, none is warmed up)."""
        for _ in range(1000):
            text = makers[kind]()
            if text not in seen:
                seen.add(text)
                return Query(kind, text)
        raise RuntimeError(f"cannot draw enough distinct {kind} queries")

    warmup = [Query("warm-up", fresh(kind).text) for kind in list(MIX)[:4] for _ in range(WARMUP // 4)]
    measured = [fresh(kind) for kind, count in MIX.items() for _ in range(count)]
    return warmup, measured


def main(argv: list[str] | None = None) -> None:
    """python -m bench.queries OUT.json [--seed S]: write the mix as JSON."""
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    warmup, measured = build_queries(args.seed, args.out.parent)
    data = {
        "mix": MIX,
        "warmup": [[q.kind, q.text] for q in warmup],
        "measured": [[q.kind, q.text] for q in measured],
    }
    args.out.write_text(json.dumps(data, ensure_ascii=False, indent=0), encoding="utf-8")


if __name__ == "__main__":
    main()
