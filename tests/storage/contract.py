"""The storage backends under one shape, for the contract tests (`test_contract.py`).

Each backend gives its ``SessionStore`` and ``EventLog`` — the objects the conversation service uses —
plus read-back helpers that look at what the backend really kept (its tables, or the twin's lists)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from bot.config import Settings
from bot.engine import facts as f
from bot.storage.base import EventLog, SessionStore
from bot.storage.lexicon import load_lexicon
from bot.storage.memory import MemoryEventLog, MemorySessionStore
from bot.storage.redact import redact
from bot.storage.sqlite import open_storage
from bot.storage.sqlite.encode import encode

Stored = list[tuple[str | None, str]]


@dataclass
class Backend:
    name: str
    sessions: SessionStore
    events: EventLog
    stored_events: Callable[[], Awaitable[Stored]]
    """(user key or None, kind) of every event written, in order."""
    stored_unmatched: Callable[[], Awaitable[Stored]]
    """(user key or None, redacted text) of every unmatched text written, in order."""
    is_active: Callable[[str], Awaitable[bool]]


@asynccontextmanager
async def memory_backend() -> AsyncIterator[Backend]:
    sessions, events = MemorySessionStore(), MemoryEventLog()
    lexicon = load_lexicon(Settings().lexicon_path, Settings().dialogs_dir)

    async def stored_events() -> Stored:
        return [(key or None, encode(fact).kind) for key, _, fact in events.events]

    async def stored_unmatched() -> Stored:
        return [
            (key or None, lexicon.mask(redact(fact.unmatched_text)))
            for key, _, fact in events.events
            if isinstance(fact, f.Answered) and fact.outcome == "unmatched" and fact.unmatched_text
        ]

    yield Backend("memory", sessions, events, stored_events, stored_unmatched, sessions.is_active)


@asynccontextmanager
async def sqlite_backend(tmp_path: Path) -> AsyncIterator[Backend]:
    settings = Settings(db_path=tmp_path / "bot.sqlite3", secret_path=tmp_path / "secret.key")
    storage = await open_storage(settings)
    db = storage.db

    async def stored_events() -> Stored:
        return [
            (k, str(kind)) for k, kind in await db.fetchall("SELECT user_key, kind FROM events ORDER BY id")
        ]

    async def stored_unmatched() -> Stored:
        rows = await db.fetchall("SELECT user_key, text FROM unmatched_texts ORDER BY id")
        return [(k, str(text)) for k, text in rows]

    try:
        yield Backend(
            "sqlite",
            storage.sessions,
            storage.events,
            stored_events,
            stored_unmatched,
            storage.sessions.is_active,
        )
    finally:
        await storage.aclose()


@asynccontextmanager
async def postgres_backend(url: str, tmp_path: Path) -> AsyncIterator[Backend]:
    from bot.storage.postgres import open_storage as open_postgres

    settings = Settings(secret_path=tmp_path / "secret.key", database_url=url)
    storage = await open_postgres(settings)
    pool = storage.pool

    async def stored_events() -> Stored:
        rows = await pool.fetch("SELECT user_key, kind FROM events ORDER BY id")
        return [(row[0], str(row[1])) for row in rows]

    async def stored_unmatched() -> Stored:
        rows = await pool.fetch("SELECT user_key, text FROM unmatched_texts ORDER BY id")
        return [(row[0], str(row[1])) for row in rows]

    try:
        yield Backend(
            "postgres",
            storage.sessions,
            storage.events,
            stored_events,
            stored_unmatched,
            storage.sessions.is_active,
        )
    finally:
        await storage.aclose()
