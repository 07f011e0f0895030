"""Plain `mkdocs build` and `mkdocs serve` build the manual: the site is a registered plugin."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from bench.live.servers import running_mkdocs_serve
from indexer.index.store import Manifest, current_generation
from indexer.manual.loader import load_manual
from indexer.site.static_search import FOLDER
from tests.conftest import ROOT, SAMPLE_MANUAL, procedure
from tests.static_search.conftest import run_static

MKDOCS = Path(sys.executable).parent / "mkdocs"


def mkdocs_build(site: Path, **env: str) -> subprocess.CompletedProcess:
    """`mkdocs build` from the project folder, as a user types it (the checkout's code first),
    with the index beside the site rather than the checkout's own .index."""
    env = {"ECM_INDEX": str(site.parent / "index"), **env}
    return subprocess.run(
        [str(MKDOCS), "build", "--site-dir", str(site)],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT), **env},
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip


def test_mkdocs_build_builds_every_procedure_of_the_sample_manual(tmp_path) -> None:
    done = mkdocs_build(tmp_path / "site")
    assert done.returncode == 0, done.stderr
    for proc in load_manual(SAMPLE_MANUAL).procedures:
        page = tmp_path / "site" / proc.url / "index.html"
        assert proc.title in page.read_text("utf-8")
    assert (tmp_path / "site" / ".csp-script-hashes").read_text().startswith("'sha256-")


def test_a_site_from_plain_mkdocs_build_searches_with_no_server(tmp_path) -> None:
    """The plugin brings the index of ECM_INDEX up to date and exports it into the site."""
    done = mkdocs_build(tmp_path / "site")
    assert done.returncode == 0, done.stderr
    assert current_generation(tmp_path / "index") is not None
    [answer] = run_static(tmp_path / "site", [{"query": "พาสหาย", "limit": 3}], tmp_path)
    assert [r["id"] for r in answer["response"]["results"]][:1] == ["passport-lost"]
    again = mkdocs_build(tmp_path / "site")  # nothing changed: the same index, exported again
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "site" / FOLDER / "core.js").is_file()


def test_the_plugins_options_choose_the_manual_and_the_edition(make_manual, tmp_path) -> None:
    root = make_manual({
        "p/open.md": procedure("open", category="p", title="เรื่องเปิด", classification="public"),
        "p/closed.md": procedure("closed", category="p", title="เรื่องปิด"),
    })  # fmt: skip
    done = mkdocs_build(tmp_path / "site", ECM_MANUAL=str(root), ECM_EDITION="public")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "site" / "p" / "open" / "index.html").is_file()
    assert not (tmp_path / "site" / "p" / "closed").exists()
    assert Manifest.read(current_generation(tmp_path / "index")).public_only  # its index too
    assert len(list((tmp_path / "site" / FOLDER / "docs").glob("*.js"))) == 1


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"ECM_EDITION": "secret"}, "edition"),
        ({"ECM_MANUAL": "/no/such/manual"}, "manual folder not found: /no/such/manual"),
    ],
)
def test_a_bad_option_or_missing_manual_is_one_line_not_a_traceback(tmp_path, env, message) -> None:
    done = mkdocs_build(tmp_path / "site", **env)
    assert done.returncode == 1
    assert message in done.stderr and "Traceback" not in done.stderr


def get(url: str) -> str:
    """The page; "" while mkdocs holds requests back during a rebuild."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def test_mkdocs_serve_rebuilds_and_serves_the_page_after_a_manual_file_is_saved(tmp_path) -> None:
    manual = tmp_path / "manual"
    shutil.copytree(SAMPLE_MANUAL, manual)
    path = manual / "passports" / "passport-lost.md"
    with running_mkdocs_serve({"ECM_MANUAL": str(manual), "ECM_INDEX": str(tmp_path / "index")}) as url:
        page = url + "passports/passport-lost/"
        first = get(page)
        assert "passport-lost" in first
        assert "livereload" in first  # the browser is told to reload after a rebuild
        assert "ฉบับแก้ไขทดสอบ" not in first
        text = path.read_text("utf-8")
        path.write_text(text.replace("\ntitle: ", "\ntitle: ฉบับแก้ไขทดสอบ ", 1), "utf-8")
        deadline = time.monotonic() + 120
        while "ฉบับแก้ไขทดสอบ" not in get(page):
            assert time.monotonic() < deadline, "mkdocs serve did not rebuild after the save"
            time.sleep(0.5)
