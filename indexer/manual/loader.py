"""The one reader of a manual folder. The index, the site, the CLI and `check` all use it.

`load_manual(root)` returns the valid procedures and a Problem for everything wrong;
a file with an error of its own is left out, never raised. Errors between files (a
duplicate id, a `related` id that does not exist) are reported; only the second holder
of a duplicate id is left out.
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

from indexer.errors import ManualNotFound
from indexer.manual import confidentiality, frontmatter, validate
from indexer.manual.body_checks import check_links, unsafe_html
from indexer.manual.glossary import load_glossary
from indexer.manual.model import ERROR, Category, ChangeNote, Manual, Problem, Procedure
from indexer.manual.passages import internal_passages
from indexer.manual.sections import split_sections

CATEGORIES_FILE = "categories.yml"
GLOSSARY_FILE = "glossary.yml"


def load_manual(root: Path, today: date | None = None) -> Manual:
    """Read a manual folder; `today` dates the review warnings (default: today)."""
    root = Path(root)
    today = today or date.today()
    if not root.is_dir():
        raise ManualNotFound(f"manual folder not found: {root}")
    problems: list[Problem] = []
    categories = load_categories(root, problems)
    glossary: list[list[str]] = []
    if (root / GLOSSARY_FILE).is_file():
        glossary, found = load_glossary(root / GLOSSARY_FILE, rel_path(root, root / GLOSSARY_FILE))
        problems.extend(found)
    procedures = []
    for path in procedure_files(root, problems):
        procedure, found = load_procedure(path, root, today)
        problems.extend(found)
        if procedure is not None:
            procedures.append(procedure)
    procedures = drop_duplicate_ids(procedures, problems)
    check_refs(procedures, problems)
    check_related(procedures, problems)
    problems.extend(check_links(procedures, root))
    for slug in sorted({p.category for p in procedures} - set(categories)):
        categories[slug] = Category(slug, slug, slug, len(categories) + 1)
    return Manual(root, procedures, sorted(set(problems)), categories, glossary)


def rel_path(root: Path, path: Path) -> str:
    """Paths in problems and results read from the manual's parent: manual/passports/x.md."""
    return path.relative_to(root.parent).as_posix()


def procedure_files(root: Path, problems: list[Problem]) -> list[Path]:
    files = []
    for path in sorted(root.rglob("*.md")):
        depth = len(path.relative_to(root).parts)
        if any(part.startswith(".") for part in path.relative_to(root).parts):
            continue
        if depth != 2:
            msg = "procedures live at <category>/<id>.md; this file is not indexed"
            problems.append(frontmatter.problem(rel_path(root, path), 1, "misplaced-file", msg))
            continue
        files.append(path)
    return files


def load_procedure(path: Path, root: Path, today: date) -> tuple[Procedure | None, list[Problem]]:
    rel = rel_path(root, path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [frontmatter.problem(rel, 1, "unreadable", f"cannot read the file: {exc.strerror}")]
    source = frontmatter.decode(raw, rel)
    if source.text is None:
        return None, source.problems
    fm, found = frontmatter.split(source)
    found = source.problems + found
    if fm is None:
        return None, found
    found += validate.validate(fm, rel, path.stem, path.parent.name, today)
    found += unsafe_html(fm.body, rel, fm.body_line)
    if any(p.severity == ERROR for p in found):
        return None, found
    return build_procedure(fm, rel, path, raw), found


def build_procedure(fm: frontmatter.FrontMatter, rel: str, path: Path, raw: bytes) -> Procedure:
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
        sections=split_sections(fm.body, title, fm.body_line),
        ref=data.get("ref") or "",
        changes=[ChangeNote(c["date"], c["note"].strip()) for c in data.get("changes") or []],
        internal_passages=tuple(internal_passages(fm.body, fm.body_line)),
        content_hash=hashlib.sha256(raw).hexdigest(),
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


def drop_duplicate_ids(procedures: list[Procedure], problems: list[Problem]) -> list[Procedure]:
    seen: dict[str, Procedure] = {}
    kept = []
    for proc in procedures:
        if proc.id in seen:
            msg = f"id '{proc.id}' is already used by {seen[proc.id].path}"
            line = proc.key_lines.get("id", 2)
            problems.append(frontmatter.problem(proc.path, line, "duplicate-id", msg))
            continue
        seen[proc.id] = proc
        kept.append(proc)
    return kept


def check_refs(procedures: list[Procedure], problems: list[Problem]) -> None:
    """A reference cites one procedure only."""
    seen: dict[str, Procedure] = {}
    for proc in procedures:
        if not proc.ref:
            continue
        if proc.ref in seen:
            msg = f"ref '{proc.ref}' is already used by {seen[proc.ref].path}"
            line = proc.key_lines.get("ref", 2)
            problems.append(frontmatter.problem(proc.path, line, "duplicate-ref", msg))
            continue
        seen[proc.ref] = proc


def check_related(procedures: list[Procedure], problems: list[Problem]) -> None:
    ids = {p.id for p in procedures}
    for proc in procedures:
        for target in proc.related:
            if target not in ids:
                msg = f"related id '{target}' does not exist in the manual"
                line = proc.key_lines.get("related", 2)
                problems.append(frontmatter.problem(proc.path, line, "unknown-related", msg))


def load_categories(root: Path, problems: list[Problem]) -> dict[str, Category]:
    path = root / CATEGORIES_FILE
    if not path.is_file():
        return {}
    rel = rel_path(root, path)
    source = frontmatter.decode(path.read_bytes(), rel)
    problems.extend(source.problems)
    if source.text is None:
        return {}
    data, _, found = frontmatter.parse_mapping(source.text, rel, first_line=1)
    problems.extend(found)
    categories = {}
    for order, (slug, value) in enumerate((data or {}).items(), start=1):
        if not isinstance(value, dict):
            problems.append(frontmatter.problem(rel, 1, "bad-category", f"'{slug}' needs th, en, order"))
            continue
        th, en = str(value.get("th") or slug), str(value.get("en") or slug)
        rank = value.get("order") if isinstance(value.get("order"), int) else order
        categories[slug] = Category(slug, th, en, rank)
    return categories
