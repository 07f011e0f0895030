"""Graded relevance over the sample manual: MRR@10 on the best answer, and nDCG@10."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml

QUERIES = Path(__file__).with_name("queries.yml")
CUTOFF = 10


@dataclass
class Judged:
    query: str
    kind: str
    relevant: dict[str, int]
    ranked: list[str]

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


def load_queries() -> list[dict]:
    return yaml.safe_load(QUERIES.read_text(encoding="utf-8"))


def judge(engine) -> list[Judged]:
    judged = []
    for item in load_queries():
        ranked = [r.id for r in engine.search(item["query"], limit=CUTOFF).results]
        judged.append(Judged(item["query"], item["kind"], item["relevant"], ranked))
    return judged


def by_kind(judged: list[Judged]) -> dict[str, tuple[int, float, float]]:
    """kind -> (queries, MRR@10, nDCG@10), with 'all' for the whole set."""
    groups: dict[str, list[Judged]] = defaultdict(list)
    for j in judged:
        groups[j.kind].append(j)
        groups["all"].append(j)
    return {
        kind: (len(js), mean(j.reciprocal_rank for j in js), mean(j.ndcg for j in js))
        for kind, js in sorted(groups.items())
    }


def mean(values) -> float:
    values = list(values)
    return sum(values) / len(values) if values else 0.0


def report(judged: list[Judged]) -> str:
    lines = [f"{'kind':<18} {'queries':>7} {'MRR@10':>7} {'nDCG@10':>8}"]
    for kind, (n, mrr, ndcg) in by_kind(judged).items():
        lines.append(f"{kind:<18} {n:>7} {mrr:>7.3f} {ndcg:>8.3f}")
    misses = [j for j in judged if j.reciprocal_rank < 1]
    if misses:
        lines.append("best answer not first:")
        for j in misses:
            lines.append(f"  [{j.kind}] {j.query!r}: got {j.ranked[:3]}, want {j.relevant}")
    return "\n".join(lines)
