"""engine.js's speller (Candidates) measures only the vocabulary words of nearby length,
yet finds the same nearest words as measuring every word (rapidfuzz's OSA over the
whole list, as search/spelling.py's Candidates is held to): for typos of the exported
vocabulary's own words, one or two edits of every kind, in Thai and Latin. The nearest
words are what Speller.nearest chooses its correction from, so the same words give the
same corrections."""

from __future__ import annotations

import json
import random
import subprocess
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import OSA

from indexer.site.static_search import FOLDER
from indexer.text.thai import is_thai
from search.spelling import NEAREST, max_edits
from tests.static_search.conftest import Exported, node

CODE = Path(__file__).parents[2] / "docs/assets/ecm/static-search"
TYPOS = 1500  # of each script

# Candidates.nearest for each [script, word, limit] of the JSON file argv[1]: the engine
# runs in Node's own context (a vm context's global object slows every Math.min tenfold)
SCRIPT = """
const fs = require("fs"), vm = require("vm");
globalThis.window = globalThis;
for (const f of ["text.js", "engine.js"]) vm.runInThisContext(fs.readFileSync(CODE + "/" + f, "utf8"));
const ask = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
const scripts = { thai: new ECM.engine.Candidates(ask.thai), latin: new ECM.engine.Candidates(ask.latin) };
const found = ask.typos.map(([script, word, limit]) => scripts[script].nearest(word, limit, NEAREST));
process.stdout.write(JSON.stringify(found));
"""


def spelling_words(site: Path) -> list[str]:
    text = (site / FOLDER / "spelling.js").read_text(encoding="utf-8")  # ECM_SHARD("spelling",{...});
    return json.loads(text[text.index(",") + 1 : text.rindex(")")])["words"]


def typo(word: str, letters: str, rng: random.Random) -> str:
    """`word` with one edit: a letter dropped, added, changed, or two neighbours swapped."""
    i = rng.randrange(len(word))
    kind = rng.randrange(4)
    if kind == 0:
        return word[:i] + word[i + 1 :]
    if kind == 1:
        return word[:i] + rng.choice(letters) + word[i:]
    if kind == 2:
        return word[:i] + rng.choice(letters) + word[i + 1 :]
    i = min(i, len(word) - 2)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def typos(words: list[str], rng: random.Random) -> list[str]:
    """TYPOS misspellings of the words long enough to be corrected, long ones (two edits
    allowed) sometimes with two edits; letters added from the words' own alphabet."""
    letters = "".join(sorted(set("".join(words))))
    long_enough = [w for w in words if max_edits(w)]
    found = []
    while len(found) < TYPOS:
        word = rng.choice(long_enough)
        for _ in range(rng.randint(1, max_edits(word))):
            word = typo(word, letters, rng)
        if max_edits(word):
            found.append(word)
    return found


def in_browser(vocabulary: dict[str, list[str]], asked: list[tuple[str, str, int]], tmp: Path) -> list:
    """engine.js Candidates.nearest for each (script, typo, limit), in Node."""
    file = tmp / "typos.json"
    file.write_text(json.dumps({**vocabulary, "typos": asked}, ensure_ascii=False), encoding="utf-8")
    script = f"const CODE = {json.dumps(str(CODE))}, NEAREST = {NEAREST};" + SCRIPT
    done = subprocess.run([node(), "-e", script, str(file)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def every_word_measured(words: list[str], typo: str, limit: int) -> list[str]:
    found = process.extract(typo, words, scorer=OSA.distance, score_cutoff=limit, limit=NEAREST)
    return [term for term, _, _ in found]


def test_the_speller_finds_what_measuring_every_word_finds(exported: Exported, tmp_path) -> None:
    words = spelling_words(exported.site)
    vocabulary = {"thai": [w for w in words if is_thai(w)], "latin": [w for w in words if not is_thai(w)]}
    rng = random.Random(31)
    asked = [(script, t, max_edits(t)) for script, some in vocabulary.items() for t in typos(some, rng)]
    browser = in_browser(vocabulary, asked, tmp_path)
    together = zip(asked, browser, strict=True)
    differ = [(t, found) for (script, t, limit), found in together
              if found != every_word_measured(vocabulary[script], t, limit)]  # fmt: skip
    assert not differ, differ[:3]
    assert sum(map(bool, browser)) > len(asked) / 2  # most typos have near words to agree on
