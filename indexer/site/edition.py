"""What one edition of the site contains, decided once, before any page is written.

The public edition holds only `classification: public` procedures; every page, list,
link and index of the site is made from an `Edition`, never from the whole manual, so
nothing of an internal document can reach a public build by another road.

The change history (`indexer.manual.history`, one `git log` for the whole build) and the
stale-content report (`indexer.manual.stale`, internal edition only) are read here too. A
commit subject is written by an editor and may name anything: the public edition shows
it only for a commit that touched no internal procedure and names none (see
`public_history`); of any other commit it shows the date alone.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from pathlib import Path

from indexer.errors import CategoryClash
from indexer.manual.confidentiality import PUBLIC, EditionScope
from indexer.manual.glossary import glossary_in_force
from indexer.manual.history import Change, manual_history
from indexer.manual.model import Category, Manual, Procedure
from indexer.manual.validate import RESERVED_CATEGORIES
from indexer.site.links import attachments
from indexer.site.sorting import thai_first_key, thai_key
from indexer.manual.stale import Stale, stale_by_owner

RECENT_COUNT = 10
PAGE_HISTORY = 5  # changes listed on a procedure's page
WHATS_NEW_DAYS = 90  # the "what's new" page covers this many days before the build...
WHATS_NEW_MAX = 50  # ...and at most this many changes of them, the newest
ALL_HISTORY = 1_000_000  # manual_history's per-file limit when every change is wanted
UPDATED = "ปรับปรุงเนื้อหา"  # the public edition's words for a change it does not describe


class Source:
    """Where a generated page pretends to live inside mkdocs' docs folder."""

    HOME = "index.md"
    GLOSSARY = "glossary.md"
    TAGS = "tags/index.md"
    WHATS_NEW = "whats-new.md"
    STALE = "stale/index.md"  # internal edition only
    SEARCH = "search/index.md"  # the results page, filled in by assets/ecm/search.js

    @staticmethod
    def category(slug: str) -> str:
        return f"{slug}/index.md"

    @staticmethod
    def procedure(proc: Procedure) -> str:
        return f"{proc.category}/{proc.id}.md"

    @staticmethod
    def tag(slug: str) -> str:
        return f"tags/{slug}.md"


