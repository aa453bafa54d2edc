"""`EventLog` on PostgreSQL with batched background writes (the behaviour of ``SqliteEventLog``).

``record()`` stamps and encodes the facts (the same privacy gate, ``bot.storage.sqlite.encode``) into an
in-memory buffer and returns; a background task writes the buffer in one transaction every
``flush_interval`` seconds or as soon as ``max_batch`` rows wait. ``flush()`` and ``aclose()`` drain it.
Each worker process has its own buffer: a worker killed with SIGKILL loses at most its last
``flush_interval`` of usage events — never a conversation state (see ``sessions.py``)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from bot.engine.facts import Fact
from bot.storage.lexicon import Lexicon, ready_lexicon
from bot.storage.sqlite.encode import EVENT_COLUMNS, UNMATCHED_COLUMNS, rows_for
from bot.storage.sqlite.timefmt import to_ts, utcnow

logger = logging.getLogger(__name__)

Row = tuple[Any, ...]


def _insert(table: str, columns: Sequence[str]) -> str:
    placeholders = ", ".join(f"${i}" for i in range(1, len(columns) + 1))
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})"


_INSERT_EVENT = _insert("events", EVENT_COLUMNS)
_INSERT_UNMATCHED = _insert("unmatched_texts", UNMATCHED_COLUMNS)
_USER_KEY = EVENT_COLUMNS.index("user_key")
_UNMATCHED_USER_KEY = UNMATCHED_COLUMNS.index("user_key")


class PostgresEventLog:
    def __init__(
        self,
        pool: Any,
        *,
        flush_interval: float = 0.5,
        max_batch: int = 500,
        max_pending: int = 100_000,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        if not 0 < flush_interval <= 1:
            raise ValueError("flush_interval must be in (0, 1] seconds")
        self._pool = pool
        self._interval = flush_interval
        self._max_batch = max_batch
        self._max_pending = max_pending
        self._clock = clock
        self._events: list[Row] = []
        self._unmatched: list[Row] = []
        # Words kept in unmatched texts (``bot.storage.lexicon``), masked when written, as on SQLite.
        self.lexicon: asyncio.Future[Lexicon] | None = None
        self._wake = asyncio.Event()
        self._flush_lock = asyncio.Lock()
        self._task: asyncio.Task[None] | None = None
        self._closing = False

    # -- the reply path -------------------------------------------------------------------------------
    async def record(self, user_key: str, dialog_version: str, facts: Sequence[Fact]) -> None:
        try:
            now = self._clock()
            ts = to_ts(now)
            for fact in facts:
                event, unmatched = rows_for(ts, user_key, dialog_version, fact)
                self._events.append((now, *event[1:]))
                if unmatched is not None:
                    self._unmatched.append((now, *unmatched[1:]))
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
            try:
                await self.flush()
            except Exception as exc:
                logger.warning(
                    "Écriture des événements échouée, nouvel essai bientôt (%s)", type(exc).__name__
                )

    async def flush(self) -> None:
        """Write every buffered row now, in one transaction."""
        async with self._flush_lock:
            events, unmatched = self._events, self._unmatched
            if not events and not unmatched:
                return
            self._events, self._unmatched = [], []
            if unmatched:
                lexicon = await ready_lexicon(self.lexicon)
                unmatched = [(*row[:-1], lexicon.mask(row[-1] or "")) for row in unmatched]
            try:
                async with self._pool.acquire() as conn, conn.transaction():
                    if events:
                        await conn.executemany(_INSERT_EVENT, events)
                    if unmatched:
                        await conn.executemany(_INSERT_UNMATCHED, unmatched)
            except BaseException:
                self._requeue(events, unmatched)
                raise

    def _requeue(self, events: list[Row], unmatched: list[Row]) -> None:
        self._events = events + self._events
        self._unmatched = unmatched + self._unmatched
        overflow = len(self._events) - self._max_pending
        if overflow > 0:
            logger.warning("Tampon d'événements plein : %d événements anciens abandonnés", overflow)
            del self._events[:overflow]
            self._unmatched = self._unmatched[-self._max_pending :]

    # -- erasure --------------------------------------------------------------------------------------
    async def forget(self, user_key: str) -> None:
        """Erase every event and unmatched text of this user, buffered ones included. The rows are gone for
        every query at once; PostgreSQL's autovacuum then reclaims their space in the files."""
        async with self._flush_lock:
            self._events = [row for row in self._events if row[_USER_KEY] != user_key]
            self._unmatched = [row for row in self._unmatched if row[_UNMATCHED_USER_KEY] != user_key]
            async with self._pool.acquire() as conn, conn.transaction():
                await conn.execute("DELETE FROM events WHERE user_key = $1", user_key)
                await conn.execute("DELETE FROM unmatched_texts WHERE user_key = $1", user_key)

    # -- shutdown -------------------------------------------------------------------------------------
    async def aclose(self) -> None:
        """Stop the writer and write what is left. Safe to call twice."""
        self._closing = True
        self._wake.set()
        if self._task is not None:
            task, self._task = self._task, None
            await task
        await self.flush()
