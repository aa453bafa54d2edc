"""Start-up of the place resolver (index load + resolver), in fresh processes, this checkout against
another one (before/after in one run, interleaved, so both see the same machine load).

    .venv/bin/python bench/bench_startup.py [--baseline DIR] [--runs 7]

``DIR``: another checkout of the bot, e.g. ``git worktree add /tmp/main main`` or
``git archive main | tar -x -C /tmp/main``. Each checkout builds its own index once (in a temporary
folder), then each run loads it in a new interpreter. Prints wall and CPU time (min and median); the CPU
time is what a loaded machine does not inflate. Target: <= 0.6 s."""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(HERE))

from bot.config import Settings  # noqa: E402

CHILD = """
import sys, time
from pathlib import Path
sys.path.insert(0, '.')
from bot.knowledge.geo.loader import load_resolver
started, cpu = time.perf_counter(), time.process_time()
load_resolver(Path(sys.argv[2]), Path(sys.argv[1]), Path('knowledge'))
print(time.perf_counter() - started, time.process_time() - cpu)
"""


def run(checkout: Path, index: Path) -> tuple[float, float]:
    geodata = str(Settings.from_env().geodata_dir.resolve())
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(index), geodata],
        cwd=checkout,
        check=True,
        capture_output=True,
        text=True,
    )
    wall, cpu = out.stdout.split()
    return float(wall), float(cpu)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--baseline", type=Path, help="another checkout to compare with")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    checkouts = {"this checkout": HERE}
    if args.baseline is not None:
        checkouts = {"baseline": args.baseline.resolve(), **checkouts}
    with tempfile.TemporaryDirectory() as tmp:
        indexes = {name: Path(tmp) / f"{i}.index" for i, name in enumerate(checkouts)}
        for name, checkout in checkouts.items():
            run(checkout, indexes[name])  # builds the index
        samples: dict[str, list[tuple[float, float]]] = {name: [] for name in checkouts}
        for _ in range(args.runs):
            for name, checkout in checkouts.items():
                samples[name].append(run(checkout, indexes[name]))
    for name, values in samples.items():
        walls, cpus = [v[0] for v in values], [v[1] for v in values]
        print(
            f"{name:14s} start-up  wall min {min(walls):.2f} s  median {statistics.median(walls):.2f} s"
            f"  |  CPU min {min(cpus):.2f} s  median {statistics.median(cpus):.2f} s  (n={len(values)})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
