"""`categories.yml`: each category's Thai and English names, order and contact, checked
against the editor's guide with the line of every mistake.

A wrong entry is reported and still used with what it gives (the folder name standing
in for a missing name), so one typo in this file never takes a category's pages away.
"""

from __future__ import annotations

import re
from typing import Any

from indexer.manual.frontmatter import problem
from indexer.manual.model import WARNING, Category, Problem

NAME_KEYS = ("th", "en")
KNOWN = {"th", "en", "order", "contact"}
EMAIL = re.compile(r"^[^@\s<>\"'?&]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")  # goes into a mailto: link


def read_categories(
    data: dict[str, Any] | None, lines: dict[str, int], rel: str
) -> tuple[dict[str, Category], list[Problem]]:
    """The categories of a parsed categories.yml (`lines`: key -> line, 'slug.key' inside)."""
    categories: dict[str, Category] = {}
    found: list[Problem] = []
    for position, (slug, value) in enumerate((data or {}).items(), start=1):
        line = lines.get(slug, 1)
        if not isinstance(value, dict):
            msg = f"'{slug}' must hold th, en and order on indented lines below it, not a single value"
            found.append(problem(rel, line, "bad-category", msg))
            categories[slug] = Category(slug, slug, slug, position)
            continue

        def at(key: str) -> int:
            return lines.get(f"{slug}.{key}", line)  # noqa: B023 (used inside this iteration only)

        for key in NAME_KEYS:
            name = value.get(key)
            if key not in value:
                found.append(problem(rel, line, "bad-category", f"'{slug}' needs '{key}', its name in {key}"))
            elif not isinstance(name, str) or not name.strip():
                msg = f"'{slug}': '{key}' must be a name written as text"
                found.append(problem(rel, at(key), "bad-category", msg))
        order = value.get("order")
        if "order" not in value:
            msg = f"'{slug}' needs 'order', a whole number that places it in the site's menu"
            found.append(problem(rel, line, "bad-category", msg))
        elif isinstance(order, bool) or not isinstance(order, int):
            msg = f"'{slug}': 'order' must be a whole number, like 3"
            found.append(problem(rel, at("order"), "bad-category", msg))
        contact = value.get("contact") or ""
        if contact and not (isinstance(contact, str) and EMAIL.match(contact)):
            msg = f"'{slug}': contact must be one e-mail address, like passports@example.org"
            found.append(problem(rel, at("contact"), "bad-contact", msg))
            contact = ""
        for key in sorted(set(map(str, value)) - KNOWN):
            msg = f"'{slug}': unknown key '{key}' (an entry has th, en, order and contact)"
            found.append(problem(rel, at(key), "unknown-key", msg, WARNING))
        th, en = text_or(value.get("th"), slug), text_or(value.get("en"), slug)
        rank = order if isinstance(order, int) and not isinstance(order, bool) else position
        categories[slug] = Category(slug, th, en, rank, contact)
    return categories, found


def text_or(value: Any, fallback: str) -> str:
    return value.strip() if isinstance(value, str) and value.strip() else fallback


def unlisted(categories: dict[str, Category], folders: set[str], rel: str) -> list[Problem]:
    """A folder of procedures with no entry: its pages would show the bare folder name."""
    found = []
    for folder in sorted(folders - set(categories)):
        msg = f"the folder '{folder}' has no entry here: its menu shows the folder name (add th, en, order)"
        found.append(problem(rel, 1, "unlisted-category", msg, WARNING))
    return found
