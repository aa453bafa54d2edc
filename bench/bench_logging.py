"""Cost of usage logging: ``record()`` per turn (p50/p99) and sustained events/s into a real SQLite file.

Run: ``.venv/bin/python bench/bench_logging.py`` (or ``make bench``). Prints figures, asserts nothing.
Target: logging adds <= 0.5 ms p99 to a turn."""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from bot.config import Settings
from bot.engine import facts as f
from bot.storage.sqlite import open_storage

TURNS = 10_000
USERS = 2_000
SUSTAINED_EVENTS = 200_000

TURN_SHAPES: list[list[f.Fact]] = [
    [f.ConversationStarted("mlroubaix", None), f.NodeReached("accueil"), f.NodeReached("age")],
    [f.Answered("age", "age", "18_25", "button"), f.NodeReached("ecole"), f.NodeReached("diplome")],
    [
        f.Answered("projet", "projet", None, "unmatched", "je veux bosser dans la mode 06 12 34 56 78"),
        f.HelpOffered("projet"),
        f.NodeReached("projet"),
    ],
    [
        f.Answered("lieu", "lieu", None, "place"),
        f.PlaceResolved("59512", "QN05980M", "text"),
        f.Recommended(("e2c", "mission_locale"), ("ml_roubaix", "e2c_roubaix")),
        f.Completed("resultat"),
    ],
]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def per_turn(folder: Path) -> None:
    settings = Settings(db_path=folder / "turns.sqlite3", secret_path=folder / "secret.key")
    async with await open_storage(settings) as storage:
        keys = [storage.pseudonymizer.key(100_000 + i) for i in range(USERS)]
        costs: list[float] = []
        facts_total = 0
        for i in range(TURNS):
            facts = TURN_SHAPES[i % len(TURN_SHAPES)]
            started = time.perf_counter()
            await storage.events.record(keys[i % USERS], "orientation@1", facts)
            costs.append((time.perf_counter() - started) * 1000)
            facts_total += len(facts)
            # ~5,000 turns/s, far above Telegram's ~30 messages/s: the background writer runs meanwhile,
            # so its batches (encoded on the loop, written in aiosqlite's thread) weigh on these figures.
            await asyncio.sleep(0.001 if i % 5 == 0 else 0)
        # the cost the writer takes from the event loop (its SQLite work runs in aiosqlite's thread)
        left = storage.events.pending
        started = time.perf_counter()
        await storage.events.flush()
        final_flush = (time.perf_counter() - started) * 1000
    print(f"record() per turn ({TURNS} turns, {facts_total / TURNS:.1f} facts/turn):")
    print(
        f"  p50 {percentile(costs, 0.50):.4f} ms   p99 {percentile(costs, 0.99):.4f} ms   "
        f"max {max(costs):.3f} ms   mean {statistics.fmean(costs):.4f} ms"
    )
    print(f"  rows left for the final flush: {left} ({final_flush:.1f} ms)")


async def sustained(folder: Path) -> None:
    settings = Settings(db_path=folder / "sustained.sqlite3", secret_path=folder / "secret.key")
    turn = TURN_SHAPES[1] + TURN_SHAPES[3]
    async with await open_storage(settings) as storage:
        key = storage.pseudonymizer.key(1)
        started = time.perf_counter()
        written = 0
        while written < SUSTAINED_EVENTS:
            await storage.events.record(key, "orientation@1", turn)
            written += len(turn)
            if written % 5_000 < len(turn):
                await storage.events.flush()
        await storage.events.flush()
        elapsed = time.perf_counter() - started
    size = settings.db_path.stat().st_size / 1e6
    rate = written / elapsed
    print(f"sustained: {written} events in {elapsed:.2f} s = {rate:,.0f} events/s ({size:.1f} MB)")


async def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        await per_turn(Path(tmp))
        await sustained(Path(tmp))


if __name__ == "__main__":
    asyncio.run(main())
