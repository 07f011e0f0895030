"""Check one procedure's front matter against the manual format and build a Procedure.

Cross-file rules (unique ids, `related` targets, links) live in the loader and
`indexer.manual.body_checks`; this module sees one file at a time.
"""

from __future__ import annotations

import difflib
import re
from datetime import date
from typing import Any

from indexer.manual.change_notes import check_changes
from indexer.manual.confidentiality import CLASSIFICATIONS
from indexer.manual.dates import buddhist_era_message, looks_like_day
from indexer.manual.frontmatter import FrontMatter, problem
from indexer.manual.model import WARNING, Problem

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
REQUIRED = ("id", "title", "category", "lang")
STRING_KEYS = ("id", "title", "category", "lang", "title_en", "summary", "owner", "classification", "ref")
LIST_KEYS = ("tags", "aliases", "related", "legal_basis")
DATE_KEYS = ("last_reviewed", "review_due")
KNOWN_KEYS = set(REQUIRED) | set(STRING_KEYS) | set(LIST_KEYS) | set(DATE_KEYS) | {"changes"}
# "PP 3", "VISA 12", "LEG 4.1": capital letters, one space, a number of up to four dotted
# parts, each from 1 without leading zeros. One spelling per reference, so "PP 3" and
# "PP 03", "PP 3.0" or "pp 3" can never be two references, and nothing in one needs escaping.
REF_NUMBER = r"[1-9][0-9]{0,3}(?:\.[1-9][0-9]{0,3}){0,3}"
REF_PATTERN = re.compile(rf"[A-Z]{{1,8}} {REF_NUMBER}")
LANGS = ("th", "en")
# Folders of the site that are not categories: a category of one of these names would
# collide with the tags, glossary, what's-new and stale pages, the assets (the static
# search's index is under assets/), the API or the results page. `check` reports such a
# folder; the site refuses one as a last guard.
RESERVED_CATEGORIES = frozenset({"tags", "glossary", "whats-new", "stale", "assets", "api", "search"})


def validate(fm: FrontMatter, rel: str, stem: str, folder: str, today: date) -> list[Problem]:
    """All single-file problems of this front matter; an empty list means it is valid."""
    data, lines = fm.data, fm.key_lines

    def at(key: str) -> int:
        return lines.get(key, 2)

    found: list[Problem] = []
    for key in REQUIRED:
        value = data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):  # "   " is no title either
            found.append(problem(rel, 2, "missing-key", f"required key '{key}' is missing"))
    for key in STRING_KEYS:
        if key in data and data[key] is not None and not isinstance(data[key], str):
            found.append(problem(rel, at(key), "bad-type", string_message(key, data[key])))
    for key in LIST_KEYS:
        if key in data and not is_string_list(data[key]):
            found.append(problem(rel, at(key), "bad-type", list_message(key, data[key])))
    for key in DATE_KEYS:
        if key in data and data[key] is not None and (wrong := date_problem(data[key])):
            code, message = wrong
            found.append(problem(rel, at(key), code, f"'{key}': {message}"))
    found.extend(check_ref(data, at, rel))
    found.extend(check_changes(data, lines, rel, date_problem))
    found.extend(check_values(data, at, rel, stem, folder))
    found.extend(check_unknown_keys(data, at, rel))
    found.extend(check_review(data, at, rel, today))
    return found


def date_problem(value: Any) -> tuple[str, str] | None:
    """(code, message) when a front matter date is not a Common Era day, else None.

    YAML leaves a date that is no day of the calendar as text (frontmatter.Loader): a
    Buddhist Era leap day such as 2567-02-29 is still recognised as one."""
    if isinstance(value, date):
        parts: tuple[int, int, int] | None = (value.year, value.month, value.day)
    else:
        parts = looks_like_day(value) if isinstance(value, str) else None
    if parts is not None and (message := buddhist_era_message(*parts)):
        return "buddhist-era-date", message
    if isinstance(value, date):
        return None
    if parts is not None:
        return "bad-date", f"{short(value)} is not a day of the calendar"
    return "bad-date", f"must be a date written YYYY-MM-DD, not {short(value)}"


