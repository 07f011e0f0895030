"""Typing into the header's search box in Chromium and timing the answer, for both
benchmarks of the box (bench/site.py under `serve`, bench/static_search.py with no server).

`PROBE` runs in every page before its own scripts. It notes the time of each `input`
event, of the box asking `window.ECM.search` for the awaited query (after its debounce;
the API or the static engine, whichever answers), and of the first frame drawn after
the box shows the hits of that query (the box names it in `data-ecm-query`).
"""

from __future__ import annotations

from dataclasses import dataclass

TYPING_DELAY_MS = 40  # between keystrokes, as the browser tests type
WARM_UP = "หนังสือเดินทาง"
QUERIES = [
    "พาสหาย",  # colloquial Thai
    "lost passport",  # English
    "จดทะเบียนสมรส",  # Thai compound
    "สอท.",  # abbreviation
    "หนังสือเดินทง",  # Thai typo
    "ตราพำนัก",  # Thai word mid-sentence
    "power of attorney",
    "เลือกตั้งนอกราชอาณาจักร",
    "visa ธุรกิจ",  # mixed
    "legalisaton",  # English typo
]

PROBE = """
(() => {
  const probe = window.__ecmBench = {target: null, input: null, asked: null, shown: null};
  document.addEventListener("input", () => { probe.input = performance.now(); }, true);
  document.addEventListener("DOMContentLoaded", () => {
    const ECM = window.ECM = window.ECM || {};
    if (typeof ECM.search === "function") {
      const real = ECM.search;
      ECM.search = (q, o) => {
        if (probe.target === q && probe.asked === null) probe.asked = performance.now();
        return real(q, o);
      };
    }
    const box = document.querySelector("[data-ecm-search]");
    if (!box) return;
    new MutationObserver(() => {
      if (probe.asked === null || probe.shown !== null || probe.pending) return;
      if (box.getAttribute("data-ecm-query") !== probe.target) return;
      probe.pending = true;
      requestAnimationFrame(() => setTimeout(() => { probe.shown = performance.now(); }, 0));
    }).observe(box, {attributes: true, childList: true, subtree: true, characterData: true});
  });
})();
"""
RESET = """q => Object.assign(window.__ecmBench,
    {target: q, input: null, asked: null, shown: null, pending: false})"""


@dataclass
class Typed:
    query: str
    total_ms: float  # last keystroke -> results on screen (includes the box's debounce)
    answer_ms: float  # the box asks ECM.search -> results on screen
    hits: int


def type_and_wait(page, query: str) -> Typed:
    """Empty the box, let it settle, type `query` and wait for its hits on screen."""
    box = page.locator("#ecm-search-input")
    box.fill("")
    page.wait_for_selector(".ecm-search__panel", state="hidden")
    page.wait_for_timeout(300)  # the box's debounce of the clearing, then quiet
    page.evaluate(RESET, query)
    box.press_sequentially(query, delay=TYPING_DELAY_MS)
    page.wait_for_function("() => window.__ecmBench.shown !== null", timeout=60_000)
    probe = page.evaluate("() => window.__ecmBench")
    hits = page.locator(".ecm-search__results .ecm-hit__link").count()
    return Typed(query, probe["shown"] - probe["input"], probe["shown"] - probe["asked"], hits)
