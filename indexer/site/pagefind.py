"""The static search fallback: a Pagefind index over the built site.

Only procedure pages carry `data-pagefind-body`, so the index holds one entry per
procedure of the edition and nothing else. The whole site is indexed as Thai
(`--force-language th`): Thai pages are segmented into words, English words are
whitespace-separated anyway, and one index serves a query in either language.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from indexer.errors import PagefindFailed

LANGUAGE = "th"
BUNDLE = "pagefind"  # folder of the index inside the site
NOT_TEXT = ".headerlink"  # the heading permalinks' pilcrow


def index_site(site: Path) -> None:
    command = [
        sys.executable, "-m", "pagefind", "--site", str(site),
        "--force-language", LANGUAGE, "--output-subdir", BUNDLE,
        "--exclude-selectors", NOT_TEXT, "--silent",
    ]  # fmt: skip
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PagefindFailed(f"pagefind could not run: {exc}") from exc
    if done.returncode != 0 or not (site / BUNDLE / "pagefind.js").is_file():
        detail = (done.stderr or done.stdout).strip()
        raise PagefindFailed(f"pagefind failed (exit {done.returncode}): {detail}")
