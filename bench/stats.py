"""Small numeric helpers shared by the benchmark modules."""

from __future__ import annotations

import math
import os
import resource
import statistics
import threading


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


class MemorySampler:
    """Memory of this process and every process below it, sampled in a thread.

    A child's ru_maxrss is no measure of its own: Linux records the memory of the process
    it was forked from, before it exec'd, as the child's peak, so a sub-writer started by
    a process holding the manual "peaks" at that process's size. Here the proportional
    set size (PSS, /proc/PID/smaps_rollup) of this process and of each live descendant
    (the index writer's sub-writers are forks of a process it starts) is read every
    `interval` seconds: a page shared by n processes counts 1/n in each, so the peak of
    their sum is what the machine held at once, shared pages once. Resident sizes would
    count the word list the sub-writers share in each of them. The largest descendant's
    is its own peak."""

    def __init__(self, interval: float = 0.02) -> None:
        self.interval = interval
        self.total = self.child = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        me = os.getpid()
        while not self._stop.is_set():
            below = [pss_mb(pid) for pid in descendants(me)]
            self.child = max([self.child, *below])
            self.total = max(self.total, pss_mb(me) + sum(below))
            self._stop.wait(self.interval)

    def stop(self) -> dict[str, float]:
        self._stop.set()
        self._thread.join()
        return {"total_mb": self.total, "child_mb": self.child}


def descendants(pid: int) -> list[int]:
    """The processes below `pid`: its children, theirs, and so on."""
    found: list[int] = []
    todo = [pid]
    while todo:
        kids = child_pids(todo.pop())
        found += kids
        todo += kids
    return found


def child_pids(pid: int) -> list[int]:
    pids: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as f:
                pids += map(int, f.read().split())
    except OSError:  # not Linux, or the process is gone
        pass
    return pids


def pss_mb(pid: int) -> float:
    """A process's proportional set size: its own pages, and its share of pages it shares."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) / 1024
    except (OSError, IndexError, ValueError):  # exited meanwhile
        pass
    return 0.0


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
