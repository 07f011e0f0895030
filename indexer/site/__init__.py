"""The static site: mkdocs-material pages made from a loaded Manual, and the index exported
for searching with no server.

`build_site(manual, out_dir, public_only)` is the one entry point.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from indexer.manual.model import Manual


def build_site(
    manual: Manual, out_dir: Path, public_only: bool, today: date | None = None, index_dir: Path | None = None
) -> object:
    """Write the whole site of one edition into `out_dir` (see indexer.site.build); returns
    the build's plugin (what `serve --watch` re-renders single pages with).

    `today` dates the build: what is overdue for review, what counts as new. `index_dir`,
    the index of the same edition, is exported for the search with no server.
    """
    from indexer.site.build import build_site as build  # mkdocs is imported only when building

    return build(manual, out_dir, public_only, today, index_dir)


__all__ = ["build_site"]
