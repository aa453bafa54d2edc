"""`SessionStore` on SQLite: one row per user key with the engine's small JSON state.

Saves are written at once (one short transaction): the next message must find the state. Rows idle longer
than the events retention are purged (`bot.storage.retention`).

The last state saved for each person active in the last few minutes is also kept in memory (as the JSON
text written), so the next step of a conversation loads it without a hand-off to the database thread (about
half of the store's cost per step, `docs/performance.md`). This process owns the file and every change
goes through this store (``save``, ``delete``; ``mark_inactive`` leaves the state as it is), so the copy is
the row; it is dropped after ``recent_seconds`` all the same (a row changed by hand, a restored backup)."""

from __future__ import annotations

import json
import logging
import time
from collections import OrderedDict
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from datetime import datetime
from typing import Any

from bot.storage.sqlite.connection import Database
from bot.storage.sqlite.timefmt import to_ts, utcnow
from bot.storage.turns import KeyedLocks

logger = logging.getLogger(__name__)

RECENT_SECONDS = 300.0  # how long a saved state is served from memory
RECENT_MAX = 2048  # states kept in memory at most (the least recently saved go first); ~1 KB each


class SqliteSessionStore:
    def __init__(
        self,
        db: Database,
        *,
        clock: Callable[[], datetime] = utcnow,
        recent_seconds: float = RECENT_SECONDS,
        recent_max: int = RECENT_MAX,
    ) -> None:
        self._db = db
        self._clock = clock
        self._turns = KeyedLocks()
        self._recent: OrderedDict[str, tuple[float, str]] = OrderedDict()  # key -> (saved at, JSON text)
        self._recent_seconds = recent_seconds
        self._recent_max = recent_max

    def turn(self, user_key: str) -> AbstractAsyncContextManager[None]:
        """One process owns the SQLite file: an in-process lock per user is enough."""
        return self._turns.hold(user_key)

    async def load(self, user_key: str) -> dict[str, Any] | None:
        payload = self._recalled(user_key)
        if payload is None:
            row = await self._db.fetchone("SELECT state FROM sessions WHERE user_key = ?", (user_key,))
            if row is None:
                return None
            payload = row[0]
        try:
            state = json.loads(payload)
        except ValueError:
            logger.warning("unreadable session state ignored (the conversation starts again)")
            return None
        return state if isinstance(state, dict) else None

    async def save(self, user_key: str, state: dict[str, Any]) -> None:
        payload = json.dumps(state, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        self._recent.pop(user_key, None)  # until it is committed, the row is the truth
        await self._db.write_one(
            "INSERT INTO sessions (user_key, state, updated_at, active) VALUES (?, ?, ?, 1) "
            "ON CONFLICT (user_key) DO UPDATE SET state = excluded.state, "
            "updated_at = excluded.updated_at, active = 1",
            (user_key, payload, to_ts(self._clock())),
        )
        self._recent[user_key] = (time.monotonic(), payload)
        self._recent.move_to_end(user_key)
        while len(self._recent) > self._recent_max:
            self._recent.popitem(last=False)

    async def delete(self, user_key: str) -> None:
        self._recent.pop(user_key, None)
        await self._db.write_one("DELETE FROM sessions WHERE user_key = ?", (user_key,))
        self._recent.pop(user_key, None)

    def _recalled(self, user_key: str) -> str | None:
        """The JSON text saved for this person by this store within ``recent_seconds``, if any."""
        recent = self._recent.get(user_key)
        if recent is None:
            return None
        saved_at, payload = recent
        if time.monotonic() - saved_at > self._recent_seconds:
            del self._recent[user_key]
            return None
        return payload

    async def mark_inactive(self, user_key: str) -> None:
        await self._db.write_one("UPDATE sessions SET active = 0 WHERE user_key = ?", (user_key,))

    async def is_active(self, user_key: str) -> bool:
        """False when the user blocked the bot (or has no session)."""
        row = await self._db.fetchone("SELECT active FROM sessions WHERE user_key = ?", (user_key,))
        return bool(row and row[0])
