"""Glossaries: the built-in one that ships with the engine and a manual's own.

A glossary file is a YAML list of `{term, expansions}`; each entry becomes a synonym
group (the term first). Search treats the words of a group as one another's synonyms.
`glossary_in_force` is the one merge of the two: the manual's entry for a term
replaces the built-in one (manual-format.md: the manual's glossary wins).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path

import yaml

from indexer.manual.frontmatter import Loader, decode, problem
from indexer.manual.model import Problem
from indexer.manual.yaml_errors import explain

BUILTIN_GLOSSARY = Path(__file__).parents[1] / "text" / "data" / "glossary.yml"


def load_glossary(path: Path, rel: str) -> tuple[list[list[str]], list[Problem]]:
    """Read one glossary file into synonym groups, reporting entries that are malformed."""
    source = decode(path.read_bytes(), rel)
    if source.text is None:
        return [], source.problems
    try:  # one parse: the node tree gives each entry's line, the document its value
        loader = Loader(source.text)
        try:
            node = loader.get_single_node()
            entries = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        where = explain(exc, source.text, first_line=1)  # what to type, at line and column
        return [], [problem(rel, where.line, "yaml-syntax", where.message, col=where.col)]
    except (yaml.YAMLError, ValueError) as exc:
        return [], [problem(rel, 1, "yaml-syntax", f"invalid YAML: {exc}")]
    if entries is None:
        return [], []
    if not isinstance(entries, list):
        return [], [problem(rel, 1, "bad-glossary", "a glossary must be a list of {term, expansions}")]
    groups, found = [], []
    for i, entry in enumerate(entries):
        line = node.value[i].start_mark.line + 1
        group = entry_group(entry)
        if group is None:
            msg = "each entry needs a string 'term' and a list of string 'expansions'"
            found.append(problem(rel, line, "bad-glossary-entry", msg))
        else:
            groups.append(group)
    return groups, found


def entry_group(entry: object) -> list[str] | None:
    if not isinstance(entry, dict):
        return None
    term, expansions = entry.get("term"), entry.get("expansions", [])
    if not isinstance(term, str) or not term.strip():
        return None
    if not isinstance(expansions, list) or not all(isinstance(e, str) for e in expansions):
        return None
    words = [term.strip(), *(e.strip() for e in expansions if e.strip())]
    return list(dict.fromkeys(words))


def builtin_groups() -> list[list[str]]:
    groups, problems = load_glossary(BUILTIN_GLOSSARY, "indexer/text/data/glossary.yml")
    if problems:  # a broken built-in glossary is a bug of ours, not the user's input
        raise RuntimeError("; ".join(p.format() for p in problems))
    return groups


def manual_wins(own: Sequence[Sequence[str]], builtin: Sequence[Sequence[str]]) -> list[list[str]]:
    """The glossary in force: the manual's entries, then the built-in entries whose term the
    manual does not define. The one merge, for the index and the glossary page alike: an
    entry of the manual replaces the built-in entry of the same term, whole."""
    defined = {normal_term(g[0]) for g in own if g}
    return [list(g) for g in own if g] + [list(g) for g in builtin if g and normal_term(g[0]) not in defined]


def normal_term(term: str) -> str:
    """สอท. and สอท are the same term; so are Embassy and embassy."""
    return term.strip().rstrip(".").casefold()


def glossary_in_force(own: Sequence[Sequence[str]]) -> list[list[str]]:
    """A manual's glossary merged with the built-in one (see `manual_wins`)."""
    return manual_wins(own, builtin_groups())


Words = tuple[str, ...]


def merge_groups(groups: Sequence[Sequence[str]], analyze: Callable[[str], Words]) -> list[list[Words]]:
    """Analyse each word and merge groups that share one (สอท. and สถานทูต both say embassy)."""
    analysed = [[w for w in dict.fromkeys(analyze(t) for t in g) if w] for g in groups]
    parent = list(range(len(analysed)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[Words, int] = {}
    for i, group in enumerate(analysed):
        for words in group:
            if words in owner:
                parent[root(i)] = root(owner[words])
            else:
                owner[words] = i
    merged: dict[int, list[Words]] = {}
    for i, group in enumerate(analysed):
        merged.setdefault(root(i), []).extend(group)
    return [list(dict.fromkeys(g)) for g in merged.values() if len(set(g)) > 1]


def save_groups(groups: list[list[Words]], path: Path) -> None:
    path.write_text(json.dumps(groups, ensure_ascii=False), encoding="utf-8")
