"""What a page served by `serve --watch` carries on top of the built file: a banner with
the manual's errors (Thai and English, each with file and line) and the live-reload
script. Made by the server for each response (search.web.api), never written into a
site, so a normal build holds neither.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

SCRIPT_URL = "/_ecm/watch.js"
WATCH_SCRIPT = Path(__file__).with_name("watch.js")  # package data, served at SCRIPT_URL
STATE_URL = "/api/watch"
MAX_SHOWN = 8  # problems listed on a page; the terminal has them all
BODY = re.compile(rb"<body\b[^>]*>", re.I)
HEAD_END = re.compile(rb"</head\s*>", re.I)
STYLE = (
    "position:sticky;top:0;z-index:10;margin:0;padding:0.8em 1em;background:#fff4e5;"
    "color:#5c2a00;border-bottom:3px solid #b35c00;font-size:0.8rem;line-height:1.5"
)


@dataclass(frozen=True)
class Shown:
    """One problem as the banner shows it: the file as the editor opens it, and the page."""

    path: str
    line: int
    message: str
    url: str = ""  # the page of the procedure the file holds ("passports/x/"), when it has one

    def to_dict(self) -> dict:
        return {"path": self.path, "line": self.line, "message": self.message, "url": self.url}


@dataclass
class WatchState:
    """What the server tells the browser: the build's generation and the manual's errors."""

    generation: int = 0
    problems: list[Shown] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    # set once a page of the current generation has been served: the reload the editor
    # waits for has happened, and slower work (the index) may take the machine
    served: threading.Event = field(default_factory=threading.Event, repr=False)

    def publish(self, problems: list[Shown]) -> None:
        with self.lock:
            self.problems = list(problems)
            self.generation += 1
            self.served.clear()

    def page_served(self, generation: int) -> None:
        with self.lock:
            if generation == self.generation:
                self.served.set()

    def snapshot(self) -> tuple[int, list[Shown]]:
        with self.lock:
            return self.generation, list(self.problems)

    def to_dict(self) -> dict:
        generation, problems = self.snapshot()
        return {"generation": generation, "problems": [p.to_dict() for p in problems]}


def banner(problems: list[Shown], url_path: str, found: bool = True) -> str:
    """The banner for the page at `url_path` ('' when nothing is wrong)."""
    if not problems:
        return ""
    here = url_path.strip("/") + "/" if url_path.strip("/") else ""
    own = any(p.url and p.url == here for p in problems)
    if not found:
        th = "ไม่พบหน้านี้ และมีไฟล์ในคู่มือที่มีข้อผิดพลาด"
        en = "This page does not exist, and a file of the manual has an error"
    elif own:
        th = "ไฟล์ของหน้านี้มีข้อผิดพลาด: หน้านี้ยังแสดงฉบับล่าสุดที่ถูกต้อง แก้ไฟล์แล้วบันทึกอีกครั้ง"
        en = "This page's file has an error: you see its last good version. Fix the file and save again."
    else:
        th, en = "ไฟล์อื่นในคู่มือมีข้อผิดพลาด", "Another file of the manual has an error"
    items = [
        f'<li><code>{escape(p.path)}</code> บรรทัด {p.line} <span lang="en">(line {p.line})</span>: '
        f"{escape(p.message)}</li>"
        for p in problems[:MAX_SHOWN]
    ]
    more = len(problems) - MAX_SHOWN
    if more > 0:
        rest = f'<span lang="en">(and {more} more: see the terminal)</span>'
        items.append(f"<li>และอีก {more} รายการ ดูในหน้าต่างที่รัน serve {rest}</li>")
    return (
        f'<div class="ecm-watch-banner" role="alert" lang="th" style="{STYLE}">'
        f'<strong>{th}</strong> <span lang="en">/ {en}</span>'
        f'<ul style="margin:0.4em 0 0;padding-left:1.2em">{"".join(items)}</ul></div>'
    )


def decorate(html: bytes, state: WatchState, url_path: str, found: bool = True) -> bytes:
    """A page as the preview serves it: the banner first in the body, the reload script
    in the head, stamped with the generation the page belongs to."""
    generation, problems = state.snapshot()
    state.page_served(generation)
    script = f'<script src="{SCRIPT_URL}" data-generation="{generation}" defer></script>'.encode()
    html = HEAD_END.sub(lambda m: script + m.group(), html, count=1)
    shown = banner(problems, url_path, found).encode("utf-8")
    if shown:
        html = BODY.sub(lambda m: m.group() + shown, html, count=1)
    return html
