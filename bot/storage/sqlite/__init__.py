"""The production storage: one SQLite file (WAL) through one shared aiosqlite connection.

    async with await open_storage(settings) as storage:
        key = storage.pseudonymizer.key(update.effective_user.id)
        state = await storage.sessions.load(key)
        await storage.events.record(key, dialog.version, facts)

``aclose()`` (or leaving the ``async with``) writes the buffered events and closes the connection."""

from __future__ import annotations

import asyncio
from pathlib import Path
from types import TracebackType

from bot.config import Settings
from bot.storage.lexicon import start_loading
from bot.storage.pseudonym import Pseudonymizer, load_or_create_secret
from bot.storage.sqlite.connection import Database, connect
from bot.storage.sqlite.events import SqliteEventLog
from bot.storage.sqlite.followups import SqliteFollowupStore
from bot.storage.sqlite.migrations import migrate
from bot.storage.sqlite.sessions import SqliteSessionStore

__all__ = [
    "Database",
    "SqliteEventLog",
    "SqliteFollowupStore",
    "SqliteSessionStore",
    "Storage",
    "open_database",
    "open_storage",
]


class Storage:
    """Sessions, events, pending follow-ups and the pseudonymizer over one database. Use as ``async with``."""

    def __init__(self, db: Database, pseudonymizer: Pseudonymizer, *, flush_interval: float = 0.5) -> None:
        self.db = db
        self.pseudonymizer = pseudonymizer
        self.sessions = SqliteSessionStore(db)
        self.events = SqliteEventLog(db, flush_interval=flush_interval)
        self.followups = SqliteFollowupStore(db)

    def load_lexicon(self, path: Path, dialogs_dir: Path) -> None:
        """Load the word list in a worker thread, off the start-up path; the event writer waits for it
        before writing unmatched texts (``bot.storage.lexicon``)."""
        self.events.lexicon = start_loading(path, dialogs_dir)

    async def lexicon_ready(self) -> None:
        if self.events.lexicon is not None:
            await self.events.lexicon

    async def aclose(self) -> None:
        try:
            await self.events.aclose()
        finally:
            await self.db.close()

    async def __aenter__(self) -> Storage:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()


async def open_database(path: Path) -> Database:
    """Open the SQLite file and apply pending migrations (no secret needed: stats, export, purge)."""
    db = await connect(path)
    try:
        await migrate(db)
    except BaseException:
        await db.close()
        raise
    return db


async def open_storage(settings: Settings, *, flush_interval: float = 0.5) -> Storage:
    """Open ``settings.db_path`` (created with its folder), migrate, load or create the secret, start the
    background event writer."""
    secret = await asyncio.to_thread(load_or_create_secret, settings.secret_path)
    db = await open_database(settings.db_path)
    storage = Storage(db, Pseudonymizer(secret), flush_interval=flush_interval)
    storage.load_lexicon(settings.lexicon_path, settings.dialogs_dir)
    storage.events.start()
    return storage
