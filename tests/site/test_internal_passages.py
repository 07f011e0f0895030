"""Officer-only passages (`!!! internal`, `??? internal`) inside public procedures.

The internal edition shows them under a "ใช้ภายใน" banner; the public edition's whole
output (every site file, the static search's export, every file of the Whoosh index, the
search API's answers) holds no word of them. The canaries sit only inside passages.
"""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path

import pytest
from site_helpers import all_text, read_page

from indexer.index.writer import update_index
from indexer.manual.html_safety import render_body
from indexer.manual.loader import load_manual
from indexer.manual.passages import BANNER, internal_passages, without_passages
from indexer.site import build_site
from search.engine import SearchEngine

CANARY = "zqxvorpalcanary"  # Latin: stemming leaves it whole
CANARY_TH = "ฌฃฅซ่านลับ"  # letters no other fixture uses
CANARY_IMAGE = "canary-scan.png"

PUBLIC_PAGE = f"""\
---
id: passport-renewal
title: การต่ออายุหนังสือเดินทาง
category: passports
lang: th
classification: public
last_reviewed: 2026-01-15
---
## ภาพรวม

ผู้ยื่นคำร้องต้องมาด้วยตนเอง หนังสือเดินทาง public words visible

!!! internal "การตรวจสอบเอกสาร"
    ตรวจลายน้ำ {CANARY} และ {CANARY_TH}

    ![scan]({CANARY_IMAGE})

## ขั้นตอน

1. ยื่นคำร้อง

    ??? internal
        ข้อสังเกตการทุจริต {CANARY}2 {CANARY_TH}

2. ชำระค่าธรรมเนียม

> !!! warning internal "quoted"
>     {CANARY}3 อยู่ในคำพูด

```
!!! internal
    a code sample stays: fencedword
```
"""


@pytest.fixture(scope="module")
def passages_manual(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("passages") / "manual"
    (root / "passports").mkdir(parents=True)
    (root / "passports" / "passport-renewal.md").write_text(PUBLIC_PAGE, encoding="utf-8")
    (root / "passports" / CANARY_IMAGE).write_bytes(b"\x89PNG\r\n\x1a\n" + CANARY.encode())
    return root


@pytest.fixture(scope="module")
def public_output(tmp_path_factory, passages_manual) -> tuple[Path, Path]:
    manual = load_manual(passages_manual)
    assert not manual.errors
    out = tmp_path_factory.mktemp("public-out")
    update_index(manual, out / "index", public_only=True)
    build_site(manual, out / "site", public_only=True, index_dir=out / "index")
    return out / "site", out / "index"


def every_byte_string(folder: Path):
    """Each file's bytes, and decompressed too where it is gzip or zlib data."""
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        yield path, data
        for opener in (gzip.decompress, zlib.decompress):
            try:
                decoded = opener(data)
            except (OSError, zlib.error, EOFError):
                continue  # not data of this kind
            yield path, decoded


def test_passages_are_found_outside_code_only(passages_manual):
    proc = load_manual(passages_manual).procedures[0]
    titles = [p.title for p in proc.internal_passages]
    assert titles == ["การตรวจสอบเอกสาร", "", "quoted"]
    assert internal_passages("```\n!!! internal\n    x\n```\n") == []


@pytest.mark.parametrize(
    "marker",
    ['!!! internal "ตรวจ "พิเศษ" ก่อน"', '??? internal "a "b" c"', '???+ note internal ""x""',
     '!!! internal "t" extra', '!!! Internal "open', '!!!internal', '!!! warning  internal'],
)  # fmt: skip
def test_every_marker_the_renderer_makes_a_passage_of_is_left_out(marker):
    """Whatever Python-Markdown renders as an `internal` admonition or details block
    (quotes inside the title included) is a passage, and its words leave the public body."""
    body = f"ข้อความ\n\n{marker}\n    {CANARY}\n\nต่อ\n"
    rendered = render_body(body)
    if 'class="admonition internal' in rendered or 'class="internal' in rendered:
        assert CANARY in rendered
    public = without_passages(body, internal_passages(body))
    assert CANARY not in render_body(public) and "ต่อ" in render_body(public)


def test_public_output_holds_no_word_of_an_internal_passage(public_output):
    site, index = public_output
    canaries = [
        CANARY.encode(),
        CANARY_TH.encode("utf-8"),
        CANARY_IMAGE.encode(),
        "การตรวจสอบเอกสาร".encode(),
    ]
    checked = 0
    for folder in (site, index):
        for path, data in every_byte_string(folder):
            checked += 1
            for canary in canaries:
                assert canary not in data, f"{canary!r} leaked into {path}"
    assert checked > 20
    assert not (site / "passports" / CANARY_IMAGE).exists()


def test_public_page_keeps_the_public_text_around_the_passages(public_output):
    site, _ = public_output
    html = read_page(site, "passports/passport-renewal/")
    assert "public words visible" in html
    assert "ชำระค่าธรรมเนียม" in html
    assert "fencedword" in html  # a fenced example of the syntax is not a passage
    assert BANNER not in html


def test_public_search_never_finds_or_quotes_a_passage(public_output):
    _, index = public_output
    engine = SearchEngine(index)
    try:
        for query in (CANARY, f"{CANARY}2", "ลายน้ำ", "ทุจริต"):
            response = engine.search(query)
            assert response.results == [], query
            assert CANARY not in (response.suggestion or "")
        assert engine.search("หนังสือเดินทาง").results  # the public text is found
        suggestion = engine.search("zqxvorpalcanery").suggestion or ""
        assert CANARY not in suggestion  # nor offered by spelling correction
    finally:
        engine.close()


def test_internal_edition_shows_passages_under_the_banner(tmp_path, passages_manual):
    manual = load_manual(passages_manual)
    build_site(manual, tmp_path / "site", public_only=False)
    html = read_page(tmp_path / "site", "passports/passport-renewal/")
    assert f"{BANNER}: การตรวจสอบเอกสาร" in html
    assert 'class="admonition internal"' in html
    assert '<details class="internal"' in html
    assert CANARY in html and CANARY_TH in html
    update_index(manual, tmp_path / "index")
    engine = SearchEngine(tmp_path / "index")
    try:
        assert [r.id for r in engine.search(CANARY).results] == ["passport-renewal"]
    finally:
        engine.close()


def test_no_other_site_file_of_the_internal_build_is_needed(public_output):
    site, _ = public_output
    assert any("passport-renewal" in text for _, text in all_text(site))
