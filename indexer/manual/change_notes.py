"""Change notes: the front matter's `changes`, what officers read about a major change.

    changes:
      - date: 2026-04-10
        note: ค่าธรรมเนียมใหม่ตามประกาศกระทรวง
      - date: 2026-01-05
        note: เพิ่มขั้นตอนการตรวจลายมือชื่อ
        internal: true        # optional: an officer-only note, left out of the public edition

Newest first, one entry per major change (a typo fix needs none). A note is plain text
in the editor's words: every page, listing and feed escapes it, and it never carries
Markdown or HTML. This module holds the rule for a valid list (`check_changes`) and
the one query every reader of notes uses (`notes_since`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from typing import Any

from indexer.manual.frontmatter import problem
from indexer.manual.model import WARNING, ChangeNote, Problem, Procedure
from indexer.text.controls import CONTROL

KEY = "changes"
ITEM_KEYS = {"date", "note", "internal"}
# A note says what changed and why in a sentence or two; a longer text belongs in the
# body. The limit also keeps a pasted document out of every page's history and the feed.
MAX_NOTE_CHARS = 1000
EXAMPLE = "like [{date: 2026-04-10, note: what changed and why}]"


def check_changes(
    data: dict[str, Any], lines: dict[str, int], rel: str,
    date_problem: Callable[[Any], tuple[str, str] | None],
) -> list[Problem]:  # fmt: skip
    """Problems of `changes`: a list of {date, note[, internal]}, newest first.

    `lines` are the front matter's key lines, where the reader also records the line of
    each note (`changes[1]`, ...). `date_problem(value)` is the manual's one rule for a
    date (indexer.manual.validate: a Common Era day, a Buddhist Era year named as such)."""
    items = data.get(KEY)
    if items is None:
        return []
    top = lines.get(KEY, 2)
    if not isinstance(items, list):
        return [problem(rel, top, "bad-changes", f"'changes' must be a list of notes, {EXAMPLE}")]
    found: list[Problem] = []
    days: list[tuple[date, int]] = []
    for n, item in enumerate(items, 1):
        line = lines.get(f"{KEY}[{n}]", top)
        if not isinstance(item, dict) or not set(item) <= ITEM_KEYS:
            extra = sorted(map(str, set(item) - ITEM_KEYS)) if isinstance(item, dict) else []
            why = f" (not {', '.join(extra)})" if extra else ""
            msg = f"change {n} must have only 'date', 'note' and optionally 'internal'{why}, {EXAMPLE}"
            found.append(problem(rel, line, "bad-changes", msg))
            continue
        day, note = item.get("date"), item.get("note")
        wrong = date_problem(day) if day is not None else ("bad-date", "is missing")
        if wrong is not None:
            code, message = wrong
            found.append(problem(rel, line, code, f"change {n}: 'date' {message}"))
        else:
            days.append((day, line))
        found.extend(note_problems(note, n, line, rel))
        if "internal" in item and not isinstance(item["internal"], bool):
            msg = f"change {n}: 'internal' must be true or false"
            found.append(problem(rel, line, "bad-changes", msg))
    for (newer, _), (older, line) in pairwise(days):
        if older > newer:
            msg = f"'changes' must list the newest note first: {older} comes after {newer}"
            found.append(problem(rel, line, "changes-order", msg))
            break
    return found


def note_problems(note: Any, n: int, line: int, rel: str) -> list[Problem]:
    if not isinstance(note, str) or not note.strip():
        return [problem(rel, line, "bad-changes", f"change {n} needs a 'note' saying what changed and why")]
    if len(note) > MAX_NOTE_CHARS:
        msg = f"change {n}: the note is {len(note):,} characters; keep it under {MAX_NOTE_CHARS:,}"
        return [problem(rel, line, "bad-changes", msg)]
    if CONTROL.search(note):  # no XML (the feed) can hold one; a page shows nothing; a terminal acts on it
        return [problem(rel, line, "bad-changes", f"change {n}: the note holds a control character")]
    return []


def notes_naming_passages(proc: Procedure) -> list[Problem]:
    """A warning for each public note of a public procedure that names one of its
    officer-only passages (`!!! internal "title"`): such a note may tell the public
    what the passage holds; `internal: true` keeps it for officers."""
    if not proc.is_public:
        return []
    titles = [p.title.strip() for p in proc.internal_passages if len(p.title.strip()) >= 3]
    found = []
    for n, note in enumerate(proc.changes, 1):
        named = next((t for t in titles if t.casefold() in note.note.casefold()), None)
        if named and not note.internal:
            msg = (
                f"change {n} names the officer-only passage '{named}': if it says what the "
                "passage holds, mark the note 'internal: true'"
            )
            line = proc.key_lines.get(f"{KEY}[{n}]", proc.key_lines.get(KEY, 2))
            found.append(problem(proc.path, line, "note-names-internal", msg, WARNING))
    return found


def change_notes(items: list[dict] | None) -> list[ChangeNote]:
    """The valid `changes` of a front matter (check_changes found nothing) as notes."""
    return [
        ChangeNote(item["date"], " ".join(item["note"].split()), bool(item.get("internal", False)))
        for item in items or []
    ]


@dataclass(frozen=True)
class Entry:
    """One change note of one procedure: what "what's new", `changes` and the feed list."""

    note: ChangeNote
    procedure: Procedure
    number: int = 1  # the note's place among its procedure's notes, counted from the oldest

    def to_dict(self) -> dict[str, Any]:
        p = self.procedure
        return {
            "date": self.note.day.isoformat(),
            "note": self.note.note,
            "internal": self.note.internal,
            "id": p.id,
            "title": p.title,
            "title_en": p.title_en,
            "category": p.category,
            "classification": p.classification,
            "ref": p.ref,
            "path": p.path,
            "url": p.url,
        }


def notes_since(
    procedures: Iterable[Procedure], since: date | None = None, until: date | None = None
) -> list[Entry]:
    """Every note dated `since`..`until` (inclusive), newest first, one entry per note.

    Which procedures, and so which notes, is the caller's: an Edition's (the public one
    holds no officer-only note, see confidentiality.public_view) or the whole manual's.
    Notes of one day keep the order of the procedures given, then their own."""
    found = [
        Entry(note, proc, len(proc.changes) - i)
        for proc in procedures
        for i, note in enumerate(proc.changes)
        if (since is None or note.day >= since) and (until is None or note.day <= until)
    ]
    return sorted(found, key=lambda entry: entry.note.day, reverse=True)  # stable
