"""The commits that changed each procedure file: a secondary source, for editors.

What officers read about a change is its change note (indexer.manual.change_notes); a
commit subject is a developer's words about an edit and may name anything. Only the
internal edition shows commits, and on a procedure's page only the commits that changed
that very file (`git log --name-only` attributes a commit to the files it touched)."""

from __future__ import annotations

import re
import secrets
import subprocess
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from indexer.manual.model import Manual

# A subject is the editor's text: it may hold any byte (0x1E, escape sequences). The
# separators of `git log`'s output are fresh random text for each run, so no subject can
# split a record, and control characters are shown as spaces.
CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


@dataclass(frozen=True)
class Change:
    day: date
    subject: str
    commit: str  # short hash


def manual_history(manual: Manual, limit: int = 5) -> dict[str, list[Change]]:
    """path (manual/x/y.md) -> the most recent commits that changed it, newest first;
    empty where the manual is not in a git repository."""
    from_git = git_history(manual.root) or {}
    return {proc.path: from_git.get(proc.path, [])[:limit] for proc in manual.procedures}


def git_history(root: Path) -> dict[str, list[Change]] | None:
    """Every commit touching the manual, per file, or None where git cannot tell."""
    root = Path(root).resolve()
    record, field = f"@@{secrets.token_hex(8)}@@", f"@{secrets.token_hex(8)}@"
    try:
        top = run_git(root, "rev-parse", "--show-toplevel").strip()
        log = run_git(
            root, "log", f"--format={record}%h{field}%aI{field}%s", "--name-only",
            "--no-renames", "--", ".",
        )  # fmt: skip
    except (OSError, subprocess.CalledProcessError, UnicodeDecodeError):
        return None
    prefix = root.parent.relative_to(Path(top)) if root.is_relative_to(Path(top)) else Path()
    changes: dict[str, list[Change]] = defaultdict(list)
    for entry in log.split(record)[1:]:
        header, _, names = entry.partition("\n")
        short, when, subject = [*header.split(field, 2), "", "", ""][:3]
        try:
            day = datetime.fromisoformat(when).date()
        except ValueError:
            continue
        subject = CONTROL.sub(" ", subject).strip()
        paths = [Path(n.strip()) for n in names.split("\n") if n.strip()]
        files = tuple(p.relative_to(prefix).as_posix() for p in paths if p.is_relative_to(prefix))
        change = Change(day, subject, short)
        for path in files:
            changes[path].append(change)
    return dict(changes)


def run_git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=True, timeout=30)
    return done.stdout.decode("utf-8", errors="replace")  # a subject may be in any encoding
