"""Where the CPU time of a measured step goes: a cProfile of it, summed by the file the
time is spent in (a function's own time, its callees apart), so that a target not met
comes with what stands in its way (issue 15).

The profiled run is one more run of the step, after the measured ones: profiling slows
Python code several times over and built-in functions hardly at all, so the shares
lean towards Python code, and the seconds are not the measured ones.
"""

from __future__ import annotations

import cProfile
import pstats
import re
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from indexer.project import CHECKOUT

TOP = 8  # places and functions listed


def profiled(step: Callable[[], object]) -> pstats.Stats:
    profile = cProfile.Profile()
    profile.enable()
    try:
        step()
    finally:
        profile.disable()
    return pstats.Stats(profile)


BUILT_IN = re.compile(r"<built-in method (?:builtins\.)?([\w.]+)>|<method '(\w+)' of '([\w.]+)' objects>")


def library_file(path: Path) -> tuple[str, ...] | None:
    """A library's file as the parts of its path below site-packages (whoosh, filedb, ...)."""
    parts = path.parts
    return parts[parts.index("site-packages") + 1 :] if "site-packages" in parts else None


def place(filename: str, name: str) -> str:
    """Where a function lives, as a reader looks for it: a file of the project by its path,
    a library by its package, a built-in function (C) by its name, the rest of Python's
    own modules as one."""
    if filename == "~":
        found = BUILT_IN.fullmatch(name)
        called = (found[1] or f"{found[3]}.{found[2]}") if found else name.strip("<>")
        return f"`{called}` (C)"
    path = Path(filename)
    library = library_file(path)
    if library:
        return f"{library[0]} (library)"
    try:
        return path.resolve().relative_to(CHECKOUT).as_posix()
    except ValueError:
        return "Python's standard library"


def function_name(filename: str, line: int, name: str) -> str:
    if filename == "~":
        return place(filename, name)
    library = library_file(Path(filename))  # the library's own file: whoosh/filedb/filetables.py
    where = "/".join(library) if library else place(filename, name)
    return f"{where}:{line} `{name}`"


def summary(stats: pstats.Stats) -> dict:
    """The profile's total own time, the places taking most of it and the functions."""
    by_place: dict[str, float] = defaultdict(float)
    functions: list[tuple[float, str]] = []
    for (filename, line, name), (_, _, own, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        by_place[place(filename, name)] += own
        functions.append((own, function_name(filename, line, name)))
    total = sum(by_place.values()) or 1.0
    return {
        "total_s": total,
        "places": [[p, s / total] for p, s in sorted(by_place.items(), key=lambda kv: -kv[1])[:TOP]],
        "functions": [[f, s / total] for s, f in sorted(functions, reverse=True)[:TOP]],
    }


def profile_of(step: Callable[[], object]) -> dict:
    return summary(profiled(step))
