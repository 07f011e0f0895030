"""Every ranking knob in one place, as plain data.

The engine, the relevance suite and the benchmark read `RANKING`; the static search
exports it to the browser (`RANKING.to_dict()`), so it holds only numbers, strings and
mappings of them. Changing a value here changes how every manual ranks: measure it
with the relevance suite (tests/relevance/), never against one document or query.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from types import MappingProxyType


def _boosts() -> Mapping[str, float]:
    return MappingProxyType(
        {
            "title": 4.0,
            "aliases": 3.0,
            "title_en": 3.0,
            "tags": 2.0,
            "summary": 1.5,
            "headings": 1.0,
            "body": 1.0,
        }
    )


@dataclass(frozen=True)
class Ranking:
    """The ranking's knobs (see the module docstring)."""

    # BM25F (whoosh.scoring.BM25F): length normalisation and term-frequency saturation.
    bm25_b: float = 0.75
    bm25_k1: float = 1.2
    field_boosts: Mapping[str, float] = field(default_factory=_boosts)
    # Query expansion: weight of each form of a query word, the word as typed being 1.
    synonym_boost: float = 0.6  # a glossary synonym or abbreviation (สอท. -> สถานเอกอัครราชทูต)
    parts_boost: float = 0.5  # the parts of a Thai compound the index lacks whole
    translation_boost: float = 0.45  # a lexicon translation of one word (passport -> หนังสือเดินทาง)
    # a translation of a whole phrase beats word-by-word ones; the phrase as typed, held in a
    # row, lifts a page in the query's language as much
    phrase_translation_boost: float = 0.7
    # A Thai word's sibling through a translation (คอนโด -> condo -> ห้องชุด), relative to its
    # own translations' weight.
    chained_factor: float = 0.35
    max_translations: int = 6  # forms per word or phrase: more only slows queries down
    # An English query word's Thai forms are scored with their idf moved this share of the way
    # to that of its commonest English form (engine.pulled). English pages are few, so "thai" or
    # "passport" look rarer than ไทย or หนังสือเดินทาง: a Thai page matching the word counted
    # for less than an English page saying it. All the way (1.0) Thai pages overtake English
    # pages that answer as well (measured: English queries fell on all three runs).
    translation_idf_pull: float = 0.2
    # A page in another language than an all-Latin or all-Thai query, reached through
    # translation: it ranks after equally good pages in the query's own language.
    other_language_factor: float = 0.75
    # ... and the pages of the other language are moved this share of the way (log scale), up
    # or down, to where their best page's coverage x title factor puts it
    # (engine.other_language_lift). Only up, the English version of a service outranked its
    # Thai page for a Thai query (measured: held-out pages 0.880 -> 0.902, bare 0.942 -> 0.939).
    language_merge_share: float = 0.5
    # Index time: a word inside a Thai compound (สมรส in จดทะเบียนสมรส), relative to the compound.
    subword_boost: float = 0.5
    # Coverage: score x (floor + (1 - floor) * share of the query's telling words held) ** power.
    coverage_floor: float = 0.25
    coverage_power: float = 2.0
    # Aboutness: score x (1 + title_factor * share of the query's telling words the title holds).
    title_factor: float = 1.0
    # ... of which this share counts only the title's head, up to its first filler word after
    # a telling one: what the page is about, before what qualifies it.
    head_share: float = 0.3
    # A form of several English words holds where they stand within this many words more
    # than they are (engine.together): "collect passport" in "collecting a new passport".
    phrase_slack: int = 2
    # A Thai form of function words only (ทำ ... ใหม่ for "renew", ผู้ ขอ for "applicant")
    # holds where its words stand in order, each within this many letters of the one before
    # (engine.near): scattered over a page, such words are on every page and say nothing.
    function_form_gap: int = 20
    # Boilerplate: a body line whose words recur in at least this share of the documents
    # (and in at least `boilerplate_min_docs` of them) is site furniture and is not indexed.
    boilerplate_share: float = 0.04
    boilerplate_min_docs: int = 3
    # Hits fetched from the index before coverage reorders them: max(limit * factor, floor).
    candidates_factor: int = 3
    candidates_floor: int = 30
    max_limit: int = 100

    def to_dict(self) -> dict:
        return {f.name: plain(getattr(self, f.name)) for f in fields(self)}


def plain(value: object) -> object:
    return dict(value) if isinstance(value, Mapping) else value


RANKING = Ranking()
