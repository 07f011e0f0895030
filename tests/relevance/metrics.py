"""Graded relevance: MRR@10 on the best answer and nDCG@10, per kind of query.

Out-of-scope queries (nothing answers them, `relevant: {}`) are scored apart: they pass
when the engine does not claim a full match (`match` other than "all").
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml

QUERIES = Path(__file__).with_name("queries.yml")
CUTOFF = 10
OUT_OF_SCOPE = "out-of-scope"


@dataclass
class Judged:
    query: str
    kind: str
    relevant: dict[str, int]
    ranked: list[str]
    match: str = "all"

    @property
    def in_scope(self) -> bool:
        return bool(self.relevant)

    @property
    def reciprocal_rank(self) -> float:
        """1/rank of the first result graded as the answer (the highest grade given)."""
        best = max(self.relevant.values())
        for rank, doc in enumerate(self.ranked[:CUTOFF], start=1):
            if self.relevant.get(doc) == best:
                return 1 / rank
        return 0.0

    @property
    def ndcg(self) -> float:
        gains = [self.relevant.get(d, 0) for d in self.ranked[:CUTOFF]]
        ideal = sorted(self.relevant.values(), reverse=True)[:CUTOFF]
        return dcg(gains) / dcg(ideal)


def dcg(gains: list[int]) -> float:
    return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains))


def load_queries(path: Path = QUERIES) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def judge(engine, path: Path = QUERIES) -> list[Judged]:
    judged = []
    for item in load_queries(path):
        response = engine.search(item["query"], limit=CUTOFF)
        ranked = [r.id for r in response.results]
        judged.append(Judged(item["query"], item["kind"], item["relevant"] or {}, ranked, response.match))
    return judged


@dataclass(frozen=True)
class Figures:
    queries: int
    mrr: float
    ndcg: float


def by_kind(judged: list[Judged]) -> dict[str, Figures]:
    """kind -> figures over the in-scope queries, with 'all' for the whole set."""
    groups: dict[str, list[Judged]] = defaultdict(list)
    for j in judged:
        if j.in_scope:
            groups[j.kind].append(j)
            groups["all"].append(j)
    return {
        kind: Figures(len(js), mean(j.reciprocal_rank for j in js), mean(j.ndcg for j in js))
        for kind, js in sorted(groups.items())
    }


def claimed_out_of_scope(judged: list[Judged]) -> list[Judged]:
    """Out-of-scope queries the engine answered as if fully matched."""
    return [j for j in judged if not j.in_scope and j.match == "all"]


def mean(values) -> float:
    values = list(values)
    return sum(values) / len(values) if values else 0.0


def side_by_side(runs: dict[str, list[Judged]]) -> str:
    """One table: a row per kind, MRR@10 / nDCG@10 of each run in columns."""
    tables = {name: by_kind(js) for name, js in runs.items()}
    kinds = [*sorted({k for t in tables.values() for k in t} - {"all"}), "all"]
    head = f"{'kind':<18}" + "".join(f" {name + ' n/MRR/nDCG':>24}" for name in runs)
    lines = [head]
    for kind in kinds:
        row = f"{kind:<18}"
        for table in tables.values():
            f = table.get(kind)
            row += f" {f.queries:>6} {f.mrr:>8.3f} {f.ndcg:>8.3f}" if f else f" {'':>24}"
        lines.append(row)
    for name, js in runs.items():
        oos = [j for j in js if not j.in_scope]
        if oos:
            bad = claimed_out_of_scope(js)
            lines.append(f"{name}: out-of-scope answered 'all' {len(bad)}/{len(oos)}"
                         + "".join(f"\n  {j.query!r} -> {j.ranked[:2]}" for j in bad))  # fmt: skip
    for name, js in runs.items():
        misses = [j for j in js if j.in_scope and j.reciprocal_rank < 1]
        if misses:
            lines.append(f"{name}: best answer not first:")
            for j in misses:
                lines.append(f"  [{j.kind}] {j.query!r}: got {j.ranked[:3]}, want {j.relevant}")
    return "\n".join(lines)
