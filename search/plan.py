"""Turn a parsed query into concepts: what must match, in which forms, at what weight.

Each word of the query becomes a concept that any of its variants satisfies:
    the word itself                                  weight 1
    a glossary synonym (สอท. -> สถานเอกอัครราชทูต)      RANKING.synonym_boost
    its parts, for a Thai compound (all of them)     RANKING.parts_boost
Misspelt words are corrected first (see spelling.py) and the correction is reported.
Nothing here knows any particular document: the same rules serve every manual.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from indexer.index.whoosh_backend import Weighted
from indexer.text.analysis import Lexicon, Tok, analyze, best_split, segment_thai
from indexer.text.dictionary import pythainlp_words_file
from indexer.text.thai import RUNS, is_thai, normalise_digits
from search.query import ParsedQuery
from search.ranking import RANKING
from search.spelling import Speller
from search.synonyms import Synonyms

ENGLISH_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "can",
        "do",
        "does",
        "for",
        "from",
        "get",
        "how",
        "i",
        "in",
        "is",
        "it",
        "me",
        "my",
        "need",
        "of",
        "on",
        "or",
        "our",
        "should",
        "the",
        "to",
        "we",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "with",
        "you",
        "your",
    ]
)


@dataclass
class Concept:
    label: str
    variants: list[Weighted]

    @property
    def words(self) -> set[str]:
        return {w for v in self.variants for w in v.words}


@dataclass
class QueryPlan:
    concepts: list[Concept] = field(default_factory=list)
    required: list[Weighted] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    suggestion: str | None = None

    def highlight_weights(self) -> dict[str, float]:
        weights: dict[str, float] = {}
        for variant in [*(v for c in self.concepts for v in c.variants), *self.required]:
            for word in variant.words:
                weights[word] = max(weights.get(word, 0.0), variant.boost)
        return weights


def load_stopwords() -> frozenset[str]:
    path = pythainlp_words_file().parent / "stopwords_th.txt"
    thai = {w.strip() for w in path.read_text(encoding="utf-8").split("\n") if w.strip()}
    return frozenset(thai) | ENGLISH_STOPWORDS


class QueryPlanner:
    def __init__(self, analyzer, lexicon: Lexicon, synonyms: Synonyms,
                 speller: Speller, known_latin, stopwords: frozenset[str]):  # fmt: skip
        self.analyzer = analyzer
        self.lexicon = lexicon  # Thai words the index holds (plus glossary words)
        self.synonyms = synonyms
        self.speller = speller
        self.known_latin = known_latin  # word -> bool: does any document hold it?
        self.stopwords = stopwords

    def plan(self, parsed: ParsedQuery) -> QueryPlan:
        text = " ".join(parsed.words)
        corrected = self.correct(text)
        plan = QueryPlan(suggestion=corrected if corrected != text else None)
        plan.concepts = self.concepts(self.tokens(corrected))
        for phrase in parsed.phrases:
            words = tuple(t.text for t in self.tokens(phrase))
            if words:
                plan.required.append(Weighted(words, 1.0, phrase=len(words) > 1))
        plan.excluded = [t.text for word in parsed.excluded for t in self.tokens(word)]
        return plan

    def tokens(self, text: str) -> list[Tok]:
        return analyze(self.analyzer, text, mode="query")

    def concepts(self, toks: list[Tok]) -> list[Concept]:
        words = [t.text for t in toks]
        found: list[tuple[int, Concept]] = []
        covered: set[int] = set()
        for start, end, group in self.synonyms.find(words):
            literal = tuple(words[start:end])
            variants = [Weighted(literal, 1.0, phrase=len(literal) > 1)]
            boost = RANKING.synonym_boost
            variants += [Weighted(w, boost, phrase=len(w) > 1) for w in self.synonyms.others(group, literal)]
            found.append((start, Concept(" ".join(literal), variants)))
            covered.update(range(start, end))
        for i, word in enumerate(words):
            if i not in covered:
                found.append((i, self.word_concept(word)))
        found.sort(key=lambda item: item[0])
        concepts = list(dict((c.label, c) for _, c in found).values())
        meaningful = [c for c in concepts if c.label not in self.stopwords]
        return meaningful or concepts

    def word_concept(self, word: str) -> Concept:
        variants = [Weighted((word,), 1.0)]
        if is_thai(word) and len(word) > 3:
            parts = best_split(word, self.lexicon)
            if len(parts) > 1:
                variants.append(Weighted(parts, RANKING.parts_boost))
        return Concept(word, variants)

    def correct(self, text: str) -> str:
        """The query with every word the index lacks replaced by its nearest known word."""
        norm = normalise_digits(text)
        edits: list[tuple[int, int, str]] = []
        for match in RUNS.finditer(norm):
            if match.group("th"):
                pieces = list(segment_thai(match.group("th"), match.start(), self.lexicon.name))
                fix = self.speller.correct_thai_run(pieces, self.known_thai, norm)
                if fix:
                    edits.append(fix)
            elif match.group("lat"):
                fix = self.speller.correct_latin(match.group(), self.known_latin)
                if fix:
                    edits.append((match.start(), match.end(), fix))
        for start, end, fix in sorted(edits, reverse=True):
            text = text[:start] + fix + text[end:]
        return text

    def known_thai(self, word: str) -> bool:
        return word in self.lexicon.words
