"""The one reader of a manual folder. The index, the site, the CLI and `check` all use it.

`load_manual(root)` returns the valid procedures and a Problem for everything wrong;
a file with an error of its own is left out, never raised. Errors between files (a
duplicate id, a `related` id that does not exist) are reported; only the second holder
of a duplicate id is left out.

Per-file parsing goes through a `ParseCache` (indexer/manual/parse_cache.py): with one
kept beside the index, or held by `serve --watch`, a reload parses only changed files;
the date-dependent warnings and the checks between files run on every load.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from indexer.errors import ManualNotFound
from indexer.manual import confidentiality, frontmatter, validate
from indexer.manual.body_checks import (
    Link,
    anchors_of,
    body_links,
    check_links,
    heading_controls,
    nesting_problems,
    unsafe_html,
)
from indexer.manual.categories import read_categories, unlisted
from indexer.manual.change_notes import change_notes, notes_naming_passages
from indexer.manual.files import RefusedFile, read_manual_file, refusal
from indexer.manual.glossary import load_glossary
from indexer.manual.model import (
    ERROR,
    Category,
    KeyLines,
    Manual,
    Problem,
    Procedure,
    shared_sections,
    shared_values,
)
from indexer.manual.parse_cache import ParseCache, ParsedFile
from indexer.manual.passages import internal_passages
from indexer.manual.placeholders import placeholder_problems
from indexer.manual.sections import split_sections

CATEGORIES_FILE = "categories.yml"
GLOSSARY_FILE = "glossary.yml"


def load_manual(root: Path, today: date | None = None, cache: ParseCache | None = None) -> Manual:
    """Read a manual folder; `today` dates the review warnings (default: today).

    `cache` reuses what an earlier load parsed of unchanged files (and is updated)."""
    root = Path(root)
    cache = cache or ParseCache()
    today = today or date.today()
    if not root.is_dir():
        raise ManualNotFound(f"manual folder not found: {root}")
    problems: list[Problem] = []
    listed = load_categories(root, problems)
    categories = dict(listed or {})
    glossary: list[list[str]] = []
    if readable(root, root / GLOSSARY_FILE, problems):
        glossary, found = glossary_of(root / GLOSSARY_FILE, rel_path(root, root / GLOSSARY_FILE))
        problems.extend(found)
    procedures = []
    links: dict[str, list[Link]] = {}
    anchors: dict[str, frozenset[str]] = {}
    unloaded = Unloaded()
    files = procedure_files(root, problems)
    for path, rel in files:
        procedure, found, parsed = load_procedure(path, rel, root, today, cache)
        problems.extend(found)
        if procedure is not None and parsed is not None:
            procedures.append(procedure)
            links[procedure.path] = parsed.links
            if parsed.anchors is None:
                parsed.anchors = anchors_of(parsed.sections)
            anchors[procedure.path] = parsed.anchors
        else:
            unloaded.add(rel, parsed)
    cache.save()
    kept = first_holders(procedures, "id", problems)  # only the second holder is left out
    # By identity: `in kept` compared procedures field by field, N²/2 times per load.
    kept_ids = {id(p) for p in kept}
    for dropped in procedures:
        if id(dropped) not in kept_ids:
            unloaded.add(dropped.path, None)
    procedures = kept
    first_holders(procedures, "ref", problems)  # a reference cites one procedure: reported only
    check_related(procedures, problems, unloaded)
    if len(anchors) != len(procedures):  # a duplicate's second holder was left out
        anchors = {p.path: anchors[p.path] for p in procedures}
    problems.extend(check_links(procedures, root, links, unloaded.paths, unloaded.ids, anchors))
    if listed is not None:
        folders = {rel.rsplit("/", 2)[-2] for _, rel in files}  # <category>/<id>.md
        problems.extend(unlisted(listed, folders, rel_path(root, root / CATEGORIES_FILE)))
    for slug in sorted({p.category for p in procedures} - set(categories)):
        categories[slug] = Category(slug, slug, slug, len(categories) + 1)
    # Sorted and made unique by a plain tuple of every field: the dataclass's own ordering
    # and hashing call Python code per comparison (the bench's 10,000 files hold 7,800).
    unique = {(p.path, p.line, p.col, p.severity, p.code, p.message): p for p in problems}
    ordered = [unique[key] for key in sorted(unique)]
    return Manual(root, procedures, ordered, categories, glossary)


class Unloaded:
    """The procedure files left out for an error of their own (or as a duplicate's second
    holder): their own problem says what is wrong, so a `related` id or a link that names
    one is not a second error in another file (one mistake, one message)."""

    def __init__(self) -> None:
        self.paths: set[str] = set()
        self.ids: set[str] = set()

    def add(self, rel: str, parsed: ParsedFile | None) -> None:
        self.paths.add(rel)
        self.ids.add(rel.rsplit("/", 1)[-1].removesuffix(".md"))  # the id it should have
        ident = parsed.front.data.get("id") if parsed is not None and parsed.front is not None else None
        if isinstance(ident, str):
            self.ids.add(ident)  # the id it has, wrong or not


_GLOSSARIES: dict[tuple[str, str], tuple[list[list[str]], list[Problem]]] = {}


def glossary_of(path: Path, rel: str) -> tuple[list[list[str]], list[Problem]]:
    """`load_glossary`, parsed again only when the file's bytes changed: YAML takes a
    tenth of a second for a few hundred entries, on every reload of `serve --watch`."""
    key = (rel, hashlib.sha256(path.read_bytes()).hexdigest())
    if key not in _GLOSSARIES:
        _GLOSSARIES.clear()  # one manual's glossary at a time is what a process reloads
        _GLOSSARIES[key] = load_glossary(path, rel)
    groups, found = _GLOSSARIES[key]
    return [list(g) for g in groups], list(found)


def rel_path(root: Path, path: Path) -> str:
    """Paths in problems and results read from the manual's parent: manual/passports/x.md."""
    return path.relative_to(root.parent).as_posix()


