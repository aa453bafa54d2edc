"""`EventLog` on SQLite with batched background writes.

``record()`` stamps and encodes the facts, appends the rows to an in-memory buffer and returns: it costs a
few microseconds and never raises into the reply path. A background task writes the buffer in one
transaction every ``flush_interval`` seconds (≤ 1 s, so a crash loses at most the last second) or as soon
as ``max_batch`` rows are waiting. ``flush()`` and ``aclose()`` drain the buffer: nothing acknowledged is
lost on a clean shutdown.

One bad row cannot poison the log: when a batch fails for another reason than a busy database, its rows are
written one by one and the rows SQLite refuses are dropped and counted (``dropped``), never retried forever;
a transient failure (locked, busy) keeps the whole batch for the next attempt."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
from collections.abc import Callable, Sequence
from datetime import datetime

import aiosqlite

from bot.engine.facts import Fact
from bot.storage.lexicon import Lexicon, ready_lexicon
from bot.storage.sqlite.connection import Database, is_transient
from bot.storage.sqlite.encode import EVENT_COLUMNS, UNMATCHED_COLUMNS, EventRow, rows_for
from bot.storage.sqlite.timefmt import to_ts, utcnow

logger = logging.getLogger(__name__)

_INSERT_EVENT = (
    f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}) VALUES ({', '.join('?' * len(EVENT_COLUMNS))})"
)
_INSERT_UNMATCHED = (
    f"INSERT INTO unmatched_texts ({', '.join(UNMATCHED_COLUMNS)}) "
    f"VALUES ({', '.join('?' * len(UNMATCHED_COLUMNS))})"
)
_USER_KEY = EVENT_COLUMNS.index("user_key")


class SqliteEventLog:
    def __init__(
        self,
        db: Database,
        *,
        flush_interval: float = 0.5,
        max_batch: int = 500,
        max_pending: int = 100_000,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        if not 0 < flush_interval <= 1:
            raise ValueError("flush_interval must be in (0, 1] seconds")
        self._db = db
        self._interval = flush_interval
        self._max_batch = max_batch
        self._max_pending = max_pending
        self._clock = clock
        self._events: list[EventRow] = []
        self._unmatched: list[EventRow] = []
        self._wake = asyncio.Event()
        self._flush_lock = asyncio.Lock()
        self._task: asyncio.Task[None] | None = None
        self._closing = False
        self.dropped = 0  # rows SQLite refused (bad data), dropped so that the others are written
        # Words kept in unmatched texts (``bot.storage.lexicon``), masked when written, never on the disk
        # before. Without a lexicon every word is masked.
        self.lexicon: asyncio.Future[Lexicon] | None = None

    # -- the reply path -------------------------------------------------------------------------------
    async def record(self, user_key: str, dialog_version: str, facts: Sequence[Fact]) -> None:
        try:
            ts = to_ts(self._clock())
            for fact in facts:
                event, unmatched = rows_for(ts, user_key, dialog_version, fact)
                self._events.append(event)
                if unmatched is not None:
                    self._unmatched.append(unmatched)
            if len(self._events) >= self._max_batch:
                self._wake.set()
        except Exception as exc:  # the reply must go out even if logging fails
            logger.warning("Événement non journalisé (%s)", type(exc).__name__)

    # -- writing --------------------------------------------------------------------------------------
    def start(self) -> None:
        """Start the background writer (``open_storage`` does it). Without it, only ``flush()`` writes."""
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="event-log-writer")

    @property
    def pending(self) -> int:
        return len(self._events)

    async def _run(self) -> None:
        while not self._closing:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self._interval)
            self._wake.clear()
            await self._flush_safely()

    async def _flush_safely(self) -> None:
        try:
            await self.flush()
        except Exception as exc:
            logger.warning("Écriture des événements échouée, nouvel essai bientôt (%s)", type(exc).__name__)

    async def flush(self) -> None:
        """Write every buffered row now, in one transaction."""
        async with self._flush_lock:
            events, unmatched = self._events, self._unmatched
            if not events and not unmatched:
                return
            self._events, self._unmatched = [], []
            try:
                await self._write(events, unmatched)
            except BaseException:
                self._requeue(events, unmatched)
                raise

    async def _write(self, events: list[EventRow], unmatched: list[EventRow]) -> None:
        if unmatched:
            lexicon = await ready_lexicon(self.lexicon)
            unmatched = [(*row[:-1], lexicon.mask(row[-1] or "")) for row in unmatched]

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
    async def _row_by_row(
        conn: aiosqlite.Connection, events: list[EventRow], unmatched: list[EventRow]
    ) -> int:
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

    def _requeue(self, events: list[EventRow], unmatched: list[EventRow]) -> None:
        self._events = events + self._events
        self._unmatched = unmatched + self._unmatched
        overflow = len(self._events) - self._max_pending
        if overflow > 0:
            logger.warning("Tampon d'événements plein : %d événements anciens abandonnés", overflow)
            del self._events[:overflow]
            self._unmatched = self._unmatched[-self._max_pending :]

    # -- erasure --------------------------------------------------------------------------------------
    async def forget(self, user_key: str) -> None:
        """Erase every event and unmatched text of this user, buffered ones included (secure_delete zeroes
        them in the file, then the WAL is checkpointed and truncated)."""
        async with self._flush_lock:
            self._events = [row for row in self._events if row[_USER_KEY] != user_key]
            self._unmatched = [row for row in self._unmatched if row[1] != user_key]

            async def erase(conn: aiosqlite.Connection) -> None:
                await conn.execute("DELETE FROM events WHERE user_key = ?", (user_key,))
                await conn.execute("DELETE FROM unmatched_texts WHERE user_key = ?", (user_key,))

            await self._db.write(erase)
        self._db.request_checkpoint()  # soon, off the reply path: no older copy stays in the WAL

    # -- shutdown -------------------------------------------------------------------------------------
    async def aclose(self, attempts: int = 5) -> None:
        """Stop the writer and write what is left (a busy database is waited for). Safe to call twice."""
        self._closing = True
        self._wake.set()
        if self._task is not None:
            task, self._task = self._task, None
            await task
        for attempt in range(attempts):
            try:
                await self.flush()
                return
            except Exception as exc:
                if attempt == attempts - 1:
                    logger.error(
                        "Arrêt : %d événement(s) non écrit(s) (%s)", len(self._events), type(exc).__name__
                    )
                    raise
                await asyncio.sleep(0.2 * (attempt + 1))
