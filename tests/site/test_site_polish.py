"""Glossary page, 404 page, tags and the folded metadata panel of the built sample site."""

from __future__ import annotations

import re
from pathlib import Path

from indexer.site.listings import glossary_rows
from indexer.site.sorting import thai_first_key


def read(site: Path, path: str) -> str:
    return (site / path).read_text("utf-8")


def test_terms_spelt_with_or_without_dots_are_one_row():
    rows = glossary_rows([["ทร.14", "ท.ร.14", "ทะเบียนบ้าน"], ["ท.ร.14", "ทร.14", "house registration"],
                          ["แฟน", "คู่สมรส"], ["die", "dead"], ["EC", "emergency certificate"]])  # fmt: skip
    spellings = [r.spellings for r in rows]
    assert spellings == [("ทร.14", "ท.ร.14"), ("แฟน",), ("die",), ("EC",)]
    assert rows[0].words == ("ทะเบียนบ้าน", "house registration")
    assert [r.is_abbreviation for r in rows] == [True, False, False, True]


def test_thai_dictionary_order_files_leading_vowels_under_their_consonant():
    words = ["แฟน", "ลูก", "การสมรส", "เกิด", "die", "ขโมย"]
    assert sorted(words, key=thai_first_key) == ["การสมรส", "เกิด", "ขโมย", "แฟน", "ลูก", "die"]


def test_glossary_page_has_one_row_per_term_and_abbreviations_apart(sample_site: Path):
    html = read(sample_site, "glossary/index.html")
    abbreviations, words = html.split('id="search-words"')
    terms = re.findall(r'<td class="ecm-term">([^<]+)</td>', html)
    assert len(terms) == len(set(terms))
    assert "ทร.14 / ท.ร.14" in abbreviations and terms.count("ทร.14 / ท.ร.14") == 1
    assert ">สอท.<" in abbreviations
    assert ">แฟน<" in words and ">die<" in words
    assert ">แฟน<" not in abbreviations
    thai = [
        t for t in re.findall(r'<td class="ecm-term">([^<]+)</td>', words) if "\u0e01" <= t[0] <= "\u0e4e"
    ]
    assert thai == sorted(thai, key=thai_first_key)


def test_404_page_is_thai(sample_site: Path):
    html = read(sample_site, "404.html")
    assert "ไม่พบหน้าที่ต้องการ" in html and "404 - Not found" not in html
    assert '<html lang="th"' in html


def test_tags_are_listed_thai_first(sample_site: Path):
    html = read(sample_site, "tags/index.html")
    names = re.findall(r'class="ecm-tag">([^<]+?) <span', html)
    thai = ["\u0e01" <= n[0] <= "\u0e4e" for n in names]
    assert thai and thai == sorted(thai, reverse=True)  # every Thai tag before any other
    page = read(sample_site, "passports/passport-lost/index.html")
    row = page.split('class="ecm-meta__tags"')[1].split("</dd>")[0]
    on_page = re.findall(r'class="ecm-tag">([^<]+)<', row)
    assert on_page == sorted(on_page, key=thai_first_key)


def test_metadata_panel_can_fold_under_the_title(sample_site: Path):
    page = read(sample_site, "passports/passport-lost/index.html")
    assert re.search(r'<details class="ecm-meta-fold" open><summary[^>]*>ข้อมูลของเรื่อง', page)
    assert page.index("ecm-meta-fold") < page.index("<h2")
