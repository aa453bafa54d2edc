"""``StatsSource`` (see ``bot.admin.ports``) on the SQLite schema of ``bot.storage.sqlite.migrations``.

The only place where the admin side's reads meet SQL. Rows are streamed in batches, so a year of events
never sits in memory as SQLite rows."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime
from typing import Any

from bot.admin.ports import Order, RawEvent, RawText
from bot.storage.sqlite.connection import Database
from bot.storage.sqlite.encode import EVENT_COLUMNS
from bot.storage.sqlite.timefmt import to_ts

BATCH = 500  # rows handed to the event loop at a time: small, so replies are never held long


def _moment(ts: str) -> datetime:
    """A stored timestamp (``2026-01-31T08:00:00.000000Z``), aware; ``fromisoformat`` is ~20x faster than
    ``timefmt.from_ts`` (``strptime``), which matters when a rebuild reads a year of events."""
    return datetime.fromisoformat(ts)


_ORDER = {
    # NULL keys (anonymous events) sort first in SQLite: put them last so users' runs stay contiguous
    "user": "user_key IS NULL, user_key, id",
    "time": "id",
}


class SqliteStatsSource:
    """Reads ``events`` and ``unmatched_texts``. ``before_read`` (e.g. the event log's ``flush``) runs first,
    so rows still buffered in memory are counted."""

    def __init__(self, db: Database, before_read: Callable[[], Awaitable[None]] | None = None) -> None:
        self._db = db
        self._before_read = before_read

    async def _rows(self, sql: str, params: tuple[str, ...]) -> AsyncIterator[list[Any]]:
        """Batches of rows. Every column of these tables is TEXT (or NULL), so rows need no conversion."""
        if self._before_read is not None:
            await self._before_read()
        cursor = await self._db.conn.execute(sql, params)
        try:
            while batch := await cursor.fetchmany(BATCH):
                yield list(batch)
        finally:
            await cursor.close()

    async def events(self, since: datetime, until: datetime, order: Order) -> AsyncIterator[RawEvent]:
        sql = (
            f"SELECT {', '.join(EVENT_COLUMNS)} FROM events WHERE ts >= ? AND ts < ? ORDER BY {_ORDER[order]}"
        )
        async for batch in self._rows(sql, (to_ts(since), to_ts(until))):
            for ts, *rest in batch:
                yield RawEvent(_moment(ts), *rest)

    async def texts(self, since: datetime, until: datetime) -> AsyncIterator[RawText]:
        sql = "SELECT ts, user_key, node, text FROM unmatched_texts WHERE ts >= ? AND ts < ? ORDER BY id"
        async for batch in self._rows(sql, (to_ts(since), to_ts(until))):
            for ts, user_key, node, text in batch:
                yield RawText(_moment(ts), user_key, node, text)
