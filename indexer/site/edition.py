"""What one edition of the site contains, decided once, before any page is written.

The public edition holds only `classification: public` procedures; every page, list,
link and index of the site is made from an `Edition`, never from the whole manual, so
nothing of an internal document can reach a public build by another road.

What changed is told by the procedures' change notes (`changes` in the front matter,
indexer.manual.change_notes): the public edition holds the notes of its procedures
that are not marked `internal`. The commits that changed each file (indexer.manual.history,
one `git log` for the whole build) are a secondary source for editors: the internal
edition only ever reads them. The stale-content report (`indexer.manual.stale`) is
internal too.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from pathlib import Path

from indexer.errors import CategoryClash
from indexer.manual.change_notes import Entry, notes_since
from indexer.manual.confidentiality import PUBLIC, EditionScope
from indexer.manual.glossary import glossary_in_force
from indexer.manual.history import Change, manual_history
from indexer.manual.model import Category, ChangeNote, Manual, Procedure
from indexer.manual.stale import Stale, stale_by_owner
from indexer.manual.validate import RESERVED_CATEGORIES
from indexer.site.links import attachments
from indexer.site.sorting import thai_first_key, thai_key

RECENT_COUNT = 10
PAGE_HISTORY = 5  # commits listed on a procedure's page (internal edition)
WHATS_NEW_DAYS = 90  # the "what's new" page covers this many days before the build...
WHATS_NEW_MAX = 50  # ...and at most this many change notes of them, the newest


class Source:
    """Where a generated page pretends to live inside mkdocs' docs folder."""

    HOME = "index.md"
    GLOSSARY = "glossary.md"
    TAGS = "tags/index.md"
    WHATS_NEW = "whats-new.md"
    FEED = "feed.xml"  # the change notes as an Atom feed (indexer/site/feed.py)
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
    # path -> the commits that changed it, newest first (at most PAGE_HISTORY each);
    # always empty in the public edition
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
        """`history` is manual_history's answer for the whole manual; read here when None
        (and never for the public edition)."""
        today = today or date.today()
        if public_only:
            history = {}
        elif history is None:
            history = manual_history(manual, limit=PAGE_HISTORY)
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
        kept = {p.path: history.get(p.path, [])[:PAGE_HISTORY] for p in chosen}
        stale = {} if public_only else stale_by_owner(manual, today)
        return cls(scope.name, chosen, categories, glossary, today, manual.root, kept, stale, whats_new_days)

    @property
    def is_public(self) -> bool:
        return self.name == PUBLIC  # the name is EditionScope's

    @cached_property
    def by_id(self) -> dict[str, Procedure]:
        return {p.id: p for p in self.procedures}

    def replace(self, proc: Procedure) -> None:
        """Put a new version of one of the edition's procedures in place of the old one
        (same path; `serve --watch` after a save that changed only the body)."""
        self.procedures = [proc if p.path == proc.path else p for p in self.procedures]
        self.__dict__.pop("by_id", None)  # the cached_property is made again from the list

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

    def notes(self, proc: Procedure) -> list[ChangeNote]:
        """The procedure's change notes this edition shows, newest first (the public
        edition's procedures hold none of the officer-only ones)."""
        return proc.changes

    def commits(self, proc: Procedure) -> list[Change]:
        """The latest commits that changed the procedure's file (internal edition only)."""
        return [] if self.is_public else self.history.get(proc.path, [])[:PAGE_HISTORY]

    def whats_new(self) -> list[Entry]:
        """Change notes of the last `whats_new_days` days up to `today`, newest first, at
        most WHATS_NEW_MAX: one entry per note."""
        since = self.today - timedelta(days=self.whats_new_days)
        return notes_since(self.procedures, since, self.today)[:WHATS_NEW_MAX]

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
