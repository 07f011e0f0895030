"""`pip install .` gives a working `ecm`, the same command as `python cli.py`, with its data."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLE_MANUAL

SHARED_SITE_PACKAGES = sysconfig.get_paths()["purelib"]


def run(*command: object, cwd: Path) -> subprocess.CompletedProcess:
    """The command without the caller's PYTHONPATH: pointed at a checkout (a worktree's
    `export PYTHONPATH=$PWD`), it would make the installed copy import that checkout."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run([str(c) for c in command], cwd=cwd, capture_output=True, text=True,
                          timeout=600, check=False, env=env)  # fmt: skip


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh venv with the project installed from the checkout (not editable).

    The pinned dependencies and the build backend come from this venv's site-packages
    (a .pth line), so nothing is downloaded; the project itself is a real wheel install.
    """
    venv = tmp_path_factory.mktemp("fresh") / "venv"
    made = run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=venv.parent)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    purelib = run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=venv.parent)
    (Path(purelib.stdout.strip()) / "shared-deps.pth").write_text(SHARED_SITE_PACKAGES + "\n")
    pip = [sys.executable, "-m", "pip", "--python", python, "--disable-pip-version-check", "--quiet"]
    done = run(*pip, "install", "--no-deps", "--no-build-isolation", ROOT, cwd=venv.parent)
    assert done.returncode == 0, done.stderr
    return venv


def test_ecm_indexes_and_searches_from_anywhere(installed, tmp_path) -> None:
    ecm = installed / "bin" / "ecm"
    indexed = run(ecm, "index", "--manual", SAMPLE_MANUAL, "--index", tmp_path / "ix", cwd=tmp_path)
    assert indexed.returncode == 0, indexed.stderr
    found = run(ecm, "search", "หนังสือเดินทางหาย", "--index", tmp_path / "ix", "--json", cwd=tmp_path)
    assert found.returncode == 0, found.stderr
    assert json.loads(found.stdout)["results"][0]["id"] == "passport-lost"


def test_ecm_runs_the_installed_copy_with_its_data(installed, tmp_path) -> None:
    python = installed / "bin" / "python"
    code = "import indexer, cli; print(indexer.__file__); print(cli.__file__)"
    where = run(python, "-c", code, cwd=tmp_path)
    site = str(installed)
    assert all(line.startswith(site) for line in where.stdout.split()), where.stdout
    package = Path(where.stdout.split()[0]).parent
    for data in ["text/data/glossary.yml", "text/data/domain_words.txt", "site/theme/404.html"]:
        assert (package / data).is_file(), data


def test_ecm_is_the_same_command_as_cli_py(installed, tmp_path) -> None:
    ecm = run(installed / "bin" / "ecm", "search", "--help", cwd=tmp_path)
    script = run(sys.executable, ROOT / "cli.py", "search", "--help", cwd=tmp_path)
    assert ecm.returncode == script.returncode == 0
    assert ecm.stdout.replace("ecm", "cli.py") == script.stdout
    missing = run(installed / "bin" / "ecm", "search", "x", "--index", tmp_path / "none", cwd=tmp_path)
    assert missing.returncode == 2 and missing.stderr.startswith("Error: no index in")


def test_the_package_depends_on_exactly_the_pinned_requirements(installed) -> None:
    sys.path.insert(0, str(ROOT))
    try:
        from hatch_build import pinned
    finally:
        sys.path.remove(str(ROOT))
    metadata = next((installed / "lib").glob("python*/site-packages/e_consular_manual-*.dist-info/METADATA"))
    required = [line.split(": ", 1)[1] for line in metadata.read_text().splitlines()
                if line.startswith("Requires-Dist: ")]  # fmt: skip
    assert sorted(required) == sorted(pinned(ROOT / "requirements.txt"))
    assert all("==" in r for r in required)
