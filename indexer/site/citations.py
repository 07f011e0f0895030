"""Citations on a procedure's page: "PP 3 §2" before each numbered heading's text.

The numbers are the loader's (indexer.manual.sections), the ones a search for "PP 3 §2"
opens and `check` guards; a heading is found by the anchor the same slugify gave it. Run
on the page's HTML after the sanitiser, so what is added here is ours, not the editor's.
"""

from __future__ import annotations

import re

from indexer.manual.model import Procedure
from indexer.site.html import e

CITE_CLASS = "ecm-cite"  # styled in assets/ecm/ecm.css, kept in print


def cite_headings(html: str, proc: Procedure) -> str:
    """The page with each numbered section's citation leading its heading, as a numbered
    code leads a section of a regulation."""
    if not proc.ref:
        return html
    for section in proc.sections:
        if not (section.number and section.anchor):
            continue
        opening = re.compile(rf'<h{section.level} id="{re.escape(e(section.anchor))}"[^>]*>')
        cite = f'<span class="{CITE_CLASS}">{e(proc.citation(section))}</span>'
        html = opening.sub(lambda m, cite=cite: m.group() + cite, html, count=1)
    return html
