"""The pages of one Edition, and what they do at each of mkdocs' events.

The registered plugin (`indexer.site.plugin.ManualPlugin`) makes one `ManualPages` per
build and hands it these events:

- on_config: the data the header's search box needs;
- on_files: one generated page per procedure, category and tag, plus home, glossary,
  the list of tags, what's new and (internal edition) the procedures due for review;
  the Atom feed of change notes (feed.xml);
  the images and files that procedures link to; material's unused search scripts are
  left out, and so, in the public edition, are the hand-written pages of docs/ that
  are not marked `classification: public` (the editor's guide); then the navigation
  (home, categories in their order with their procedures, glossary, tags, what's new,
  due for review, and the hand-written pages of docs/);
- on_page_markdown: the Markdown of a generated page, written when mkdocs asks for it;
- on_post_page: `lang="en"` on the pages of English procedures, what screen readers and
  keyboards need (indexer/site/accessibility.py), and the template's indentation
  squeezed out (a third of a page's bytes at a thousand procedures).
"""

from __future__ import annotations

import logging
import os
import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple, TypeVar
from urllib.parse import unquote

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

from indexer.manual.confidentiality import is_public
from indexer.manual.files import refusal
from indexer.manual.html_safety import LinkCheck, sanitise
from indexer.manual.model import Procedure
from indexer.site import listings
from indexer.site.accessibility import accessible_page
from indexer.site.citations import cite_headings
from indexer.site.compact import compact_html
from indexer.site.edition import Edition, Source
from indexer.site.feed import atom_feed
from indexer.site.html import Link, e, lang_attr
from indexer.site.links import is_external
from indexer.site.procedure_page import BODY_END, BODY_START, ProcedurePage

log = logging.getLogger("mkdocs.plugins.ecm")

HOME_TITLE = "หน้าแรก"
GLOSSARY_TITLE = "อภิธานศัพท์"
TAGS_TITLE = "แท็ก"
GUIDES_TITLE = "คำแนะนำ"
WHATS_NEW_TITLE = "มีอะไรใหม่"
STALE_TITLE = "เรื่องที่ต้องทบทวน"
SEARCH_TITLE = "ผลการค้นหา"
# A category with more procedures than this shows only its own page in the navigation
# (which lists them); beyond it, every page would carry a navigation too long to use.
NAV_LIMIT = 250
# Material's own search is switched off: its lunr scripts and worker would be dead weight.
UNUSED_THEME_FILES = ("assets/javascripts/lunr/", "assets/javascripts/workers/")
SHARED_DOCS = "assets/"  # the site's CSS and scripts: in every edition


T = TypeVar("T")


class Generated(NamedTuple):
    title: str
    render: Callable[[Link], str]


@dataclass(frozen=True)
class Layout:
    """How long lists are cut into pages (the plugin's options of the same names)."""

    list_page_size: int = listings.LIST_PAGE_SIZE
    tags_page_size: int = listings.TAGS_PAGE_SIZE
    nav_limit: int = NAV_LIMIT


