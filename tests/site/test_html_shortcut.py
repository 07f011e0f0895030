"""`check` skips rendering a body only when the rendering could hold nothing the sanitiser
removes (html_safety.renders_only_allowed_html): every construct a skipped body can use
renders untouched, and no body the sanitiser would change is ever skipped."""

from __future__ import annotations

import random

import pytest

from indexer.manual import html_safety
from indexer.manual.html_safety import removed_html, render_body, renders_only_allowed_html
from indexer.manual.loader import load_manual
from tests.conftest import procedure

# Each Markdown construct a body may use without being rendered by `check`.
CONSTRUCTS = {
    "headings": "# หัวข้อ\n\n## ขั้นตอน 2.1\n\n### Step three\n\nSetext\n======\n",
    "emphasis": "คำ **หนา** *เอียง* ***ทั้งคู่*** `code` and ``two``\n",
    "lists": "- หนึ่ง\n    - สอง\n        - สาม\n\n3. เริ่มที่สาม\n4. สี่\n",
    "task-list": "- [ ] ยังไม่ทำ\n- [x] ทำแล้ว\n- [X] ทำแล้วเช่นกัน\n",
    "table": "| ซ้าย | กลาง | ขวา |\n|:---|:---:|---:|\n| 1 | 2 | 3 |\n",
    "admonition": '!!! note "หมายเหตุ"\n    ข้อความในกรอบ\n\n!!! warning\n    ระวัง\n',
    "details": '??? tip "เพิ่มเติม"\n    ซ่อนอยู่\n\n???+ note "เปิดไว้"\n    เห็นเลย\n',
    "definitions": "คำศัพท์\n:   ความหมาย\n",
    "quote": "> อ้างอิง\n> > ซ้อน\n",
    "indented-code": "ย่อหน้า\n\n    โค้ด = 1\n",
    "rules-and-breaks": "บรรทัด  \nต่อ\n\n---\n\n***\n",
    "links": "[ภายใน](../passports/passport-lost.md#ภาพรวม) [เว็บ](https://www.mfa.go.th/th?a=1) "
    "[ส่วน](#ขั้นตอน) [ว่าง]() [mail](mailto-like-path.md)\n",
    "images": "![แผนที่](../images/map.png) [![ปก](cover.png)](https://example.org/)\n",
    "toc": "[TOC]\n\n## หัวข้อ\n",
    "brackets": "[ไม่ใช่ลิงก์] [อีก][อัน] (วงเล็บ) !ตกใจ * ดาว # ชาร์ป: 50%\n",
}


@pytest.mark.parametrize("name", CONSTRUCTS)
def test_each_construct_a_skipped_body_may_use_renders_untouched(name):
    body = CONSTRUCTS[name]
    assert renders_only_allowed_html(body), name
    assert removed_html(render_body(body)) == [], name


# Bodies the sanitiser changes, each one step from a body that would be skipped.
NEAR_MISSES = [
    "## __config\n\nข้อความ\n",  # a heading id the theme reads, with no bracket in the body
    "## _ _config\n",
    "[กด](javascript:alert(1))\n",
    "[กด]( javascript:alert(1))\n",
    "[กด](JavaScript:alert(1))\n",
    "[กด](<javascript:alert(1)>)\n",
    "[กด](data:text/html;base64,PHNjcmlwdD4=)\n",
    "[กด](vbscript:msgbox)\n",
    "[กด][x]\n\n[x]: javascript:alert(1)\n",
    "[กด]\n\n[กด]: javascript:alert(1)\n",
    "![รูป](javascript:alert(1))\n",
    '[กด](x.md "t"){ onclick="alert(1)" }\n',
    '```python linenums="1"\nx = 1\n```\n',
    "<https://example.org>\n",
    "&#106;avascript\n",
    "ข้อความ\n\n<font color=red>x</font>\n",
    "a\\_\\_b\n",
    "\x02wzxhzdk:0\x03\n",
    # http(s) addresses the URL parser refuses, so the sanitiser drops them
    "[เว็บ](https://)\n",
    "[เว็บ](http://#)\n",
    "[เว็บ](https://?a=1)\n",
    "![รูป](https://)\n",
    "[เว็บ](https://999999999999)\n",
    "[เว็บ](https://1.2.3.256)\n",
    "[เว็บ](https://mfa.go.123)\n",
    "[เว็บ](https://0x100000000)\n",
    "[เว็บ](https://xn--a)\n",
    "[เว็บ](https://xn--ab-.com)\n",
    "[เว็บ](https://\u0e31a.th)\n",  # a Thai vowel mark opening a label: IDNA refuses it
    "[เว็บ](https://\u0e3b)\n",  # unassigned in the Thai block
]


