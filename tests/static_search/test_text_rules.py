"""text.js spells Thai as indexer/text/thai.py does: normaliseThai and normalise_thai give
the same text and the same spans (where <mark> lands) for text typed every odd way."""

from __future__ import annotations

import json
import random
import subprocess
from pathlib import Path

from indexer.text.thai import normalise_thai
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


def test_normalise_thai_is_the_same_in_the_browser(tmp_path) -> None:
    texts = typed_oddly(4000)
    file = tmp_path / "texts.json"
    file.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
    script = (
        f"const T = require({json.dumps(str(TEXT_JS))}).text;"
        "const texts = JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8'));"
        "process.stdout.write(JSON.stringify(texts.map((t) => T.normaliseThai(t))));"
    )
    done = subprocess.run([node(), "-e", script, str(file)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    browser = json.loads(done.stdout)
    python = [[text, [list(s) for s in spans]] for text, spans in map(normalise_thai, texts)]
    differ = [(t, p, b) for t, p, b in zip(texts, python, browser, strict=True) if p != b]
    assert not differ, differ[:5]
