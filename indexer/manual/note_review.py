"""`check --base REF`: a procedure whose body changed against the base branch without a
new change note gets a warning (a pull request's reviewer then asks: major or minor?).

A major change needs a note, a minor fix does not (GOV.UK's rule), and only the editor
knows which one an edit is, so this is a warning and never an error. What counts:

- the body's words changed (whitespace alone does not count), compared with the file
  at REF (`git show REF:path`, so an uncommitted edit counts too);
- and the file has no note that the base version lacked.

A file that is new since REF, or that did not load at REF, is not compared.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from indexer.errors import BaseNotFound
from indexer.manual import frontmatter
from indexer.manual.frontmatter import problem
from indexer.manual.model import WARNING, Manual, Problem, Procedure

CODE = "no-change-note"


def unnoted_changes(manual: Manual, base: str) -> list[Problem]:
    """A warning for each procedure whose body changed since `base` with no new note."""
    root = Path(manual.root).resolve()
    top = checked_base(root, base)
    diff = git(root, "-c", "core.quotePath=false", "diff", "--name-only", "--no-renames", base, "--", ".")
    changed = set(diff.splitlines())
    found = []
    for proc in manual.procedures:
        if proc.source is None:
            continue
        rel = Path(proc.source).resolve().relative_to(top).as_posix()
        if rel not in changed:
            continue
        before = base_version(root, base, rel)
        if before is None:
            continue  # new since the base, or unreadable there: nothing to compare with
        body, notes = before
        if words(body) != words(proc.body) and not new_notes(proc, notes):
            line = proc.key_lines.get("changes", 2)
            msg = (
                f"the body changed since {base} but 'changes' has no new note: add one if the "
                "change is major (what changed and why), a minor fix needs none"
            )
            found.append(problem(proc.path, line, CODE, msg, WARNING))
    return found


def checked_base(root: Path, base: str) -> Path:
    """The top of the git work tree holding `root`, once `base` is known to name a commit
    there (also for indexer.manual.citations); BaseNotFound says what is wrong."""
    if base.startswith("-") or not base.strip():
        raise BaseNotFound(f"--base {base!r} is not a branch or commit")
    try:
        top = Path(git(root, "rev-parse", "--show-toplevel").strip())
    except BaseNotFound:
        raise BaseNotFound(f"--base needs the manual in a git repository; {root} is not in one") from None
    try:
        git(root, "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}")
    except BaseNotFound:
        raise BaseNotFound(f"--base {base}: no such branch or commit in {top}") from None
    return top


def base_version(root: Path, base: str, rel: str) -> tuple[str, set[tuple[str, str]]] | None:
    """(body, notes as (date, note) text) of the file at `base`, or None."""
    try:
        raw = git_bytes(root, "show", f"{base}:{rel}")
    except BaseNotFound:
        return None
    source = frontmatter.decode(raw, rel)
    if source.text is None:
        return None
    fm, _ = frontmatter.split(source)
    if fm is None:
        return None
    items = fm.data.get("changes")
    notes = {
        (str(item.get("date")), " ".join(str(item.get("note")).split()))
        for item in (items if isinstance(items, list) else [])
        if isinstance(item, dict)
    }
    return fm.body, notes


def new_notes(proc: Procedure, before: set[tuple[str, str]]) -> bool:
    return any((n.day.isoformat(), n.note) not in before for n in proc.changes)


def words(body: str) -> list[str]:
    return body.split()


def git(cwd: Path, *args: str) -> str:
    return git_bytes(cwd, *args).decode("utf-8", errors="replace")


def git_bytes(cwd: Path, *args: str) -> bytes:
    command = next(a for a in args if not a.startswith("-") and "=" not in a)
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=True, timeout=60)
    except FileNotFoundError:
        raise BaseNotFound("--base needs git, which is not installed") from None
    except subprocess.CalledProcessError as exc:
        reason = exc.stderr.decode("utf-8", errors="replace").strip().splitlines()
        raise BaseNotFound(f"git {command} failed: {reason[-1] if reason else 'no message'}") from None
    except subprocess.TimeoutExpired:
        raise BaseNotFound(f"git {command} took over a minute") from None
    return done.stdout
