"""Which documents belong to an edition: the one confidentiality rule.

Every document (a procedure, a hand-written page of docs/) says `classification:
public` or `internal`; one that says nothing is internal. The internal edition holds
everything, the public edition only what is public. The index writer, the site and
the static search export all ask an `EditionScope`, so no road into a public build
decides on its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

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
