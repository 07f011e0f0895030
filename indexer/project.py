"""Where the project is: the folder with mkdocs.yml, the default index and site.

From a source checkout that is the folder of cli.py, wherever the command is started.
An installed `ecm`, like `mkdocs` itself, works on the project in the folder it is
started in.
"""

from __future__ import annotations

from pathlib import Path

MKDOCS_YML = "mkdocs.yml"
CHECKOUT = Path(__file__).resolve().parents[1]


def project_dir() -> Path:
    return CHECKOUT if (CHECKOUT / MKDOCS_YML).is_file() else Path.cwd()