def shown(problem: Problem, root: Path) -> Problem:
    """The problem with its path as the editor can open it: the manual folder as given
    (`--manual ../other/manual`, `/srv/manual`, `.`) joined with the path inside it.

    Problems keep the manual-parent path that procedures have (`manual/passports/x.md`);
    printed that way, `--manual ../other/manual` named files of the working folder's own
    manual instead."""
    prefix = root.name + "/" if root.name else ""
    inside = problem.path[len(prefix) :] if problem.path.startswith(prefix) else problem.path
    path = (root / inside).as_posix() if str(root) != "." else inside
    return dataclasses.replace(problem, path=path)


def readable(root: Path, path: Path, problems: list[Problem]) -> bool:
    """Whether a shared file of the manual (glossary, categories) is there to read; a
    link out of the manual or a pipe in its place is a problem."""
    if not (path.is_symlink() or path.exists()):
        return False
    refused = refusal(root, path)
    if refused is not None:
        problems.append(frontmatter.problem(rel_path(root, path), 1, refused.code, refused.message))
        return False
    return True


def procedure_files(root: Path, problems: list[Problem]) -> list[tuple[str, str]]:
    """The manual's procedure files (their paths as strings) with their `rel_path`; linked
    folders are not entered, and a `.md` that is a link out of the manual, or not a
    regular file, is a problem. Strings, not Paths: making 10,000 Path objects was most
    of this walk on every reload of `serve --watch`."""
    files = []
    top = (root.name,) if root.name else ()
    for parts, path, plain in sorted(markdown_entries(str(root)), key=lambda f: f[0]):
        rel = "/".join((*top, *parts))  # rel_path(root, path), without pathlib's cost
        # A plain file found by walking real folders under the root is inside the manual:
        # only links and odd entries pay for `refusal` (two realpath calls and a stat).
        refused = None if plain else refusal(root, Path(path))
        if refused is not None:
            problems.append(frontmatter.problem(rel, 1, refused.code, refused.message))
            continue
        if len(parts) != 2:
            msg = "procedures live at <category>/<id>.md; this file is not indexed"
            problems.append(frontmatter.problem(rel, 1, "misplaced-file", msg))
            continue
        files.append((path, rel))
    return files


def markdown_entries(root: str, parts: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], str, bool]]:
    """(parts, path, is a regular file and no link) of every `*.md` under `root`, hidden
    names and linked folders left out (as `Path.rglob` leaves linked folders out)."""
    folder = os.path.join(root, *parts)
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return  # unreadable or gone since it was listed: no procedures in it
    for entry in entries:
        if entry.name.startswith("."):
            continue
        named = (*parts, entry.name)
        if entry.name.endswith(".md"):
            yield named, entry.path, entry.is_file(follow_symlinks=False)
        if entry.is_dir(follow_symlinks=False):
            yield from markdown_entries(root, named)


def load_procedure(
    path: str, rel: str, root: Path, today: date, cache: ParseCache
) -> tuple[Procedure | None, list[Problem], ParsedFile | None]:
    try:
        read = lambda p: read_manual_file(root, p)  # noqa: E731
        parsed = cache.parsed(path, lambda raw: parse_file(raw, rel), read)
    except RefusedFile as exc:  # it became a pipe or a link out after procedure_files looked
        return None, [frontmatter.problem(rel, 1, exc.code, exc.message)], None
    except OSError as exc:
        message = f"cannot read the file: {exc.strerror}"
        return None, [frontmatter.problem(rel, 1, "unreadable", message)], None
    if parsed.finished is None or parsed.finished[0] != today:
        parsed.finished = (today, *finish_procedure(parsed, rel, Path(path), today))
    _, procedure, found = parsed.finished
    return procedure, list(found), parsed


