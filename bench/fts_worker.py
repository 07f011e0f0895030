"""SQLite FTS5 as a reference engine on the same corpus, segmented the same way.

    python -m bench.fts_worker MANUAL GENERATION DB QUERIES.json

Each text field of each procedure (the fields the Whoosh index gets) is segmented by our
analyzer in mode="query" (no sub-word expansion) with the index generation's word list,
and the tokens are joined by spaces. FTS5's unicode61 tokenizer then only splits at those
spaces: `categories 'L* N* Co M*'` keeps Thai vowel and tone marks (category M) inside
tokens, which the default categories would cut at, and `remove_diacritics 0` leaves them
alone. Queries are segmented the same way, OR-ed, ranked by bm25 with the same field
weights as ours, limited to 10, with FTS5's snippet(). Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import time
from pathlib import Path

from bench.stats import maxrss_mb, summary_ms
from indexer.index import store
from indexer.index.document import TEXT_FIELDS, text_fields
from indexer.manual.loader import load_manual
from indexer.text.analysis import analyze, build_analyzer, use_dictionary
from search.ranking import RANKING

TOKENIZER = "unicode61 remove_diacritics 0 categories 'L* N* Co M*'"
WARMUP = 8


def segmented(analyzer, text: str) -> str:
    return " ".join(t.text for t in analyze(analyzer, text, mode="query"))


def match_expression(analyzer, query: str) -> str:
    tokens = dict.fromkeys(t.text for t in analyze(analyzer, query, mode="query"))
    return " OR ".join('"' + t.replace('"', '""') + '"' for t in tokens)


def create(db: Path) -> sqlite3.Connection:
    if db.exists():
        db.unlink()
    conn = sqlite3.connect(db)
    columns = ", ".join(TEXT_FIELDS)
    conn.execute(f'CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, {columns}, tokenize="{TOKENIZER}")')
    return conn


def search_sql() -> str:
    weights = ", ".join(str(RANKING.field_boosts[f]) for f in TEXT_FIELDS)
    return (
        "SELECT id, title, snippet(docs, -1, '<mark>', '</mark>', '…', 24) FROM docs "
        f"WHERE docs MATCH ? ORDER BY bm25(docs, 0.0, {weights}) LIMIT 10"
    )


def run_queries(conn: sqlite3.Connection, analyzer, queries: list[str]) -> tuple[list[float], int]:
    sql, times, empty = search_sql(), [], 0
    for query in queries:
        start = time.perf_counter()
        expression = match_expression(analyzer, query)
        rows = conn.execute(sql, (expression,)).fetchall() if expression else []
        times.append(time.perf_counter() - start)
        empty += not rows
    return times, empty


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("manual", type=Path)
    parser.add_argument("generation", type=Path, help="an index generation: its words.txt and manifest")
    parser.add_argument("db", type=Path)
    parser.add_argument("queries", type=Path, help="the JSON bench.queries writes")
    args = parser.parse_args(argv)

    manual = load_manual(args.manual)
    manifest = store.Manifest.read(args.generation)
    use_dictionary(args.generation / store.WORDS, manifest.dictionary_version)
    analyzer = build_analyzer(manifest.dictionary_version)
    start = time.perf_counter()
    rows = []
    for proc in manual.procedures:
        fields = text_fields(proc)
        rows.append((proc.id, *(segmented(analyzer, fields[f]) for f in TEXT_FIELDS)))
    segment_s = time.perf_counter() - start
    conn = create(args.db)
    start = time.perf_counter()
    with conn:
        conn.executemany(f"INSERT INTO docs VALUES ({', '.join('?' * (len(TEXT_FIELDS) + 1))})", rows)
    insert_s = time.perf_counter() - start
    queries = json.loads(args.queries.read_text(encoding="utf-8"))
    run_queries(conn, analyzer, [text for _, text in queries["warmup"]])
    times, empty = run_queries(conn, analyzer, [text for _, text in queries["measured"]])
    n = len(rows)
    result = {
        "docs": n,
        "segment_s": segment_s,
        "insert_s": insert_s,
        "docs_per_s": n / insert_s,
        "docs_per_s_with_segmenting": n / (segment_s + insert_s),
        "db_mb": args.db.stat().st_size / 1e6,
        "maxrss_mb": maxrss_mb(),
        "queries": summary_ms(times),
        "empty_queries": empty,
    }
    conn.close()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
