"""Files stay inside the manual: links out of the folder and things that are not files are
`check` problems with a line, and never reach the index or the site.

Git stores symlinks, so a pull request can add one pointing anywhere on the build machine.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from indexer.index.writer import update_index
from indexer.manual.loader import load_manual
from indexer.site import build_site
from tests.conftest import ROOT, procedure

SECRET = "BUILDMACHINESECRET42"


def outside_file(tmp_path: Path, name: str = "secret.txt") -> Path:
    path = tmp_path / "elsewhere" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(f"{SECRET}\n", "utf-8")
    return path


def test_a_procedure_linked_from_outside_the_manual_is_refused(make_manual, tmp_path):
    root = make_manual({"passports/good.md": procedure("good")})
    outside = tmp_path / "elsewhere" / "leak.md"
    outside.parent.mkdir()
    outside.write_text(procedure("leak", body=f"## ภาพรวม\n\n{SECRET}\n"), "utf-8")
    (root / "passports" / "leak.md").symlink_to(outside)
    manual = load_manual(root)
    found = [(p.path, p.line, p.code) for p in manual.errors]
    assert found == [("manual/passports/leak.md", 1, "outside-manual")]
    assert [p.id for p in manual.procedures] == ["good"]


def test_a_link_inside_the_manual_is_read(make_manual):
    root = make_manual({"passports/good.md": procedure("good")})
    (root / "passports" / "also.md").symlink_to(root / "passports" / "good.md")
    manual = load_manual(root)
    assert [p.code for p in manual.errors] == ["id-mismatch"]  # read: its id is not its name


def test_a_pipe_named_like_a_procedure_does_not_hang_check(make_manual):
    root = make_manual({"passports/good.md": procedure("good")})
    os.mkfifo(root / "passports" / "x.md")
    done = subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), "check", "--manual", str(root), "--json"],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert '"code": "not-a-file"' in done.stdout and f'"path": "{root}/passports/x.md"' in done.stdout


def test_shared_files_linked_from_outside_are_refused(make_manual, tmp_path):
    root = make_manual({"passports/good.md": procedure("good")})
    (root / "glossary.yml").symlink_to(outside_file(tmp_path, "glossary.yml"))
    (root / "categories.yml").symlink_to("/proc/self/environ")
    codes = {(p.path, p.code) for p in load_manual(root).errors}
    assert codes == {("manual/glossary.yml", "outside-manual"), ("manual/categories.yml", "outside-manual")}


def test_an_attachment_linked_out_of_the_manual_is_a_problem_and_never_published(make_manual, tmp_path):
    body = "## ภาพรวม\n\nดู [แบบฟอร์ม](env.txt) และ [ไฟล์](secret.txt) ![ภาพ](pic.png)\n"
    root = make_manual({"passports/good.md": procedure("good", body=body, classification="public")})
    (root / "passports" / "env.txt").symlink_to("/proc/self/environ")
    (root / "passports" / "secret.txt").symlink_to(outside_file(tmp_path))
    os.mkfifo(root / "passports" / "pic.png")
    manual = load_manual(root)
    found = sorted((p.line, p.code, p.message.split("'")[1]) for p in manual.problems)
    assert found == [(11, "not-a-file", "pic.png"), (11, "outside-manual", "env.txt"),
                     (11, "outside-manual", "secret.txt")]  # fmt: skip
    site, index = tmp_path / "site", tmp_path / "index"
    assert [p.id for p in manual.procedures] == ["good"]  # the page itself is built
    build_site(manual, site, public_only=True)
    update_index(manual, index, public_only=True)
    assert not list(site.rglob("env.txt")) and not list(site.rglob("secret.txt"))
    for folder in (site, index):
        for path in (p for p in folder.rglob("*") if p.is_file()):
            assert SECRET.encode() not in path.read_bytes(), path


def test_a_file_of_docs_linked_out_of_it_is_not_published(tmp_path):
    from indexer.site.hooks import linked_out_of_docs

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "ok.txt").write_text("ok", "utf-8")
    (docs / "env.txt").symlink_to("/proc/self/environ")

    class Config:
        docs_dir = str(docs)

    class Found:
        def __init__(self, name: str):
            self.abs_src_path = str(docs / name)
            self.src_uri = name

    files = [Found("ok.txt"), Found("env.txt")]
    assert [f.src_uri for f in linked_out_of_docs(files, Config())] == ["env.txt"]
