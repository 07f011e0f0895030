"""The options of the `ecm/manual` mkdocs plugin, as written under `plugins:` in mkdocs.yml.

    plugins:
      - ecm/manual:
          manual: manual          # the manual folder, relative to mkdocs.yml
          edition: internal       # or public: only `classification: public` documents
          index: .index           # plain `mkdocs build`/`serve` keep this index up to date
                                  # and export it for the search with no server
          list_page_size: 100     # procedures on one page of a category, a tag, the review list
          tags_page_size: 400     # tags on one page of the list of tags
          nav_limit: 250          # a bigger category lists its procedures on its page only
          whats_new_days: 90      # how far back "what's new" looks

Laid out as mkdocs-material's own plugins are: a `Config` class here, the plugin that
reads it in `plugin.py`, registered under the `mkdocs.plugins` entry point group.
"""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

from indexer.manual.confidentiality import CLASSIFICATIONS, INTERNAL
from indexer.site.edition import WHATS_NEW_DAYS
from indexer.site.hooks import NAV_LIMIT
from indexer.site.listings import LIST_PAGE_SIZE, TAGS_PAGE_SIZE


class ManualConfig(Config):
    manual = c.Type(str, default="manual")
    edition = c.Choice(CLASSIFICATIONS, default=INTERNAL)
    index = c.Type(str, default=".index")  # relative to mkdocs.yml, as `cli.py`'s default
    list_page_size = c.Type(int, default=LIST_PAGE_SIZE)
    tags_page_size = c.Type(int, default=TAGS_PAGE_SIZE)
    nav_limit = c.Type(int, default=NAV_LIMIT)
    whats_new_days = c.Type(int, default=WHATS_NEW_DAYS)

    def validate(self):
        failed, warnings = super().validate()
        for key in ("list_page_size", "tags_page_size", "nav_limit", "whats_new_days"):
            value = self.get(key)
            if isinstance(value, int) and value < 1:
                failed.append((key, c.ValidationError(f"must be a whole number above 0, not {value}")))
        return failed, warnings
