"""One glossary merge: the manual's entry for a term replaces the built-in entry, in
search and on the glossary page alike (manual-format.md: the manual's glossary wins)."""

from __future__ import annotations

from indexer.index.writer import update_index
from indexer.manual.glossary import builtin_groups, manual_wins
from indexer.manual.loader import load_manual
from indexer.site.edition import Edition
from indexer.site.listings import glossary_page
from search.engine import SearchEngine
from tests.conftest import procedure

# The built-in glossary says ยธ. = กระทรวงยุติธรรม; this manual says ยธ means กรมราชทัณฑ์.
OWN_ENTRY = "- term: ยธ\n  expansions: [กรมราชทัณฑ์]\n"


def manual_with_own_entry(make_manual):
    return make_manual({
        "glossary.yml": OWN_ENTRY,
        "p/ministry.md": procedure("ministry", category="p", title="ติดต่อกระทรวงยุติธรรม"),
        "p/prisons.md": procedure("prisons", category="p", title="ติดต่อกรมราชทัณฑ์"),
    })  # fmt: skip


def test_the_builtin_entry_is_there_without_the_manual() -> None:
    assert ["ยธ.", "กระทรวงยุติธรรม", "Ministry of Justice"] in builtin_groups()


def test_search_uses_the_manuals_entry_instead_of_the_builtin_one(make_manual, tmp_path) -> None:
    update_index(load_manual(manual_with_own_entry(make_manual)), tmp_path / "ix")
    found = [r.id for r in SearchEngine(tmp_path / "ix").search("ยธ.").results]
    assert found == ["prisons"]


def test_search_keeps_the_builtin_entry_when_the_manual_does_not_define_the_term(make_manual, tmp_path):
    root = make_manual({"p/ministry.md": procedure("ministry", category="p", title="ติดต่อกระทรวงยุติธรรม")})
    update_index(load_manual(root), tmp_path / "ix")
    assert [r.id for r in SearchEngine(tmp_path / "ix").search("ยธ.").results] == ["ministry"]


def test_the_glossary_page_shows_the_manuals_entry_instead_of_the_builtin_one(make_manual) -> None:
    edition = Edition.of(load_manual(manual_with_own_entry(make_manual)), public_only=False, history={})
    page = glossary_page(edition)
    assert "กรมราชทัณฑ์" in page and "กระทรวงยุติธรรม" not in page
    assert "สถานเอกอัครราชทูต" in page  # the other built-in entries stay


def test_dotted_and_undotted_or_cased_terms_are_the_same_term() -> None:
    merged = manual_wins([["Embassy", "x"], ["สอท", "y"]], [["embassy.", "z"], ["สอท.", "w"], ["กต.", "v"]])
    assert merged == [["Embassy", "x"], ["สอท", "y"], ["กต.", "v"]]
