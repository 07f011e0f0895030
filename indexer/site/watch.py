"""Rebuild when a manual file is saved: the editor's live preview (`serve --watch`)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

DEBOUNCE_SECONDS = 0.3  # editors write a file in several steps; build once they are done
WATCHED = (".md", ".yml", ".yaml")


class Rebuilder(FileSystemEventHandler):
    """Calls `rebuild` once per burst of changes, never two builds at a time."""

    def __init__(self, rebuild: Callable[[], None], debounce: float = DEBOUNCE_SECONDS):
        self.rebuild = rebuild
        self.debounce = debounce
        self.timer: threading.Timer | None = None
        self.lock = threading.Lock()

    def on_any_event(self, event: FileSystemEvent) -> None:
        path = str(getattr(event, "dest_path", "") or event.src_path)
        if event.is_directory or not path.endswith(WATCHED) or "/." in path:
            return
        if self.timer is not None:
            self.timer.cancel()
        self.timer = threading.Timer(self.debounce, self.run)
        self.timer.daemon = True
        self.timer.start()

    def run(self) -> None:
        with self.lock:
            self.rebuild()


def watch(manual_dir: Path, rebuild: Callable[[], None]) -> Observer:
    """Start watching `manual_dir` in a background thread; stop() the result to end."""
    observer = Observer()
    observer.schedule(Rebuilder(rebuild), str(manual_dir), recursive=True)
    observer.daemon = True
    observer.start()
    return observer


def timed(action: Callable[[], None], report: Callable[[str], None]) -> Callable[[], None]:
    def run() -> None:
        start = time.perf_counter()
        try:
            action()
        except Exception as exc:  # a broken save must not stop the preview server
            report(f"rebuild failed: {exc}")
            return
        report(f"rebuilt in {time.perf_counter() - start:.1f} s")

    return run
