"""Storage on PostgreSQL (``BOT_DATABASE_URL=postgresql://…``): several bot workers, one database.

    async with await open_storage(settings) as storage:   # same shape as bot.storage.sqlite.Storage
        key = storage.pseudonymizer.key(update.effective_user.id)
        async with storage.sessions.turn(key):
            state = await storage.sessions.load(key)

The HMAC secret stays a file (``BOT_SECRET_PATH``), never in the database: every worker must read the
same secret file. Needs the optional extra: ``pip install '.[postgres]'`` (asyncpg)."""

from __future__ import annotations

import asyncio
from types import TracebackType
from typing import Any

from bot.config import Settings
from bot.errors import StorageError
from bot.storage.lexicon import start_loading
from bot.storage.postgres.connection import create_pool, is_postgres_url, safe_url
from bot.storage.postgres.events import PostgresEventLog
from bot.storage.postgres.followups import PostgresFollowupStore
from bot.storage.postgres.migrations import migrate
from bot.storage.postgres.sessions import PostgresSessionStore
from bot.storage.pseudonym import Pseudonymizer, load_or_create_secret

__all__ = [
    "PostgresEventLog",
    "PostgresSessionStore",
    "PostgresStorage",
    "is_postgres_url",
    "open_pool",
    "open_storage",
    "safe_url",
]


class PostgresStorage:
    """Sessions, events and the pseudonymizer over one connection pool. Use as ``async with``."""

    def __init__(self, pool: Any, pseudonymizer: Pseudonymizer, *, flush_interval: float = 0.5) -> None:
        self.pool = pool
        self.pseudonymizer = pseudonymizer
        self.sessions = PostgresSessionStore(pool)
        self.events = PostgresEventLog(pool, flush_interval=flush_interval)
        self.followups = PostgresFollowupStore(pool)

    async def aclose(self) -> None:
        try:
            await self.events.aclose()
        finally:
            await self.pool.close()

    async def __aenter__(self) -> PostgresStorage:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()


async def open_pool(url: str, *, max_size: int = 10) -> Any:
    """A pool on ``url`` with the schema migrated (no secret needed: stats, export, purge)."""
    if not is_postgres_url(url):
        raise StorageError(f"BOT_DATABASE_URL doit commencer par postgresql:// (reçu {safe_url(url)!r}).")
    pool = await create_pool(url, max_size=max_size)
    try:
        await migrate(pool)
    except BaseException:
        await pool.close()
        raise
    return pool


async def open_storage(settings: Settings, *, flush_interval: float = 0.5) -> PostgresStorage:
    """Connect to ``settings.database_url``, migrate, load or create the secret, start the event writer."""
    if not settings.database_url:
        raise StorageError("BOT_DATABASE_URL n'est pas défini : export BOT_DATABASE_URL=postgresql://…")
    secret = await asyncio.to_thread(load_or_create_secret, settings.secret_path)
    pool = await open_pool(settings.database_url)
    storage = PostgresStorage(pool, Pseudonymizer(secret), flush_interval=flush_interval)
    storage.events.lexicon = start_loading(settings.lexicon_path, settings.dialogs_dir)
    storage.events.start()
    return storage
