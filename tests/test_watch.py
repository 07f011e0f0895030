"""`serve --watch`: a saved manual file shows up in search and on its page within seconds."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from urllib.parse import quote

import pytest

from tests.conftest import ROOT, SAMPLE_MANUAL

TIMEOUT = 60


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read()


def wait_for(check, seconds: float):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            value = check()
            if value:
                return value
        except OSError:
            pass
        time.sleep(0.2)
    pytest.fail(f"not true within {seconds} s")


@pytest.fixture
def preview(tmp_path):
    manual = tmp_path / "manual"
    shutil.copytree(SAMPLE_MANUAL, manual)
    port = free_port()
    command = [sys.executable, str(ROOT / "cli.py"), "serve", "--watch", "--manual", manual,
               "--site", tmp_path / "site", "--index", tmp_path / "index", "--port", str(port)]  # fmt: skip
    server = subprocess.Popen([str(c) for c in command], cwd=tmp_path, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: get(base + "/api/health"), TIMEOUT)
        yield manual, base
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_a_saved_change_is_searchable_and_visible_within_seconds(preview):
    manual, base = preview
    path = manual / "passports" / "passport-lost.md"
    path.write_text(path.read_text("utf-8").replace("## ภาพรวม\n", "## ภาพรวม\n\nคำทดสอบเฝ้าดูไฟล์\n"), "utf-8")
    started = time.monotonic()

    def searchable():
        data = json.loads(get(base + "/api/search?q=" + quote("คำทดสอบเฝ้าดูไฟล์")))
        return data["total"] >= 1

    wait_for(searchable, TIMEOUT)
    page = wait_for(lambda: "คำทดสอบเฝ้าดูไฟล์" in get(base + "/passports/passport-lost/").decode(), TIMEOUT)
    assert page
    print(f"change visible after {time.monotonic() - started:.1f} s")
