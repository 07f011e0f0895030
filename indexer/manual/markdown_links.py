"""The shapes of Markdown links, shared by `check` (indexer.manual.body_checks) and the site
(indexer.site.links), so both read a body's links the same way."""

from __future__ import annotations

import re

# [text](target "title") or ![alt](target); text may hold one level of [brackets].
INLINE = re.compile(
    r"(?P<bang>!?)\[(?P<text>(?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]"
    r"\(\s*<?(?P<target>[^)\s>]*)>?(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)"
)
# [label]: target "title"
REFERENCE = re.compile(r"^ {0,3}\[(?P<label>[^\]\n]+)\]:\s*<?(?P<target>\S*?)>?(?:\s+.*)?$")
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def is_web(target: str) -> bool:
    """An address with a scheme (https:, mailto:) or a network path (//host)."""
    return bool(SCHEME.match(target)) or target.startswith("//")
