"""Hostile input: arbitrary bytes and YAML as manual files, arbitrary text as queries."""

from __future__ import annotations

import json
import time
from io import BytesIO
from urllib.parse import quote

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cli import cli
from indexer.manual.loader import load_manual
from search.web.api import App
from tests.conftest import LOCAL_REQUEST

FAST = settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))

yaml_scalars = st.one_of(
    st.text(max_size=30), st.integers(), st.floats(allow_nan=False), st.booleans(), st.none(), st.dates()
)
yaml_values = st.recursive(
    yaml_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)
syntax = st.sampled_from(["---", ":", "- ", "&a", "*a", "!!python/object:os.system", "{", "[", "'", '"',
                          "\t", "\r\n", "\ufeff", "\x00", "%YAML 1.1", "? ", "|", ">"])  # fmt: skip


def load_one(tmp_path, content: bytes):
    root = tmp_path / "manual"
    (root / "passports").mkdir(parents=True, exist_ok=True)
    (root / "passports" / "p.md").write_bytes(content)
    return load_manual(root)


@FAST
@given(st.binary(max_size=2000))
def test_any_bytes_become_problems_not_crashes(tmp_path_factory, raw):
    manual = load_one(tmp_path_factory.mktemp("m"), raw)
    assert manual.procedures or manual.errors


@FAST
@given(st.dictionaries(st.sampled_from(["id", "title", "category", "lang", "tags", "related",
                                        "review_due", "classification", "x"]), yaml_values))  # fmt: skip
def test_any_front_matter_values_become_problems_not_crashes(tmp_path_factory, data):
    import yaml

    text = "---\n" + yaml.safe_dump(data, allow_unicode=True) + "---\n## ก\n"
    manual = load_one(tmp_path_factory.mktemp("m"), text.encode())
    for p in manual.problems:
        assert p.path == "manual/passports/p.md" and p.line >= 1


@FAST
@given(st.lists(st.one_of(syntax, st.text(max_size=8)), max_size=25))
def test_broken_yaml_syntax_becomes_problems(tmp_path_factory, pieces):
    text = "---\n" + "".join(pieces) + "\n---\nbody\n"
    manual = load_one(tmp_path_factory.mktemp("m"), text.encode("utf-8", "surrogatepass"))
    assert manual.procedures or manual.errors


def test_a_billion_laughs_is_refused_fast(tmp_path):
    lines = ["---", "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    started = time.perf_counter()
    manual = load_one(tmp_path, ("\n".join(lines) + "\n---\n").encode())
    assert time.perf_counter() - started < 1.0
    assert [p.code for p in manual.errors] == ["yaml-alias"]


def test_a_10_mb_file_is_refused_with_a_message(tmp_path):
    manual = load_one(tmp_path, b"---\nid: p\n---\n" + b"x" * 10_000_000)
    assert [p.code for p in manual.errors] == ["file-too-large"]


@FAST
@given(st.text(max_size=400))
def test_any_query_through_the_api_gives_json(sample_index, query):
    app = App(sample_index, sample_index)
    status = {}
    environ = {**LOCAL_REQUEST, "REQUEST_METHOD": "GET", "PATH_INFO": "/api/search",
               "QUERY_STRING": "q=" + quote(query, safe=""), "wsgi.input": BytesIO()}  # fmt: skip
    body = b"".join(app(environ, lambda s, h: status.setdefault("code", s)))
    assert status["code"].startswith(("200", "400"))
    json.loads(body)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.text(min_size=1, max_size=200).filter(lambda s: s.strip() and not s.startswith("-")))
def test_any_query_through_the_cli_gives_json(sample_index, query):
    result = CliRunner().invoke(cli, ["search", query, "--index", str(sample_index), "--json"])
    assert result.exit_code == 0, result.output
    json.loads(result.stdout)


@pytest.mark.parametrize("query", ["หนังสือเดินทาง " * 700, "renew ทำใหม่ รบกวนสอบถาม " * 400])
def test_a_10000_character_query_is_answered_quickly(engine, query):
    # the second: function-word forms (ทำ ... ใหม่) and fillers, each a pattern to look for
    started = time.perf_counter()
    response = engine.search(query)
    assert time.perf_counter() - started < 2.0
    assert len(response.query) <= 300
