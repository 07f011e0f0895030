"""The shipped sample manual is complete enough to browse, search and demo."""

from __future__ import annotations

from datetime import date

import pytest

from indexer.manual.loader import load_manual
from tests.conftest import SAMPLE_MANUAL

TODAY = date(2026, 11, 22)  # the manual's review dates were written against this day


@pytest.fixture(scope="module")
def manual():
    return load_manual(SAMPLE_MANUAL)


def test_covers_every_group_of_consular_work(manual):
    assert len(manual.procedures) >= 45
    assert {p.category for p in manual.procedures} == set(manual.categories) and len(manual.categories) == 8


def test_thai_first_with_english_titles_and_some_english_pages(manual):
    thai = [p for p in manual.procedures if p.lang == "th"]
    assert len(thai) > len(manual.procedures) / 2
    assert all(p.title_en for p in thai)
    assert sum(p.lang == "en" for p in manual.procedures) >= 8


def test_every_procedure_has_complete_metadata(manual):
    for p in manual.procedures:
        assert p.owner and p.last_reviewed and p.review_due, p.id
        assert p.legal_basis and p.related and p.tags and p.aliases, p.id
        assert "classification" not in p.extra and p.classification in ("public", "internal"), p.id


def test_some_reviews_are_overdue_and_some_procedures_are_internal(manual):
    assert sum(p.review_due < TODAY for p in manual.procedures) >= 3
    assert sum(not p.is_public for p in manual.procedures) >= 4


def test_bodies_have_the_standard_sections_and_a_checklist(manual):
    for p in manual.procedures:
        headings = p.headings
        overview = "ภาพรวม" if p.lang == "th" else "Overview"
        assert overview in headings, p.id
        assert "- [ ]" in p.body, p.id


def test_glossary_has_at_least_60_entries(manual):
    assert len(manual.glossary) >= 60
