"""text.js spells Thai as indexer/text/thai.py does: normaliseThai and normalise_thai give
the same text and the same spans (where <mark> lands) for text typed every odd way."""

from __future__ import annotations

import json
import random
import subprocess
from pathlib import Path

from indexer.text.analysis import stemmed
from indexer.text.english import BRITISH, SPELLINGS
from indexer.text.thai import normalise_thai
from search.query import parse_query
from tests.static_search.conftest import node

TEXT_JS = Path(__file__).parents[2] / "docs/assets/ecm/static-search/text.js"

# consonants (ฤ ฦ among them), leading, following, above and below vowels, tone marks,
# thanthakhat, nikhahit, lakkhangyao, mai taikhu, invisible characters, a space, Latin
PIECES = [*"กคทนรสฤฦอ", *"เแโ", *"ะาำๅ", *"ัิีึืุู", *"่้๊๋", *"์ํ็ฺ", "\u200b", "\u200d", "\u00ad", " ", "a"]


def typed_oddly(n: int) -> list[str]:
    rng = random.Random(10)
    return ["".join(rng.choice(PIECES) for _ in range(rng.randint(1, 9))) for _ in range(n)] + [
        "เเปลก",
        "สิทธ์ิ",
        "ก่้า",
        "กา่",
        "ก่า่",
        "ฤๅษี",
        "คํ่า",
        "ค่ํา",
        "ท\u0e48\u0e48\u0e35ดิน",
    ]


def in_browser(tmp_path: Path, function: str, texts: list[str]) -> list:
    """text.js's `function` applied to each text, in Node."""
    file = tmp_path / f"{function}.json"
    file.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
    script = (
        f"const T = require({json.dumps(str(TEXT_JS))}).text;"
        "const texts = JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8'));"
        f"process.stdout.write(JSON.stringify(texts.map((t) => T.{function}(t))));"
    )
    done = subprocess.run([node(), "-e", script, str(file)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_normalise_thai_is_the_same_in_the_browser(tmp_path) -> None:
    texts = typed_oddly(4000)
    browser = in_browser(tmp_path, "normaliseThai", texts)
    python = [[text, [list(s) for s in spans]] for text, spans in map(normalise_thai, texts)]
    differ = [(t, p, b) for t, p, b in zip(texts, python, browser, strict=True) if p != b]
    assert not differ, differ[:5]


def test_queries_are_parsed_the_same_in_the_browser(tmp_path) -> None:
    """Words, "phrases" and -exclusions, wherever the dash stands and broken as typed."""
    typed = [
        "-หนังสือเดินทาง หาย",
        'สมรส "ทะเบียนสมรส" -หย่า visa',
        "-alone",
        "-a -b",
        '-"kept out" -x',
        '-lost -"new passport" passport',
        '"unbalanced -x',
        "AND -- - passport",
        "--x y",
        "*-?",
        "passport " * 700,
        "สมรส " * 70 + "หนังสือเดินทาง" * 30,
        "ก" * 1000,
    ]
    python = [parse_query(t) for t in typed]
    browser = in_browser(tmp_path, "parseQuery", typed)
    fields = ("text", "words", "phrases", "excluded")
    differ = [
        (t, p, b)
        for t, p, b in zip(typed, python, browser, strict=True)
        if [getattr(p, f) for f in fields] != [b[f] for f in fields]
    ]
    assert not differ, differ


def test_english_words_are_spelt_and_stemmed_as_the_index_does(tmp_path) -> None:
    """text.js takes the American and British spellings from the exported index
    (english.SPELLINGS), so a word typed either way finds what the API finds."""
    words = [*BRITISH, *(w + "s" for w in BRITISH), "legalization", "organized", "analyzes",
             "authorizing", "size", "prize", "seize", "doctor", "tour", "passport", "lizard"]  # fmt: skip
    file = tmp_path / "words.json"
    file.write_text(json.dumps({"spellings": SPELLINGS, "words": words}), encoding="utf-8")
    script = (
        f"const T = require({json.dumps(str(TEXT_JS))}).text;"
        "const data = JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8'));"
        "T.useSpellings(data.spellings); const dict = new T.Dictionary([]);"
        "process.stdout.write(JSON.stringify(data.words.map((w) => T.queryTokens(w, dict))));"
    )
    done = subprocess.run([node(), "-e", script, str(file)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    browser = json.loads(done.stdout)
    assert browser == [[stemmed(w)] for w in words]
    assert stemmed("license") == stemmed("licence") and stemmed("legalization") == stemmed("legalisation")
