"""The API keeps answering 16 clients while `index` rebuilds the same index folder."""

from __future__ import annotations

import json
import shutil
import socket
import threading
import time
import urllib.request
from urllib.parse import quote

import pytest
from waitress.server import create_server

from indexer.index.writer import update_index
from indexer.manual.loader import load_manual
from search.web.api import App
from tests.conftest import SAMPLE_MANUAL

CLIENTS = 16
QUERIES = ["หนังสือเดินทางหาย", "สมรส", "visa", "สอท", "ถูกจับ", "pasport", "ท.ด.21", "เลือกตั้ง"]


@pytest.fixture
def server(tmp_path):
    index_dir, site = tmp_path / "index", tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("ok", "utf-8")
    update_index(load_manual(SAMPLE_MANUAL), index_dir)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    httpd = create_server(App(site, index_dir), host="127.0.0.1", port=port, threads=8)
    thread = threading.Thread(target=httpd.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}", index_dir
    httpd.close()


def test_no_request_fails_while_the_index_is_rebuilt(server):
    base, index_dir = server
    stop = threading.Event()
    failures: list[str] = []
    seen_builds: set[str] = set()
    latencies: list[float] = []

    def client(n: int) -> None:
        i = n
        while not stop.is_set():
            query = QUERIES[i % len(QUERIES)]
            i += 1
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(f"{base}/api/search?q={quote(query)}", timeout=10) as r:
                    data = json.loads(r.read())
                    assert r.status == 200 and data["results"], query
                with urllib.request.urlopen(f"{base}/api/health", timeout=10) as r:
                    seen_builds.add(json.loads(r.read())["built_at"] + str(r.status))
            except Exception as exc:  # every kind of failure counts
                failures.append(f"{query}: {exc!r}")
            latencies.append(time.perf_counter() - started)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for t in threads:
        t.start()
    manual = load_manual(SAMPLE_MANUAL)
    for _ in range(3):
        time.sleep(1.1)  # built_at has one-second resolution
        update_index(manual, index_dir, full=True)
    time.sleep(1.0)
    stop.set()
    for t in threads:
        t.join()
    assert failures == []
    assert len(latencies) > 100
    assert len(seen_builds) >= 2, "readers never moved to a new generation"


def test_old_generations_are_removed_only_when_two_newer_exist(server):
    _, index_dir = server
    manual = load_manual(SAMPLE_MANUAL)
    for _ in range(3):
        update_index(manual, index_dir, full=True)
    assert len(list(index_dir.glob("gen-*"))) == 2
    shutil.rmtree(index_dir)