class ManualPages:
    """Generated pages of one edition. Keys of `self.pages` are docs paths."""

    def __init__(self, edition: Edition, layout: Layout = Layout()):
        self.edition = edition
        self.layout = layout
        self.procedures = {Source.procedure(p): p for p in edition.procedures}
        self.tags = edition.tags()
        self.slugs = listings.tag_slugs(name for name, _ in self.tags)
        self.unlisted: set[str] = set()  # generated pages the navigation leaves out
        self.pages: dict[str, Generated] = {}
        self.add_pages()
        self.attachments = edition.attachments()
        self.linkable = frozenset(self.pages) | self.attachments  # what body links may reach

    def add_pages(self) -> None:
        edition = self.edition
        # titles go into templates unescaped (mkdocs' Jinja does not escape): escape them here
        self.pages[Source.HOME] = Generated(HOME_TITLE, partial(listings.home, edition))
        self.pages[Source.GLOSSARY] = Generated(GLOSSARY_TITLE, lambda link: listings.glossary_page(edition))
        self.pages[Source.WHATS_NEW] = Generated(WHATS_NEW_TITLE, partial(listings.whats_new, edition))
        self.pages[Source.SEARCH] = Generated(SEARCH_TITLE, lambda link: listings.results_page())
        self.unlisted.add(Source.SEARCH)
        if not edition.is_public:
            due = [(owner, item) for owner, items in edition.stale.items() for item in items]
            for part in self.listing(Source.STALE, due, self.layout.list_page_size):
                self.pages[part.source] = Generated(
                    part.titled(STALE_TITLE), partial(listings.stale_page, edition, part)
                )
        for part in self.listing(Source.TAGS, self.tags, self.layout.tags_page_size):
            self.pages[part.source] = Generated(
                part.titled(TAGS_TITLE), partial(listings.tags_index, self.slugs, part)
            )
        for name, procs in self.tags:
            first = Source.tag(self.slugs[name.casefold()])
            self.unlisted.add(first)
            for part in self.listing(first, procs, self.layout.list_page_size):
                render = partial(listings.tag_page, edition, name, part)
                self.pages[part.source] = Generated(part.titled(f"แท็ก: {e(name)}"), render)
        for category in edition.categories:
            procs = edition.in_category(category.slug)
            for part in self.listing(Source.category(category.slug), procs, self.layout.list_page_size):
                render = partial(listings.category_page, edition, category, part)
                self.pages[part.source] = Generated(part.titled(e(category.th)), render)
            if len(procs) > self.layout.nav_limit:
                self.unlisted.update(Source.procedure(p) for p in procs)
        for src, proc in self.procedures.items():
            self.pages[src] = Generated(e(proc.title), partial(self.procedure_markdown, proc))

    def replace(self, proc: Procedure) -> str:
        """A new version of a procedure whose page is the only one it changes (its body);
        returns the page's docs path. Made for `serve --watch` (indexer.site.watch)."""
        self.edition.replace(proc)
        src = Source.procedure(proc)
        self.procedures[src] = proc
        self.pages[src] = Generated(e(proc.title), partial(self.procedure_markdown, proc))
        return src

    def listing(self, first: str, items: list[T], size: int) -> list[listings.Part[T]]:
        """A listing's pages; all but the first stay out of the navigation."""
        parts = listings.split(first, items, size)
        self.unlisted.update(part.source for part in parts[1:])
        return parts

    def procedure_markdown(self, proc: Procedure, link: Link) -> str:
        return ProcedurePage(self.edition, link, self.slugs, self.linkable).render(proc)

    # --- mkdocs events ----------------------------------------------------------

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        config.extra["ecm"] = {
            "edition": self.edition.name,
            "categories": {c.slug: c.th for c in self.edition.categories},
        }
        return config

    def navigation(self, guides: list[str]) -> list[Any]:
        """Home, the categories in order, glossary, tags, then docs/' own pages (guides)."""
        nav: list[Any] = [{HOME_TITLE: Source.HOME}]
        for category in self.edition.categories:
            children: list[Any] = [Source.category(category.slug)]
            children += [
                {e(p.title): src}
                for p in self.edition.in_category(category.slug)
                if (src := Source.procedure(p)) not in self.unlisted
            ]
            nav.append({e(category.th): children})
        nav += [{GLOSSARY_TITLE: Source.GLOSSARY}, {TAGS_TITLE: Source.TAGS}]
        nav.append({WHATS_NEW_TITLE: Source.WHATS_NEW})
        if Source.STALE in self.pages:
            nav.append({STALE_TITLE: Source.STALE})
        if guides:
            nav.append({GUIDES_TITLE: guides})
        return nav

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        for file in [f for f in files if f.src_uri.startswith(UNUSED_THEME_FILES)]:
            files.remove(file)
        for file in linked_out_of_docs(files, config):
            log.warning(
                "docs/%s is not copied: it is a link out of docs/ or not a regular file", file.src_uri
            )
            files.remove(file)
        if self.edition.is_public:
            for file in internal_docs(files, config):
                files.remove(file)
        for src in self.pages:
            existing = files.get_file_from_path(src)
            if existing is not None:
                log.warning("docs/%s is replaced by the page generated from the manual", src)
                files.remove(existing)
            listed = InclusionLevel.NOT_IN_NAV if src in self.unlisted else InclusionLevel.UNDEFINED
            files.append(File.generated(config, src, content="", inclusion=listed))
        files.append(File.generated(config, Source.FEED, content=atom_feed(self.edition, config.site_url)))
        root = self.edition.root
        for path in sorted(self.attachments) if root is not None else []:
            if files.get_file_from_path(path) is not None:
                log.warning("manual file %s is not copied: the site has a file of that name", path)
                continue
            files.append(File.generated(config, path, abs_src_path=str(root / path)))
        guides = sorted(f.src_uri for f in files.documentation_pages() if f.src_uri not in self.pages)
        config.nav = self.navigation(guides)  # mkdocs reads it right after this event
        return files

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        generated = self.pages.get(page.file.src_uri)
        if generated is None:
            return markdown
        page.meta["title"] = generated.title
        proc = self.procedures.get(page.file.src_uri)
        if proc is not None:
            page.meta["ecm_lang"] = lang_attr(proc)
            page.meta["description"] = e(proc.summary or proc.title)  # an attribute value
        else:
            page.meta["hide"] = ["toc"]  # lists and tiles: no table of contents to show

        def link(target: str) -> str:
            file = files.get_file_from_path(target)
            if file is None:  # a bug of ours: every target is a generated page
                raise KeyError(f"no generated page {target}")
            return file.url_relative_to(page.file)

        return generated.render(link)

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Every procedure page through the sanitiser: no script, handler or dangerous
        address reaches it, however its Markdown spells them. In the public edition, links
        and images that reach no file of the edition (an internal procedure) lose their
        address, whichever Markdown or HTML wrote them. Listing pages (home, tags, the
        results page…) are built by indexer.site.html, which escapes every value an editor
        wrote, and carry our own markup (the results page's data-ecm-* hooks), so they
        are left as built; docs/' own pages are written by us."""
        proc = self.procedures.get(page.file.src_uri)
        if proc is None:
            return html
        keeps_link = None
        if self.edition.is_public:
            keeps_link = partial(edition_holds, page.url, {f.url for f in files})
        return cite_headings(sanitise_body(html, keeps_link), proc)

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        site_lang = config.theme["language"]
        lang = page.meta.get("ecm_lang") or site_lang
        if lang != site_lang:
            output = output.replace(f'<html lang="{site_lang}"', f'<html lang="{lang}"', 1)
        return compact_html(accessible_page(output, lang, site_lang))


def sanitise_body(html: str, keeps_link: LinkCheck | None) -> str:
    """A procedure page with the editor's body (between the build's marks) sanitised; the
    whole page when the marks are not both there, so nothing escapes the sanitiser."""
    start, end = html.find(BODY_START), html.rfind(BODY_END)
    if start < 0 or end < start:
        return sanitise(html, keeps_link)
    body = html[start + len(BODY_START) : end]
    return html[:start] + sanitise(body, keeps_link) + html[end + len(BODY_END) :]


def edition_holds(page_url: str, urls: set[str], address: str) -> bool:
    """Whether a link on the page at `page_url` leads to a web address, an anchor, or a
    file of the site (`urls`: the site's files, as mkdocs names their URLs)."""
    if is_external(address) or not address.strip():
        return True
    path = address.split("#", 1)[0].split("?", 1)[0]
    if not path:
        return True  # ?query or #anchor on this page
    base = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url) + "/"
    joined = posixpath.normpath(posixpath.join("/" + base, unquote(path)))
    target = joined.lstrip("/") + ("/" if path.endswith("/") and joined != "/" else "")
    return target in urls or (target + "/") in urls or target in ("", ".")


