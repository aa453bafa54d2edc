"""`SessionStore` on SQLite: one row per user key with the engine's small JSON state.

Saves are written at once (one short transaction): the next message must find the state. Rows idle longer
than the events retention are purged (`bot.storage.retention`)."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from datetime import datetime
from typing import Any

from bot.storage.sqlite.connection import Database
from bot.storage.sqlite.timefmt import to_ts, utcnow
from bot.storage.turns import KeyedLocks

logger = logging.getLogger(__name__)


class SqliteSessionStore:
    def __init__(self, db: Database, *, clock: Callable[[], datetime] = utcnow) -> None:
        self._db = db
        self._clock = clock
        self._turns = KeyedLocks()

    def turn(self, user_key: str) -> AbstractAsyncContextManager[None]:
        """One process owns the SQLite file: an in-process lock per user is enough."""
        return self._turns.hold(user_key)

    async def load(self, user_key: str) -> dict[str, Any] | None:
        row = await self._db.fetchone("SELECT state FROM sessions WHERE user_key = ?", (user_key,))
        if row is None:
            return None
        try:
            state = json.loads(row[0])
        except ValueError:
            logger.warning("État de session illisible, ignoré (la conversation recommencera)")
            return None
        return state if isinstance(state, dict) else None

    async def save(self, user_key: str, state: dict[str, Any]) -> None:
        payload = json.dumps(state, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        await self._db.write_one(
            "INSERT INTO sessions (user_key, state, updated_at, active) VALUES (?, ?, ?, 1) "
            "ON CONFLICT (user_key) DO UPDATE SET state = excluded.state, "
            "updated_at = excluded.updated_at, active = 1",
            (user_key, payload, to_ts(self._clock())),
        )

    async def delete(self, user_key: str) -> None:
        await self._db.write_one("DELETE FROM sessions WHERE user_key = ?", (user_key,))

    async def mark_inactive(self, user_key: str) -> None:
        await self._db.write_one("UPDATE sessions SET active = 0 WHERE user_key = ?", (user_key,))

    async def is_active(self, user_key: str) -> bool:
        """False when the user blocked the bot (or has no session)."""
        row = await self._db.fetchone("SELECT active FROM sessions WHERE user_key = ?", (user_key,))
        return bool(row and row[0])
