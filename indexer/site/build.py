"""Build the static site of one edition of the manual into an empty folder.

    build_site(manual, out_dir, public_only)

The configuration is the project's mkdocs.yml; the pages come from the loaded Manual
through `ManualPages` (indexer/site/hooks.py); Pagefind then indexes the result for
search without a server. The manual's change history is read once, here, for every
page of the build (one `git log`).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

from indexer.manual.history import manual_history
from indexer.manual.model import Manual
from indexer.site.csp import write_hashes
from indexer.site.edition import ALL_HISTORY, Edition
from indexer.site.hooks import ManualPages
from indexer.site.pagefind import index_site

PROJECT = Path(__file__).resolve().parents[2]
MKDOCS_YML = PROJECT / "mkdocs.yml"
PLUGIN_NAME = "ecm-manual"


def build_site(manual: Manual, out_dir: Path, public_only: bool, today: date | None = None) -> None:
    """Write the complete site (pages, assets, Pagefind index) into `out_dir`."""
    out_dir = Path(out_dir).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    edition = Edition.of(manual, public_only, today, manual_history(manual, limit=ALL_HISTORY))
    config = load_config(str(MKDOCS_YML), site_dir=str(out_dir))
    plugin = ManualPages(edition)
    plugin.load_config({})
    config.plugins[PLUGIN_NAME] = plugin
    build(config)
    index_site(out_dir)
    write_hashes(out_dir)
