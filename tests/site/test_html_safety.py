"""Stored script cannot reach a page: every attack of issue 9 is reported by `check` on its
line, and a site built from it anyway (the file forced past the loader) carries none of it.

Each body below is a way an editor's Markdown once put live script or a dangerous
address into a page that `check` passed.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from site_helpers import elements, read_page

from indexer.manual.html_safety import (
    SITE_EXTENSIONS,
    markdown_extensions,
    removed_html,
    render_body,
    sanitise,
)
from indexer.manual.loader import load_manual
from indexer.manual.sections import split_sections
from indexer.site import build_site
from indexer.site.csp import HASHES_FILE, read_hashes, sha256_source
from tests.conftest import procedure

# name -> (body, the body line (1 = first) that holds the attack)
ATTACKS = {
    "script-between-escaped-backticks": ("ข้อความ\n\n\\`<script>alert(1)</script>\\`\n", 3),
    "script-after-indented-fence": ("ข้อความ\n\n    ```\n<script>alert(1)</script>\n```\n", 4),
    "attr-list-handler-on-heading": ('## ขั้นตอน { onclick="alert(1)" }\n\nข้อความ\n', 1),
    "attr-list-handler-on-paragraph": ('ข้อความ\n\nย่อหน้า\n{: onmouseover="alert(1)" }\n', 4),
    "attr-list-handler-on-link": ('[ลิงก์](https://example.org){ onclick="alert(1)" }\n', 1),
    "svg-onload": ("ข้อความ\n\n<svg/onload=alert(1)>\n", 3),
    "img-handler-on-next-line": ('ข้อความ <img src="x.png"\nonerror="alert(1)">\n', 2),
    "entity-in-scheme": ('<a href="jav&#x61;script:alert(1)">กด</a>\n', 1),
    "colon-entity-in-link": ("[กด](javascript&colon;alert(1))\n", 1),
    "scheme-split-by-newline": ('<a href="java\nscript:alert(1)">กด</a>\n', 1),
    "meta-refresh": ('ข้อความ\n\n<meta http-equiv="refresh" content="0;url=https://evil.example/">\n', 3),
    "handler-in-heading": ("## <img src=x onerror=alert(1)>\n", 1),
    "data-url": ("[กด](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)\n", 1),
    "iframe": ('<iframe src="https://evil.example/"></iframe>\n', 1),
    "form": ('<form action="https://evil.example/"><button>ส่ง</button></form>\n', 1),
    "theme-id-clobbering": ('<div id="__config">{"base": "https://evil.example/"}</div>\n', 1),
    "style-block": ("<style>body{display:none}</style>\n", 1),
}
CODE_RUNS = re.compile(r"^\s*(?:javascript|data|vbscript):|alert\(1\)|evil\.example", re.I)


def attack_file(name: str, body: str) -> str:
    return procedure(name, body=body, classification="public")


@pytest.mark.parametrize("name", ATTACKS)
def test_check_reports_the_attack_on_its_line(make_manual, name):
    body, line = ATTACKS[name]
    root = make_manual({f"passports/{name}.md": attack_file(name, body)})
    manual = load_manual(root)
    errors = [p for p in manual.errors if p.code == "unsafe-html"]
    assert errors, f"check passed {name}"
    first_body_line = attack_file(name, body).split("\n").index("---", 1) + 2
    assert errors[0].line == first_body_line + line - 1, errors[0].format()
    assert manual.procedures == []  # the file is left out of index and site


def test_code_spans_and_fences_show_html_as_text(make_manual):
    body = "ใช้ `<script>alert(1)</script>` ในตัวอย่าง\n\n```html\n<img src=x onerror=alert(1)>\n```\n"
    root = make_manual({"passports/code.md": attack_file("code", body)})
    manual = load_manual(root)
    assert manual.problems == []
    html = sanitise(render_body(body))
    assert "&lt;script&gt;" in html and "<script" not in html


def test_html_the_site_drops_without_danger_is_a_warning(make_manual):
    root = make_manual({"passports/font.md": attack_file("font", "<font color=red>ข้อความ</font>\n")})
    manual = load_manual(root)
    assert [p.code for p in manual.problems] == ["unsupported-html"]
    assert manual.problems[0].severity == "warning" and len(manual.procedures) == 1


def test_the_sample_manual_renders_untouched_by_the_sanitiser(sample_manual):
    """The allow-list keeps everything the manual legitimately renders."""
    for proc in sample_manual.procedures:
        assert removed_html(render_body(proc.body)) == [], proc.path


def test_check_renders_with_the_sites_extensions():
    from mkdocs.config import load_config

    from indexer.project import MKDOCS_YML, project_dir

    config = load_config(str(project_dir() / MKDOCS_YML))
    site = [e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]]
    names, _ = markdown_extensions()
    assert set(names) <= set(site)
    assert set(SITE_EXTENSIONS) == set(names)


@pytest.fixture(scope="module")
def attacked_site(tmp_path_factory) -> Path:
    """A site built from every attack, each file forced past the loader's verdict."""
    root = tmp_path_factory.mktemp("attacks") / "manual"
    (root / "passports").mkdir(parents=True)
    for name, (body, _) in ATTACKS.items():
        (root / "passports" / f"{name}.md").write_text(attack_file(name, "## ภาพรวม\n\n" + body), "utf-8")
    (root / "passports" / "plain.md").write_text(attack_file("plain", "## ภาพรวม\n\nข้อความ\n"), "utf-8")
    manual = load_manual(root)
    plain = manual.procedures[0]
    forced = [
        replace(plain, id=name, path=f"manual/passports/{name}.md", body="## ภาพรวม\n\n" + body,
                sections=split_sections(body, name, 8))
        for name, (body, _) in ATTACKS.items()
    ]  # fmt: skip
    manual.procedures = [plain, *forced]
    out = tmp_path_factory.mktemp("attacked-site")
    build_site(manual, out, public_only=True)
    return out


