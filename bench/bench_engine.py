"""Cost of one dialog turn: the pure engine alone, then the whole service with the SQLite store.

Run: .venv/bin/python bench/bench_engine.py   (needs the geodata folder for the place step)
Prints p50/p99 per turn and turns/s; Telegram caps a bot near 30 messages/s, the design asks 100x that.

    .venv/bin/python bench/bench_engine.py --against main

compares the engine step with the code of another revision in the same run: that revision is extracted
with `git archive` to a temporary folder and both are measured in turns (before, after, before, after…)
in child processes, so the machine's load falls on both alike; wall-clock and CPU-time percentiles."""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.engine.core import Engine

HERE = Path(__file__).resolve().parent.parent


def conversation() -> list[Any]:
    from bot.engine import events as ev

    return [
        ev.Start("src_affiche"),
        ev.Text("j'ai 19ans"),
        ev.Text("arrêté depuis longtemps"),
        ev.Choose("diplome", "aucun"),
        ev.Text("apprentisage"),
        ev.Text("roubais"),
        ev.Text("oui"),
        ev.More(),
    ]


RESULT_STEP = 6  # index in conversation() of the answer that shows the result


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p50 = statistics.median(ordered)
    p99 = ordered[int(len(ordered) * 0.99) - 1]
    return f"p50 {p50 * 1000:.3f} ms  p99 {p99 * 1000:.3f} ms  ({len(ordered)} turns)"


def bench_engine(engine: Engine, rounds: int, cpu: list[float] | None = None) -> list[float]:
    samples: list[float] = []
    events = conversation()
    for _ in range(rounds):
        state = None
        for event in events:
            started, started_cpu = time.perf_counter(), time.thread_time()
            result = engine.step(state, event)
            state = type(result.state).from_dict(result.state.to_dict())
            samples.append(time.perf_counter() - started)
            if cpu is not None:
                cpu.append(time.thread_time() - started_cpu)
    return samples


def child(rounds: int) -> None:
    """Measure the engine step of the code found first on sys.path; print the samples as JSON."""
    import bot
    from bot.compose import build_engine
    from bot.config import Settings

    print(f"code: {Path(bot.__file__).parent}", file=sys.stderr)
    engine = build_engine(Settings.from_env())
    bench_engine(engine, 20)
    cpu: list[float] = []
    wall = bench_engine(engine, rounds, cpu)
    print(json.dumps({"wall": wall, "cpu": cpu}))


def compare(revision: str, laps: int = 3, rounds: int = 200) -> None:
    archive = subprocess.run(
        ["git", "archive", "--format=tar", revision, "bot", "dialogs", "knowledge"],
        cwd=HERE,
        check=True,
        capture_output=True,
    ).stdout
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(tmp, filter="data")
        sides = {f"{revision} (avant)": Path(tmp), "ce dépôt (après)": HERE}
        samples: dict[str, dict[str, list[float]]] = {name: {"wall": [], "cpu": []} for name in sides}
        for _ in range(laps):
            for name, root in sides.items():
                env = dict(
                    os.environ, PYTHONPATH=str(root), BOT_INDEX_PATH=str(Path(tmp) / f"{root.name}.index")
                )
                env.setdefault("BOT_GEODATA_DIR", str(HERE.parent / "shared" / "data"))
                run = subprocess.run(
                    [sys.executable, __file__, "--child", str(rounds)],
                    cwd=root,
                    env=env,
                    check=True,
                    capture_output=True,
                    text=True,
                )
                assert f"code: {root}" in run.stderr, run.stderr
                measured = json.loads(run.stdout.strip().splitlines()[-1])
                for key in ("wall", "cpu"):
                    samples[name][key].extend(measured[key])
        steps = len(conversation())
        for name, measured in samples.items():
            print(f"engine step, {name}:")
            print(f"  horloge  {percentiles(measured['wall'])}")
            print(f"  CPU      {percentiles(measured['cpu'])}")
            # the result step (the answer that shows the doors) is the costly one: the p99 of all steps
            print(f"  CPU of the result step alone  {percentiles(measured['cpu'][RESULT_STEP::steps])}")


async def bench_service(engine: Engine, rounds: int) -> tuple[list[float], float]:
    from bot.config import Settings
    from bot.services.conversation import ConversationService
    from bot.storage.sqlite import open_storage

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(db_path=Path(tmp) / "bench.sqlite3", secret_path=Path(tmp) / "secret.key")
        storage = await open_storage(settings)
        service = ConversationService(engine, storage.sessions, storage.events)
        samples: list[float] = []
        wall = time.perf_counter()
        for i in range(rounds):
            for event in conversation():
                started = time.perf_counter()
                await service.handle(f"user{i}", event)
                samples.append(time.perf_counter() - started)
        wall = time.perf_counter() - wall
        await storage.aclose()
        return samples, wall


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--against", metavar="REVISION", help="compare the engine step with this revision")
    parser.add_argument("--child", type=int, metavar="ROUNDS", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    if args.against:
        compare(args.against)
        return
    from bot.compose import build_engine
    from bot.config import Settings

    settings = Settings.from_env()
    started = time.perf_counter()
    engine = build_engine(settings)
    print(f"start-up (corpus + place index + structures): {time.perf_counter() - started:.2f} s")
    bench_engine(engine, 20)  # warm-up
    cpu: list[float] = []
    samples = bench_engine(engine, 500, cpu)
    print(f"engine step (pure, with state JSON round trip): {percentiles(samples)}")
    print(f"  CPU time of the same steps: {percentiles(cpu)}")
    events = conversation()
    for index, event in enumerate(events):  # which steps cost: reading a text, a place, the result
        print(f"    {str(event)[:44]:<46}CPU {percentiles(cpu[index :: len(events)])}")
    print(f"  → {len(samples) / sum(samples):,.0f} turns/s on one core")
    service_samples, wall = asyncio.run(bench_service(engine, 300))
    print(f"service turn (SQLite state save + batched events): {percentiles(service_samples)}")
    print(f"  → {len(service_samples) / wall:,.0f} turns/s sequential; Telegram's cap is ~30 messages/s")


if __name__ == "__main__":
    main()