def linked_out_of_docs(files: Files, config: MkDocsConfig) -> list[File]:
    """Files of docs/ that are symlinks leading out of it, or pipes: never published."""
    docs_dir = os.path.abspath(config.docs_dir)
    return [
        f
        for f in files
        if f.abs_src_path
        and os.path.abspath(f.abs_src_path).startswith(docs_dir + os.sep)
        and refusal(Path(docs_dir), Path(f.abs_src_path)) is not None
    ]


def internal_docs(files: Files, config: MkDocsConfig) -> list[File]:
    """The hand-written files of docs/ that the public edition leaves out.

    A page of docs/ is public only when its front matter says `classification: public`
    (as with procedures, a missing classification means internal). The other files in
    the folder of a page left out (its images) go with it, unless a public page shares
    the folder; docs/assets/ (the site's CSS and scripts) always stays.
    """
    docs_dir = Path(config.docs_dir).resolve()
    own = [
        f
        for f in files
        if f.abs_src_path
        and Path(f.abs_src_path).resolve().is_relative_to(docs_dir)
        and not f.src_uri.startswith(SHARED_DOCS)
    ]
    pages = [f for f in own if f.is_documentation_page()]
    hidden = [f for f in pages if not is_public_doc(f)]
    kept_dirs = {posixpath.dirname(f.src_uri) for f in pages if f not in hidden}
    hidden_dirs = {posixpath.dirname(f.src_uri) for f in hidden} - kept_dirs - {""}
    beside = [
        f
        for f in own
        if not f.is_documentation_page() and any(f.src_uri.startswith(d + "/") for d in hidden_dirs)
    ]
    return hidden + beside


def is_public_doc(file: File) -> bool:
    try:
        _, meta = get_data(file.content_string)
    except (OSError, UnicodeDecodeError):
        return False
    return isinstance(meta, dict) and is_public(meta.get("classification"))