@pytest.mark.parametrize("body", NEAR_MISSES)
def test_bodies_near_the_edge_are_rendered(body):
    assert not renders_only_allowed_html(body)


@pytest.mark.parametrize("body", ["## __config\n\nข้อความ\n", "ดู [เว็บไซต์](https://) ก่อน\n"])
def test_a_body_the_site_would_change_is_reported(make_manual, body):
    """The check skipped bodies with no `<{[&` before: `## __config` went unreported; and
    an http(s) link with no host (an officer's placeholder) lost its address unreported."""
    root = make_manual({"passports/x.md": procedure("x", body=body)})
    manual = load_manual(root)
    assert [p.code for p in manual.errors] == ["unsafe-html"]
    assert manual.procedures == []


PIECES = [
    "ข้อความ", "word", " ", " ", "\n", "\n\n", "    ", "#", "## ", "[", "]", "(", ")", "](", "!", "*",
    "**", "_", "__", "-", "- [ ] ", "1. ", "> ", "|", ":", "]:", "!!! note ", "??? ", "`", "```",
    "~~~", "<", ">", "&", "{", "}", "=", '"', "javascript:", "data:", "https://", "#__config",
    "x.md", "../a/b.md", "config", "alert(1)", "\\", "onclick", "script", "%", "?",
    # odd whitespace and Unicode: tabs, CR, no-break and ideographic spaces, zero width,
    # line and next-line separators, a byte-order mark, C1 controls, Thai marks and digits
    "\t", "\r", "\r\n", "\u00a0", "\u3000", "\u200b", "\u2028", "\x85", "\ufeff", "\x80", "\u0e31",
    "\u0e3b", "๑", "\n    ", "\n\n    ", "    - ", "\n===\n", "\n---\n", "+++", "|:-|", "|---|",
    # constructs of extensions the site does not load (footnotes, abbreviations, marks)
    "[^1]", "*[", "^", "~~", "==", "^^", ":::", "???+ ", "- [x] ", "[TOC]", "'", '"title"', "()",
]  # fmt: skip
# Addresses for the generated links: relative, web, and hosts the URL parser refuses.
ADDRESS_PIECES = [
    "", "https://", "http://", "//", "#", "?", "=", "/", ".", "..", "-", "--", "x", "ก.ไทย", "www.",
    "mfa", "go.th", "com", "999999999999", "1.2.3.4.5", "0x1", "123", "xn--", "\u0e31", "\u0e3b",
    "๑", "a-b", ":", "%", " ", "\t",
]  # fmt: skip


def random_link(rng: random.Random) -> str:
    address = "".join(rng.choice(ADDRESS_PIECES) for _ in range(rng.randint(0, 5)))
    return rng.choice(["[", "!["]) + rng.choice(PIECES[:2]) + "](" + address + ")"


def test_random_bodies_skipped_are_never_changed_by_the_sanitiser():
    """Seeded random Markdown: whatever the shortcut skips, the full check passes too."""
    rng = random.Random(15)
    skipped = 0
    for _ in range(1500):
        pieces = [rng.choice(PIECES) for _ in range(rng.randint(1, 40))]
        if rng.random() < 0.5:  # a well-formed link with a generated address, half the time
            pieces.insert(rng.randrange(len(pieces) + 1), random_link(rng))
        body = "".join(pieces)
        if renders_only_allowed_html(body):
            skipped += 1
            assert removed_html(render_body(body)) == [], repr(body)
    assert skipped >= 200  # the property was exercised, not vacuous


def test_another_markdown_configuration_renders_every_body(monkeypatch):
    body = CONSTRUCTS["links"]
    monkeypatch.setattr(html_safety, "markdown_extensions", lambda: (["toc", "extra"], {}))
    html_safety.proven_configuration.cache_clear()
    try:
        assert not renders_only_allowed_html(body)
    finally:
        monkeypatch.undo()
        html_safety.proven_configuration.cache_clear()
    assert renders_only_allowed_html(body)
