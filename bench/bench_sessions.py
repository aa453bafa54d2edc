"""Session store round trips: load + save of one small state, the way the store did it before (a load in
three hand-offs to aiosqlite's thread: execute, fetchall, close; a save in three: BEGIN IMMEDIATE, upsert,
COMMIT) against now (one hand-off each: ``execute_fetchall``; the upsert committed on its own in
autocommit mode, which is atomic and durable before the reply is sent).

Run: .venv/bin/python bench/bench_sessions.py [turns]
Interleaved rounds in one process, same file; prints turns/s of each and the ratio."""

from __future__ import annotations

import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path

import aiosqlite

from bot.storage.sqlite import open_database
from bot.storage.sqlite.connection import Database
from bot.storage.sqlite.sessions import SqliteSessionStore

STATE = {"dialog": "orientation", "version": "abc123", "node": "diplome", "answers": {"age": "18_25"}}
UPSERT = (
    "INSERT INTO sessions (user_key, state, updated_at, active) VALUES (?, ?, ?, 1) "
    "ON CONFLICT (user_key) DO UPDATE SET state = excluded.state, "
    "updated_at = excluded.updated_at, active = 1"
)


async def before(db: Database, key: str) -> None:
    """The previous implementation, statement for statement."""
    cursor = await db.conn.execute("SELECT state FROM sessions WHERE user_key = ?", (key,))
    await cursor.fetchall()
    await cursor.close()
    await db.conn.execute("BEGIN IMMEDIATE")
    await db.conn.execute(UPSERT, (key, json.dumps(STATE), "2026-01-01T00:00:00.000000Z"))
    await db.conn.execute("COMMIT")


async def now(store: SqliteSessionStore, key: str) -> None:
    await store.load(key)
    await store.save(key, STATE)


async def main(turns: int, rounds: int = 5) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = await open_database(Path(tmp) / "bench.sqlite3")
        store = SqliteSessionStore(db)
        totals = {"before": 0.0, "now": 0.0}
        for _ in range(rounds):
            started = time.perf_counter()
            for i in range(turns):
                await before(db, f"k{i % 100}")
            totals["before"] += time.perf_counter() - started
            started = time.perf_counter()
            for i in range(turns):
                await now(store, f"k{i % 100}")
            totals["now"] += time.perf_counter() - started
        await db.close()
    rates = {name: turns * rounds / seconds for name, seconds in totals.items()}
    print(f"aiosqlite {aiosqlite.__version__}, {turns} load+save turns x {rounds} interleaved rounds")
    for name, rate in rates.items():
        print(f"  {name:<6} {rate:8.0f} turns/s  ({1000 / rate:.3f} ms per load+save)")
    print(f"  ratio now/before: {rates['now'] / rates['before']:.2f}x")


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000))
