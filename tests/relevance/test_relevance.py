"""The relevance suite: every graded query over the sample manual, MRR@10 >= 0.90."""

from __future__ import annotations

from tests.relevance.metrics import by_kind, judge, load_queries, report

TARGET_MRR = 0.90


def test_queries_are_well_formed():
    from indexer.manual.loader import load_manual
    from tests.conftest import SAMPLE_MANUAL

    ids = set(load_manual(SAMPLE_MANUAL).by_id())
    queries = load_queries()
    assert len(queries) >= 100
    for item in queries:
        assert set(item["relevant"]) <= ids, item
        assert 3 in item["relevant"].values(), item


def test_mrr_at_10_meets_the_target(engine, relevance_report):
    judged = judge(engine)
    relevance_report.append(report(judged))
    _, mrr, _ = by_kind(judged)["all"]
    assert mrr >= TARGET_MRR, report(judged)
