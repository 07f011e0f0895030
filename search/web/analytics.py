"""Feedback on procedures and what officers searched for, kept on this server only.

One SQLite file beside the index (`<index>/analytics.sqlite3`) holds two tables:

    searches  (at, query, total, match)                    one row per results page shown
    feedback  (at, procedure, category, helpful, problem, comment)

No name, no address, no cookie: a row says what was asked or answered, and when.
Writes come from many server threads at once: each thread has its own connection,
the file is in WAL mode (readers never block the writer) and waits for a busy lock
instead of failing. Every value is bounded, and each table keeps at most MAX_ROWS
rows (the oldest go first), so the file cannot grow without end.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

FILE_NAME = "analytics.sqlite3"
MAX_QUERY_CHARS = 200
MAX_COMMENT_CHARS = 1000
MAX_ROWS = 100_000  # per table
PRUNE_EVERY = 500  # inserts between two checks of MAX_ROWS
MATCHES = ("all", "partial", "none", "")  # "" when the engine did not say
TOP = 50  # queries listed in each part of the searches report

SCHEMA = """
CREATE TABLE IF NOT EXISTS searches (
    id INTEGER PRIMARY KEY, at TEXT NOT NULL, query TEXT NOT NULL,
    total INTEGER NOT NULL, match TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS searches_at ON searches (at);
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY, at TEXT NOT NULL, procedure TEXT NOT NULL, category TEXT NOT NULL,
    helpful INTEGER, problem INTEGER NOT NULL, comment TEXT NOT NULL);
"""


def analytics_path(index_dir: Path) -> Path:
    return Path(index_dir) / FILE_NAME


@dataclass(frozen=True)
class QueryCount:
    query: str
    count: int
    total: int  # results of its latest search
    match: str  # of its latest search

    def to_dict(self) -> dict:
        return {"query": self.query, "count": self.count, "total": self.total, "match": self.match}


class Analytics:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.local = threading.local()
        self.lock = threading.Lock()  # guards the insert counter
        self.inserts = 0
        self.setup = threading.Lock()
        self.ready = False  # the file is in WAL mode and has the tables

    def connection(self) -> sqlite3.Connection:
        conn = getattr(self.local, "conn", None)
        if conn is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=10, isolation_level=None)
            conn.execute("PRAGMA busy_timeout=10000")
            # Switching the journal mode takes the whole file, and fails at once ("database is
            # locked") rather than wait while another thread writes: the first thread sets the
            # file up, and WAL mode stays with the file.
            with self.setup:
                if not self.ready:
                    if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                        conn.execute("PRAGMA journal_mode=WAL")
                    conn.executescript(SCHEMA)
                    self.ready = True
            self.local.conn = conn
        return conn

    # --- writing --------------------------------------------------------------------

    def record_search(self, query: str, total: int, match: str) -> None:
        query = " ".join(query.split())[:MAX_QUERY_CHARS]
        if not query:
            return
        match = match if match in MATCHES else ""
        self.insert("searches", ("at", "query", "total", "match"), (now(), query, max(0, total), match))

    def record_feedback(
        self, procedure: str, category: str, helpful: bool | None, problem: bool, comment: str
    ) -> None:
        comment = comment.strip()[:MAX_COMMENT_CHARS]
        helpful_value = None if helpful is None else int(helpful)
        self.insert(
            "feedback",
            ("at", "procedure", "category", "helpful", "problem", "comment"),
            (now(), procedure, category, helpful_value, int(problem), comment),
        )

    def insert(self, table: str, columns: tuple[str, ...], values: tuple) -> None:
        conn = self.connection()
        marks = ", ".join("?" for _ in columns)
        conn.execute(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", values)
        with self.lock:
            self.inserts += 1
            due = self.inserts % PRUNE_EVERY == 0
        if due:
            self.prune(conn)

    def prune(self, conn: sqlite3.Connection, limit: int = MAX_ROWS) -> None:
        for table in ("searches", "feedback"):
            conn.execute(f"DELETE FROM {table} WHERE id <= (SELECT MAX(id) FROM {table}) - ?", (limit,))

    # --- reading --------------------------------------------------------------------

    def searches(self, since: date | None = None, top: int = TOP) -> dict[str, list[QueryCount]]:
        """The most frequent queries, and those whose latest search found nothing or
        matched only part of the words, most frequent first."""
        start = since.isoformat() if since else ""
        rows = (
            self.connection()
            .execute(
                """SELECT query, COUNT(*),
                      (SELECT total FROM searches s2 WHERE s2.query = s.query ORDER BY id DESC LIMIT 1),
                      (SELECT match FROM searches s2 WHERE s2.query = s.query ORDER BY id DESC LIMIT 1)
               FROM searches s WHERE at >= ? GROUP BY query ORDER BY COUNT(*) DESC, query""",
                (start,),
            )
            .fetchall()
        )
        counts = [QueryCount(q, n, total, match) for q, n, total, match in rows]
        return {
            "frequent": counts[:top],
            "no_results": [c for c in counts if c.total == 0 or c.match == "none"][:top],
            "partial": [c for c in counts if c.total > 0 and c.match == "partial"][:top],
        }

    def feedback(self) -> list[dict]:
        """Per procedure: helpful / not helpful answers, problems reported, comments."""
        rows = (
            self.connection()
            .execute(
                """SELECT procedure, category, helpful, problem, comment, at FROM feedback
               ORDER BY procedure, id DESC"""
            )
            .fetchall()
        )
        by_procedure: dict[str, dict] = {}
        for procedure, category, helpful, problem, comment, at in rows:
            entry = by_procedure.setdefault(procedure, {
                "procedure": procedure, "category": category,
                "helpful": 0, "not_helpful": 0, "problems": 0, "comments": [],
            })  # fmt: skip
            entry["helpful"] += helpful == 1
            entry["not_helpful"] += helpful == 0
            entry["problems"] += bool(problem)
            if comment:
                entry["comments"].append({"at": at, "comment": comment, "problem": bool(problem)})
        return sorted(
            by_procedure.values(), key=lambda e: (-e["problems"], -e["not_helpful"], e["procedure"])
        )


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def by_owner(
    entries: Iterable[dict], owners: dict[str, str], titles: dict[str, str]
) -> dict[str, list[dict]]:
    """Feedback entries grouped by the procedure's owner today (from the manual)."""
    groups: dict[str, list[dict]] = {}
    for entry in entries:
        owner = owners.get(entry["procedure"]) or "(ไม่ระบุผู้รับผิดชอบ)"
        groups.setdefault(owner, []).append({**entry, "title": titles.get(entry["procedure"], "")})
    return dict(sorted(groups.items()))
