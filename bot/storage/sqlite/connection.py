"""Opening the SQLite file: WAL journal, one shared aiosqlite connection, one statement batch at a time.

The connection runs in autocommit mode. Every use of it goes through one asyncio lock: a write transaction
(``Database.write``/``transaction``) or a read (``fetchall``, executed and fetched in one hand-off to the
connection's thread, so no cursor stays open while other coroutines run). A statement that meets a
transient ``database is locked``/``busy`` (another process, e.g. the ``purge`` command) is retried a few
times with a short pause before the error reaches the caller.

WAL checkpoints never run on the shared connection: ``checkpoint()`` opens its own short-lived connection in
a worker thread, so it can only wait for user work (bounded), never make it fail."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager, closing
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite

from bot.errors import StorageError

logger = logging.getLogger(__name__)
T = TypeVar("T")

PRAGMAS = (
    "PRAGMA journal_mode = WAL",
    # WAL + NORMAL: a committed transaction survives a crash of the process; only a power cut can lose the
    # last commits. Commits do not wait for fsync, which keeps session saves cheap.
    "PRAGMA synchronous = NORMAL",
    "PRAGMA foreign_keys = ON",
    "PRAGMA busy_timeout = 5000",
    # Deleted rows (/oubli, purge) are overwritten with zeros instead of lingering in free pages.
    "PRAGMA secure_delete = ON",
)
RETRY_DELAYS = (0.05, 0.2, 0.5)  # seconds between attempts on a transient error
CHECKPOINT_BUSY_MS = 2000  # how long one checkpoint attempt may wait for the shared connection


def is_transient(error: BaseException) -> bool:
    """A lock or busy error that a later attempt can clear (not a broken file, not bad data)."""
    if not isinstance(error, sqlite3.OperationalError):
        return False
    message = str(error).lower()
    return "locked" in message or "busy" in message


class Database:
    """One aiosqlite connection plus the lock that serialises every use of it."""

    def __init__(self, conn: aiosqlite.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self._lock = asyncio.Lock()
        self._checkpoint_lock = asyncio.Lock()
        self._checkpointer: asyncio.Task[None] | None = None
        self._checkpoint_wanted = False
        self._closed = False
        self.retries = 0  # transient errors met and retried (for benches and tests)

    async def _retrying(self, attempt: Callable[[], Awaitable[T]]) -> T:
        for delay in (*RETRY_DELAYS, None):
            try:
                return await attempt()
            except sqlite3.OperationalError as exc:
                if delay is None or not is_transient(exc):
                    raise
                self.retries += 1
                logger.warning("database busy (%s), retry in %.2f s", exc, delay)
                await asyncio.sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """One write transaction (``BEGIN IMMEDIATE`` … ``COMMIT``), alone on the connection. Not retried
        (its body is the caller's): prefer :meth:`write`."""
        async with self._lock:
            await self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                await self.conn.execute("ROLLBACK")
                raise
            await self.conn.execute("COMMIT")

    async def write(self, body: Callable[[aiosqlite.Connection], Awaitable[T]]) -> T:
        """Run ``body`` in one write transaction; retried as a whole on a transient error."""

        async def attempt() -> T:
            async with self.transaction() as conn:
                return await body(conn)

        return await self._retrying(attempt)

    async def write_one(self, sql: str, params: Sequence[Any] = ()) -> None:
        """One statement, committed on its own (autocommit: atomic and durable), in one hand-off to the
        connection's thread; retried on a transient error."""

        async def attempt() -> None:
            async with self._lock:
                await self.conn.execute_fetchall(sql, params)

        await self._retrying(attempt)

    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        async def attempt() -> list[tuple[Any, ...]]:
            async with self._lock:
                rows = await self.conn.execute_fetchall(sql, params)
            return [tuple(row) for row in rows]

        return await self._retrying(attempt)

    async def fetchone(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None

    async def checkpoint(self, attempts: int = 5) -> bool:
        """Fold the WAL back into the main file and truncate it, so erased rows leave no old copy there.

        Runs on its own connection in a worker thread: it waits (boundedly) for the shared connection and
        never makes user work fail. Returns False when the WAL could not be fully truncated after
        ``attempts`` tries (it will be at the next checkpoint; SQLite also checkpoints on its own)."""
        async with self._checkpoint_lock:
            for attempt in range(attempts):
                if self._closed:
                    return False
                try:
                    if await asyncio.to_thread(_checkpoint, self.path):
                        return True
                except sqlite3.Error as exc:
                    logger.warning("WAL checkpoint failed (%s)", type(exc).__name__)
                await asyncio.sleep(0.05 * (attempt + 1))
        logger.warning("the WAL could not be emptied completely; trying again next time")
        return False

    def request_checkpoint(self) -> None:
        """Checkpoint soon, in the background (requests made meanwhile are folded into one more pass)."""
        self._checkpoint_wanted = True
        if self._checkpointer is None or self._checkpointer.done():
            self._checkpointer = asyncio.create_task(self._checkpoint_loop(), name="wal-checkpoint")

    async def _checkpoint_loop(self) -> None:
        while self._checkpoint_wanted and not self._closed:
            self._checkpoint_wanted = False
            await self.checkpoint()

    async def close(self) -> None:
        if self._closed:
            return
        if self._checkpointer is not None:
            await self._checkpointer  # its last pass; closing the last connection checkpoints too
        async with self._checkpoint_lock:
            self._closed = True
        async with self._lock:
            await self.conn.close()


def _checkpoint(path: Path) -> bool:
    """``PRAGMA wal_checkpoint(TRUNCATE)`` on a connection of its own. True when the WAL was emptied."""
    with closing(sqlite3.connect(path, isolation_level=None, timeout=CHECKPOINT_BUSY_MS / 1000)) as conn:
        conn.execute(f"PRAGMA busy_timeout = {CHECKPOINT_BUSY_MS}")
        row = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    return row is not None and row[0] == 0


async def connect(path: Path) -> Database:
    """Open (creating it and its folder if needed) the SQLite file at ``path`` in WAL mode."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = await aiosqlite.connect(path, isolation_level=None)
    except (OSError, aiosqlite.Error) as exc:
        raise StorageError(
            f"Impossible d'ouvrir la base {path} ({exc}). Vérifie les droits du dossier ou choisis un autre "
            "chemin avec BOT_DB_PATH."
        ) from exc
    try:
        for pragma in PRAGMAS:
            await conn.execute(pragma)
        cursor = await conn.execute("PRAGMA journal_mode")
        row = await cursor.fetchone()
        await cursor.close()
        if row is None or str(row[0]).lower() != "wal":
            logger.warning("WAL mode could not be enabled on %s", path)
    except BaseException:
        await conn.close()
        raise
    return Database(conn, path)
