"""`SessionStore` on PostgreSQL, safe for several worker processes.

``turn(user_key)`` opens a transaction on one pooled connection and takes
``pg_advisory_xact_lock(hashtextextended(user_key, 0))``: a second worker handling the same user waits
there until the first one commits. ``load``/``save``/``delete`` called inside the turn (same task) run on
that connection, so the state is committed when the turn ends — before the conversation service returns the
replies to be sent. A worker killed mid-turn never commits: PostgreSQL rolls back and releases the lock as
soon as the connection drops, and the update, not acknowledged to Telegram, is delivered again."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from contextvars import ContextVar
from datetime import datetime
from typing import Any

from bot.storage.sqlite.timefmt import utcnow

logger = logging.getLogger(__name__)

# (store, user key, connection) of the turn running in this task, if any.
_TURN: ContextVar[tuple[object, str, Any] | None] = ContextVar("postgres_turn", default=None)

LOCK_SQL = "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))"


class PostgresSessionStore:
    def __init__(self, pool: Any, *, clock: Callable[[], datetime] = utcnow) -> None:
        self._pool = pool
        self._clock = clock

    def turn(self, user_key: str) -> AbstractAsyncContextManager[None]:
        return self._turn(user_key)

    @asynccontextmanager
    async def _turn(self, user_key: str) -> AsyncIterator[None]:
        async with self._pool.acquire() as conn, conn.transaction():
            await conn.execute(LOCK_SQL, user_key)
            token = _TURN.set((self, user_key, conn))
            try:
                yield
            finally:
                _TURN.reset(token)

    @asynccontextmanager
    async def _connection(self, user_key: str) -> AsyncIterator[Any]:
        """The turn's connection when this user's turn runs in this task, else a pooled one."""
        current = _TURN.get()
        if current is not None and current[0] is self and current[1] == user_key:
            yield current[2]
            return
        async with self._pool.acquire() as conn:
            yield conn

    async def load(self, user_key: str) -> dict[str, Any] | None:
        async with self._connection(user_key) as conn:
            raw = await conn.fetchval("SELECT state FROM sessions WHERE user_key = $1", user_key)
        if raw is None:
            return None
        try:
            state = json.loads(raw)
        except ValueError:
            logger.warning("unreadable session state ignored (the conversation starts again)")
            return None
        return state if isinstance(state, dict) else None

    async def save(self, user_key: str, state: dict[str, Any]) -> None:
        payload = json.dumps(state, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        async with self._connection(user_key) as conn:
            await conn.execute(
                "INSERT INTO sessions (user_key, state, updated_at, active) VALUES ($1, $2, $3, TRUE) "
                "ON CONFLICT (user_key) DO UPDATE SET state = excluded.state, "
                "updated_at = excluded.updated_at, active = TRUE",
                user_key,
                payload,
                self._clock(),
            )

    async def delete(self, user_key: str) -> None:
        async with self._connection(user_key) as conn:
            await conn.execute("DELETE FROM sessions WHERE user_key = $1", user_key)

    async def mark_inactive(self, user_key: str) -> None:
        async with self._connection(user_key) as conn:
            await conn.execute("UPDATE sessions SET active = FALSE WHERE user_key = $1", user_key)

    async def is_active(self, user_key: str) -> bool:
        """False when the user blocked the bot (or has no session)."""
        async with self._connection(user_key) as conn:
            return bool(await conn.fetchval("SELECT active FROM sessions WHERE user_key = $1", user_key))
