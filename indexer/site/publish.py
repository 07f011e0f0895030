"""Publish a freshly built site folder in place of the old one, all at once.

The site is built into a sibling folder; only a finished build is swapped in, so a web
server never serves half a site and a failed build leaves the old one untouched.
On Linux the swap is one renameat2(RENAME_EXCHANGE) call; elsewhere two renames.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

RENAME_EXCHANGE = 2
AT_FDCWD = -100


def exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths; False where the system cannot."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE)
    return result == 0


@contextmanager
def staged_directory(target: Path) -> Iterator[Path]:
    """Yield an empty folder beside `target`; on success it replaces `target`.

    If the body raises, the staged folder is removed and `target` is left as it was.
    """
    target = Path(target).absolute()
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = target.with_name(f".{target.name}.building-{os.getpid()}")
    shutil.rmtree(staged, ignore_errors=True)
    staged.mkdir()
    try:
        yield staged
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    if target.exists() and exchange(staged, target):
        shutil.rmtree(staged, ignore_errors=True)  # the old site now lives here
        return
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        os.rename(target, old)
    os.rename(staged, target)
    shutil.rmtree(old, ignore_errors=True)