@pytest.mark.parametrize("name", ATTACKS)
def test_no_attack_reaches_its_page(attacked_site, name):
    html = read_page(attacked_site, f"passports/{name}/")
    allowed = set(read_hashes(attacked_site))
    article = html[html.index("<article") : html.index("</article>")]
    assert "ภาพรวม" in article
    for tag, _ in elements(article):  # the theme's own furniture has svg icons, not the body
        assert tag not in ("meta", "iframe", "form", "svg", "object", "embed", "style", "script"), tag
    for tag, attrs in elements(html):
        assert "http-equiv" not in attrs
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        for key in ("href", "src", "action"):
            assert not CODE_RUNS.search(attrs.get(key, "").replace("\n", "")), (tag, attrs)
        assert attrs.get("id") != "__config" or tag == "script"
    for script in re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", html, re.S):
        attributes, text = script
        if 'type="application/json"' in attributes:
            assert "evil" not in text
            continue
        assert sha256_source(text) in allowed, text[:80]  # only the theme's own scripts


def test_csp_hashes_come_from_the_theme_not_the_output(attacked_site):
    """An inline script written into a page afterwards is not allowed by the policy."""
    injected = "alert(1)"
    page = attacked_site / "passports" / "plain" / "index.html"
    page.write_text(page.read_text("utf-8") + f"<script>{injected}</script>", "utf-8")
    from indexer.site.csp import write_hashes

    write_hashes(attacked_site)
    assert sha256_source(injected) not in read_hashes(attacked_site)
    assert (attacked_site / HASHES_FILE).is_file()


def test_every_inline_script_of_the_sample_site_is_allowed(sample_site):
    allowed = set(read_hashes(sample_site))
    for page in sample_site.rglob("*.html"):
        for attributes, text in re.findall(
            r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", page.read_text("utf-8"), re.S
        ):
            if 'type="application/json"' not in attributes:
                assert sha256_source(text) in allowed, page


def test_public_pages_hold_no_address_of_an_internal_procedure(make_manual, tmp_path):
    """Raw `<a href>` and links after an indented fence, which the Markdown link filter
    does not see, lose their address in the public edition all the same."""
    body = (
        "## ภาพรวม\n\n"
        '<a href="../../protection/hidden-case-file/">ดูเรื่องนี้</a>\n\n'
        "    ```\n[เรื่องลับ](../protection/hidden-case-file.md)\n```\n\n"
        "[เรื่องเปิด](open-two.md) [เว็บ](https://example.org/) [ส่วน](#ภาพรวม)\n"
    )
    root = make_manual({
        "passports/open-one.md": procedure("open-one", body=body, classification="public"),
        "passports/open-two.md": procedure("open-two", classification="public"),
        "protection/hidden-case-file.md": procedure("hidden-case-file", category="protection"),
    })  # fmt: skip
    manual = load_manual(root)
    assert manual.errors == []
    out = tmp_path / "public-site"
    build_site(manual, out, public_only=True)
    html = read_page(out, "passports/open-one/")
    assert "hidden-case-file" not in html
    article = html[html.index("<article") : html.index("</article>")]
    hrefs = [
        a.get("href") for tag, a in elements(article) if tag == "a" and "headerlink" not in a.get("class", "")
    ]
    assert {"../open-two/", "https://example.org/", "#ภาพรวม"} <= set(hrefs)  # kept
    assert None in hrefs  # the raw link to the internal page: its text stays, its address goes


def test_only_the_build_can_mark_where_the_editors_body_ends() -> None:
    from indexer.site.hooks import sanitise_body
    from indexer.site.procedure_page import BODY_END, BODY_START

    forged = "<!-- /ecm-body 00000000000000000000000000000000 -->"
    furniture = "<section data-ecm-feedback></section>"
    page = f"{BODY_START}<p>x</p>{forged}<script>alert(1)</script>{BODY_END}{furniture}"
    out = sanitise_body(page, None)
    assert "<script" not in out
    assert "data-ecm-feedback" in out  # the furniture after the real mark is kept as built
    assert "<script" not in sanitise_body(f"{BODY_START}<script>alert(1)</script>", None)  # no end mark
