"""A cold `cli.py search` imports only what a query uses (issue 15: a CLI lookup should cost
little more than starting Python). Timings live in bench/cold.py; these tests pin the
imports that were cut, so a later change does not bring them back unnoticed."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner
from whoosh.util.numeric import byte_to_length

from cli import cli
from indexer.index import store
from indexer.index.document import TEXT_FIELDS
from indexer.index.whoosh_postings import length_bytes
from indexer.project import project_dir
from indexer.text import analysis
from indexer.text.analysis import analyze, build_analyzer, use_dictionary
from search.cli.lookup import FLAGS, LIMITS, VALUED, parse
from search.snippets import match_spans, merge, spans_in
from tests.conftest import ROOT, SAMPLE_MANUAL


def python(code: str) -> str:
    """What a fresh interpreter, started in the checkout, prints running `code`."""
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return done.stdout


def loaded_after(code: str) -> dict:
    """What a fresh interpreter holds after running `code`: module name -> its class name."""
    listing = "import json, sys\nprint(json.dumps({n: type(m).__name__ for n, m in sys.modules.items()}))"
    return json.loads(python(f"{code}\n{listing}").splitlines()[-1])


def test_the_query_path_leaves_whoosh_english_variations_and_inspect_unloaded(sample_index) -> None:
    code = (
        "import runpy, sys\n"
        f"sys.argv = ['cli.py', 'search', 'หนังสือเดินทางหาย', '--json', '--index', {str(sample_index)!r}]\n"
        "runpy.run_path('cli.py', run_name='__main__')"
    )
    modules = loaded_after(code)
    assert modules["whoosh.lang.morph_en"] == modules["inspect"] == modules["urllib.request"] == "_Deferred"
    assert not {"ast", "dis", "tokenize", "click", "http.client", "email", "ssl"} & modules.keys()


def test_inspect_works_once_asked_for() -> None:
    found = python(
        "import indexer, inspect, sys\nprint(inspect.signature(divmod), type(sys.modules['inspect']))"
    )
    assert found.split("\n")[0] == "(x, y, /) <class 'module'>"


def test_urllib_request_works_once_asked_for_however_it_is_imported(tmp_path) -> None:
    found = python(
        "import indexer, sys\n"
        "import urllib.request\n"
        "print(type(sys.modules['urllib.request']).__name__, urllib.request.quote('ก'))\n"
        "print(type(sys.modules['urllib.request']).__name__, urllib.request.Request.__name__)\n"
        "from urllib.request import urlopen\n"
        "print(urlopen.__module__)"
    )
    assert found.split("\n")[:3] == ["_Deferred %E0%B8%81", "module Request", "urllib.request"]
    source, copy = tmp_path / "a.txt", tmp_path / "b.txt"
    source.write_text("ข้อความ", encoding="utf-8")
    fetched = python(  # Whoosh's own name for it, taken while the stand-in held it
        "import indexer, whoosh.compat, pathlib\n"
        f"whoosh.compat.urlretrieve({source.as_uri()!r}, {str(copy)!r})\n"
        f"print(pathlib.Path({str(copy)!r}).read_text(encoding='utf-8'))"
    )
    assert fetched.strip() == "ข้อความ"


def test_a_name_patched_into_a_deferred_module_is_the_one_its_users_reach() -> None:
    # A test of the web app or a feed fakes the network with mock.patch or monkeypatch while
    # the stand-in still holds urllib.request: the fake must land on the real module, or
    # the code under test reaches the real urlopen.
    found = python(
        "import indexer, urllib.request, pytest\n"
        "from unittest import mock\n"
        "with mock.patch('urllib.request.urlopen', return_value='fake') as fake:\n"
        "    print(urllib.request.urlopen is fake, urllib.request.urlopen('x'))\n"
        "print(urllib.request.urlopen.__module__)\n"
        "import inspect\n"
        "patch = pytest.MonkeyPatch()\n"
        "patch.setattr(inspect, 'signature', len)\n"
        "import inspect as again\n"
        "print(again.signature is len)\n"
        "patch.undo()\n"
        "print(again.signature(divmod))"
    )
    assert found.splitlines() == ["True fake", "urllib.request", "True", "(x, y, /)"]


def test_a_deferred_module_can_be_reloaded() -> None:
    # importlib.reload sets __spec__ on the module it is given, then checks that it is
    # still the one in sys.modules: the stand-in must keep the import system's names.
    found = python(
        "import indexer, importlib, inspect, urllib.request\n"
        "print(importlib.reload(urllib.request).Request.__name__)\n"
        "print(importlib.reload(inspect).signature(divmod))"
    )
    assert found.splitlines() == ["Request", "(x, y, /)"]


def test_whoosh_english_variations_still_work_when_asked_for() -> None:
    def variations(setup: str) -> list[str]:
        return python(f"{setup}\nimport whoosh.query.terms as t\nprint(sorted(t.variations('lost')))").split()

    real = variations("")  # no stand-in: whoosh imports its own module
    assert variations("import indexer") == real and len(real) > 2
    used = loaded_after("import indexer, whoosh.query.terms as t\nt.variations('lost')")
    assert used["whoosh.lang.morph_en"] == "module"  # the real one took the stand-in's place


def test_a_lookup_runs_without_the_cyclic_collector_and_hands_click_a_working_one(sample_index) -> None:
    code = (
        "import gc\n"
        "from search.cli.lookup import answered\n"
        "for args in ({answer!r}, {fails!r}, ['search', '--help']):\n"
        "    gc.unfreeze(); gc.enable()\n"
        "    done = answered(args)\n"
        "    print(done, gc.isenabled(), gc.get_freeze_count() > 0)"
    ).format(
        answer=["search", "หนังสือเดินทางหาย", "--json", "--index", str(sample_index)],
        fails=["search", "x", "--index", str(sample_index / "nowhere")],
    )
    assert python(code).splitlines()[-3:] == ["True False True", "False True False", "False True False"]


# --- a plain `search` is answered without click (search/cli/lookup.py) ------------------------


def script(*args: object) -> subprocess.CompletedProcess:
    command = [sys.executable, str(ROOT / "cli.py"), *map(str, args)]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)


def by_click(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.mark.parametrize(
    "args",
    [
        ["หนังสือเดินทางหาย", "--json"],
        ["--json", "--limit", "3", "สอท.", "สมรส"],
        ["--limit=2", "--json", "pasport", "lost"],  # a suggestion
        ["marriage", "--lang", "en", "--json", "--category", "civil-registration"],
        ["--tag", "Passport", "หาย", "--json"],
        ["สมรส"],  # text for people
        ["--", "-x", "visa"],  # after --, a word may start with a dash
        ["zzzzqqq", "--json"],  # nothing found
        ["สมรส", "--limit", "2", "--limit", "3", "--json"],  # repeated: the last one counts
        ["--json", "--json", "สมรส", "--index=/elsewhere"],  # and --index=X before the last --index
        ["--limit", "05", "--json", "visa"],  # a leading zero
        ["-", "--json"],  # a dash alone is a word
        ["", "--json"],  # an empty word
        ["สมรส", "--category=", "--tag", "", "--lang", "", "--json"],  # empty filters
        ["--limit=3", "--", "--limit=4", "สมรส", "--json"],  # an option after -- is a word
        ["สมรส", "--category=a=b", "--json"],  # a value holding '='
        ["\u200bสม\u200dรส", "--json"],  # zero-width characters in a word
    ],
)
def test_the_lookup_without_click_prints_what_click_prints(sample_index, args) -> None:
    args = ["search", *args, "--index", sample_index]
    assert parse([str(a) for a in args]) is not None
    fast, slow = script(*args), by_click(*args)
    assert (fast.returncode, fast.stdout, fast.stderr) == (slow.exit_code, slow.stdout, slow.stderr)


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--help"],
        ["x", "-h"],
        ["x", "--batch", "-"],
        ["x", "--limit", "0"],
        ["x", "--limit", "1e2"],
        ["x", "--limit"],
        ["x", "--index", "--json"],
        ["x", "--index="],
        ["x", "--jso"],
        ["x", "--json=1"],
        ["x", "-lost"],
        ["x", "--limit=0"],
        ["x", "--limit", "101"],
        ["x", "--limit=abc"],
        ["x", "--limit=1_0"],  # int() reads it; click decides
        ["x", "--limit", "๕"],  # a Thai digit
        ["x", "--limit", " 5"],
        ["x", "--limit="],
        ["x", "-j"],
        ["x", "--lim", "3"],  # click refuses abbreviations, with a suggestion
        ["x", "--=x"],
        ["x", "-5"],
        ["--"],
        ["x", "--index", "-"],
    ],
)
def test_anything_doubtful_is_left_to_click(args) -> None:
    assert parse(["search", *args]) is None


def test_failures_are_told_as_click_tells_them(sample_index, tmp_path) -> None:
    a_file, foreign = tmp_path / "file", tmp_path / "foreign"
    a_file.write_text("not an index", encoding="utf-8")
    (foreign / "generations").mkdir(parents=True)
    (foreign / "CURRENT").write_text("../../etc", encoding="utf-8")
    for args in (["x", "--index", tmp_path / "none"], ["x", "--index", sample_index, "--category", "nope"],
                 ["x", "--index", a_file], ["x", "--index", foreign], ["x", "--index", tmp_path],
                 ["x", "--index", sample_index, "--lang", "xx"]):  # fmt: skip
        fast, slow = script("search", *args), by_click("search", *args)
        assert fast.returncode == slow.exit_code == 2
        assert fast.stderr == slow.stderr and fast.stderr.startswith("Error: ")


CLICK = "import sys; sys.argv[0] = 'cli.py'; from search.cli.app import cli; cli()"


def both(args: list, reader_gone: bool = False) -> list:
    """(exit code, stdout, stderr) of cli.py and of the click app alone, for these argv
    bytes; with `reader_gone`, stdout is a pipe whose reading end is already closed."""
    answers = []
    for command in ([str(ROOT / "cli.py")], ["-c", CLICK]):
        read, write = os.pipe() if reader_gone else (None, subprocess.PIPE)
        if read is not None:
            os.close(read)
        try:
            done = subprocess.run([sys.executable, *command, *args], cwd=ROOT, check=False, stdout=write,
                                  stderr=subprocess.PIPE)  # fmt: skip
        finally:
            if read is not None:
                os.close(write)
        answers.append((done.returncode, done.stdout, done.stderr))
    return answers


def test_words_that_are_not_utf8_are_answered_as_click_answers(sample_index) -> None:
    fast, slow = both(["search", b"caf\xe9", b"\xff\xfe", "--json", "--index", str(sample_index)])
    assert fast == slow and fast[0] == 0


@pytest.mark.parametrize("extra", [[], ["--json"]])
def test_a_reader_that_has_gone_ends_the_lookup_as_click_does(sample_index, extra) -> None:
    """`cli.py search x | head -0`: no traceback, exit 1, in both."""
    fast, slow = both(["search", "สมรส", *extra, "--index", str(sample_index)], reader_gone=True)
    assert fast == slow == (1, None, b"")


def test_the_lookup_reads_the_options_click_declares() -> None:
    params = {p.name: p for p in cli.commands["search"].params}
    declared = {opt: p.name for p in params.values() for opt in p.opts if opt.startswith("--")}
    assert declared == {**VALUED, **FLAGS, "--batch": "batch"}
    assert params["limit"].default == 10 and (params["limit"].type.min, params["limit"].type.max) == LIMITS
    assert params["index_dir"].default == str(project_dir() / ".index")


def test_a_plain_lookup_never_imports_click(sample_index) -> None:
    code = (
        "import runpy, sys\n"
        f"sys.argv = ['cli.py', 'search', 'สมรส', '--json', '--index', {str(sample_index)!r}]\n"
        "runpy.run_path('cli.py', run_name='__main__')\n"
        "print('click' in sys.modules)"
    )
    assert python(code).splitlines()[-1] == "False"


# --- the query word list reaches the segmenter piecemeal (Lexicon.handle) ---------------


def sample_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(SAMPLE_MANUAL.rglob("*.md"))]


def test_a_lazy_word_list_cuts_every_text_as_the_whole_list(sample_index, monkeypatch) -> None:
    words = store.current_generation(sample_index) / store.QUERY_WORDS
    use_dictionary(words, "test-whole")
    lazy = use_dictionary(words, "test-lazy", lazy=True)
    monkeypatch.setattr(analysis, "LAZY_CUTS", 10**9)  # every run cut with its own small list
    whole_analyzer, lazy_analyzer = build_analyzer("test-whole"), build_analyzer("test-lazy")
    for text in sample_texts():
        assert analyze(lazy_analyzer, text, mode="index") == analyze(whole_analyzer, text, mode="index")
    assert lazy.lazy and lazy._cuts > 1000


def test_a_lazy_word_list_is_loaded_whole_once_it_has_cut_enough(sample_index, monkeypatch) -> None:
    words = store.current_generation(sample_index) / store.QUERY_WORDS
    lazy = use_dictionary(words, "test-lazy-then-whole", lazy=True)
    monkeypatch.setattr(analysis, "LAZY_CUTS", 3)
    analyzer = build_analyzer("test-lazy-then-whole")
    tokens = [analyze(analyzer, text, mode="index") for text in sample_texts()[:5]]
    assert not lazy.lazy and lazy._cuts == 3
    use_dictionary(words, "test-whole-2")
    assert tokens == [analyze(build_analyzer("test-whole-2"), t, mode="index") for t in sample_texts()[:5]]


@pytest.mark.parametrize(
    "marks",
    [
        {},
        {("สมรส",): 1.0},
        {("หนังสือเดินทาง",): 1.0, ("passport",): 0.5},
        {("ปพพ",): 1.0, ("สถาน",): 0.6, ("lost",): 1.0},
        {("จดทะเบียน", "สมรส"): 0.5, ("สถาน", "ทูต"): 0.5, ("ใน", "ต่างประเทศ"): 0.45, ("passport",): 1.0},
    ],
)
def test_snippets_mark_what_analysing_the_whole_text_marks(engine, marks) -> None:
    """Snippets analyse only the Thai runs that can hold a marked word: the marks are
    those of the whole text analysed, and a one-word form is marked at every token of it."""
    one_word = {words[0]: w for words, w in marks.items() if len(words) == 1}
    for text in sample_texts():
        tokens = [(t.text, t.start, t.end) for t in analyze(engine.analyzer, text, mode="index")]
        assert match_spans(text, engine.analyzer, marks) == spans_in(text, tokens, marks)
        every = [(start, end, one_word[word]) for word, start, end in tokens if word in one_word]
        assert spans_in(text, tokens, {(w,): x for w, x in one_word.items()}) == merge(sorted(every))


def test_snippets_mark_odd_runs_as_analysing_the_whole_text_does(engine) -> None:
    """Runs analysed one by one: numbers with commas, Thai digits, dotted abbreviations,
    Latin words with hyphens and apostrophes, zero-width and odd spellings inside Thai."""
    text = (
        "e-Passport ๑๒๓ 1,000,000 บาท สอท. ณ กรุงโตเกียว จดทะเบียนสมรส\u200bแล้ว U.S.A. O'Neil's "
        "ค่าธรรมเนียม1,500บาท ท.ร.14 ก่ีวัน สม\u200dรส Well-being ๑,๒๐๐"
    )
    words = "passport epassport e 123 1000000 สอท สมรส จดทะเบียน usa neil 1500 บาท ทร 14 well being 1200 วัน"
    marks = dict.fromkeys([(w,) for w in words.split()], 1.0)
    marks |= {("จดทะเบียน", "สมรส"): 0.5, ("well", "being"): 0.5}
    tokens = [(t.text, t.start, t.end) for t in analyze(engine.analyzer, text, mode="index")]
    expected = spans_in(text, tokens, marks)
    assert len(expected) > 10
    assert match_spans(text, engine.analyzer, marks) == expected
    assert match_spans(text, engine.analyzer, marks) == expected  # from the memo


def test_field_lengths_read_in_one_go_are_whoosh_s_own(engine) -> None:
    searcher = engine.searcher.searcher
    for sub, _ in searcher.leaf_searchers():
        reader = sub.reader()
        for field in TEXT_FIELDS:
            each = [sub.doc_field_length(d, field, 1) or 0 for d in range(reader.doc_count_all())]
            assert [byte_to_length(x) if x else 0 for x in length_bytes(reader, field)] == each
            assert any(each)


def test_without_a_temporary_folder_the_whole_list_cuts(sample_index, monkeypatch, tmp_path) -> None:
    words = store.current_generation(sample_index) / store.QUERY_WORDS
    lazy = use_dictionary(words, "test-no-tmp", lazy=True)
    use_dictionary(words, "test-no-tmp-whole")
    monkeypatch.setattr(analysis.tempfile, "tempdir", str(tmp_path / "missing"))
    text = "หนังสือเดินทางหาย ที่สถานเอกอัครราชทูต"
    assert analyze(build_analyzer("test-no-tmp"), text) == analyze(build_analyzer("test-no-tmp-whole"), text)
    assert not lazy.lazy


def test_the_mapped_index_reads_what_the_plain_one_does(sample_index) -> None:
    from indexer.index import whoosh_backend
    from search.ranking import RANKING

    generation = store.current_generation(sample_index)
    assert generation is not None
    opened = [whoosh_backend.open_index(generation, mapped=m) for m in (False, True)]
    plain, mapped = (whoosh_backend.Searcher(ix, RANKING.bm25_b, RANKING.bm25_k1) for ix in opened)
    try:
        assert isinstance(mapped.ix.storage, whoosh_backend.MappedStorage)
        numbers = plain.document_numbers()
        assert numbers == mapped.document_numbers() and len(numbers) > 40
        assert [plain.stored(n) for n in numbers] == [mapped.stored(n) for n in numbers]
        assert list(plain.scored_postings()) == list(mapped.scored_postings())
    finally:
        plain.close()
        mapped.close()


def test_a_query_without_a_number_is_never_matched_against_the_reference_pattern(sample_index) -> None:
    code = (
        "from pathlib import Path\n"
        "from search import refs\n"
        "from search.engine import SearchEngine\n"
        f"engine = SearchEngine(Path({str(sample_index)!r}))\n"
        "engine.search('หนังสือเดินทางหาย')\n"
        "print(refs.query_pattern.cache_info().currsize, refs.parse_citation('pp3 s2'))"
    )
    assert python(code).splitlines()[-1] == "0 PP 3 §2"


@pytest.mark.parametrize("extra", [[], ["--json"]])
def test_an_output_that_cannot_hold_thai_gets_escapes_not_a_traceback(sample_index, extra) -> None:
    """PYTHONIOENCODING=latin-1 (an old terminal, a script's setting): the answer still comes,
    the JSON still parses to the same Thai, and a bad --category still says why in one line."""
    env = {**os.environ, "PYTHONIOENCODING": "latin-1"}
    command = [
        sys.executable,
        str(ROOT / "cli.py"),
        "search",
        "หนังสือเดินทางหาย",
        *extra,
        "--index",
        str(sample_index),
    ]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, encoding="latin-1", check=False)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    if extra:
        assert json.loads(done.stdout)["results"][0]["id"] == "passport-lost"
        assert json.loads(done.stdout)["query"] == "หนังสือเดินทางหาย"
    else:
        assert "passport-lost" in done.stdout and "\\u0e2b" in done.stdout
    bad = subprocess.run(
        [*command, "--category", "ไม่มี"], cwd=ROOT, env=env, capture_output=True, encoding="latin-1"
    )
    assert bad.returncode == 2 and bad.stderr.startswith("Error: ") and "Traceback" not in bad.stderr


def test_an_engine_for_many_queries_loads_the_word_list_whole(sample_index) -> None:
    from search.engine import SearchEngine

    engine = SearchEngine(sample_index, whole_words=True)  # as serve opens it
    try:
        assert not analysis._LEXICONS[analysis.query_key(engine.manifest.dictionary_version)].lazy
        assert engine.search("หนังสือเดินทางหาย").results
    finally:
        engine.close()


def test_a_searcher_keeps_a_bounded_number_of_decoded_documents(sample_index, monkeypatch) -> None:
    from indexer.index import whoosh_backend
    from indexer.index.document import StoredDocument
    from search.ranking import RANKING

    generation = store.current_generation(sample_index)
    assert generation is not None
    monkeypatch.setattr(whoosh_backend, "DOCUMENT_MEMO", 3)
    searcher = whoosh_backend.Searcher(whoosh_backend.open_index(generation), RANKING.bm25_b, RANKING.bm25_k1)
    try:
        numbers = searcher.document_numbers()[:5]
        for n in [*numbers, *numbers]:
            fresh = StoredDocument.from_stored(searcher.searcher.stored_fields(n)["doc"])
            assert searcher.stored(n) == fresh
        assert list(searcher._documents) == numbers[-3:]
    finally:
        searcher.close()
