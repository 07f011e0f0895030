"""Small HTML builders for the page furniture; every value passes through `e`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape

from indexer.manual.model import Procedure
from indexer.site.dates import human_date

Link = Callable[[str], str]  # docs path of a generated page -> URL relative to the current page

BADGES = {  # class, Thai name, English name (read out with an English voice)
    "public": ("ecm-badge ecm-badge--public", "เผยแพร่ได้", "public"),
    "internal": ("ecm-badge ecm-badge--internal", "ใช้ภายใน", "internal"),
}


def e(value: object) -> str:
    return escape(str(value), quote=True)


def tag(name: str, content: str = "", **attrs: object) -> str:
    """One element; attribute names use _ for -, a value of True is a bare attribute."""
    parts = [name]
    for key, value in attrs.items():
        if value is None or value is False:
            continue
        attr = key.rstrip("_").replace("_", "-")
        parts.append(attr if value is True else f'{attr}="{e(value)}"')
    return f"<{' '.join(parts)}>{content}</{name}>"


def lines(*parts: str | None) -> str:
    """Join HTML without blank lines, so Markdown keeps it as one raw block."""
    return "\n".join(p for p in parts if p)


def head(title: str, subtitle: str | None = None, *notes: str | None) -> str:
    """A page's title block: Thai title, English subtitle, lines of notes (all HTML)."""
    return tag(
        "header",
        lines(
            tag("h1", title, class_="ecm-title"),
            tag("p", subtitle, class_="ecm-title-en", lang="en") if subtitle else None,
            *(tag("p", note, class_="ecm-lead") if note else None for note in notes),
        ),
        class_="ecm-head",
    )


def badge(classification: str) -> str:
    cls, thai, english = BADGES.get(classification, BADGES["internal"])
    return tag("span", f"{e(thai)} · {tag('span', e(english), lang='en')}", class_=cls)


def date_html(value: date, lang: str = "th") -> str:
    """A date in words for `lang`'s readers, ISO in the machine-readable attribute."""
    return tag("time", e(human_date(value, lang)), datetime=value.isoformat())


def lang_attr(proc: Procedure) -> str:
    return proc.lang if proc.lang in ("th", "en") else "th"