def check_ref(data: dict[str, Any], at, rel: str) -> list[Problem]:
    ref = data.get("ref")
    if not isinstance(ref, str) or REF_PATTERN.fullmatch(ref):
        return []  # a non-string is reported as bad-type
    msg = f"ref '{short(ref)}' must be capital letters, a space and a number, like 'PP 3'"
    return [problem(rel, at("ref"), "bad-ref", msg)]


def check_review(data: dict[str, Any], at, rel: str, today: date) -> list[Problem]:
    """Warnings, not errors: an overdue review must not block an urgent fix."""
    due, reviewed = data.get("review_due"), data.get("last_reviewed")
    found = []
    if isinstance(due, date) and due < today:
        msg = f"review was due on {due.isoformat()} ({(today - due).days} days ago)"
        found.append(problem(rel, at("review_due"), "review-overdue", msg, WARNING))
    if "last_reviewed" not in data or reviewed is None:
        found.append(problem(rel, 2, "never-reviewed", "'last_reviewed' is missing", WARNING))
    return found


def check_values(data: dict[str, Any], at, rel: str, stem: str, folder: str) -> list[Problem]:
    found = []
    ident = data.get("id")
    if isinstance(ident, str) and ident:
        if not ID_PATTERN.match(ident):
            msg = f"id '{short(ident)}' must be lowercase letters and digits joined by '-'"
            found.append(problem(rel, at("id"), "bad-id", msg))
        elif ident != stem:
            msg = f"id '{ident}' must equal the file name '{stem}'"
            found.append(problem(rel, at("id"), "id-mismatch", msg))
    category = data.get("category")
    if isinstance(category, str) and category and category != folder:
        msg = f"category '{short(category)}' must equal the folder name '{folder}'"
        found.append(problem(rel, at("category"), "category-mismatch", msg))
    if folder in RESERVED_CATEGORIES:
        msg = f"the folder name '{folder}' is reserved by the site's own pages; rename the category folder"
        found.append(problem(rel, at("category"), "reserved-category", msg))
    lang = data.get("lang")
    if isinstance(lang, str) and lang and lang not in LANGS:
        found.append(problem(rel, at("lang"), "bad-lang", f"lang must be th or en, not '{short(lang)}'"))
    cls = data.get("classification")
    if isinstance(cls, str) and cls not in CLASSIFICATIONS:
        msg = f"classification must be public or internal, not '{short(cls)}'"
        found.append(problem(rel, at("classification"), "bad-classification", msg))
    return found


def check_unknown_keys(data: dict[str, Any], at, rel: str) -> list[Problem]:
    """Unknown keys are kept; only those that look like a misspelt known key are reported."""
    found = []
    for key in data:
        if key in KNOWN_KEYS:
            continue
        close = difflib.get_close_matches(key, sorted(KNOWN_KEYS), n=1, cutoff=0.75)
        if close:
            msg = f"unknown key '{key}': did you mean '{close[0]}'?"
            found.append(problem(rel, at(key), "unknown-key", msg, WARNING))
    return found


def string_message(key: str, value: Any) -> str:
    """A value YAML read as a number, a yes/no or a date was meant as text: say so."""
    kinds = ((bool, "yes/no"), (int, "a number"), (float, "a number"), (date, "a date"))
    kind = next((name for cls, name in kinds if isinstance(value, cls)), None)
    if kind is None:
        return f"'{key}' must be a string"
    return f"'{key}' must be text, but YAML reads this value as {kind} ({short(value)}): put it in quotes"


def list_message(key: str, value: Any) -> str:
    if not isinstance(value, list):
        return f"'{key}' must be a list of strings, like [a, b]"
    n, item = next((n, v) for n, v in enumerate(value, 1) if not isinstance(v, str))
    hint = ": put it in quotes" if isinstance(item, int | float | date) else ""
    return f"'{key}' must be a list of strings; item {n} ({short(item)}) is not{hint}"


def is_string_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def short(value: Any, limit: int = 40) -> str:
    text = str(value) if isinstance(value, str | int | float | date) else type(value).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"
