"""A page that names a topic only in its see-also links is not found as if about it, and
snippets and deep links come from prose, never from a list of link titles."""

from __future__ import annotations

from indexer.index.link_lists import is_link_line, link_list_lines
from indexer.index.writer import update_index
from indexer.manual.fences import body_lines
from indexer.manual.loader import load_manual
from search.engine import SearchEngine
from tests.conftest import procedure

ADOPTION = "การรับบุตรบุญธรรม"
PAGES = {
    # About adoption.
    "family/adoption.md": procedure(
        "adoption", "family", title=ADOPTION,
        body=f"## ภาพรวม\n\n{ADOPTION}ต้องได้รับความยินยอมของบิดามารดาเดิม\n",
    ),
    # Adoption only in a see-also section under a heading.
    "family/marriage.md": procedure(
        "marriage", "family", title="การจดทะเบียนสมรส",
        body="## ภาพรวม\n\nคู่สมรสมาพร้อมพยานสองคน\n\n## ดูเพิ่มเติม\n\n"
        f"- [{ADOPTION}](adoption.md)\n- [การจดทะเบียนหย่า](divorce.md)\n",
    ),
    # Adoption only after a see-also label written as a bold line, as mission pages do.
    "family/divorce.md": procedure(
        "divorce", "family", title="การจดทะเบียนหย่า",
        body=f"หย่าโดยความยินยอมของทั้งสองฝ่าย\n\n**เรื่องที่เกี่ยวข้อง**\n- [{ADOPTION}](adoption.md)\n",
    ),
    # Adoption in a sentence that links to it: that is prose, and counts.
    "family/birth.md": procedure(
        "birth", "family", title="การแจ้งเกิด",
        body=f"## ภาพรวม\n\nเด็กที่เกิดแล้วจะ[{ADOPTION}](adoption.md)ในภายหลังต้องแจ้งเกิดก่อน\n",
    ),
}  # fmt: skip


def test_link_lines_are_told_from_sentences_with_links():
    assert is_link_line("- [หนังสือสำคัญประจำตัว (CI)](../passports/ci.md)")
    assert is_link_line("* [Birth registration](birth.md) (Sydney)")
    assert is_link_line("[Passport application](../passports/new.md)")
    assert not is_link_line("Bring the form ([download](form.pdf)) signed by both parents.")
    assert not is_link_line("- Thai birth certificate")


def test_a_section_that_is_mostly_links_is_a_link_list_without_a_label():
    body = "## เอกสาร\n\n- สูติบัตร\n\n## อื่น ๆ\n\n- [ก](a.md)\n- [ข](b.md)\n- [ค](c.md)\nติดต่อสถานทูต\n"
    lines = list(body_lines(body))
    assert sorted(lines[i].text for i in link_list_lines(lines)) == [
        "- [ก](a.md)",
        "- [ข](b.md)",
        "- [ค](c.md)",
    ]
    code = "```\n- [ก](a.md)\n- [ข](b.md)\n```\n"
    assert link_list_lines(list(body_lines(code))) == set()


def test_see_also_mentions_rank_below_the_page_and_never_make_the_snippet(make_manual, tmp_path):
    root = make_manual(PAGES)
    manual = load_manual(root)
    assert not manual.errors, manual.errors
    update_index(manual, tmp_path / "index")
    engine = SearchEngine(tmp_path / "index")
    try:
        response = engine.search("บุตรบุญธรรม")
        found = [r.id for r in response.results]
        assert found[0] == "adoption"
        assert "marriage" not in found and "divorce" not in found
        assert "birth" in found
        for result in response.results:
            assert "ดูเพิ่มเติม" not in result.section and "เกี่ยวข้อง" not in result.snippet
        marriage = engine.search("คู่สมรส พยาน").results[0]
        assert marriage.id == "marriage" and "หย่า" not in marriage.snippet
    finally:
        engine.close()
