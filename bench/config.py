"""Paths and defaults shared by the benchmark modules; imports nothing heavy, so the
orchestrator (bench.run) stays a small process whose peak memory no worker inherits."""

from __future__ import annotations

from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
SAMPLE_MANUAL = PROJECT / "manual"
OUT_DIR = PROJECT / "bench" / "out"
DEFAULT_SEED = 7
