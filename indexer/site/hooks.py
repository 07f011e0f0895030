"""The mkdocs plugin that turns an Edition into pages: our answer to mkdocs' events.

`build_site` adds one `ManualPages` to the configuration loaded from mkdocs.yml.

- on_config: the navigation (home, categories in their order with their procedures,
  glossary, tags) and the data the header's search box needs;
- on_files: one generated page per procedure and category, plus home, glossary, tags;
- on_page_markdown: the Markdown of a generated page, written when mkdocs asks for it;
- on_post_page: `lang="en"` on the pages of English procedures.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from indexer.model import Procedure
from indexer.site import pages
from indexer.site.edition import Edition, Source

log = logging.getLogger("mkdocs.plugins.ecm")

HOME_TITLE = "หน้าแรก"
GLOSSARY_TITLE = "อภิธานศัพท์"
TAGS_TITLE = "แท็ก"

Render = Callable[[pages.Link], str]


class ManualPages(BasePlugin):
    """Generated pages of one edition. Keys of `self.renderers` are docs paths."""

    def __init__(self, edition: Edition):
        super().__init__()
        self.edition = edition
        self.procedures = {Source.procedure(p): p for p in edition.procedures}
        self.anchors = pages.tag_anchors(name for name, _ in edition.tags())
        self.renderers: dict[str, Render] = self.make_renderers()

    def make_renderers(self) -> dict[str, Render]:
        edition = self.edition
        renderers: dict[str, Render] = {
            Source.HOME: lambda link: pages.home(edition, link),
            Source.GLOSSARY: lambda link: pages.glossary_page(edition),
            Source.TAGS: lambda link: pages.tags_page(edition, link, self.anchors),
        }
        for category in edition.categories:
            renderers[Source.category(category.slug)] = (
                lambda link, c=category: pages.category_page(edition, c, link)
            )
        for src, proc in self.procedures.items():
            renderers[src] = lambda link, p=proc: self.procedure_markdown(p, link)
        return renderers

    def procedure_markdown(self, proc: Procedure, link: pages.Link) -> str:
        page = pages.ProcedurePage(self.edition, link, self.anchors, set(self.renderers))
        return page.render(proc)

    # --- mkdocs events ----------------------------------------------------------

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        config.nav = self.navigation()
        config.extra["ecm"] = {
            "edition": self.edition.name,
            "categories": {c.slug: c.th for c in self.edition.categories},
        }
        return config

    def navigation(self) -> list[Any]:
        nav: list[Any] = [{HOME_TITLE: Source.HOME}]
        for category in self.edition.categories:
            children: list[Any] = [Source.category(category.slug)]
            children += [{p.title: Source.procedure(p)} for p in self.edition.in_category(category.slug)]
            nav.append({category.th: children})
        nav += [{GLOSSARY_TITLE: Source.GLOSSARY}, {TAGS_TITLE: Source.TAGS}]
        return nav

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        for src in self.renderers:
            existing = files.get_file_from_path(src)
            if existing is not None:
                log.warning("docs/%s is replaced by the page generated from the manual", src)
                files.remove(existing)
            files.append(File.generated(config, src, content=""))
        return files

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        render = self.renderers.get(page.file.src_uri)
        if render is None:
            return markdown
        proc = self.procedures.get(page.file.src_uri)
        if proc is not None:
            page.meta["ecm_lang"] = pages.lang_attr(proc)
            page.meta["ecm_searchable"] = True
            page.meta["description"] = proc.summary or proc.title

        def link(target: str) -> str:
            file = files.get_file_from_path(target)
            if file is None:  # a bug of ours: every target is a generated page
                raise KeyError(f"no generated page {target}")
            return file.url_relative_to(page.file)

        return render(link)

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        lang = page.meta.get("ecm_lang")
        if lang and lang != config.theme["language"]:
            return output.replace(f'<html lang="{config.theme["language"]}"', f'<html lang="{lang}"', 1)
        return output
