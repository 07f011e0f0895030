"""Where the time goes: wrap functions of the code under test with timers, without
changing that code. A wrapper costs two perf_counter calls per call."""

from __future__ import annotations

import functools
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any


class Phases:
    def __init__(self) -> None:
        self.totals: dict[str, float] = defaultdict(float)

    def wrap(self, owner: Any, name: str, label: str | None = None) -> None:
        """Replace owner.name (a module function, a class's or an instance's method) by a
        timed version that adds its wall time to `label`."""
        original: Callable = getattr(owner, name)
        key = label or name

        @functools.wraps(original)
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.totals[key] += time.perf_counter() - start

        setattr(owner, name, timed)

    def take(self) -> dict[str, float]:
        """The totals so far, then start again from zero."""
        totals = dict(self.totals)
        self.totals.clear()
        return totals
