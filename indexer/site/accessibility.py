"""What a rendered page needs for screen readers and keyboards that the theme leaves out.

Applied to every page after mkdocs renders it (hooks.ManualPages.on_post_page), so the
rules hold for generated and hand-written pages alike, after any sanitising of bodies:

- a skip link on every page, to the start of the article (material's own points at the
  first table-of-contents entry, which on a procedure page jumps past the title and the
  metadata panel, and is missing on pages without headings);
- each checklist checkbox named by its item's text (pymdownx.tasklist gives the box an
  empty <label>: a screen reader would say only "checkbox, not checked");
- on a page whose content is English, the Thai furniture (header, navigation, skip link,
  footer) marked lang="th", so each part is read with the right voice.
"""

from __future__ import annotations

import re
from html import escape, unescape

CONTENT_ID = "ecm-content"
SKIP_TEXT = "ข้ามไปที่เนื้อหา"

SKIP_BLOCK = re.compile(r'<div data-md-component="skip">.*?</div>', re.DOTALL)
ARTICLE = '<article class="md-content__inner md-typeset"'

# <label class="task-list-control"><input type="checkbox" ...><span ...></span></label> text
TASK_BOX = re.compile(
    r'(<label class="task-list-control">\s*<input type="checkbox")([^>]*>)(.*?</label>)'
    r"(.*?)(?=<ul|<ol|<p|<div|</li>|</p>|$)",
    re.DOTALL,
)
TAG = re.compile(r"<[^>]+>")
SPACE = re.compile(r"\s+")

# Opening tags of the theme's Thai parts, as material and partials/header.html write them.
FURNITURE = (
    '<header class="md-header',
    '<div class="md-sidebar md-sidebar--primary"',
    '<footer class="md-footer"',
    '<a href="#' + CONTENT_ID + '" class="md-skip"',
)


def accessible_page(html: str, content_lang: str, site_lang: str) -> str:
    html = skip_to_content(html)
    html = name_task_checkboxes(html)
    if content_lang != site_lang:
        html = mark_furniture_lang(html, site_lang)
    return html


def skip_to_content(html: str) -> str:
    """One skip link to the article, which takes focus (tabindex -1) when followed."""
    if ARTICLE not in html:
        return html
    link = f'<div data-md-component="skip"><a href="#{CONTENT_ID}" class="md-skip">{SKIP_TEXT}</a></div>'
    html = SKIP_BLOCK.sub(lambda _: link, html, count=1)
    return html.replace(ARTICLE, f'{ARTICLE} id="{CONTENT_ID}" tabindex="-1"', 1)


def name_task_checkboxes(html: str) -> str:
    return TASK_BOX.sub(named_box, html)


def named_box(match: re.Match[str]) -> str:
    opening, rest, label_end, text = match.groups()
    name = SPACE.sub(" ", unescape(TAG.sub("", text))).strip()
    if not name or "aria-label=" in rest:
        return match.group()
    return f'{opening} aria-label="{escape(name, quote=True)}"{rest}{label_end}{text}'


def mark_furniture_lang(html: str, site_lang: str) -> str:
    for opening in FURNITURE:  # lang goes right after the tag name: <header lang="th" class=...
        html = html.replace(opening, opening.replace(" ", f' lang="{site_lang}" ', 1), 1)
    return html
