"""What the index holds of a procedure: the text fields it searches and the stored document.

`TEXT_FIELDS` is the one list of searched fields: the Whoosh schema, term statistics,
the excluded-word filter and the field weights all go by it. `StoredDocument` is what
a hit brings back, enough to print a result and cut a snippet without the manual. It
is kept in the index as plain data (`to_stored`), never as a pickled class of ours,
so moving this module does not change the index format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:  # the query path never needs the loader's model
    from indexer.manual.model import Procedure


TEXT_FIELDS = ("title", "title_en", "aliases", "tags", "summary", "headings", "body")
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")
SEPARATOR = " ; "  # between the items of a list field, so a phrase never spans two


def text_fields(proc: Procedure) -> dict[str, str]:
    """The text of each searched field of a procedure."""
    return {
        "title": proc.title,
        "title_en": proc.title_en,
        "aliases": SEPARATOR.join(proc.aliases),
        "tags": SEPARATOR.join(proc.tags),
        "summary": proc.summary,
        "headings": SEPARATOR.join(proc.headings),
        "body": "\n".join(s.text for s in proc.sections),
    }


def latin_words(proc: Procedure) -> list[str]:
    """The Latin words a reader sees, as written: what "did you mean" may suggest."""
    body = "\n".join(s.text for s in proc.sections)
    visible = " ".join([proc.title, proc.title_en, proc.summary, *proc.aliases, *proc.tags, body])
    return LATIN_WORD.findall(visible)


class StoredSection(NamedTuple):
    heading: str
    anchor: str  # "" for the text before the first heading
    text: str  # plain text
    number: str = ""  # "2" or "2.1": what "PP 3 §2" cites (indexer.manual.sections)


class Folded(NamedTuple):
    """The document as the ranking's substring tests read it (indexer.index.folding)."""

    text: str  # its searchable text: titles, summary, tags, aliases, sections
    title: str  # its titles, Thai and English
    head: str  # what its titles are about, before what qualifies it (folding.head)


# The document's own words, as the procedure has them; RESULT_FIELDS are those a search
# result repeats (search.engine.Result).
PLAIN_FIELDS = ("id", "title", "title_en", "summary", "category", "lang", "url", "path")
RESULT_FIELDS = ("id", "title", "title_en", "category", "lang", "url", "path")


@dataclass(frozen=True)
class StoredDocument:
    """A procedure as a hit brings it back from the index."""

    id: str
    title: str
    title_en: str
    summary: str
    category: str
    lang: str
    url: str
    path: str
    tags: tuple[str, ...]
    aliases: tuple[str, ...]
    sections: tuple[StoredSection, ...]
    folded: Folded
    ref: str = ""  # the citable reference, "PP 3" ("" without one)

    @classmethod
    def of(cls, proc: Procedure, folded: Folded) -> StoredDocument:
        sections = tuple(StoredSection(s.heading, s.anchor, s.text, s.number) for s in proc.sections)
        plain = {name: getattr(proc, name) for name in PLAIN_FIELDS}
        lists = {"tags": tuple(proc.tags), "aliases": tuple(proc.aliases)}
        return cls(**plain, **lists, sections=sections, folded=folded, ref=proc.ref)

    def to_stored(self) -> dict[str, Any]:
        """Plain data for the index: strings, lists and tuples only."""
        plain = {name: getattr(self, name) for name in PLAIN_FIELDS}
        lists = {"tags": list(self.tags), "aliases": list(self.aliases)}
        sections = [tuple(s) for s in self.sections]
        return {**plain, **lists, "sections": sections, "folded": tuple(self.folded), "ref": self.ref}

    @classmethod
    def from_stored(cls, data: dict[str, Any]) -> StoredDocument:
        sections = tuple(StoredSection(*s) for s in data["sections"])
        plain = {name: data[name] for name in PLAIN_FIELDS}
        lists = {"tags": tuple(data["tags"]), "aliases": tuple(data["aliases"])}
        return cls(**plain, **lists, sections=sections, folded=Folded(*data["folded"]), ref=data["ref"])
