"""`EventLog` on SQLite with batched background writes (``bot.storage.sqlite.buffer``).

One bad row cannot poison the log: when a batch fails for another reason than a busy database, its rows are
written one by one and the rows SQLite refuses are dropped and counted (``dropped``), never retried forever;
a transient failure (locked, busy) keeps the whole batch for the next attempt."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from datetime import datetime

import aiosqlite

from bot.storage.sqlite.buffer import BufferedEventLog, Row
from bot.storage.sqlite.connection import Database, is_transient
from bot.storage.sqlite.encode import EVENT_COLUMNS, UNMATCHED_COLUMNS
from bot.storage.sqlite.timefmt import utcnow

logger = logging.getLogger(__name__)

_INSERT_EVENT = (
    f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}) VALUES ({', '.join('?' * len(EVENT_COLUMNS))})"
)
_INSERT_UNMATCHED = (
    f"INSERT INTO unmatched_texts ({', '.join(UNMATCHED_COLUMNS)}) "
    f"VALUES ({', '.join('?' * len(UNMATCHED_COLUMNS))})"
)


class SqliteEventLog(BufferedEventLog):
    def __init__(
        self,
        db: Database,
        *,
        flush_interval: float = 0.5,
        max_batch: int = 500,
        max_pending: int = 100_000,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        super().__init__(
            flush_interval=flush_interval, max_batch=max_batch, max_pending=max_pending, clock=clock
        )
        self._db = db

    async def _write(self, events: list[Row], unmatched: list[Row]) -> None:
        async def batch(conn: aiosqlite.Connection) -> None:
            await conn.executemany(_INSERT_EVENT, events)
            if unmatched:
                await conn.executemany(_INSERT_UNMATCHED, unmatched)

        try:
            await self._db.write(batch)
        except (sqlite3.Error, ValueError) as exc:  # UnicodeEncodeError is a ValueError
            if is_transient(exc):
                raise
            dropped = await self._db.write(lambda conn: self._row_by_row(conn, events, unmatched))
            self.dropped += dropped
            logger.warning(
                "%d événement(s) refusé(s) par la base et abandonné(s) (%s) ; les autres sont écrits",
                dropped,
                type(exc).__name__,
            )

    @staticmethod
    async def _row_by_row(conn: aiosqlite.Connection, events: list[Row], unmatched: list[Row]) -> int:
        """Insert each row on its own (one statement fails alone in SQLite); return how many were refused."""
        refused = 0
        for sql, rows in ((_INSERT_EVENT, events), (_INSERT_UNMATCHED, unmatched)):
            for row in rows:
                try:
                    await conn.execute(sql, row)
                except (sqlite3.Error, ValueError) as exc:
                    if is_transient(exc):
                        raise
                    refused += 1
        return refused

    async def _erase(self, user_key: str) -> None:
        async def erase(conn: aiosqlite.Connection) -> None:
            await conn.execute("DELETE FROM events WHERE user_key = ?", (user_key,))
            await conn.execute("DELETE FROM unmatched_texts WHERE user_key = ?", (user_key,))

        await self._db.write(erase)

    async def forget(self, user_key: str) -> None:
        """Erase every event and unmatched text of this user, buffered ones included (secure_delete zeroes
        them in the file, then the WAL is checkpointed and truncated)."""
        await super().forget(user_key)
        self._db.request_checkpoint()  # soon, off the reply path: no older copy stays in the WAL
