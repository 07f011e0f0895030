"""What one edition of the site contains, decided once, before any page is written.

The public edition holds only `classification: public` procedures; every page, list,
link and index of the site is made from an `Edition`, never from the whole manual, so
nothing of an internal document can reach a public build by another road.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path

from indexer.glossary import builtin_groups
from indexer.model import Category, Manual, Procedure
from indexer.site.links import attachments
from indexer.site.sorting import thai_key

RECENT_COUNT = 10
# Folders of the site that are not categories: a category of one of these names would
# collide with the tags and glossary pages, the assets, Pagefind's index or the API.
RESERVED = frozenset({"tags", "glossary", "assets", "pagefind", "api"})

PUBLIC = "public"
INTERNAL = "internal"


class CategoryClash(ValueError):
    """A category folder has the name of one of the site's own folders."""


class Source:
    """Where a generated page pretends to live inside mkdocs' docs folder."""

    HOME = "index.md"
    GLOSSARY = "glossary.md"
    TAGS = "tags/index.md"

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
    name: str  # PUBLIC or INTERNAL
    procedures: list[Procedure]  # sorted by category order, then title
    categories: list[Category]  # only those with at least one procedure, in order
    glossary: list[list[str]]  # synonym groups: the manual's own first, then the built-in ones
    today: date = field(default_factory=date.today)
    root: Path | None = None  # the manual folder, where images and other linked files live

    @classmethod
    def of(cls, manual: Manual, public_only: bool, today: date | None = None) -> Edition:
        chosen = [p for p in manual.procedures if p.is_public or not public_only]
        used = {p.category for p in chosen}
        if used & RESERVED:
            names = ", ".join(sorted(used & RESERVED))
            raise CategoryClash(f"category folder name(s) reserved by the site: {names}; rename the folder")
        categories = sorted(
            (c for c in manual.categories.values() if c.slug in used), key=lambda c: (c.order, c.slug)
        )
        rank = {c.slug: i for i, c in enumerate(categories)}
        chosen.sort(key=lambda p: (rank[p.category], thai_key(p.title), p.id))
        glossary = merge_glossaries(manual.glossary, builtin_groups())
        name = PUBLIC if public_only else INTERNAL
        return cls(name, chosen, categories, glossary, today or date.today(), manual.root)

    @property
    def is_public(self) -> bool:
        return self.name == PUBLIC

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

    def tags(self) -> list[tuple[str, list[Procedure]]]:
        """Each tag (as first written) with its procedures, tags in Thai dictionary order."""
        groups: dict[str, list[Procedure]] = defaultdict(list)
        spelling: dict[str, str] = {}
        for proc in self.procedures:
            for tag in unique_tags(proc.tags):
                key = tag.casefold()
                spelling.setdefault(key, tag)
                groups[key].append(proc)
        return [(spelling[k], groups[k]) for k in sorted(groups, key=lambda k: thai_key(spelling[k]))]

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


def merge_glossaries(own: list[list[str]], builtin: list[list[str]]) -> list[list[str]]:
    """The manual's groups win: a built-in group whose term the manual redefines is dropped."""
    seen = {normal_term(g[0]) for g in own if g}
    return [list(g) for g in own if g] + [list(g) for g in builtin if g and normal_term(g[0]) not in seen]


def normal_term(term: str) -> str:
    """สอท. and สอท are the same term."""
    return term.strip().rstrip(".").casefold()
