"""The usage log's write buffer, shared by the SQLite and PostgreSQL event logs (beside ``encode``, the
privacy gate both use; nothing here touches SQLite).

``record()`` stamps and encodes the facts (the privacy gate, ``bot.storage.sqlite.encode``), appends the
rows to an in-memory buffer and returns: it costs a few microseconds and never raises into the reply path.
A background task writes the buffer in one transaction every ``flush_interval`` seconds (≤ 1 s, so a crash
loses at most the last second) or as soon as ``max_batch`` rows are waiting. ``flush()`` and ``aclose()``
drain the buffer: nothing acknowledged is lost on a clean shutdown. Unmatched texts are masked against the
lexicon (``bot.storage.lexicon``) only when written: the unmasked text is never on the disk.

A batch that fails is put back in front of the buffer for the next attempt (at most ``max_pending`` rows
are kept; the oldest are dropped beyond). What a backend does with one bad row inside a batch is its own
``_write``'s business (SQLite writes the others and drops it, counted in ``dropped``)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from bot.engine.facts import Fact
from bot.storage.lexicon import Lexicon, ready_lexicon
from bot.storage.sqlite.encode import EVENT_COLUMNS, UNMATCHED_COLUMNS, rows_for
from bot.storage.sqlite.timefmt import to_ts, utcnow

logger = logging.getLogger(__name__)

Row = tuple[Any, ...]
_USER_KEY = EVENT_COLUMNS.index("user_key")
_UNMATCHED_USER_KEY = UNMATCHED_COLUMNS.index("user_key")


class BufferedEventLog(ABC):
    """An ``EventLog`` that writes in batches; a backend gives ``_write`` and ``_erase``."""

    def __init__(
        self,
        *,
        flush_interval: float = 0.5,
        max_batch: int = 500,
        max_pending: int = 100_000,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        if not 0 < flush_interval <= 1:
            raise ValueError("flush_interval must be in (0, 1] seconds")
        self._interval = flush_interval
        self._max_batch = max_batch
        self._max_pending = max_pending
        self._clock = clock
        self._events: list[Row] = []
        self._unmatched: list[Row] = []
        self._wake = asyncio.Event()
        self._flush_lock = asyncio.Lock()
        self._task: asyncio.Task[None] | None = None
        self._closing = False
        self.dropped = 0  # rows the database refused (bad data), dropped so that the others are written
        # Words kept in unmatched texts, masked when written, never on the disk before. Without a lexicon
        # every word is masked.
        self.lexicon: asyncio.Future[Lexicon] | None = None

    # -- what a backend provides ------------------------------------------------------------------------
    def _stamped(self, row: Row, now: datetime) -> Row:
        """The row as the backend stores it; its first column is the time as text (``to_ts``)."""
        return row

    @abstractmethod
    async def _write(self, events: list[Row], unmatched: list[Row]) -> None:
        """Write the rows (unmatched texts already masked) in one transaction; raise to keep them."""

    @abstractmethod
    async def _erase(self, user_key: str) -> None:
        """Delete this user's stored events and unmatched texts."""

    # -- the reply path -------------------------------------------------------------------------------
    async def record(self, user_key: str, dialog_version: str, facts: Sequence[Fact]) -> None:
        try:
            now = self._clock()
            ts = to_ts(now)
            for fact in facts:
                event, unmatched = rows_for(ts, user_key, dialog_version, fact)
                self._events.append(self._stamped(event, now))
                if unmatched is not None:
                    self._unmatched.append(self._stamped(unmatched, now))
            if len(self._events) >= self._max_batch:
                self._wake.set()
        except Exception as exc:  # the reply must go out even if logging fails
            logger.warning("event not logged (%s)", type(exc).__name__)

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
                logger.warning("writing the events failed, trying again soon (%s)", type(exc).__name__)

    async def flush(self) -> None:
        """Write every buffered row now, in one transaction."""
        async with self._flush_lock:
            events, unmatched = self._events, self._unmatched
            if not events and not unmatched:
                return
            self._events, self._unmatched = [], []
            try:
                masked = unmatched
                if unmatched:
                    lexicon = await ready_lexicon(self.lexicon)
                    masked = [(*row[:-1], lexicon.mask(row[-1] or "")) for row in unmatched]
                await self._write(events, masked)
            except BaseException:
                self._requeue(events, unmatched)
                raise

    def _requeue(self, events: list[Row], unmatched: list[Row]) -> None:
        self._events = events + self._events
        self._unmatched = unmatched + self._unmatched
        overflow = len(self._events) - self._max_pending
        if overflow > 0:
            logger.warning("event buffer full: %d oldest events dropped", overflow)
            del self._events[:overflow]
            self._unmatched = self._unmatched[-self._max_pending :]

    # -- erasure --------------------------------------------------------------------------------------
    async def forget(self, user_key: str) -> None:
        """Erase every event and unmatched text of this user, buffered ones included."""
        async with self._flush_lock:
            self._events = [row for row in self._events if row[_USER_KEY] != user_key]
            self._unmatched = [row for row in self._unmatched if row[_UNMATCHED_USER_KEY] != user_key]
            await self._erase(user_key)

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
