"""What a snippet marks is why the page matched: the query's words and the forms they were
searched in, a compound's parts only side by side, never a stopword on its own."""

from __future__ import annotations

import re

import pytest

from tests.conftest import one_section_engine

PAGES = {
    # สถาน and ทูต are both here, each inside another word: สถานภาพ (status), การทูต (diplomacy)
    "status": "เจ้าหน้าที่ตรวจสถานภาพของผู้ร้อง แล้วส่งเอกสารทางถุงเมล์การทูต",
    "spaced": "ยื่นคำร้องได้ที่สถาน ทูต ทุกแห่งในยุโรป",
    "joined": "ยื่นคำร้องได้ที่สถานทูตไทยในกรุงโตเกียว",
    "owner": "ที่ดินของเจ้าของที่ต้องโอนที่สำนักงานที่ดิน",
}


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    engine = one_section_engine(
        tmp_path_factory.mktemp("snippets") / "manual", tmp_path_factory.mktemp("snippets-index"), PAGES
    )
    yield engine
    engine.close()


def marks(engine, query: str) -> dict[str, list[str]]:
    """Each result's marked stretches, in its snippet and its sections' snippets."""
    found = {}
    for r in engine.search(query, limit=50).results:
        texts = [r.snippet, *(s["snippet"] for s in r.sections)]
        found[r.id] = [m for t in texts for m in re.findall(r"<mark>(.*?)</mark>", t)]
    return found


def test_a_compound_s_parts_are_not_marked_inside_other_words(small):
    found = marks(small, "สถานทูต")
    assert "status" in found  # found by its parts, which the index holds
    assert found["status"] == []  # but neither สถานภาพ nor การทูต is marked


def test_a_compound_s_parts_are_marked_where_they_stand_together(small):
    found = marks(small, "สถานทูต")
    assert set(found["spaced"]) == {"สถาน ทูต"}
    assert set(found["joined"]) == {"สถานทูต"}


def test_a_phrase_is_not_marked_from_inside_a_page_word(small):
    """ของ + ที่ stand side by side in เจ้าของที่ only because ของ ends เจ้าของ (owner)."""
    found = marks(small, '"ของ ที่"')
    assert all(m in ("ของที่", "ของ ที่") for ms in found.values() for m in ms), found
    assert "ของที่" not in found.get("owner", [])


def test_translations_headed_by_a_stopword_mark_only_where_they_stand(engine):
    """ "abroad" is searched as ต่างประเทศ and ใน ต่างประเทศ, "renew" as การ ต่ออายุ and
    ทำ ใหม่: ใน, การ, ทำ, ใหม่ are never marked on their own."""
    found = marks(engine, "renew Thai passport abroad")
    every = [m for ms in found.values() for m in ms]
    assert every and not {"ใน", "การ", "ทำ", "ใหม่"} & set(every), every
    assert "ในต่างประเทศ" in every and "หนังสือเดินทาง" in every


def test_a_stopword_is_marked_when_it_is_all_the_officer_typed(engine):
    for query in ("ของ", '"ของ"'):
        found = marks(engine, query)
        assert found and all(set(ms) <= {"ของ"} for ms in found.values()), query
        assert any(found.values()), query


def test_the_compound_the_officer_typed_is_still_marked_inside_a_longer_word(engine):
    """สมรส inside จดทะเบียนสมรส: the index holds it for the page, so it says why."""
    found = marks(engine, "สมรส")
    assert any(m == "สมรส" for ms in found.values() for m in ms)


def test_synonyms_translations_and_corrections_are_marked(engine):
    """The page matched on the glossary's สอท and the lexicon's embassy for สถานทูต, and on
    the corrected word for a misspelt one: those are marked."""
    every = {m.lower() for ms in marks(engine, "สถานทูต").values() for m in ms}
    assert {"สถานทูต", "สอท", "embassy"} <= every
    corrected = {m.lower() for ms in marks(engine, "pasport").values() for m in ms}
    assert corrected and corrected <= {"passport", "passports", "พาสปอร์ต", "หนังสือเดินทาง", "พาส"}, corrected
