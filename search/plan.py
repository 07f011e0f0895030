"""Turn a parsed query into concepts: what must match, in which forms, at what weight.

Each word of the query becomes a concept that any of its variants satisfies:
    the word itself                                  weight 1
    a glossary synonym (สอท. -> สถานเอกอัครราชทูต)      RANKING.synonym_boost
    its parts, for a Thai compound (all of them)     RANKING.parts_boost
        (for recall: they hold the word for `match` only side by side, engine.holds)
    its lexicon translations (passport -> หนังสือเดินทาง) RANKING.translation_boost
A run of words the lexicon translates as a whole (marriage registration -> จดทะเบียน
สมรส) adds a phrase concept: the run as typed, in a row, and its translations, all at
RANKING.phrase_translation_boost. It lifts pages that hold the phrase, in either
language, and holding it counts for every word of the run, but it is never a telling
word of its own. Question and filler words (how, can, ยังไง,
ได้ไหม) are dropped whenever the query has other words, except a Thai one heading a
lexicon phrase (ต่อ in ต่อพาส, "renew passport"; indexer.text.lexicon.shorthand): that
phrase is kept whole as a telling word, with the formal forms it stands for. The Thai
filler words dropped still lift a page whose title holds them (QueryPlan.fillers).
Misspelt words are corrected first (see spelling.py) and the correction is reported.
A word naming the mission (MISSION_WORDS: สถานทูต, สกญ., embassy) only lifts, as a phrase does.
Nothing here knows any particular document: the same rules serve every manual.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from dataclasses import dataclass, field

from indexer.index.whoosh_backend import Weighted
from indexer.text.analysis import Lexicon, Tok, analyze, best_split, phrase_words, segment_thai
from indexer.text.dictionary import pythainlp_words_file
from indexer.text.language import Language
from indexer.text.lexicon import shorthand
from indexer.text.thai import INVISIBLE, RUNS, SPACE_IN_THAI, is_thai, normalise_digits, normalised_thai
from search.query import ParsedQuery
from search.ranking import RANKING
from search.snippets import Marks
from search.spelling import Speller
from search.synonyms import Synonyms
from search.translations import Translations

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
        "please",
        "want",
        "there",
        "this",
        "that",
        "have",
        "has",
        "am",
        "will",
        "would",
        "could",
        "if",
        "about",
        "any",
        "many",
        "much",
        "s",  # of a possessive: baby's -> baby, s
        "into",
        "while",
        "his",
        "her",
        "their",
        "its",
        "every",
        "also",
        "did",  # and the asking around a question: "what are the steps", "I want to know"
        "needs",
        "wants",
        "getting",
        "got",
        "must",
        "anyone",
        "possible",
        "way",
        "ways",
        "step",
        "steps",
        "know",
        "tell",
        # pronouns and forms of be (not us, so, may: the US, "so-called", May)
        "was",
        "were",
        "been",
        "being",
        "he",
        "she",
        "him",
        "they",
        "them",
        "might",
        "shall",
        "take",  # how long does it take
        "takes",
    ]
)
# Spoken question and politeness words pythainlp's stopword list lacks, and the asking
# around a question (รบกวนสอบถามเรื่อง..., อยากทราบว่า...: "may I ask about", "I'd like to know").
# โดน is the spoken ถูก of a passive (โดนหลอก, "was cheated"), which the list has.
THAI_FILLERS = frozenset(["ได้ไหม", "ไหม", "มั้ย", "ไหมคะ", "ไหมครับ", "มั้ยคะ", "มั้ยครับ", "ทำไง", "ทำยังไง",
                          "ยังไง", "ครับ", "ค่ะ", "คะ", "นะคะ", "นะครับ", "หน่อย", "บ้าง", "อะไร", "ต้อง",
                          "อย่างไร", "ทำอย่างไร", "ได้", "รึเปล่า", "โดน", "อยากได้", "อยากจะ", "ต้องการ",
                          "วิธี", "แบบไหน", "กี่", "ได้บ้าง", "ได้มั้ย", "ยังไงบ้าง", "เปล่า", "ป่าว", "ปะ",
                          "มั๊ย", "ไม๊", "รบกวน", "สอบถาม", "ขอถาม", "ถาม", "ทราบ", "อยากทราบ", "อยากรู้",
                          "ต้องทำ", "เรื่อง", "ไงดี",
                          # the asker (pythainlp's list has ฉัน and เรา, not these): never what a
                          # page is about, and a page that lacks ผม does not answer in part
                          "ผม", "กระผม", "ดิฉัน", "หนู", "เค้า", "ตัวเอง", "พวกเรา", "ครับผม"])  # fmt: skip
# Words naming the mission itself. Every procedure of a consular manual is done at an
# embassy or a consulate, so "ที่สถานทูต", "สกญ." or "at the consulate" in a query says where,
# not which procedure: such a word lifts the pages that say it but is no telling word
# (coverage, aboutness, `missing`) while the query has another. An embassy's page names
# the embassy, a consulate's the consulate, and neither is the better answer for that.
MISSION_WORDS = ("สถานทูต", "สอท.", "สถานเอกอัครราชทูต", "สกญ.", "สถานกงสุลใหญ่", "สถานกงสุล",
                 "embassy", "consulate")  # fmt: skip


def mission_terms(tokens: Callable[[str], list[Tok]]) -> frozenset[str]:
    """MISSION_WORDS as the query's analyzer gives them (a word it cuts in pieces, say an
    index that never writes it, is left out: its pieces mean other things)."""
    found = (tokens(word) for word in MISSION_WORDS)
    return frozenset(toks[0].text for toks in found if len(toks) == 1)


@dataclass
class Concept:
    """One thing the query asks for, satisfied by any of its variants."""

    label: str  # the query's words as typed, for "missing"
    variants: list[Weighted]
    span: tuple[int, int] = (0, 0)  # the query tokens it stands for
    # a whole-phrase translation or a word naming the mission: lifts, never counts as telling
    phrase_bonus: bool = False
    # The dictionary parts of a Thai query word (สถาน, ที่ for สถานที่), one of its variants:
    # they widen recall, but only side by side do they say what the word says.
    parts: tuple[str, ...] = ()
    # Its Thai forms of several function words (ทำ ใหม่, a translation of "renew"), which
    # hold only close together (function_forms).
    near_forms: tuple[tuple[str, ...], ...] = ()

    @property
    def words(self) -> set[str]:
        return {w for v in self.variants for w in v.words}


@dataclass
class QueryPlan:
    """What a query asks of the index: concepts, required phrases, excluded words."""

    concepts: list[Concept] = field(default_factory=list)
    # each quoted phrase: the forms that satisfy it (quoted_forms), one of which must match
    required: list[list[Weighted]] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    suggestion: str | None = None
    marks: Marks = field(default_factory=dict)  # what a snippet marks (search.snippets)
    # The query's Thai words dropped as filler. pythainlp's list is of words common in Thai at
    # large, and some say what a procedure is about (ใหม่, ด้วยกัน, ส่ง): a title holding one
    # is the likelier answer (engine.title_factor), though no page is held to them.
    fillers: list[Concept] = field(default_factory=list)


def marked_forms(plan: QueryPlan, stopwords: frozenset[str], only_filler: bool) -> Marks:
    """The forms a page can have been matched on, each as its words in order with the
    weight it was asked for at: the words as typed or corrected, synonyms, translations,
    a compound's parts, quoted phrases. A snippet marks a form only where its words stand
    together (snippets.match_spans), so a compound's parts are marked side by side and
    never inside some other word. A stopword alone (ใน, การ, of, from a translation such
    as ใน ต่างประเทศ) says nothing about why the page matched and is not marked, unless
    the officer quoted it or typed nothing else."""
    marks: Marks = {}
    variants = [v for c in plan.concepts for v in c.variants]
    for v in variants:
        if len(v.words) == 1 and v.words[0] in stopwords and not only_filler:
            continue
        marks[v.words] = max(marks.get(v.words, 0.0), v.boost)
    for v in (v for forms in plan.required for v in forms):
        marks[v.words] = max(marks.get(v.words, 0.0), v.boost)
    return marks


def form(words: tuple[str, ...], boost: float, chained: bool = False) -> Weighted:
    """A variant matching these words: a phrase when there are several, written as the
    index holds them one after another (a hyphenated word is its join: phrase_words)."""
    words = phrase_words(words)
    return Weighted(words, boost, phrase=len(words) > 1, chained=chained)


def merged(variants: list[Weighted]) -> list[Weighted]:
    """One variant per form, weighing the sum of the weights it was reached with, up to
    the weight of the word as typed (1.0).

    A form reached twice (คำแปล as a glossary synonym and as a lexicon translation) scored
    as two query terms before; one term at the summed weight scores the same (BM25 is
    linear in the boost) with half the matchers, which is most of a query's time. Uncapped,
    "lost passport", a synonym and a translation of พาสหาย, weighed 1.05 beside the Thai
    word's own 1.0, and an English page came first for the Thai query. It is chained only
    if every way it was reached is."""
    out: dict[tuple[tuple[str, ...], bool], Weighted] = {}
    for v in variants:
        key = (v.words, v.phrase)
        seen = out.get(key)
        if seen is not None:
            v = Weighted(v.words, min(1.0, seen.boost + v.boost), v.phrase, seen.chained and v.chained)
        out[key] = v
    return list(out.values())


def function_forms(variants: list[Weighted], stopwords: frozenset[str]) -> tuple[tuple[str, ...], ...]:
    """The words of each Thai form made of several stopwords only: every page has ทำ and
    ใหม่ somewhere, so such a form holds only where its words stand close (engine.near)."""
    return tuple(
        v.words for v in variants if len(v.words) > 1 and all(is_thai(w) and w in stopwords for w in v.words)
    )


def load_stopwords() -> frozenset[str]:
    """pythainlp's Thai stopwords, spelled as the analyzer spells words, with the English
    ones and THAI_FILLERS. The file has BOMs at the start of lines (which hid ณ and ๆ)
    and writes some words with nikhahit and sara aa (ทํา) where text has sara am (ทำ):
    read raw, those words never matched a query's or a title's."""
    path = pythainlp_words_file().parent / "stopwords_th.txt"
    lines = (w.strip(string.whitespace + INVISIBLE) for w in path.read_text(encoding="utf-8").split("\n"))
    thai = {normalised_thai(w) for w in lines if w}
    return frozenset(thai) | ENGLISH_STOPWORDS | THAI_FILLERS


def joined_parts(found: list[Concept], words: list[str]) -> None:
    """e-Passport is analysed as e, passport and epassport: one word the query typed, so
    one telling concept, epassport's, which its parts side by side also hold; the parts
    still find pages on their own, but only as a bonus (else the word counts thrice)."""
    for c in found:
        start, end = c.span
        if end - start != 1 or c.phrase_bonus:
            continue
        for j in range(max(0, start - 3), start - 1):
            if "".join(words[j:start]) == words[start]:
                parts = tuple(words[j:start])
                c.variants.insert(1, Weighted(parts, 1.0))
                c.parts = parts
                for other in found:
                    if j <= other.span[0] and other.span[1] <= start:
                        other.phrase_bonus = True
                break


def extends(words: tuple[str, ...], literal: tuple[str, ...]) -> bool:
    """A one-word Thai synonym that holds the word typed (การสมรส for สมรส): the index finds
    the word inside it already, so it would only count the same page twice."""
    if len(words) != 1 or len(literal) != 1 or not is_thai(literal[0]):
        return False
    return literal[0] in words[0] and words[0] != literal[0]


MAX_TOGETHER = 4  # query words a word the lexicon knows may have been cut into


class Retyped:
    """The query as typed, read through the spans of its corrected copy: a span that
    touches a corrected word covers what was typed in its place."""

    def __init__(self, typed: str, edits: list[tuple[int, int, str]]):
        self.typed = typed
        self.edits: list[tuple[int, int, int, int]] = []  # corrected start, end; typed start, end
        shift = 0
        for start, end, fix in sorted(edits):
            self.edits.append((start + shift, start + shift + len(fix), start, end))
            shift += len(fix) - (end - start)

    def position(self, at: int, end: bool) -> int:
        shift = 0
        for fixed_start, fixed_end, start, stop in self.edits:
            if at < fixed_start or (end and at == fixed_start):
                break
            if at < fixed_end or (end and at == fixed_end):
                return stop if end else start
            shift = stop - fixed_end
        return at + shift

    def text(self, start: int, end: int) -> str:
        return self.typed[self.position(start, False) : self.position(end, True)]


# The pieces of a Latin word that spelling looks at one by one: e-pasport, non-imigrant,
# e.vsa are a piece the index knows and a typo (a word with an apostrophe stays whole).
LATIN_PIECE = re.compile(r"[^-.]+")


class QueryPlanner:
    def __init__(self, analyzer, lexicon: Lexicon, synonyms: Synonyms, translations: Translations,
                 speller: Speller, latin_df, stopwords: frozenset[str], language: Language):  # fmt: skip
        self.analyzer = analyzer
        self.lexicon = lexicon  # Thai words the index holds (plus glossary words)
        self.synonyms = synonyms
        self.translations = translations
        self.speller = speller
        self.latin_df = latin_df  # word -> how many documents hold it (as analysed)?
        self.stopwords = stopwords
        self.language = language  # the real words of Thai and English
        self.mission = mission_terms(self.tokens)

    def plan(self, parsed: ParsedQuery) -> QueryPlan:
        text = " ".join(parsed.words)
        corrected, held, typed = self.correct(text)
        plan = QueryPlan(suggestion=corrected if corrected != text else None)
        toks = self.cut(corrected)
        plan.concepts = self.concepts(toks, corrected, typed)
        plan.fillers = self.fillers(toks, plan.concepts)
        self.keep_held(plan.concepts, held)
        plan.required = [forms for phrase in parsed.phrases if (forms := self.quoted_forms(phrase))]
        plan.excluded = [t.text for word in parsed.excluded for t in self.tokens(word)]
        only_filler = all(self.is_filler(t.text, corrected[t.start : t.end]) for t in toks)
        plan.marks = marked_forms(plan, self.stopwords, only_filler)
        return plan

    def tokens(self, text: str) -> list[Tok]:
        return analyze(self.analyzer, text, mode="query")

    def cut(self, text: str) -> list[Tok]:
        """The query's tokens, where a Thai run that the query's word list cuts into a piece
        the index lacks is cut again as the index cut the pages (Language.page_analyzer).
        That list holds the index's words only, so a real word no page writes comes out
        in pieces (ภรรยา as ภ รร ยา, ท่องเที่ยว as ท่อง เที่ยว) that would find pages about
        something else (ยา, เที่ยวบิน); cut as a page is, it stands whole, one word the
        index lacks, found by its translations and parts if at all."""
        toks = self.tokens(text)
        odd = [t for t in toks if is_thai(t.text) and not self.known_thai(t.text)]
        pages = self.language.page_analyzer() if odd else None
        if pages is None:
            return toks
        again = analyze(pages, text, mode="query")
        out: list[Tok] = []
        for match in RUNS.finditer(normalise_digits(text)):
            start, end = match.span()
            recut = match.group("th") and any(start <= t.start and t.end <= end for t in odd)
            out += [t for t in (again if recut else toks) if start <= t.start and t.end <= end]
        return out

    def quoted_forms(self, phrase: str) -> list[Weighted]:
        """What a quoted phrase matches: its words as typed, one after another, and, when it
        has a space between two Thai words, the same text without it. Thai is written
        without spaces, so "ที่ จะ" and "จดทะเบียน สมรส" are typed apart but written ที่จะ
        and จดทะเบียนสมรส, which the analyzer cuts into other words (ที่จะ is one); every
        word of such a phrase may be a stopword, and it still means just that text."""
        forms: list[Weighted] = []
        for text in dict.fromkeys([phrase, SPACE_IN_THAI.sub("", phrase)]):
            words = tuple(t.text for t in self.tokens(text))
            if words and all(f.words != form(words, 1.0).words for f in forms):
                forms.append(form(words, 1.0))
        return forms

    def concepts(self, toks: list[Tok], text: str, retyped: Retyped | None = None) -> list[Concept]:
        words = [t.text for t in toks]

        def typed(start: int, end: int) -> str:
            """What the officer typed for tokens start to end: a concept's label, which
            `missing` names (the word as typed, not the correction offered for it)."""
            span = (toks[start].start, toks[end - 1].end)
            return retyped.text(*span) if retyped is not None else text[span[0] : span[1]]

        found: list[Concept] = []
        covered: set[int] = set()
        for start, end, group in self.synonyms.find(words):
            literal = tuple(words[start:end])
            variants = [form(literal, 1.0)]
            boost = RANKING.synonym_boost
            variants += [
                form(w, boost) for w in self.synonyms.others(group, literal) if not extends(w, literal)
            ]
            variants += self.translated(literal, RANKING.translation_boost)
            parts = self.parts_of(literal[0]) if len(literal) == 1 else ()
            if parts:  # a glossary word the pages do not write (ต่อพาส) still finds พาส
                variants.append(Weighted(parts, RANKING.parts_boost))
            found.append(Concept(typed(start, end), variants, (start, end), parts=parts))
            covered.update(range(start, end))
        for start, end in self.fragments(words, toks, covered):
            literal = tuple(words[start:end])
            variants = [form(literal, 1.0), *self.translated(("".join(literal),), RANKING.translation_boost)]
            found.append(Concept(typed(start, end), variants, (start, end)))
            covered.update(range(start, end))
        for i, word in enumerate(words):
            if i not in covered and not self.is_filler(word, typed(i, i + 1)):
                found.append(self.word_concept(word, typed(i, i + 1), i))
                found += self.lifts(word, i)
        if not found:  # nothing but filler: search for it after all
            found = [self.word_concept(w, typed(i, i + 1), i) for i, w in enumerate(words)]
        spans = [(a, b, tuple(words[a:b]), False) for a, b in self.translations.phrases(words)]
        spans += [(a, b, ("".join(words[a:b]),), True) for a, b in self.typed_together(words, toks)]
        for start, end, key, one in spans:
            forms = self.translated(key, RANKING.phrase_translation_boost)
            if forms and not any(c.span == (start, end) for c in found):
                # A Thai filler heading a known phrase carries its sense (ต่อ in ต่อ พาส is
                # "renew"), and a word typed as one that the lexicon knows only whole is one
                # (นอกสมรส): a telling word of its own, its pieces then only lifting pages, as
                # e-Passport's do. Known as a phrase of words too (พาส โดนขโมย), it is that
                # phrase: each word stays telling in its own forms (หนังสือเดินทาง ... ถูกขโมย).
                whole = one or shorthand(tuple(words[start:end]), lambda w: self.is_filler(w, w))
                for c in found if one else []:
                    if start <= c.span[0] and c.span[1] <= end:
                        c.phrase_bonus = True
                # The phrase as typed lifts the pages that hold it in a row, in the query's
                # language, as much as its translations lift the pages in the other.
                literal = form(tuple(words[start:end]), RANKING.phrase_translation_boost)
                typed_too = [literal] if literal.phrase else []
                concept = Concept(typed(start, end), typed_too + forms, (start, end), phrase_bonus=not whole)
                found.append(concept)
        joined_parts(found, words)
        for c in found:
            c.variants = merged(c.variants)
            c.near_forms = function_forms(c.variants, self.stopwords)
        found.sort(key=lambda c: c.span)
        unique: dict[tuple, Concept] = {}
        for c in found:
            unique.setdefault((c.phrase_bonus, tuple(v.words for v in c.variants)), c)
        kept = list(unique.values())
        where = [c for c in kept if not c.phrase_bonus and set(c.variants[0].words) <= self.mission]
        if len(where) < sum(not c.phrase_bonus for c in kept):  # MISSION_WORDS
            for c in where:
                c.phrase_bonus = True
        return kept

    def fillers(self, toks: list[Tok], concepts: list[Concept]) -> list[Concept]:
        """The query's Thai words no concept stands for (dropped as filler), once each."""
        spanned = {i for c in concepts for i in range(*c.span)}
        words = dict.fromkeys(t.text for i, t in enumerate(toks) if i not in spanned and is_thai(t.text))
        return [Concept(w, [Weighted((w,), 1.0)]) for w in words]

    def fragments(self, words: list[str], toks: list[Tok], covered: set[int]) -> list[tuple[int, int]]:
        """Runs of Thai pieces typed as one that no page writes, one of them no word at
        all (เชงเก้น, cut as เชง เก้ น even by the whole list): one unknown word as typed,
        searched as its pieces in a row, never piece by piece (เก้ alone is another word)."""

        def odd(k: int) -> bool:
            return k not in covered and is_thai(words[k]) and not self.known_thai(words[k])

        spans = []
        i = 0
        while i < len(words):
            j = i
            while j < len(words) and odd(j) and (j == i or toks[j - 1].end == toks[j].start):
                j += 1
            if j - i > 1 and any(self.language.count(w) is None for w in words[i:j]):
                spans.append((i, j))
            i = max(j, i + 1)
        return spans

    def typed_together(self, words: list[str], toks: list[Tok]) -> list[tuple[int, int]]:
        """Runs of Thai words typed as one that the lexicon knows as one word, longest first,
        left to right: the query's word list holds only the index's words, so a word no page
        writes is cut (นอกสมรส as นอก สมรส) and its translations would be lost."""
        spans = []
        i = 0
        while i < len(words):
            for end in range(min(len(words), i + MAX_TOGETHER), i + 1, -1):
                piece = words[i:end]
                together = all(toks[k].end == toks[k + 1].start for k in range(i, end - 1))
                if together and all(is_thai(w) for w in piece) and self.translations.of(("".join(piece),)):
                    spans.append((i, end))
                    i = end
                    break
            else:
                i += 1
        return spans

    def is_filler(self, word: str, typed: str) -> bool:
        return word in self.stopwords or typed.lower() in self.stopwords

    def translated(self, words: tuple[str, ...], boost: float) -> list[Weighted]:
        """The words' translations, the chained ones at RANKING.chained_factor of the
        weight, at most RANKING.max_translations."""
        forms = self.translations.weighed(words)[: RANKING.max_translations]
        chained = boost * RANKING.chained_factor
        return [form(f, chained if far else boost, far) for f, far in forms]

    def word_concept(self, word: str, typed: str, i: int) -> Concept:
        variants = [Weighted((word,), 1.0)]
        parts = self.parts_of(word)
        if parts:
            variants.append(Weighted(parts, RANKING.parts_boost))
        variants += self.translated((word,), RANKING.translation_boost)
        return Concept(typed, variants, (i, i + 1), parts=parts)

    def lifts(self, word: str, i: int) -> list[Concept]:
        """For a Thai word no page writes (ลูกครึ่ง, cut whole by `cut`): the words inside it
        that pages do write (ลูก), as the index files a compound's inner words beside it.
        Each lifts the pages that hold it, at RANKING.parts_boost, and holds nothing: a
        page about ลูก does not say ลูกครึ่ง (its span, (i, i), covers no query word)."""
        if not is_thai(word) or self.known_thai(word):
            return []
        inner = self.language.inner_words(word)
        return [Concept(w, [Weighted((w,), RANKING.parts_boost)], (i, i), phrase_bonus=True)
                for w in inner if w in self.lexicon]  # fmt: skip

    def parts_of(self, word: str) -> tuple[str, ...]:
        """A Thai compound's dictionary parts (none for a short or one-piece word)."""
        parts = best_split(word, self.lexicon) if is_thai(word) and len(word) > 3 else ()
        return parts if len(parts) > 1 else ()

    def correct(self, text: str) -> tuple[str, list[tuple[str, str]], Retyped]:
        """The query with every word the index lacks replaced by its nearest known word,
        the (correction, word) pairs of the Latin words some page does hold, and what the
        officer typed for each span of the corrected query."""
        norm = normalise_digits(text)
        edits: list[tuple[int, int, str]] = []
        held: list[tuple[str, str]] = []
        for match in RUNS.finditer(norm):
            if match.group("th"):
                pieces = list(segment_thai(match.group("th"), match.start(), self.lexicon.name))
                fix = self.speller.correct_thai_run(pieces, self.known_thai, norm)
                if fix:
                    edits.append(fix)
            elif match.group("lat"):
                for piece in LATIN_PIECE.finditer(match.group()):  # e-pasport: pasport on its own
                    word, start = piece.group(), match.start() + piece.start()
                    df = self.latin_df(word)
                    fix = self.speller.correct_latin(word, df, self.translated_latin(word))
                    if fix:
                        edits.append((start, start + len(word), fix))
                        if df:
                            held.append((fix, word))
        typed = Retyped(text, edits)
        for start, end, fix in sorted(edits, reverse=True):
            text = text[:start] + fix + text[end:]
        return text, held, typed

    def keep_held(self, concepts: list[Concept], held: list[tuple[str, str]]) -> None:
        """A Latin word only a page or two hold is corrected when a near word is far more
        common, but it may be a real word (internet, stage, a name): the pages that say it
        stay found, beside the correction's (the word is a variant of its concept)."""
        for fix, word in held:
            fixed = tuple(t.text for t in self.tokens(fix))
            typed = form(tuple(t.text for t in self.tokens(word)), 1.0)
            for c in concepts:
                if any(v.words == fixed for v in c.variants):
                    c.variants = merged([*c.variants, typed])

    def known_thai(self, word: str) -> bool:
        return word in self.lexicon or bool(self.translations.of((word,)))

    def translated_latin(self, word: str) -> bool:
        """A Latin word the lexicon can carry into Thai: a real word, never "corrected"."""
        return any(self.translations.of((t.text,)) for t in self.tokens(word))
