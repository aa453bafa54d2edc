"""HTTP connection pool size x concurrent updates: the real bot (PTB over HTTP, engine, SQLite) against the
fake Bot API on 127.0.0.1, flood limiter off, N users each sending a short conversation at once.

Run: .venv/bin/python bench/bench_pool.py [users] [steps]
Prints, for each (pool, concurrency) pair, steps/s and the median/p95 time from a message to the bot's
first answer. Rounds are interleaved (every pair once, then again) so machine load hits all pairs alike."""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the fake Bot API lives in tests/

from bot.compose import build_engine
from bot.config import Settings
from bot.engine.core import Engine
from tests.tg.conftest import FAST, RunningBot, running_bot
from tests.tg.fakebotapi import TOKEN, FakeBotApi, FakeUser

POOLS = (8, 16, 32, 64)
CONCURRENCY = (16, 64, 256)
WORDS = ("/start", "18 à 25 ans", "non", "rien", "un job", "/recommencer")


async def person(bot: RunningBot, user: FakeUser, steps: int, latencies: list[float]) -> None:
    for i in range(steps):
        before = len(user.messages())
        started = time.perf_counter()
        await user.send(WORDS[i % len(WORDS)])
        await bot.api.wait_until(lambda before=before: len(user.messages()) > before, 60)
        latencies.append(time.perf_counter() - started)


async def one_run(engine: Engine, folder: Path, pool: int, concurrency: int, users: int, steps: int) -> str:
    network = replace(FAST, rate_limiter=False, pool_size=pool, max_concurrent_updates=concurrency)
    async with FakeBotApi() as api:
        settings = replace(
            Settings.from_env({}),
            token=TOKEN,
            api_base_url=api.base_url,
            api_base_file_url=api.base_file_url,
            db_path=folder / f"bot-{pool}-{concurrency}-{time.monotonic_ns()}.sqlite3",
            secret_path=folder / "secret.key",
        )
        async with running_bot(api, settings, engine, network=network) as bot:
            latencies: list[float] = []
            started = time.perf_counter()
            people = [api.user(100_000 + i) for i in range(users)]
            await asyncio.gather(*(person(bot, u, steps, latencies) for u in people))
            elapsed = time.perf_counter() - started
    ordered = sorted(latencies)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    return (
        f"pool {pool:>3}  concurrency {concurrency:>3}:  {len(ordered) / elapsed:7.1f} steps/s  "
        f"median {statistics.median(ordered) * 1000:6.1f} ms  p95 {p95 * 1000:7.1f} ms"
    )


async def main(users: int, steps: int, rounds: int = 2) -> None:
    engine = build_engine(Settings.from_env({}))
    print(f"{users} users x {steps} steps, {rounds} interleaved rounds")
    with tempfile.TemporaryDirectory() as tmp:
        for round_ in range(rounds):
            print(f"-- round {round_ + 1}")
            for pool in POOLS:
                for concurrency in CONCURRENCY:
                    print(await one_run(engine, Path(tmp), pool, concurrency, users, steps), flush=True)


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:3]]
    asyncio.run(main(*(args + [100, 6][len(args) :])))
