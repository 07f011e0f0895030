"""Small numeric helpers shared by the benchmark modules."""

from __future__ import annotations

import math
import os
import resource
import statistics


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100): a value that was actually measured."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else math.nan


def summary_ms(seconds: list[float]) -> dict[str, float]:
    ms = [s * 1000 for s in seconds]
    return {
        "n": len(ms),
        "p50_ms": percentile(ms, 50),
        "p95_ms": percentile(ms, 95),
        "max_ms": max(ms) if ms else math.nan,
        "mean_ms": statistics.fmean(ms) if ms else math.nan,
    }


def maxrss_mb() -> float:
    """This process's peak resident set size so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def children_maxrss_mb() -> float:
    """Peak resident set size of the largest terminated child process waited for."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def cpu_seconds() -> float:
    """CPU time used so far by this process and its waited-for children (user + system)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def machine_busy_seconds() -> float:
    """CPU time all processes on the machine have used since boot (Linux /proc/stat), or
    NaN elsewhere. Its growth minus our own shows how much other work competed with us."""
    try:
        with open("/proc/stat", encoding="ascii") as f:
            fields = f.readline().split()[1:]
    except OSError:
        return math.nan
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(v) for v in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


class CpuWatch:
    """Our CPU time and everyone else's over a stretch of wall time."""

    def __init__(self) -> None:
        self.ours, self.machine = cpu_seconds(), machine_busy_seconds()

    def stop(self) -> dict[str, float]:
        ours = cpu_seconds() - self.ours
        return {"cpu_s": ours, "others_cpu_s": max(0.0, machine_busy_seconds() - self.machine - ours)}
