"""One rule for code blocks: every reader of a body agrees on what is code."""

from __future__ import annotations

import textwrap

from indexer.manual.body_checks import unsafe_html
from indexer.manual.fences import body_lines
from indexer.manual.sections import split_sections
from indexer.site.links import LinkFilter, link_targets


def code_of(body: str) -> list[bool]:
    return [line.is_code for line in body_lines(body)]


def test_fence_lines_and_what_they_enclose_are_code() -> None:
    body = "before\n```sh\nls\n```\nafter"
    assert code_of(body) == [False, True, True, True, False]
    assert [line.number for line in body_lines(body, first_line=7)] == [7, 8, 9, 10, 11]


def test_a_fence_closes_only_with_its_own_character_and_length() -> None:
    body = "~~~~\n```\n~~~\n~~~~\nprose"
    assert code_of(body) == [True, True, True, True, False]


def test_an_indented_fence_inside_a_list_item_counts() -> None:
    body = "1. step\n\n    ```\n    # not a heading\n    ```\n"
    assert code_of(body) == [False, False, True, True, True, False]


def test_a_backtick_line_with_backticks_after_it_is_inline_code_not_a_fence() -> None:
    assert code_of("```a` b```\n# heading") == [False, False]


def test_an_unclosed_fence_runs_to_the_end() -> None:
    assert code_of("```\n# one\n## two") == [True, True, True]


BODY = textwrap.dedent("""\
    ## ภาพรวม
    ~~~~markdown
    ```
    ## not a section
    <script>alert(1)</script>
    [secret](../protection/hidden.md)
    ```
    ~~~~
    ## ขั้นตอน
    [secret](../protection/hidden.md)
    """)


def test_sections_checks_and_links_agree_on_the_same_block() -> None:
    assert [s.heading for s in split_sections(BODY, "t")] == ["ภาพรวม", "ขั้นตอน"]
    assert unsafe_html(BODY, "manual/p/x.md", 1) == []
    assert list(link_targets(BODY)) == ["../protection/hidden.md"]  # the prose one only
    rewritten = LinkFilter(pages=set(), page_dir="p").rewrite(BODY)
    assert "[secret](../protection/hidden.md)\n```" in rewritten  # the code block as written
    assert rewritten.rstrip().endswith("\nsecret")  # the prose link unlinked
