"""Which documents belong to an edition: the one confidentiality rule.

Every document (a procedure, a hand-written page of docs/) says `classification:
public` or `internal`; one that says nothing is internal. The internal edition holds
everything, the public edition only what is public. The index writer, the site and
the static search export all ask an `EditionScope`, so no road into a public build
decides on its own.

Down to the paragraph: a public procedure may hold officer-only passages (`!!! internal`,
found by `indexer.manual.passages` when the file is loaded), and officer-only change
notes (`internal: true`). `EditionScope.procedures` gives the public edition each
procedure without them, so the index (and the static
export made from it) and every page, list and feed of the site never see their words.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from indexer.manual.model import Procedure

PUBLIC = "public"
INTERNAL = "internal"
CLASSIFICATIONS = (PUBLIC, INTERNAL)
DEFAULT = INTERNAL  # what a document is when its front matter does not say

Doc = TypeVar("Doc")  # anything with a `classification` attribute


def is_public(classification: object) -> bool:
    """Only the exact word `public` makes a document public: a typo stays internal."""
    return classification == PUBLIC


@dataclass(frozen=True)
class EditionScope:
    public_only: bool

    @property
    def name(self) -> str:
        return PUBLIC if self.public_only else INTERNAL

    def admits(self, classification: object) -> bool:
        """Whether a document of this classification belongs to the edition."""
        return not self.public_only or is_public(classification)

    def select(self, docs: Iterable[Doc]) -> list[Doc]:
        """The documents of the edition, in their order."""
        return [d for d in docs if self.admits(getattr(d, "classification", DEFAULT))]

    def procedures(self, procedures: Iterable[Procedure]) -> list[Procedure]:
        """The edition's procedures as it may show them: officer-only passages left out
        of the public edition's."""
        chosen = self.select(procedures)
        return [public_view(p) for p in chosen] if self.public_only else chosen


def public_view(proc: Procedure) -> Procedure:
    """The procedure without its officer-only passages and change notes (the same object
    when it has none)."""
    from indexer.manual.passages import without_passages
    from indexer.manual.sections import split_sections

    notes = [n for n in proc.changes if not n.internal]
    if not proc.internal_passages and len(notes) == len(proc.changes):
        return proc
    if not proc.internal_passages:
        return dataclasses.replace(proc, changes=notes)
    body = without_passages(proc.body, proc.internal_passages, proc.body_line)
    return dataclasses.replace(
        proc,
        body=body,
        sections=split_sections(body, proc.title, proc.body_line),
        internal_passages=(),
        changes=notes,
    )
