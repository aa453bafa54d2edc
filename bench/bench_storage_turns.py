"""Cost of one turn's storage work — ``turn`` + ``load`` + ``save`` (what the conversation service does
around the engine) — on SQLite and on PostgreSQL, sequential (latency) and with 64 users at once
(throughput), measured in one run.

Run: ``.venv/bin/python bench/bench_storage_turns.py`` (or ``make bench``). PostgreSQL: the address in
``BOT_BENCH_DATABASE_URL`` (an empty database), else a throwaway local server like the tests' one (fsync
off: not a production figure), else SQLite only. Prints figures, asserts nothing."""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bot.config import Settings
from bot.storage.sqlite import open_storage as open_sqlite

SEQUENTIAL = 1_000
USERS = 64
TURNS_PER_USER = 20
STATE = {"format": 2, "node": "diplome", "answers": {"age": "18_25", "scolarite": "non"}, "history": ["age"]}


async def one_turn(sessions: Any, key: str) -> None:
    async with sessions.turn(key):
        state = await sessions.load(key) or dict(STATE)
        await sessions.save(key, {**state, "n": state.get("n", 0) + 1})


async def measure(name: str, sessions: Any) -> None:
    latencies: list[float] = []
    for i in range(SEQUENTIAL):
        start = time.perf_counter()
        await one_turn(sessions, f"user{i % 200}")
        latencies.append((time.perf_counter() - start) * 1000)
    latencies.sort()
    p50 = statistics.median(latencies)
    p99 = latencies[int(len(latencies) * 0.99) - 1]

    async def user(k: int) -> None:
        for _ in range(TURNS_PER_USER):
            await one_turn(sessions, f"busy{k}")

    start = time.perf_counter()
    await asyncio.gather(*(user(k) for k in range(USERS)))
    rate = USERS * TURNS_PER_USER / (time.perf_counter() - start)
    print(f"{name:<10} one turn p50 {p50:6.2f} ms  p99 {p99:6.2f} ms", end="   ")
    print(f"{USERS} users at once: {rate:7.0f} turns/s")


@contextmanager
def postgres_url() -> Iterator[str | None]:
    if url := os.environ.get("BOT_BENCH_DATABASE_URL"):
        yield url
        return
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # for tests.postgres
    try:
        import asyncpg  # noqa: F401

        from tests.postgres import PostgresServer, find_bin_dir, free_port
    except ModuleNotFoundError:
        yield None
        return
    bin_dir = find_bin_dir()
    if bin_dir is None:
        yield None
        return
    import shutil

    root = Path(tempfile.mkdtemp(prefix="capq-bench-pg-"))
    as_user = None
    if os.geteuid() == 0:
        as_user = "postgres"
        shutil.chown(root, user=as_user)
    server = PostgresServer(bin_dir, root, free_port(), as_user)
    try:
        server.start()
        yield server.url(server.create_database())
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


async def main(url: str | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(db_path=Path(tmp) / "bench.sqlite3", secret_path=Path(tmp) / "secret.key")
        async with await open_sqlite(settings) as storage:
            await measure("SQLite", storage.sessions)
        if url is None:
            print("PostgreSQL: not available (set BOT_BENCH_DATABASE_URL or install postgresql)")
            return
        from bot.storage.postgres import open_storage as open_postgres

        async with await open_postgres(
            Settings(secret_path=Path(tmp) / "secret.key", database_url=url)
        ) as storage:
            await measure("PostgreSQL", storage.sessions)


if __name__ == "__main__":
    with postgres_url() as url:
        asyncio.run(main(url))