@dataclass
class Edition:
    name: str  # EditionScope.name: PUBLIC or INTERNAL
    procedures: list[Procedure]  # sorted by category order, then title
    categories: list[Category]  # only those with at least one procedure, in order
    glossary: list[list[str]]  # glossary_in_force: the manual's entries, then the built-in ones left
    today: date = field(default_factory=date.today)
    root: Path | None = None  # the manual folder, where images and other linked files live
    # path -> its changes, newest first, for the edition's procedures only (at most
    # WHATS_NEW_MAX each: no page needs more)
    history: dict[str, list[Change]] = field(default_factory=dict)
    # owner -> procedures overdue for review or never reviewed; empty in the public edition
    stale: dict[str, list[Stale]] = field(default_factory=dict)
    whats_new_days: int = WHATS_NEW_DAYS

    @classmethod
    def of(
        cls,
        manual: Manual,
        public_only: bool,
        today: date | None = None,
        history: dict[str, list[Change]] | None = None,
        whats_new_days: int = WHATS_NEW_DAYS,
    ) -> Edition:
        """`history` is manual_history's answer for the whole manual; read here when None."""
        today = today or date.today()
        if history is None:
            history = manual_history(manual, limit=ALL_HISTORY)
        scope = EditionScope(public_only)
        chosen = scope.procedures(manual.procedures)
        used = {p.category for p in chosen}
        if used & RESERVED_CATEGORIES:  # `check` reports these; a Manual made by hand may hold one
            names = ", ".join(sorted(used & RESERVED_CATEGORIES))
            raise CategoryClash(f"category folder name(s) reserved by the site: {names}; rename the folder")
        categories = sorted(
            (c for c in manual.categories.values() if c.slug in used), key=lambda c: (c.order, c.slug)
        )
        rank = {c.slug: i for i, c in enumerate(categories)}
        chosen.sort(key=lambda p: (rank[p.category], thai_key(p.title), p.id))
        glossary = glossary_in_force(manual.glossary)
        if public_only:
            history = public_history(history, manual)
        kept = {p.path: history.get(p.path, [])[:WHATS_NEW_MAX] for p in chosen}
        stale = {} if public_only else stale_by_owner(manual, today)
        return cls(scope.name, chosen, categories, glossary, today, manual.root, kept, stale, whats_new_days)

    @property
    def is_public(self) -> bool:
        return self.name == PUBLIC  # the name is EditionScope's

    @cached_property
    def by_id(self) -> dict[str, Procedure]:
        return {p.id: p for p in self.procedures}

    def in_category(self, slug: str) -> list[Procedure]:
        return [p for p in self.procedures if p.category == slug]

    def category(self, slug: str) -> Category:
        return next(c for c in self.categories if c.slug == slug)

    def attachments(self) -> set[str]:
        """The manual's files (images, forms) that the edition's procedures link to."""
        if self.root is None:
            return set()
        return {path for p in self.procedures for path in attachments(p.body, p.category, self.root)}

    def recent(self, count: int = RECENT_COUNT) -> list[Procedure]:
        """The procedures reviewed most recently, newest first; undated ones never show."""
        dated = [p for p in self.procedures if p.last_reviewed is not None]
        dated.sort(key=lambda p: (p.last_reviewed, p.id), reverse=True)
        return dated[:count]

    def changes(self, proc: Procedure) -> list[Change]:
        """The procedure's most recent changes, newest first, for its page."""
        return self.history.get(proc.path, [])[:PAGE_HISTORY]

    def whats_new(self) -> list[tuple[Change, Procedure]]:
        """Changes of the last `whats_new_days` days before `today`, newest first, at most
        WHATS_NEW_MAX; one commit's procedures stay together, in title order."""
        since = self.today - timedelta(days=self.whats_new_days)
        found = [
            (change, proc)
            for proc in self.procedures
            for change in self.history.get(proc.path, [])
            if since <= change.day <= self.today
        ]
        found.sort(
            key=lambda x: (-x[0].day.toordinal(), x[0].commit, x[0].subject, thai_key(x[1].title), x[1].id)
        )
        return found[:WHATS_NEW_MAX]

    def tags(self) -> list[tuple[str, list[Procedure]]]:
        """Each tag (as first written) with its procedures: Thai tags first, in dictionary order."""
        groups: dict[str, list[Procedure]] = defaultdict(list)
        spelling: dict[str, str] = {}
        for proc in self.procedures:
            for tag in unique_tags(proc.tags):
                key = tag.casefold()
                spelling.setdefault(key, tag)
                groups[key].append(proc)
        return [(spelling[k], groups[k]) for k in sorted(groups, key=lambda k: thai_first_key(spelling[k]))]

    def related(self, proc: Procedure) -> list[Procedure]:
        """Related procedures that this edition holds; the others are left out silently."""
        return [self.by_id[i] for i in dict.fromkeys(proc.related) if i in self.by_id and i != proc.id]


def unique_tags(tags: list[str]) -> list[str]:
    """A procedure's tags, each once (case aside) as first written, in order."""
    first: dict[str, str] = {}
    for tag in tags:
        tag = str(tag).strip()
        if tag:
            first.setdefault(tag.casefold(), tag)
    return list(first.values())


def public_history(history: dict[str, list[Change]], manual: Manual) -> dict[str, list[Change]]:
    """The public procedures' history, with nothing of an internal document in it.

    A commit that also touched any file but a public procedure (an internal one, one
    since deleted, one that no longer loads), or whose subject names an internal
    procedure (by id or title), keeps its date and loses its subject and hash. Dates
    that come from the front matter (no commit) say only "reviewed" and stay as they are.
    """
    hidden = [p for p in manual.procedures if not p.is_public]
    shared = {f"{manual.root.name}/{name}" for name in ("glossary.yml", "categories.yml")}
    public_paths = {p.path for p in manual.procedures if p.is_public} | shared
    names = {n.casefold() for p in hidden for n in (p.id, p.title, p.title_en) if n}
    verdicts: dict[str, bool] = {}  # subject -> names an internal procedure

    def names_hidden(subject: str) -> bool:
        if subject not in verdicts:
            folded = subject.casefold()
            verdicts[subject] = any(n in folded for n in names)
        return verdicts[subject]

    def shown(change: Change) -> Change:
        mixed = any(path not in public_paths for path in change.files)
        if change.commit and (mixed or names_hidden(change.subject)):
            return Change(change.day, UPDATED)
        return change

    return {
        p.path: [shown(c) for c in history.get(p.path, [])[:WHATS_NEW_MAX]]
        for p in manual.procedures
        if p.is_public
    }
