"""Files stay inside the manual: the one place that decides whether a path may be read.

Git stores symlinks, so a pull request can add `env.txt -> /proc/self/environ` or a
procedure that is a link to any readable file of the build machine; a FIFO named
`x.md` would make a plain read wait for ever. Every file the loader, `check` and the
site read from the manual folder passes `refusal` (or `read_manual_file`): a symlink
must resolve inside the manual folder, and what it names must be a regular file.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

OUTSIDE = "outside-manual"
NOT_A_FILE = "not-a-file"


class RefusedFile(OSError):
    """A manual path that leads outside the manual folder or to something not a file."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def refusal(root: Path, path: Path) -> RefusedFile | None:
    """Why `path` may not be read as a file of the manual at `root`, or None when it may."""
    root_real = os.path.realpath(root)
    real = os.path.realpath(path)
    if real != root_real and not real.startswith(root_real + os.sep):
        return RefusedFile(OUTSIDE, "a symbolic link to a file outside the manual folder is not read")
    try:
        mode = os.stat(real).st_mode
    except OSError as exc:
        return RefusedFile("unreadable", f"cannot read the file: {exc.strerror}")
    if not stat.S_ISREG(mode):
        return RefusedFile(NOT_A_FILE, "not a regular file (a folder, pipe or device) is not read")
    return None


def read_manual_file(root: Path, path: Path) -> bytes:
    """The bytes of a manual file; RefusedFile when `refusal` says no or the file changed
    into something else between the check and the read (opened without blocking and
    without following a link, then checked again on the open file)."""
    refused = refusal(root, path)
    if refused is not None:
        raise refused
    fd = os.open(os.path.realpath(path), os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise RefusedFile(NOT_A_FILE, "not a regular file (a folder, pipe or device) is not read")
        return handle.read()
