"""Site boilerplate (lines many pages repeat) is not searched, however the pages date it,
and the index follows when a line joins or leaves the boilerplate."""

from __future__ import annotations

import json

from indexer.index import store
from indexer.index.boilerplate import line_key
from indexer.index.writer import update_index
from indexer.manual.loader import load_manual
from search.engine import SearchEngine
from tests.conftest import procedure

DEBRIS = "วันที่นำเข้าข้อมูล {day} {month} ๒๕๖๖ | {views} view"
MONTHS = ["ม.ค.", "มี.ค.", "มีนาคม", "ต.ค."]
TOPICS = [
    ("lost", "หนังสือเดินทางหาย", "แจ้งความที่สถานีตำรวจแล้วยื่นคำร้อง"),
    ("marry", "การจดทะเบียนสมรส", "คู่สมรสมาพร้อมพยานสองคน"),
    ("divorce", "การจดทะเบียนหย่า", "หย่าโดยความยินยอมของทั้งสองฝ่าย"),
    ("birth", "การแจ้งเกิด", "นำสูติบัตรท้องถิ่นมายื่น"),
]
SHARED = "ผู้ยื่นคำร้องต้องนำบัตรเกษตรกรฉบับจริงมาแสดงด้วยทุกครั้ง"


def page(n: int, extra: str = "") -> str:
    id, title, text = TOPICS[n]
    debris = DEBRIS.format(day=n + 3, month=MONTHS[n], views=f"{n + 1},0{n}4")
    return procedure(id, title=title, body=f"{debris}\n\n{text}\n\n**ค่าธรรมเนียม**\n\n{extra}\n")


def write(root, pages: dict[str, str]) -> None:
    for rel, text in pages.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def loaded(root):
    manual = load_manual(root)
    assert not manual.errors, manual.errors
    return manual


def search_ids(index_dir, query: str) -> list[str]:
    engine = SearchEngine(index_dir)
    try:
        return [r.id for r in engine.search(query).results]
    finally:
        engine.close()


def test_line_keys_fold_case_space_numbers_and_month_names():
    english = line_key("Last updated 20 June 2023 | 880 views")
    assert english == line_key("last  updated 3 Jan 2024 | 1,094 views")
    assert line_key(DEBRIS.format(day="๕", month="ม.ค.", views="๒,๔๑๗")) == line_key(
        DEBRIS.format(day="12", month="ตุลาคม", views="94")
    )
    assert line_key("ค่าธรรมเนียม 35 ยูโร") != line_key("ค่าธรรมเนียม 35 เยน")


def test_repeated_debris_is_not_searched_nor_shown_but_short_labels_are(make_manual, tmp_path):
    root = make_manual({f"passports/{TOPICS[n][0]}.md": page(n) for n in range(4)})
    index_dir = tmp_path / "index"
    update_index(loaded(root), index_dir)
    assert search_ids(index_dir, "view") == []
    assert search_ids(index_dir, "นำเข้าข้อมูล") == []
    assert search_ids(index_dir, "หย่า")[0] == "divorce"
    # "ค่าธรรมเนียม" is on every page, but as a label: a query for fees still finds them.
    assert len(search_ids(index_dir, "ค่าธรรมเนียม")) == 4
    engine = SearchEngine(index_dir)
    try:
        result = engine.search("สถานีตำรวจ").results[0]
        assert "view" not in result.snippet and "นำเข้า" not in result.snippet
    finally:
        engine.close()
    manifest = json.loads((store.current_generation(index_dir) / store.MANIFEST).read_text("utf-8"))
    assert manifest["boilerplate"] == [line_key(DEBRIS.format(day=1, month="ม.ค.", views=1))]


def test_a_line_that_joins_the_boilerplate_leaves_the_unchanged_pages_too(make_manual, tmp_path):
    # Two pages share a line: below boilerplate_min_docs (3), it is their text.
    root = make_manual({f"passports/{TOPICS[n][0]}.md": page(n, SHARED if n < 2 else "") for n in range(4)})
    index_dir = tmp_path / "index"
    update_index(loaded(root), index_dir)
    assert sorted(search_ids(index_dir, "เกษตรกร")) == ["lost", "marry"]
    # A third page takes it up: an incremental run drops it from all three.
    write(root, {"passports/divorce.md": page(2, SHARED)})
    report = update_index(loaded(root), index_dir)
    assert not report.full and report.updated == ["manual/passports/divorce.md"]
    assert search_ids(index_dir, "เกษตรกร") == []
    # And when it goes again, the two pages that kept it are found by it again.
    write(root, {"passports/divorce.md": page(2)})
    update_index(loaded(root), index_dir)
    assert sorted(search_ids(index_dir, "เกษตรกร")) == ["lost", "marry"]


def test_an_index_written_before_boilerplate_detection_is_rebuilt(make_manual, tmp_path):
    root = make_manual({f"passports/{TOPICS[n][0]}.md": page(n) for n in range(4)})
    index_dir = tmp_path / "index"
    update_index(loaded(root), index_dir)
    path = store.current_generation(index_dir) / store.MANIFEST
    data = json.loads(path.read_text("utf-8"))
    del data["boilerplate"]
    path.write_text(json.dumps(data), "utf-8")
    report = update_index(loaded(root), index_dir)
    assert report.full and "boilerplate" in report.reason
