"""Small parts of the site build: link filtering, HTML compaction, Thai ordering, editions."""

from __future__ import annotations

import textwrap

import pytest

from indexer.errors import CategoryClash
from indexer.manual.loader import load_manual
from indexer.site.compact import compact_html
from indexer.site.edition import Edition, unique_tags
from indexer.site.links import LinkFilter, attachments, resolve
from indexer.site.listings import split, tag_slugs
from indexer.site.sorting import thai_key

PAGES = {"passports/passport-lost.md", "passports/index.md", "family/marriage.md"}


def rewrite(body: str) -> str:
    return LinkFilter(PAGES, "passports").rewrite(textwrap.dedent(body))


def test_resolve_names_the_docs_path_of_every_link_form() -> None:
    assert resolve("../family/marriage.md#steps", "passports") == "family/marriage.md"
    assert resolve("passport-lost.md", "passports") == "passports/passport-lost.md"
    assert resolve("../family/marriage/", "passports") == "family/marriage.md"
    assert resolve("/family/marriage", "passports") == "family/marriage.md"
    assert resolve("./", "passports") == "passports.md"


def test_links_to_edition_pages_and_the_web_stay() -> None:
    body = """\
    See [lost](passport-lost.md#x), [marriage](../family/marriage/), [web](https://example.org/a.md),
    [top](#overview), [category](../passports/) and <https://example.org>.
    """
    assert rewrite(body) == textwrap.dedent(body)


def test_links_elsewhere_become_their_text() -> None:
    out = rewrite("ดู[เรื่องลับ](../protection/secret.md#ภาพรวม)ประกอบ และ ![แผนภาพ](../protection/secret.png)\n")
    assert out == "ดูเรื่องลับประกอบ และ แผนภาพ\n"


def test_list_items_that_are_only_a_hidden_link_are_dropped() -> None:
    body = """\
    ## ดูเพิ่มเติม

    - [หาย](passport-lost.md)
    - [ลับ](../protection/secret.md)
    1. [ลับ](secret.md "title").
    - ดู [ลับ](secret.md) ด้วย
    """
    assert rewrite(body) == "## ดูเพิ่มเติม\n\n- [หาย](passport-lost.md)\n- ดู ลับ ด้วย\n"


def test_reference_links_to_hidden_pages_lose_link_and_definition() -> None:
    body = """\
    อ่าน[คู่มือ][ลับ] และ [ลับ][] และ [หาย][ok]

    [ลับ]: ../protection/secret.md "Secret"
    [ok]: passport-lost.md
    """
    assert rewrite(body) == "อ่านคู่มือ และ ลับ และ [หาย][ok]\n\n[ok]: passport-lost.md\n"


def test_code_blocks_are_left_alone() -> None:
    body = "```\n[ลับ](../protection/secret.md)\n```\n"
    assert rewrite(body) == body


def test_compact_html_keeps_pre_and_scripts_exactly() -> None:
    kept = "<pre>  x\n\n    y</pre><script>\n  var a  = 1;\n</script>"
    html = "<ul>\n    <li>  a  </li>\n\n    <li>b</li>\n</ul>\n" + kept
    assert compact_html(html) == "<ul>\n<li> a </li>\n<li>b</li>\n</ul>\n" + kept


def test_thai_order_files_leading_vowels_under_their_consonant() -> None:
    words = ["ไข่", "กา", "เก่ง", "ขา", "แกง", "apple"]
    assert sorted(words, key=thai_key) == ["apple", "กา", "เก่ง", "แกง", "ขา", "ไข่"]


def test_tag_slugs_are_unique_and_never_index() -> None:
    slugs = tag_slugs(["Passport", "index", "ผู้เยาว์", "A B", "a-b"])
    assert slugs["index"] == "index_1" and tag_slugs(["p"])["p"] == "p_1"
    assert slugs["ผู้เยาว์"] == "ผู้เยาว์"
    assert slugs["a b"] == "a-b" and slugs["a-b"] == "a-b_1"


@pytest.mark.parametrize("folder", ["tags", "whats-new", "stale"])
def test_a_category_named_like_a_site_folder_is_a_check_error_not_a_crash(tmp_path, folder) -> None:
    root = tmp_path / "manual"
    (root / folder).mkdir(parents=True)
    (root / folder / "x.md").write_text(f"---\nid: x\ntitle: x\ncategory: {folder}\nlang: th\n---\n## ก\n")
    manual = load_manual(root)
    assert [(p.path, p.code) for p in manual.errors] == [(f"manual/{folder}/x.md", "reserved-category")]
    assert manual.procedures == []
    assert Edition.of(manual, public_only=False).procedures == []


def test_the_site_still_refuses_a_reserved_category_that_bypassed_the_loader(tmp_path) -> None:
    root = tmp_path / "manual"
    (root / "p").mkdir(parents=True)
    (root / "p" / "x.md").write_text("---\nid: x\ntitle: x\ncategory: p\nlang: th\n---\n## ก\n")
    manual = load_manual(root)
    manual.procedures[0].category = "tags"
    with pytest.raises(CategoryClash, match="tags"):
        Edition.of(manual, public_only=False)


def test_attachments_are_the_manuals_own_linked_files(tmp_path) -> None:
    for rel in ("passports/img/a.png", "forms/f.pdf", "passports/.hidden.png", "passports/p.md"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    (tmp_path.parent / "outside.png").write_text("x")
    body = """\
    ![a](img/a.png) [form](../forms/f.pdf#page=2) [page](p.md) ![gone](img/none.png)
    ![h](.hidden.png) ![out](../../outside.png) ![web](https://example.org/a.png)
    ```
    ![code](img/b.png)
    ```
    [ref]: ../forms/f.pdf
    """
    found = attachments(textwrap.dedent(body), "passports", tmp_path)
    assert found == {"passports/img/a.png", "forms/f.pdf"}


def test_long_listings_are_cut_into_pages() -> None:
    parts = split("passports/index.md", list(range(250)), 100)
    assert [p.source for p in parts] == ["passports/index.md", "passports/p/2.md", "passports/p/3.md"]
    assert [len(p.items) for p in parts] == [100, 100, 50] and parts[2].total == 250
    assert [p.source for p in split("tags/x.md", [1, 2], 100)] == ["tags/x.md"]
    assert split("tags/index.md", [], 100)[0].items == []


def test_a_tag_counts_once_per_procedure_whatever_its_case() -> None:
    assert unique_tags(["Passport", " passport", "ผู้เยาว์", "", "PASSPORT", "minor"]) == [
        "Passport",
        "ผู้เยาว์",
        "minor",
    ]
