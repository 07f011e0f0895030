"""When each procedure changed and why: from git where the manual is in a repository,
from the front matter's review dates where it is not."""

from __future__ import annotations

import re
import secrets
import subprocess
from collections import defaultdict
from dataclasses import dataclass, field
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
    commit: str = ""  # short hash; empty when the change comes from the front matter
    files: tuple[str, ...] = field(default=(), compare=False)  # every manual file it touched

    def to_dict(self) -> dict:
        return {"date": self.day.isoformat(), "subject": self.subject, "commit": self.commit}


def manual_history(manual: Manual, limit: int = 5) -> dict[str, list[Change]]:
    """path (manual/x/y.md) -> its most recent changes, newest first."""
    from_git = git_history(manual.root)
    history = {}
    for proc in manual.procedures:
        changes = from_git.get(proc.path) if from_git is not None else None
        if not changes and proc.last_reviewed:
            changes = [Change(proc.last_reviewed, "reviewed")]
        history[proc.path] = (changes or [])[:limit]  # git lists the newest first
    return history


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
        change = Change(day, subject, short, files)
        for path in files:
            changes[path].append(change)
    return dict(changes)


def run_git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=True, timeout=30)
    return done.stdout.decode("utf-8", errors="replace")  # a subject may be in any encoding


def changes_since(manual: Manual, since: date) -> list[tuple[Change, str]]:
    """(change, path) pairs on or after `since`, newest first, for a change notice."""
    found = [
        (change, path)
        for path, changes in manual_history(manual, limit=1000).items()
        for change in changes
        if change.day >= since
    ]
    # stable: changes of one day keep git's newest-first order
    return sorted(found, key=lambda pair: pair[0].day, reverse=True)
