"""Benchmark of the live reload: the whole corpus loaded, checked and swapped in, place index already built.

    .venv/bin/python bench/bench_reload.py [--runs 7]

On a copy of ``dialogs/`` and ``knowledge/`` (in a temporary folder), after one start-up, each run edits a
file and times ``Reloader.reload`` (load + validation of the dialog, the dispositifs, the curated structures
and the quartier aliases, in a thread, then the swap): wall time and CPU time of the process, and the
longest pause of the event loop meanwhile (a 1 ms ticker; the loading thread shares the GIL). Three kinds of
edit: a dialog text, a dispositif text, a quartier alias (the only one that rebuilds the place resolver's
name tables). Prints the median (and min–max) of each. Target: a reload ≤ 1 s."""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.config import PROJECT_ROOT, Settings
from bot.knowledge.geo.sources import missing_sources
from bot.services.corpus import CorpusPaths
from bot.services.reload import Reloader, Status

TARGET_S = 1.0


def editor(path: Path, old: str) -> Callable[[int], None]:
    """Each call writes ``old`` followed by a run number: a new, valid file every time."""
    original = path.read_text(encoding="utf-8")
    assert old in original, old

    def edit(run: int) -> None:
        path.write_text(original.replace(old, f"{old} ({run})", 1), encoding="utf-8")

    return edit


async def timed_reload(reloader: Reloader) -> tuple[float, float, float]:
    """(wall s, process CPU s, longest event-loop pause s) of one reload."""
    longest = 0.0
    done = False

    async def ticker() -> None:
        nonlocal longest
        last = time.perf_counter()
        while not done:
            await asyncio.sleep(0.001)
            now = time.perf_counter()
            longest = max(longest, now - last - 0.001)
            last = now

    tick = asyncio.create_task(ticker())
    cpu, wall = time.process_time(), time.perf_counter()
    report = await reloader.reload("bench")
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    done = True
    await tick
    assert report.status is Status.LOADED, report.text()
    return wall, cpu, longest


def line(label: str, samples: list[float]) -> str:
    median, low, high = (1000 * v for v in (statistics.median(samples), min(samples), max(samples)))
    return f"  {label:<22} median {median:7.0f} ms   (min {low:.0f}, max {high:.0f})"


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    settings = Settings.from_env()
    if missing_sources(settings.geodata_dir) and not settings.index_path.is_file():
        print(f"geodata missing in {settings.geodata_dir}: see SOURCES.md")
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        dialogs = Path(shutil.copytree(PROJECT_ROOT / "dialogs", root / "dialogs"))
        knowledge = Path(shutil.copytree(PROJECT_ROOT / "knowledge", root / "knowledge"))
        paths = CorpusPaths(dialogs, knowledge, settings.geodata_dir, settings.index_path)
        reloader = Reloader(paths, root / "var" / "corpus-last-good")
        started = time.perf_counter()
        reloader.start()
        print(f"start-up (index read, resolver built, corpus loaded): {time.perf_counter() - started:.2f} s")
        edits = {
            "dialog text": editor(dialogs / "orientation.yaml", "Tu as quel âge ?"),
            "dispositif text": editor(knowledge / "dispositifs.yaml", "fr: Mission Locale"),
            "quartier alias": editor(knowledge / "quartiers.yaml", "commune: Roubaix"),
        }
        failed = False
        for label, edit in edits.items():
            walls, cpus, pauses = [], [], []
            for run in range(args.runs):
                edit(run)
                wall, cpu, pause = await timed_reload(reloader)
                walls.append(wall)
                cpus.append(cpu)
                pauses.append(pause)
            print(f"reload after a {label} edit ({args.runs} runs):")
            print(line("wall", walls))
            print(line("CPU (process)", cpus))
            print(line("longest loop pause", pauses))
            ok = statistics.median(walls) <= TARGET_S
            failed = failed or (label != "quartier alias" and not ok)
            print(f"  target <= {TARGET_S:.0f} s: {'ok' if ok else 'MISSED'}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
