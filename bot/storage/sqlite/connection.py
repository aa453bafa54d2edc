"""Opening the SQLite file: WAL journal, one shared aiosqlite connection, one writer at a time.

The connection runs in autocommit mode; every write goes through ``Database.transaction()``, which holds an
asyncio lock so that a session save never lands in the middle of the event writer's batch."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite

from bot.errors import StorageError

logger = logging.getLogger(__name__)

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


class Database:
    """One aiosqlite connection plus the lock that serialises write transactions."""

    def __init__(self, conn: aiosqlite.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self._write_lock = asyncio.Lock()
        self._closed = False

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        async with self._write_lock:
            await self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                await self.conn.execute("ROLLBACK")
                raise
            await self.conn.execute("COMMIT")

    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        cursor = await self.conn.execute(sql, params)
        try:
            return [tuple(row) for row in await cursor.fetchall()]
        finally:
            await cursor.close()

    async def fetchone(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        await self.conn.executemany(sql, rows)

    async def checkpoint(self) -> None:
        """Fold the WAL back into the main file and truncate it, so erased rows leave no old copy there."""
        async with self._write_lock:
            await self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        await self.conn.close()


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
            logger.warning("Le mode WAL n'a pas pu être activé sur %s", path)
    except BaseException:
        await conn.close()
        raise
    return Database(conn, path)
