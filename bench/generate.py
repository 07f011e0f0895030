"""Generate a synthetic, Thai-heavy manual in the manual format (one Markdown file per procedure).

    python -m bench.generate 10000 [--out bench/out/manual-10000] [--seed 7]

Each procedure has full front matter and level-2 sections of about BODY_BYTES bytes of
Markdown (UTF-8), built from clauses of the real sample manual (split and recombined
with a seeded RNG, preferring clauses of the same category and section kind) mixed with
phrases of words drawn from the segmenter's Thai word list under a Zipf law, so term
statistics look natural and the vocabulary grows with the number of documents.
The output depends only on N, the seed, the sample manual (manual/) and the pinned
pythainlp data (its word list and TNC frequencies): not on the engine or its glossary.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import yaml

from bench.config import DEFAULT_SEED, OUT_DIR, SAMPLE_MANUAL
from bench.sample import HEADINGS, Sample, load_sample
from bench.vocab import Zipf, latin_ranking, thai_ranking

GENERATOR_VERSION = 1
STAMP = ".bench-manual.json"
BODY_BYTES = 3000  # target Markdown body size of one procedure, in UTF-8 bytes
BODY_SPREAD = 0.15  # each body is BODY_BYTES +- this share
EN_SHARE = 0.15
CLAUSE_SHARE = 0.6  # a text unit is a sample clause this often, else a Zipf phrase
SAME_CATEGORY = 0.7  # a clause comes from the document's own category this often
SHARES = {  # of the body budget, by section
    "overview": 0.22,
    "eligibility": 0.12,
    "documents": 0.16,
    "steps": 0.2,
    "fees": 0.1,
    "cautions": 0.14,
    "references": 0.06,
}
FIRST_REVIEW = date(2024, 1, 1)


@dataclass(frozen=True)
class Stub:
    """What other documents need to know of one document before any is written."""

    id: str
    category: str
    lang: str
    title: str
    title_en: str


class Generator:
    def __init__(self, seed: int = DEFAULT_SEED):
        self.seed = seed
        self.sample, _ = load_sample()
        self.thai = Zipf(thai_ranking(seed))
        self.latin = Zipf(latin_ranking(self.sample.english_text))
        self.rng = random.Random(seed)

    # --- text ------------------------------------------------------------------------

    def phrase(self, lang: str, low: int, high: int) -> str:
        """Zipf-drawn words: run together in Thai (which has no spaces between words)."""
        k = self.rng.randint(low, high)
        if lang == "th":
            return "".join(self.thai.draw(self.rng, k))
        return " ".join(self.latin.draw(self.rng, k))

    def clause(self, lang: str, category: str, kind: str) -> str:
        s: Sample = self.sample
        pool = s.pool(lang, category, kind) if self.rng.random() < SAME_CATEGORY else []
        pool = pool or s.pool(lang, kind) or s.pool(lang, "overview")
        return self.rng.choice(pool)

    def unit(self, lang: str, category: str, kind: str) -> str:
        if kind == "references" or self.rng.random() < CLAUSE_SHARE:
            text = self.clause(lang, category, kind)
            if kind != "references" and self.rng.random() < 0.3:
                text += ("" if lang == "th" else " ") + self.phrase(lang, 1, 2)
            return text
        text = self.phrase(lang, 2, 6)
        if lang == "th" and self.rng.random() < 0.05:
            text += f" ({self.phrase('en', 1, 2)})"
        return text

    def line(self, lang: str, category: str, kind: str, low: int, high: int) -> str:
        units = [self.unit(lang, category, kind) for _ in range(self.rng.randint(low, high))]
        if lang == "th":
            return " ".join(units)
        text = ", ".join(units)
        return text[:1].upper() + text[1:] + "."

    # --- documents -------------------------------------------------------------------

    def plan(self, n: int) -> list[Stub]:
        s, rng = self.sample, self.rng
        categories = list(s.category_weights)
        weights = [s.category_weights[c] for c in categories]
        stubs = []
        for i in range(1, n + 1):
            category = rng.choices(categories, weights)[0]
            lang = "en" if rng.random() < EN_SHARE else "th"
            ident = f"{rng.choice(s.id_stems[category])}-{i:05d}"
            english = s.titles_en[category] or s.titles_en["passports"]
            if lang == "th":
                base = rng.choice(s.titles["th", category] or s.titles["th", "passports"])
                title = f"{base}กรณี{self.phrase('th', 1, 2)}"
                title_en = f"{rng.choice(english)} ({self.phrase('en', 1, 2)})" if rng.random() < 0.9 else ""
            else:
                title, title_en = f"{rng.choice(english)}: {self.phrase('en', 1, 3)}", ""
            stubs.append(Stub(ident, category, lang, title, title_en))
        return stubs

    def front_matter(self, stub: Stub, related: list[Stub]) -> dict:
        s, rng, lang, cat = self.sample, self.rng, stub.lang, stub.category
        tags = list(dict.fromkeys(s.tags[cat]))
        aliases = list(dict.fromkeys(s.aliases[cat]))
        reviewed = FIRST_REVIEW + timedelta(days=rng.randint(0, 900))
        data: dict = {"id": stub.id, "title": stub.title}
        if stub.title_en:
            data["title_en"] = stub.title_en
        data |= {
            "category": cat,
            "lang": lang,
            "summary": self.line(lang, cat, "overview", 1, 2),
            "tags": [*rng.sample(tags, min(len(tags), rng.randint(3, 5))), self.phrase(lang, 1, 1)],
            "aliases": [*rng.sample(aliases, min(len(aliases), rng.randint(2, 4))), self.phrase(lang, 2, 2)],
        }
        roll = rng.random()
        if roll < 0.95:
            data["classification"] = "public" if roll < 0.75 else "internal"
        owners = s.owners[lang, cat] or s.owners[(lang,)]
        data["owner"] = rng.choice(owners)
        data["last_reviewed"] = reviewed
        data["review_due"] = reviewed + timedelta(days=365)
        data["related"] = [r.id for r in related]
        if s.legal_basis[lang] and rng.random() < 0.6:
            data["legal_basis"] = rng.choice(s.legal_basis[lang])
        return data

    def section(self, lang: str, category: str, kind: str, budget: float) -> list[str]:
        """One level-2 section of about `budget` bytes, its heading included."""
        rng = self.rng
        head = [f"## {HEADINGS[lang][kind]}", ""]
        tail: list[str] = []
        if kind in ("overview", "steps") and self.sample.subheadings[lang] and rng.random() < 0.25:
            heading = rng.choice(self.sample.subheadings[lang])
            tail = [f"### {heading}", "", self.line(lang, category, kind, 2, 4)]
        used = size(head) + size(tail)
        items: list[str] = []
        while True:
            if kind == "overview":
                text = self.line(lang, category, kind, 3, 6)
            else:
                marker = {"documents": "- [ ] ", "steps": f"{len(items) + 1}. "}.get(kind, "- ")
                text = marker + self.line(lang, category, kind, 1, 3 if kind == "steps" else 2)
            cost = size([text, ""] if kind == "overview" else [text])
            if items and used + cost / 2 > budget:
                break
            items += [text, ""] if kind == "overview" else [text]
            used += cost
        if items[-1]:
            items.append("")
        return head + items + ([*tail, ""] if tail else [])

    def body(self, stub: Stub, related: list[Stub]) -> str:
        target = BODY_BYTES * (1 + self.rng.uniform(-BODY_SPREAD, BODY_SPREAD))
        see_also = [f"## {HEADINGS[stub.lang]['seealso']}", ""]
        see_also += [f"- [{r.title}](../{r.category}/{r.id}.md)" for r in related]
        rest = target - size(see_also)
        lines: list[str] = []
        for kind, share in SHARES.items():
            lines += self.section(stub.lang, stub.category, kind, rest * share)
        return "\n".join(lines + see_also) + "\n"

    def document(self, stub: Stub, peers: list[Stub]) -> str:
        others = [p for p in peers if p.id != stub.id]
        related = self.rng.sample(others, min(len(others), self.rng.randint(2, 4)))
        data = self.front_matter(stub, related)
        head = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=None, width=10**6)
        return f"---\n{head}---\n\n{self.body(stub, related)}"


def size(lines: list[str]) -> int:
    """Bytes of these lines in the file, newlines included."""
    return sum(len(line.encode("utf-8")) + 1 for line in lines)


def stamp(n: int, seed: int) -> dict:
    return {"n": n, "seed": seed, "generator": GENERATOR_VERSION}


def generate(n: int, out: Path, seed: int = DEFAULT_SEED) -> Path:
    """Write a manual of n procedures to `out` (replacing an earlier generated one)."""
    out = Path(out)
    if out.exists():
        if not (out / STAMP).is_file() and any(out.iterdir()):
            raise SystemExit(f"{out} exists and was not made by bench.generate; not overwriting it")
        shutil.rmtree(out)
    gen = Generator(seed)
    stubs = gen.plan(n)
    by_category: dict[str, list[Stub]] = {}
    for stub in stubs:
        by_category.setdefault(stub.category, []).append(stub)
    for name in ("categories.yml", "glossary.yml"):
        out.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(SAMPLE_MANUAL / name, out / name)
    for stub in stubs:
        folder = out / stub.category
        folder.mkdir(exist_ok=True)
        text = gen.document(stub, by_category[stub.category])
        (folder / f"{stub.id}.md").write_text(text, encoding="utf-8")
    (out / STAMP).write_text(json.dumps(stamp(n, seed)) + "\n", encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("n", type=int, help="number of procedures")
    parser.add_argument("--out", type=Path, help="output folder (default bench/out/manual-N)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    out = generate(args.n, args.out or OUT_DIR / f"manual-{args.n}", args.seed)
    print(f"wrote {args.n} procedures to {out}")


if __name__ == "__main__":
    main()
