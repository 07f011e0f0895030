"""`serve --watch`: a saved manual file shows up in search and on its page within seconds."""

from __future__ import annotations

import json
import shutil
import time
import urllib.request
from urllib.parse import quote

import pytest

from bench.live.servers import running_serve
from tests.conftest import SAMPLE_MANUAL

TIMEOUT = 60


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
    args = ["--watch", "--manual", manual, "--site", tmp_path / "site", "--index", tmp_path / "index"]
    with running_serve(*args, timeout=TIMEOUT) as url:
        yield manual, url.rstrip("/")


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
