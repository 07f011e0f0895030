"""The one confidentiality rule: which documents an edition holds."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from indexer.manual.confidentiality import EditionScope, is_public


@pytest.mark.parametrize("written", ["internal", None, "", "Public", "public ", "PUBLIC", 1, True])
def test_only_the_exact_word_public_is_public(written) -> None:
    assert not is_public(written)
    assert not EditionScope(public_only=True).admits(written)
    assert EditionScope(public_only=False).admits(written)


def test_the_public_edition_keeps_public_documents_in_order() -> None:
    docs = [SimpleNamespace(id=i, classification=c) for i, c in enumerate(["public", "internal", "public"])]
    docs.append(SimpleNamespace(id=3))  # says nothing: internal
    assert [d.id for d in EditionScope(public_only=True).select(docs)] == [0, 2]
    assert [d.id for d in EditionScope(public_only=False).select(docs)] == [0, 1, 2, 3]
    assert EditionScope(True).name == "public" and EditionScope(False).name == "internal"
