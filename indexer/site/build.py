"""Build the static site of one edition of a loaded manual into a folder.

    build_site(manual, out_dir, public_only)

The configuration is the project's mkdocs.yml, which lists the `ecm/manual` plugin
(indexer/site/plugin.py); this hands the plugin the Manual the caller has loaded and
checked, and the change history read once for every page (one `git log`). The plugin's
on_post_build adds the static search's export of the index and the CSP hashes.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from indexer.errors import SiteBuildFailed
from indexer.manual.history import manual_history
from indexer.manual.model import Manual
from indexer.project import MKDOCS_YML, project_dir
from indexer.site.edition import PAGE_HISTORY
from indexer.site.plugin import NAME, ManualPlugin


def build_site(
    manual: Manual, out_dir: Path, public_only: bool, today: date | None = None, index_dir: Path | None = None
) -> ManualPlugin:
    """Write the complete site (pages, assets, CSP hashes) into `out_dir`; with the
    index folder of the same edition, also its export for searching with no server.

    Returns the plugin, which keeps what the build made (`built`): `serve --watch`
    re-renders a single page with it (indexer.site.watch)."""
    out_dir = Path(out_dir).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    config = load_config(str(project_dir() / MKDOCS_YML), site_dir=str(out_dir))
    plugin = config.plugins.get(NAME)
    if not isinstance(plugin, ManualPlugin):
        raise SiteBuildFailed(f"{MKDOCS_YML} must list the {NAME} plugin under `plugins:`")
    history = {} if public_only else manual_history(manual, limit=PAGE_HISTORY)  # editors' only
    plugin.hand(manual, public_only, today, history, index_dir)
    try:
        build(config)
    except Abort as exc:  # mkdocs' own complaint (its message is logged already)
        raise SiteBuildFailed(f"mkdocs stopped the build: {exc.message}") from None
    return plugin
