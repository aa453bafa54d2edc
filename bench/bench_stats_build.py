"""Cost of rebuilding the aggregates database (the bot does it every hour), and of one ``/stats``.

Run: .venv/bin/python bench/bench_stats_build.py [conversations]   (default 20000, spread over a year)
Prints the seconds for a full rebuild (every day, week, month and rolling window) and for ``/stats 30j``,
and the event loop's worst delay while the rebuild runs (the aggregation runs in a worker thread)."""

from __future__ import annotations

import asyncio
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.admin import stats_text
from bot.admin.build import build_aggregates
from bot.admin.names import Names
from bot.config import Settings
from bot.engine import facts as f
from bot.storage.sqlite import open_storage
from bot.storage.sqlite.events import SqliteEventLog
from bot.storage.sqlite.stats_source import SqliteStatsSource

NOW = datetime(2026, 11, 29, 12, tzinfo=UTC)


def journey(rng: random.Random) -> list[f.Fact]:
    facts: list[f.Fact] = [f.ConversationStarted(rng.choice(["mlroubaix", "cafe", None]), None)]
    for node in ("age", "ecole", "diplome", "projet", "lieu")[: rng.randint(1, 5)]:
        facts += [
            f.NodeReached(node),
            f.Answered(node, node, "x", rng.choice(["button", "fuzzy", "unmatched"]), "bof"),
        ]
    if len(facts) > 9:
        facts += [
            f.PlaceResolved(rng.choice(["59512", "59599", "59350"]), rng.choice(["QN05980M", None]), "text"),
            f.Recommended(("e2c", "mission_locale"), ("ml",)),
            f.Completed("resultat"),
            f.FeedbackGiven(rng.random() < 0.8),
            f.ContactShown("ml", "card"),
        ]
    return facts


def fixed(moment: datetime) -> Callable[[], datetime]:
    """A clock that always says ``moment``."""
    return lambda: moment


async def main(conversations: int) -> None:
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(db_path=Path(tmp) / "bot.sqlite3", secret_path=Path(tmp) / "secret.key")
        async with await open_storage(settings) as storage:
            for i in range(conversations):
                moment = NOW - timedelta(minutes=rng.randint(0, 365 * 24 * 60))
                log = SqliteEventLog(storage.db, clock=fixed(moment))
                await log.record(f"user{i % (conversations // 2 + 1)}", "v1", journey(rng))
                await log.flush()
            source = SqliteStatsSource(storage.db)
            worst = 0.0
            done = asyncio.Event()

            async def watch() -> None:
                nonlocal worst
                while not done.is_set():
                    before = time.perf_counter()
                    await asyncio.sleep(0.01)
                    worst = max(worst, time.perf_counter() - before - 0.01)

            watcher = asyncio.create_task(watch())
            started = time.perf_counter()
            report = await build_aggregates(source, Names(), Path(tmp) / "stats.sqlite3", NOW)
            done.set()
            await watcher
            print(
                f"{conversations} conversations: rebuild {time.perf_counter() - started:.2f} s, "
                f"{report.periods} periods; event loop's worst delay {worst * 1000:.0f} ms"
            )
            started = time.perf_counter()
            await stats_text(source, "30j", now=NOW)
            print(f"/stats 30j: {time.perf_counter() - started:.3f} s")


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 20000))
