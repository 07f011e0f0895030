"""What a built site folder says about itself: its edition, in a dot-file the server
reads and never serves (search.web.api refuses every path part starting with a dot).

A folder without the file (a build older than the file, or not a build at all) counts
as internal: the server then guards it as it guards officer-only pages.
"""

from __future__ import annotations

from pathlib import Path

EDITION_FILE = ".edition"
PUBLIC = "public"
INTERNAL = "internal"


def write_edition(site: Path, public_only: bool) -> None:
    (Path(site) / EDITION_FILE).write_text((PUBLIC if public_only else INTERNAL) + "\n", "utf-8")


def site_edition(site: Path) -> str:
    try:
        text = (Path(site) / EDITION_FILE).read_text("utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return INTERNAL
    return PUBLIC if text == PUBLIC else INTERNAL
