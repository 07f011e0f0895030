"""Nothing left behind in a public index: a word removed from a page, a page reclassified
internal, and a file behind a symlink are absent from every file of the public output
(site and index, every generation), and no "did you mean" offers the removed words."""

from __future__ import annotations

import gzip
from pathlib import Path

from click.testing import CliRunner

from cli import cli
from indexer.index.writer import update_index
from indexer.manual.loader import load_manual
from indexer.site import build_site
from search.engine import SearchEngine
from tests.conftest import procedure

REMOVED_WORD = "zanzibarquorum"  # taken out of a public page
RECLASSIFIED = "marrakeshvellum"  # on a page that becomes internal
LINKED = "halifaxsextant"  # in a file outside the manual behind a symlink
CANARIES = [REMOVED_WORD, RECLASSIFIED, LINKED]


def contents(folder: Path) -> list[tuple[Path, bytes]]:
    found = []
    for path in (p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        found.append((path, data.lower()))
    return found


def test_public_rebuilds_leave_nothing_behind(make_manual, tmp_path):
    keep = procedure("keeper", body=f"## ภาพรวม\n\nwords stay here {REMOVED_WORD}\n", classification="public")
    moving = procedure("mover", body=f"## ภาพรวม\n\nabout {RECLASSIFIED}\n", classification="public")
    root = make_manual({"passports/keeper.md": keep, "passports/mover.md": moving})
    site, index = tmp_path / "site", tmp_path / "index"
    update_index(load_manual(root), index, public_only=True)
    assert SearchEngine(index).search(REMOVED_WORD).total == 1  # the canaries were indexed

    (root / "passports" / "keeper.md").write_text(keep.replace(REMOVED_WORD, "nothing"), "utf-8")
    (root / "passports" / "mover.md").write_text(
        moving.replace("classification: public", "classification: internal"), "utf-8"
    )
    outside = tmp_path / "outside.md"
    outside.write_text(procedure("linked", body=f"## ภาพรวม\n\n{LINKED}\n", classification="public"), "utf-8")
    (root / "passports" / "linked.md").symlink_to(outside)
    manual = load_manual(root)
    update_index(manual, index, public_only=True)
    build_site(manual, site, public_only=True)

    for folder in (site, index):
        for path, data in contents(folder):
            for canary in CANARIES:
                assert canary[:10].encode() not in data, (canary, path)
    engine = SearchEngine(index)
    for canary in CANARIES:
        response = engine.search(canary[:-1])  # one letter short: a "did you mean" oracle
        assert response.total == 0 and (response.suggestion or "").find(canary) < 0


def test_switching_edition_deletes_the_other_editions_generations(make_manual, tmp_path):
    root = make_manual({
        "passports/open.md": procedure("open", classification="public"),
        "passports/closed.md": procedure("closed", body=f"## ภาพรวม\n\n{RECLASSIFIED}\n"),
    })  # fmt: skip
    index = tmp_path / "index"
    manual = load_manual(root)
    update_index(manual, index, public_only=False)
    update_index(manual, index, public_only=True)
    generations = sorted(p.name for p in index.glob("gen-*"))
    assert len(generations) == 1  # the internal one went
    for _, data in contents(index):
        assert RECLASSIFIED.encode() not in data


def test_a_public_index_folder_keeps_no_parsed_text_of_internal_files(make_manual, tmp_path):
    """The loader's cache of parsed files holds every file's text: a public edition's index
    folder (what a public server is given) keeps none, nor one an internal build left."""
    root = make_manual({
        "passports/open.md": procedure("open", classification="public"),
        "passports/closed.md": procedure("closed", body=f"## ภาพรวม\n\n{RECLASSIFIED}\n"),
    })  # fmt: skip
    index, site = tmp_path / "index", tmp_path / "site"
    for args in (["index"], ["build", "--public", "--site", site], ["check"], ["index", "--public"]):
        result = CliRunner().invoke(cli, [*map(str, args), "--manual", str(root), "--index", str(index)])
        assert result.exit_code == 0, result.output
        if args != ["index"]:
            for path, data in contents(index):
                assert RECLASSIFIED.encode() not in data, (args, path)
