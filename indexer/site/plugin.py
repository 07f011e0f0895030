"""The `ecm/manual` mkdocs plugin: the manual's pages in a mkdocs-material site.

Registered under the `mkdocs.plugins` entry point (pyproject.toml) and listed in
mkdocs.yml, so plain `mkdocs build` and `mkdocs serve` build the manual; `cli.py build`
runs the same plugin, handing it the Manual it has already loaded and checked.

- on_config: read the manual (unless handed one), choose the edition, make its pages;
  under plain `mkdocs build`/`serve`, also bring the index folder of the `index` option
  up to date, as `cli.py index` does (`cli.py build` hands over the one it wrote);
- on_files: start exporting that index for the static search (the search box with no
  server), in a process of its own while the pages are written;
- on_files, on_page_markdown, on_post_page: the pages themselves (see ManualPages);
- on_nav, on_env: kept (`built`), so `serve --watch` can render one page again;
- on_post_build: the work on the finished site: wait for the export, and write the
  hashes of the theme's inline scripts for the Content-Security-Policy;
- on_serve: `mkdocs serve` watches the manual folder too, and rebuilds and reloads the
  browser when a procedure is saved.

A failure the user can mend (`indexer.errors.EcmError`) becomes mkdocs' PluginError
under `mkdocs build`/`serve` (one line, no traceback) and reaches `cli.py` as it is.
Each error in the manual is logged as a warning, so `mkdocs build --strict` fails on
them as `cli.py check` does; warnings are only counted.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from indexer.errors import EcmError
from indexer.manual.confidentiality import PUBLIC, EditionScope
from indexer.manual.history import Change
from indexer.manual.model import Manual
from indexer.site.config import ManualConfig

log = logging.getLogger("mkdocs.plugins.ecm")

NAME = "ecm/manual"  # the entry point's name, as mkdocs.yml lists it


@dataclass
class Built:
    """What mkdocs made for the last build: enough to render one page again without
    building the others (indexer.site.watch)."""

    config: MkDocsConfig
    files: Files
    nav: Navigation
    env: jinja2.Environment


@dataclass
class Handed:
    """What `cli.py build` gives the plugin instead of letting it read the manual."""

    manual: Manual
    today: date | None
    history: dict[str, list[Change]] | None
    index_dir: Path | None = None  # the same edition's index, exported for the static search


class ManualPlugin(BasePlugin[ManualConfig]):
    def __init__(self) -> None:
        super().__init__()
        self.handed: Handed | None = None
        self.pages = None  # ManualPages, made in on_config
        self.index_dir: Path | None = None  # the edition's index, exported into the site
        self.export = None  # the running static_search.PendingExport
        self.nav: Navigation | None = None
        self.built: Built | None = None  # the last build's mkdocs objects (set in on_env)

    def hand(
        self,
        manual: Manual,
        public_only: bool,
        today: date | None = None,
        history: dict[str, list[Change]] | None = None,
        index_dir: Path | None = None,
    ) -> None:
        """Build this Manual (already loaded and reported on) as the given edition; with
        `index_dir`, export that index into the site for searching with no server."""
        self.handed = Handed(manual, today, history, index_dir)
        self.config["edition"] = EditionScope(public_only).name

    def manual_dir(self, config: MkDocsConfig) -> Path:
        return self.beside_config(config, self.config.manual)

    @staticmethod
    def beside_config(config: MkDocsConfig, option: str) -> Path:
        base = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        return (base / option).resolve()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        from indexer.site.edition import Edition
        from indexer.site.hooks import Layout, ManualPages

        try:
            if self.handed is not None:
                handed = self.handed
            else:
                manual = self.read_manual(config)
                handed = Handed(manual, None, None, self.update_index(manual, config))
            self.index_dir = handed.index_dir
            edition = Edition.of(
                handed.manual, self.config.edition == PUBLIC, handed.today, handed.history,
                whats_new_days=self.config.whats_new_days,
            )  # fmt: skip
        except EcmError as exc:
            raise self.failure(exc) from None
        layout = Layout(self.config.list_page_size, self.config.tags_page_size, self.config.nav_limit)
        self.pages = ManualPages(edition, layout)
        return self.pages.on_config(config)

    def read_manual(self, config: MkDocsConfig) -> Manual:
        from indexer.manual.loader import load_manual

        manual = load_manual(self.manual_dir(config))
        for problem in manual.errors:
            log.warning(problem.format())
        if len(manual.problems) > len(manual.errors):
            warnings = len(manual.problems) - len(manual.errors)
            log.info("%d warning(s) in the manual: `python cli.py check` lists them", warnings)
        return manual

    def update_index(self, manual: Manual, config: MkDocsConfig) -> Path:
        """Plain `mkdocs build`/`serve` index the manual as `cli.py index` does, so the
        site they write searches with no server too (the export needs an index)."""
        from indexer.index.writer import update_index

        index_dir = self.beside_config(config, self.config.index)
        report = update_index(manual, index_dir, public_only=self.config.edition == PUBLIC)
        log.info("indexed %d procedures into %s for the static search", report.doc_count, index_dir)
        return index_dir

    def failure(self, exc: EcmError) -> Exception:
        """mkdocs' own commands print a PluginError as one line; `cli.py` prints ours."""
        return exc if self.handed is not None else PluginError(str(exc))

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        from indexer.site.static_search import start_export

        self.cancel_export()  # a rebuild of `mkdocs serve` that came before the last one ended
        if self.index_dir is not None:  # mkdocs has cleaned the site folder by now
            self.export = start_export(self.index_dir, Path(config.site_dir), self.config.edition == PUBLIC)
        return self.pages.on_files(files, config)

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        return nav

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        self.built = Built(config, files, self.nav, env)
        return env

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        return self.pages.on_page_markdown(markdown, page, config, files)

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        return self.pages.on_page_content(html, page, config, files)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        return self.pages.on_post_page(output, page, config)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Work on the finished site folder; each step reads the pages written above."""
        from indexer.site.csp import write_hashes
        from indexer.site.marker import write_edition

        site = Path(config.site_dir)
        export, self.export = self.export, None
        try:
            if export is not None:
                export.finish()
        except EcmError as exc:
            raise self.failure(exc) from None
        write_hashes(site)
        write_edition(site, self.config.edition == PUBLIC)  # what the server checks it serves

    def on_build_error(self, *, error: Exception) -> None:
        self.cancel_export()

    def cancel_export(self) -> None:
        export, self.export = self.export, None
        if export is not None:
            export.cancel()

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder) -> LiveReloadServer:
        if self.handed is None:
            server.watch(str(self.manual_dir(config)))
        return server
