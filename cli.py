"""e-Consular Manual from the terminal: `python cli.py COMMAND ...`, installed as `ecm`.

The commands are in search/cli/app.py (click); a plain `search` is answered by
search/cli/lookup.py without importing click. This file stays small: Python compiles a
script afresh on every run (the commands' 600 lines took some 10 ms of each lookup).
"""

from __future__ import annotations

import sys


def main() -> None:
    from search.cli.lookup import answered, writes_utf8

    for stream in (sys.stdout, sys.stderr):
        if stream is not None and not writes_utf8(stream):
            # told to write another encoding (PYTHONIOENCODING=latin-1): Thai it cannot
            # hold comes out as \u0e2b escapes instead of a traceback
            stream.reconfigure(errors="backslashreplace")
    if not answered(sys.argv[1:]):
        from search.cli.app import cli

        cli()


def __getattr__(name: str):
    """The click app's names (`from cli import cli`, `cli.build_all`), as before the split."""
    import search.cli.app

    return getattr(search.cli.app, name)


if __name__ == "__main__":
    main()
