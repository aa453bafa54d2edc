"""Benchmark of the quartier question's look-up: the QPV of a commune in plain words (needs the open data).

    .venv/bin/python bench/bench_quartiers.py

Prints the first call for every commune of France that has QPV (computed: QPV rows, usual names, short
names, sorted; in CPU time of the thread, which a loaded machine does not inflate) and the calls after it
(kept per commune). Target: first call p99 under 5 ms, the next ones about a microsecond."""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.compose import load_places
from bot.config import Settings


def main() -> int:
    resolver = load_places(Settings.from_env())
    codes = [c.code_insee for c in resolver.communes]
    firsts: list[tuple[float, str]] = []  # thread CPU time: not inflated by other processes
    for code in codes:
        t = time.thread_time()
        if resolver.qpvs_of_commune(code):
            firsts.append((time.thread_time() - t, code))
    started = time.thread_time()
    for code in codes:
        resolver.qpvs_of_commune(code)
    again = time.thread_time() - started
    firsts.sort()
    p99 = firsts[int(len(firsts) * 0.99)][0]
    worst, slowest = firsts[-1]
    print(f"{len(codes)} communes, {len(firsts)} with QPV")
    print(
        f"first call (communes with QPV, CPU time): p50 {firsts[len(firsts) // 2][0] * 1e3:.3f} ms, "
        f"p99 {p99 * 1e3:.3f} ms, slowest {worst * 1e3:.2f} ms ({slowest})"
    )
    print(f"next calls (every commune): {again * 1e6 / len(codes):.2f} µs on average")
    return 0 if p99 < 0.005 else 1


if __name__ == "__main__":
    raise SystemExit(main())
