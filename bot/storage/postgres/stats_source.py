"""``StatsSource`` (see ``bot.admin.ports``) on the PostgreSQL schema of ``bot.storage.postgres.migrations``.

The same rows as ``bot.storage.sqlite.stats_source``, so every admin view (aggregates, ``/stats``,
``bot stats``, the CSV export) computes the same figures on either backend. Rows are streamed with a server
side cursor, so a year of events never sits in memory."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

from bot.admin.ports import Order, RawEvent, RawText
from bot.storage.sqlite.encode import EVENT_COLUMNS

PREFETCH = 500

_ORDER = {
    # NULL keys (anonymous events) last, so each user's events stay contiguous
    "user": "user_key NULLS LAST, id",
    "time": "id",
}


class PostgresStatsSource:
    """Reads ``events`` and ``unmatched_texts``. ``before_read`` (e.g. the event log's ``flush``) runs first,
    so rows still buffered in memory are counted."""

    def __init__(self, pool: Any, before_read: Callable[[], Awaitable[None]] | None = None) -> None:
        self._pool = pool
        self._before_read = before_read

    async def _records(self, sql: str, since: datetime, until: datetime) -> AsyncIterator[Any]:
        if self._before_read is not None:
            await self._before_read()
        async with self._pool.acquire() as conn, conn.transaction(readonly=True):
            async for record in conn.cursor(sql, since, until, prefetch=PREFETCH):
                yield record

    async def events(self, since: datetime, until: datetime, order: Order) -> AsyncIterator[RawEvent]:
        sql = (
            f"SELECT {', '.join(EVENT_COLUMNS)} FROM events WHERE ts >= $1 AND ts < $2 "
            f"ORDER BY {_ORDER[order]}"
        )
        async for record in self._records(sql, since, until):
            yield RawEvent(*record)

    async def texts(self, since: datetime, until: datetime) -> AsyncIterator[RawText]:
        sql = "SELECT ts, user_key, node, text FROM unmatched_texts WHERE ts >= $1 AND ts < $2 ORDER BY id"
        async for ts, user_key, node, text in self._records(sql, since, until):
            yield RawText(ts, user_key, node, text)


@asynccontextmanager
async def open_stats_source(url: str) -> AsyncIterator[PostgresStatsSource]:
    """For the CLI (``stats``, ``export``): a small pool on ``url``, closed on exit."""
    from bot.storage.postgres import open_pool

    pool = await open_pool(url, max_size=2)
    try:
        yield PostgresStatsSource(pool)
    finally:
        await pool.close()
