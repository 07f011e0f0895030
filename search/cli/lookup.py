"""`search` without click: the command scripts and terminals run most, parsed by hand.

A script that runs one query per process pays for click's import and command machinery
every time: about a fifth of a cold lookup. This answers the plain forms only (words,
`--index`, `--limit`, `--json`, `--category`, `--tag`, `--lang`, `--`); for anything
else (no words, `--help`, `--batch`, an unknown or doubtful option, a failure the user
must be told about) `answered` returns False before printing anything, and click
(search/cli/app.py) handles the same arguments as it always did. The option table mirrors
the click command; tests/test_cold_start.py keeps them the same.
"""

from __future__ import annotations

import errno
import gc
import os
import sys
from pathlib import Path

VALUED = {
    "--index": "index_dir",
    "--limit": "limit",
    "--category": "category",
    "--tag": "tag",
    "--lang": "lang",
}
FLAGS = {"--json": "as_json"}
LIMITS = (1, 100)  # click.IntRange of --limit


def parse(args: list[str]) -> dict | None:
    """The search command's parameters (by the click command's names, query joined),
    or None when click should read these arguments."""
    if not args or args[0] != "search":
        return None
    given: dict = {"limit": "10"}
    words: list[str] = []
    rest = list(args[1:])
    while rest:
        arg = rest.pop(0)
        if arg == "--":
            words += rest
            break
        if arg == "-" or not arg.startswith("-"):
            words.append(arg)
            continue
        name, eq, value = arg.partition("=")
        if name in FLAGS and not eq:
            given[FLAGS[name]] = True
        elif name in VALUED:
            if not eq:
                if not rest or rest[0].startswith("-"):
                    return None  # click's reading of a missing or dash-led value decides
                value = rest.pop(0)
            given[VALUED[name]] = value
        else:
            return None
    limit = given["limit"]
    if not words or not (limit.isascii() and limit.isdigit()) or not LIMITS[0] <= int(limit) <= LIMITS[1]:
        return None
    if not given.get("index_dir", "x"):
        return None
    given["limit"], given["query"] = int(limit), " ".join(words)
    return given


def writes_utf8(stream) -> bool:
    return (getattr(stream, "encoding", None) or "").lower().replace("-", "") == "utf8"


def answered(args: list[str]) -> bool:
    """Run `search` for these arguments and print its answer; False when click must."""
    given = parse(args)
    if given is None or not writes_utf8(sys.stdout):
        return False  # click's own writer copes with an odd terminal encoding
    # A lookup makes one query and exits, and leaves little garbage in cycles. The cyclic
    # collector would walk what the imports and the index's tables create, again and
    # again (some 70 passes, 14 ms at 10,000 procedures), and all of it once more at exit.
    gc.disable()
    try:
        done = search(given)
    except KeyboardInterrupt:
        sys.stderr.write("\nAborted!\n")  # as click says it
        sys.exit(1)
    if done:
        gc.freeze()  # the collection at exit has nothing left to walk
    else:
        gc.enable()  # click takes over, for as long as it runs
    return done


def search(given: dict) -> bool:
    from indexer.errors import EcmError
    from search.engine import SearchEngine

    index_dir = given.get("index_dir")
    if index_dir is None:
        from indexer.project import project_dir

        index_dir = project_dir() / ".index"
    try:
        engine = SearchEngine(Path(index_dir))
        response = engine.search(given["query"], limit=given["limit"], category=given.get("category"),
                                 tag=given.get("tag"), lang=given.get("lang"))  # fmt: skip
    except EcmError:
        return False  # click prints it as one line and exits 2
    if given.get("as_json"):
        import json

        text = json.dumps(response.to_dict(), ensure_ascii=False)
    else:
        from search.terminal import format_response

        text = format_response(response, color=sys.stdout.isatty())
        if "\x1b" in text and not sys.stdout.isatty():
            return False  # click.echo strips escape sequences from text a pipe receives
    write(text + "\n")
    return True


def write(text: str) -> None:
    """Print as click.echo does, and end as click does when the reader has gone (exit 1)."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except OSError as exc:
        if exc.errno != errno.EPIPE:
            raise
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - the closed pipe takes nothing more
        sys.exit(1)
