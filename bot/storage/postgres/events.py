"""`EventLog` on PostgreSQL with batched background writes (``bot.storage.sqlite.buffer``, as on SQLite).

Each worker process has its own buffer: a worker killed with SIGKILL loses at most its last
``flush_interval`` of usage events — never a conversation state (see ``sessions.py``). Rows are stamped with
a ``timestamptz`` (the SQLite log stores the time as text)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from bot.storage.sqlite.buffer import BufferedEventLog, Row
from bot.storage.sqlite.encode import EVENT_COLUMNS, UNMATCHED_COLUMNS
from bot.storage.sqlite.timefmt import utcnow


def _insert(table: str, columns: Sequence[str]) -> str:
    placeholders = ", ".join(f"${i}" for i in range(1, len(columns) + 1))
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})"


_INSERT_EVENT = _insert("events", EVENT_COLUMNS)
_INSERT_UNMATCHED = _insert("unmatched_texts", UNMATCHED_COLUMNS)


class PostgresEventLog(BufferedEventLog):
    def __init__(
        self,
        pool: Any,
        *,
        flush_interval: float = 0.5,
        max_batch: int = 500,
        max_pending: int = 100_000,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        super().__init__(
            flush_interval=flush_interval, max_batch=max_batch, max_pending=max_pending, clock=clock
        )
        self._pool = pool

    def _stamped(self, row: Row, now: datetime) -> Row:
        return (now, *row[1:])

    async def _write(self, events: list[Row], unmatched: list[Row]) -> None:
        async with self._pool.acquire() as conn, conn.transaction():
            if events:
                await conn.executemany(_INSERT_EVENT, events)
            if unmatched:
                await conn.executemany(_INSERT_UNMATCHED, unmatched)

    async def _erase(self, user_key: str) -> None:
        """The rows are gone for every query at once; PostgreSQL's autovacuum then reclaims their space."""
        async with self._pool.acquire() as conn, conn.transaction():
            await conn.execute("DELETE FROM events WHERE user_key = $1", user_key)
            await conn.execute("DELETE FROM unmatched_texts WHERE user_key = $1", user_key)
