"""Live servers in child processes, for the tests and the benchmark: `cli.py serve` and `mkdocs serve`."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_serve(*args: object, timeout: float = 60) -> Iterator[str]:
    """Start `cli.py serve ARGS` on a free port; yield its base URL once /api/health is ok."""
    port = free_port()
    command = [sys.executable, str(ROOT / "cli.py"), "serve", *map(str, args), "--port", str(port)]
    server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for_health(url, server, timeout)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def wait_for_health(url: str, server: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"cli.py serve stopped: {server.stderr.read().decode(errors='replace')}")
        try:
            with urllib.request.urlopen(url + "api/health", timeout=2) as response:
                if json.load(response).get("status") == "ok":
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"cli.py serve gave no answer within {timeout} s")


@contextmanager
def running_mkdocs_serve(env: dict[str, str], timeout: float = 120) -> Iterator[str]:
    """Start the venv's `mkdocs serve` from the project folder on a free port; yield its URL
    once the first build is served. `env` adds to the environment (ECM_MANUAL, ...)."""
    port = free_port()
    command = [str(Path(sys.executable).parent / "mkdocs"), "serve", "--dev-addr", f"127.0.0.1:{port}"]
    # The checkout's own code first, whichever checkout the venv's editable install names.
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **env}
    with tempfile.TemporaryFile() as log:  # mkdocs logs every rebuild: an unread pipe would fill
        server = subprocess.Popen(command, cwd=ROOT, env=full_env, stdout=subprocess.DEVNULL, stderr=log)
        try:
            url = f"http://127.0.0.1:{port}/"
            deadline = time.monotonic() + timeout
            while True:
                if server.poll() is not None:
                    log.seek(0)
                    raise RuntimeError(f"mkdocs serve stopped: {log.read().decode(errors='replace')}")
                try:
                    with urllib.request.urlopen(url, timeout=2):
                        break
                except OSError:
                    if time.monotonic() > deadline:
                        raise RuntimeError(f"mkdocs serve gave no answer within {timeout} s") from None
                    time.sleep(0.3)
            yield url
        finally:
            server.terminate()
            server.wait(timeout=10)
