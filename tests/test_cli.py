"""The CLI contract: output, JSON shapes, batch mode and exit codes (shared/contracts/cli.md)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from cli import cli
from tests.conftest import SAMPLE_MANUAL, procedure


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args, input=None):
        return runner.invoke(cli, [str(a) for a in args], input=input, catch_exceptions=False)

    return invoke


def test_search_json_has_the_contract_shape(run, sample_index):
    result = run("search", "หนังสือเดินทางหาย", "--index", sample_index, "--json", "--limit", 3)
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert set(data) == {"query", "total", "suggestion", "match", "missing", "results"}
    assert data["match"] == "all" and data["missing"] == []
    first = data["results"][0]
    assert {"id", "title", "title_en", "category", "lang", "url", "path", "score", "snippet"} <= set(first)
    assert first["id"] == "passport-lost" and first["path"] == "manual/passports/passport-lost.md"
    assert len(data["results"]) <= 3


def test_search_text_output_for_people(run, sample_index):
    result = run("search", "สมรส", "--index", sample_index)
    assert result.exit_code == 0
    assert "marriage-registration" in result.stdout and "[สมรส]" in result.stdout


def test_no_hits_is_success(run, sample_index):
    result = run("search", "zzqqxx", "--index", sample_index, "--json")
    assert result.exit_code == 0 and json.loads(result.stdout)["total"] == 0


def test_batch_prints_one_json_line_per_query_in_order(run, sample_index, tmp_path):
    batch = tmp_path / "queries.txt"
    batch.write_text("สมรส\n\npassport\nท.ด.21\n", encoding="utf-8")
    result = run("search", "--batch", batch, "--index", sample_index, "--json")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["query"] for line in lines] == ["สมรส", "", "passport", "ท.ด.21"]
    blank = lines[1]
    assert blank["results"] == [] and blank["total"] == 0 and blank["match"] == "none"


def test_a_batch_gives_one_answer_per_line_whatever_the_line_holds(run, sample_index, tmp_path):
    # CRLF ends, blank and whitespace lines, and characters str.splitlines breaks at
    batch = tmp_path / "queries.txt"
    batch.write_bytes('สมรส\r\n\r\n \t \r\nvisa\x0cpassport\n\u2028ท.ด.21\x85x\n"\n-'.encode())
    result = run("search", "--batch", batch, "--index", sample_index, "--json")
    answers = [json.loads(line) for line in result.stdout.removesuffix("\n").split("\n")]
    assert [a["query"] for a in answers] == ["สมรส", "", "", "visa passport", "ท.ด.21 x", "", "-"]


@pytest.mark.parametrize(
    ("option", "value", "hint"),
    [("--category", "pasports", "passports"), ("--lang", "eng", "en"), ("--tag", "pasport", "passport")],
)
def test_an_unknown_filter_value_is_bad_usage_with_a_did_you_mean(run, sample_index, option, value, hint):
    result = run("search", "passport", "--index", sample_index, option, value)
    assert result.exit_code == 2
    message = result.stderr.strip()
    assert value in message and f"did you mean {hint!r}" in message
    assert "Traceback" not in result.output and len(message.splitlines()) == 1


def test_total_is_exact_and_does_not_depend_on_limit(run, sample_index):
    totals = set()
    for limit in (1, 3, 100):
        result = run("search", "หนังสือเดินทาง", "--index", sample_index, "--json", "--limit", limit)
        data = json.loads(result.stdout)
        totals.add(data["total"])
    every = json.loads(run("search", "หนังสือเดินทาง", "--index", sample_index, "--json", "--limit", 100).stdout)
    assert totals == {len(every["results"])}


def test_an_excluded_word_removes_the_pages_that_hold_it(run, sample_index):
    plain = json.loads(run("search", "passport", "--index", sample_index, "--json", "--limit", 100).stdout)
    minus = run("search", "--index", sample_index, "--json", "--limit", 100, "--", "passport", "-lost")
    minus = json.loads(minus.stdout)
    assert "passport-lost" in [r["id"] for r in plain["results"]]
    assert "passport-lost" not in [r["id"] for r in minus["results"]]
    assert minus["total"] < plain["total"]


def test_a_partial_match_is_shown_as_such(run, sample_index):
    result = run("search", "ต่ออายุใบขับขี่", "--index", sample_index)
    assert result.exit_code == 0
    assert "ไม่พบเรื่องที่ตรงกับ" in result.stdout and "Partial matches" in result.stdout


def test_batch_reads_stdin(run, sample_index):
    result = run("search", "--batch", "-", "--index", sample_index, "--json", input="วีซ่า\nCI\n")
    assert [json.loads(x)["query"] for x in result.stdout.splitlines()] == ["วีซ่า", "CI"]


def test_a_malformed_batch_file_is_bad_input(run, sample_index, tmp_path):
    batch = tmp_path / "bad.txt"
    batch.write_bytes(b"ok\n\xff\xfe\n")
    result = run("search", "--batch", batch, "--index", sample_index)
    assert result.exit_code == 2 and "bad.txt:2" in result.stderr and "Traceback" not in result.output


def test_a_missing_index_is_one_sentence_and_exit_2(run, tmp_path):
    result = run("search", "visa", "--index", tmp_path / "none")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "cli.py index" in result.stderr


def test_index_reports_invalid_files_indexes_the_rest_and_exits_1(run, make_manual, tmp_path):
    root = make_manual({
        "passports/good.md": procedure("good", title="หนังสือเดินทาง"),
        "passports/bad.md": "---\nid: bad\ntitle: [oops\n---\n",
    })  # fmt: skip
    index_dir = tmp_path / "index"
    result = run("index", "--manual", root, "--index", index_dir)
    assert result.exit_code == 1
    assert f"{root}/passports/bad.md:3:8: error yaml-syntax" in result.stderr  # at the unclosed [
    found = run("search", "หนังสือเดินทาง", "--index", index_dir, "--json")
    assert [r["id"] for r in json.loads(found.stdout)["results"]] == ["good"]


def test_index_into_an_existing_empty_folder(run, make_manual, tmp_path):
    root = make_manual({"passports/good.md": procedure("good")})
    (tmp_path / "empty").mkdir()
    result = run("index", "--manual", root, "--index", tmp_path / "empty", "--json")
    assert result.exit_code == 0 and json.loads(result.stdout)["doc_count"] == 1


def test_index_of_a_missing_manual_is_bad_input(run, tmp_path):
    result = run("index", "--manual", tmp_path / "nope", "--index", tmp_path / "i")
    assert result.exit_code == 2 and "manual folder not found" in result.stderr


def test_show_prints_a_procedure_and_json(run):
    text = run("show", "passport-lost", "--manual", SAMPLE_MANUAL)
    assert text.exit_code == 0 and "New passport after loss or theft" in text.stdout
    data = json.loads(run("show", "passport-lost", "--manual", SAMPLE_MANUAL, "--json").stdout)
    assert data["id"] == "passport-lost" and data["sections"]


@pytest.mark.parametrize("typed", ["pasport-lost", "PASSPORT-LOST", "Passport-Lost"])
def test_show_unknown_id_suggests_a_close_one(run, typed):
    result = run("show", typed, "--manual", SAMPLE_MANUAL)
    assert result.exit_code == 2 and "did you mean 'passport-lost'?" in result.stderr


def test_show_names_no_procedure_for_an_id_far_from_every_one(run):
    result = run("show", "zzzz", "--manual", SAMPLE_MANUAL)
    assert result.exit_code == 2 and result.stderr.strip().endswith(f"'zzzz' in {SAMPLE_MANUAL}")


def test_list_groups_by_category(run):
    data = json.loads(run("list", "--manual", SAMPLE_MANUAL, "--json").stdout)
    assert data[0]["category"] == "passports"
    assert sum(len(g["procedures"]) for g in data) >= 45


def test_list_of_one_category_holds_only_it(run):
    data = json.loads(run("list", "--manual", SAMPLE_MANUAL, "--category", "voting", "--json").stdout)
    assert [g["category"] for g in data] == ["voting"] and data[0]["procedures"]


@pytest.mark.parametrize(("value", "says"), [("passport", "did you mean 'passports'?"), ("xyzzy", "known: ")])
def test_list_of_an_unknown_category_is_bad_usage_not_an_empty_list(run, value, says):
    # an empty list with status 0 read as "this mission has no such procedures"
    result = run("list", "--manual", SAMPLE_MANUAL, "--category", value, "--json")
    assert result.exit_code == 2 and result.stdout == ""
    assert f"no category '{value}'" in result.stderr and says in result.stderr


@pytest.mark.parametrize("command", [["show"], ["list", "--category"]])
def test_a_value_quoted_in_an_error_cannot_drive_the_terminal(run, command):
    # "\e]0;...\a" retitles the window, pasted from a mail or passed on by a script
    result = run(*command, "x\x1b]0;pwned\x07", "--manual", SAMPLE_MANUAL)
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "'x\\x1b]0;pwned\\x07'" in result.stderr


def test_check_passes_on_the_sample_and_fails_on_errors(run, make_manual):
    assert run("check", "--manual", SAMPLE_MANUAL).exit_code == 0
    root = make_manual({"passports/x.md": procedure("y")})
    result = run("check", "--manual", root, "--json")
    assert result.exit_code == 1 and json.loads(result.stdout)[0]["code"] == "id-mismatch"


def test_control_characters_in_a_procedure_reach_the_terminal_as_text(run, make_manual, tmp_path):
    # a YAML escape spells any character: "\e]0;x\a" in a title would retitle the window
    # of every officer who lists, shows or finds the procedure; `check` refuses it in the
    # front matter and in headings (the file is left out), and what a paragraph holds
    # is printed as escapes
    root = make_manual({
        "passports/odd.md": procedure("odd", body="## ภาพรวม\n\nเล่มใหม่ \x1b[2J\x1b]0;x\x07\n"),
        "passports/hostile.md": procedure("hostile", title='"หนังสือเดินทาง\\e]0;x\\a"'),
    })  # fmt: skip
    index_dir = tmp_path / "index"
    indexed = run("index", "--manual", root, "--index", index_dir)
    assert indexed.exit_code == 1 and "hostile.md:3:8: error control-character" in indexed.stderr
    outputs = [
        run("list", "--manual", root).stdout,
        run("show", "odd", "--manual", root).stdout,
        run("search", "เล่มใหม่", "--index", index_dir).stdout,
    ]
    for out in outputs:
        assert "\x1b" not in out and "\x07" not in out and "hostile" not in out
    assert "เล่มใหม่ \\x1b[2J\\x1b]0;x\\x07" in outputs[1] and "หนังสือเดินทาง" in outputs[2]


def test_a_manual_with_no_procedures_yet_is_searched_without_a_crash(run, make_manual, tmp_path):
    """A new mission's manual, categories only: the index is built and every search
    answers "none", as the CLI, the batch mode and the API would for any miss."""
    manual = make_manual({"categories.yml": "passports:\n  th: หนังสือเดินทาง\n  en: Passports\n  order: 1\n"})
    index = tmp_path / "index"
    assert run("index", "--manual", manual, "--index", index).exit_code == 0
    result = run("search", "หนังสือเดินทาง", "--index", index, "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert (data["total"], data["match"], data["results"]) == (0, "none", [])
    batch = run("search", "--batch", "-", "--index", index, "--json", input="passport\n\nวีซ่า\n")
    assert [json.loads(line)["total"] for line in batch.stdout.splitlines()] == [0, 0, 0]


def test_an_excluded_word_typed_without_quotes_excludes(run, sample_index):
    """`search passport -lost`, as a shell passes it: -lost is a word, not an option."""
    after_dashes = run("search", "--index", sample_index, "--json", "--limit", 100, "--", "passport", "-lost")
    result = run("search", "passport", "-lost", "--index", sample_index, "--json", "--limit", 100)
    assert result.exit_code == 0
    assert json.loads(result.stdout) == json.loads(after_dashes.stdout)
    assert "passport-lost" not in [r["id"] for r in json.loads(result.stdout)["results"]]


def test_a_mistyped_option_is_refused_with_a_did_you_mean(run, sample_index):
    result = run("search", "visa", "--limt", "3", "--index", sample_index)
    assert result.exit_code == 2
    assert "No such option '--limt'" in result.output and "--limit" in result.output


def test_search_help_is_still_help(run):
    result = run("search", "--help")
    assert result.exit_code == 0 and "Find procedures" in result.stdout
