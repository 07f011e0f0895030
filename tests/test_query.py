"""Query parsing never fails: broken syntax falls back to plain words."""

from __future__ import annotations

import pytest

from search.query import MAX_QUERY_CHARS, parse_query


def test_plain_words_phrases_and_exclusions():
    q = parse_query('สมรส "ทะเบียนสมรส" -หย่า visa')
    assert (q.words, q.phrases, q.excluded) == (["สมรส", "visa"], ["ทะเบียนสมรส"], ["หย่า"])


@pytest.mark.parametrize(
    "raw, words",
    [
        ('"unbalanced quote', ["unbalanced", "quote"]),
        ("AND passport", ["passport"]),
        ("passport OR", ["passport"]),
        ("*", []),
        ("visa*", ["visa"]),
        ("-alone", ["alone"]),
        ("e-Passport", ["e-Passport"]),
    ],
)
def test_broken_syntax_falls_back_to_plain_words(raw, words):
    assert parse_query(raw).words == words


def test_control_characters_are_dropped_and_length_is_capped():
    q = parse_query("pass\x00port\u200b" + "ก" * 10_000)
    assert "\x00" not in q.text and len(q.text) <= MAX_QUERY_CHARS


def test_empty_query_is_empty():
    assert parse_query("   ").is_empty and parse_query('""').is_empty