def finish_procedure(
    parsed: ParsedFile, rel: str, path: Path, today: date
) -> tuple[Procedure | None, list[Problem]]:
    """The checks that depend on today's date, then the Procedure if nothing is wrong."""
    if parsed.front is None:
        return None, list(parsed.problems)
    fm = parsed.front
    found = parsed.problems + validate.validate(fm, rel, path.stem, path.parent.name, today)
    if any(p.severity == ERROR for p in found):
        return None, found
    procedure = build_procedure(fm, rel, path, parsed)
    return procedure, found + notes_naming_passages(procedure)


def parse_file(raw: bytes, rel: str) -> ParsedFile:
    """Everything one file's bytes say on their own: what the cache keeps."""
    content_hash = hashlib.sha256(raw).hexdigest()
    source = frontmatter.decode(raw, rel)
    if source.text is None:
        return ParsedFile(content_hash, source.problems, None, [], [])
    fm, found = frontmatter.split(source)
    found = source.problems + found
    if fm is None:
        return ParsedFile(content_hash, found, None, [], [])
    nested = nesting_problems(fm.body, rel, fm.body_line)
    if nested:  # left out: not rendered, not cut into sections (both slow on such input)
        return ParsedFile(content_hash, found + nested, fm, [], [])
    found += unsafe_html(fm.body, rel, fm.body_line)
    found += heading_controls(fm.body, rel, fm.body_line)
    found += placeholder_problems(fm.body, rel, fm.body_line)  # an untouched `new` template
    fm.key_lines = KeyLines(fm.key_lines)
    title = shared_values(fm.data).get("title")
    sections = split_sections(fm.body, title.strip(), fm.body_line) if isinstance(title, str) else []
    sections = shared_sections(sections)
    return ParsedFile(content_hash, found, fm, sections, body_links(fm.body, fm.body_line))


def build_procedure(fm: frontmatter.FrontMatter, rel: str, path: Path, parsed: ParsedFile) -> Procedure:
    data = fm.data
    known = validate.KNOWN_KEYS
    title = data["title"].strip()
    return Procedure(
        id=data["id"],
        title=title,
        category=data["category"],
        lang=data["lang"],
        path=rel,
        body=fm.body,
        sections=list(parsed.sections),
        ref=data.get("ref") or "",
        changes=change_notes(data.get("changes")),
        internal_passages=tuple(internal_passages(fm.body, fm.body_line)),
        content_hash=parsed.content_hash,
        title_en=(data.get("title_en") or "").strip(),
        summary=(data.get("summary") or "").strip(),
        tags=list(data.get("tags") or []),
        aliases=list(data.get("aliases") or []),
        classification=data.get("classification") or confidentiality.DEFAULT,
        owner=data.get("owner") or "",
        last_reviewed=data.get("last_reviewed"),
        review_due=data.get("review_due"),
        related=list(data.get("related") or []),
        legal_basis=list(data.get("legal_basis") or []),
        extra={k: v for k, v in data.items() if k not in known},
        source=path,
        body_line=fm.body_line,
        key_lines=fm.key_lines,
    )


def first_holders(procedures: list[Procedure], key: str, problems: list[Problem]) -> list[Procedure]:
    """The procedures whose `key` (an id, a ref) no earlier procedure holds; a problem for each
    later holder. A procedure without a value for `key` is kept."""
    seen: dict[str, Procedure] = {}
    kept = []
    for proc in procedures:
        value = getattr(proc, key)
        if value and value in seen:
            first = seen[value]
            msg = f"{key} '{value}' is already used by {first.category}/{first.id}.md"
            line = proc.key_lines.get(key, 2)
            problems.append(frontmatter.problem(proc.path, line, f"duplicate-{key}", msg))
            continue
        if value:
            seen[value] = proc
        kept.append(proc)
    return kept


def check_related(procedures: list[Procedure], problems: list[Problem], unloaded: Unloaded) -> None:
    ids = {p.id for p in procedures}
    for proc in procedures:
        for target in proc.related:
            if target not in ids and target not in unloaded.ids:
                msg = f"related id '{target}' does not exist in the manual"
                line = proc.key_lines.get("related", 2)
                problems.append(frontmatter.problem(proc.path, line, "unknown-related", msg))


def load_categories(root: Path, problems: list[Problem]) -> dict[str, Category] | None:
    """The categories of categories.yml; None when the manual has no such file."""
    path = root / CATEGORIES_FILE
    if not readable(root, path, problems):
        return None
    rel = rel_path(root, path)
    try:
        raw = read_manual_file(root, path)
    except OSError as exc:
        problems.append(frontmatter.problem(rel, 1, "unreadable", f"cannot read the file: {exc.strerror}"))
        return {}
    source = frontmatter.decode(raw, rel)
    problems.extend(source.problems)
    if source.text is None:
        return {}
    data, lines, found = frontmatter.parse_mapping(source.text, rel, first_line=1)
    problems.extend(found)
    categories, found = read_categories(data, lines, rel)
    problems.extend(found)
    return categories
