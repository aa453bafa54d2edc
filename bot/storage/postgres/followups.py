"""`FollowupStore` on PostgreSQL: the same table and rules as `bot.storage.sqlite.followups`.

One row per user key while a follow-up is pending; it holds the chat id needed to write a week later and is
deleted as soon as the follow-up is sent, cancelled or past retention. Delivery is at least once, as on
SQLite: with several workers, two may pick the same due row in the same minute (docs/postgresql.md)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from bot.storage.base import PendingFollowup


def _utcnow() -> datetime:
    return datetime.now(UTC)


class PostgresFollowupStore:
    def __init__(self, pool: Any, *, clock: Callable[[], datetime] = _utcnow) -> None:
        self._pool = pool
        self._clock = clock

    async def schedule(self, user_key: str, chat_id: int, due_at: datetime) -> None:
        await self._pool.execute(
            "INSERT INTO followups (user_key, chat_id, due_at, attempts, created_at) "
            "VALUES ($1, $2, $3, 0, $4) "
            "ON CONFLICT (user_key) DO UPDATE SET chat_id = excluded.chat_id, due_at = excluded.due_at, "
            "attempts = 0, created_at = excluded.created_at",
            user_key,
            chat_id,
            due_at,
            self._clock(),
        )

    async def cancel(self, user_key: str) -> None:
        await self._pool.execute("DELETE FROM followups WHERE user_key = $1", user_key)

    async def due(self, now: datetime, limit: int = 100) -> list[PendingFollowup]:
        rows = await self._pool.fetch(
            "SELECT user_key, chat_id, due_at, attempts FROM followups WHERE due_at <= $1 "
            "ORDER BY due_at, user_key LIMIT $2",
            now,
            limit,
        )
        return [PendingFollowup(str(r[0]), int(r[1]), r[2], int(r[3])) for r in rows]

    async def postpone(self, user_key: str, due_at: datetime) -> None:
        await self._pool.execute(
            "UPDATE followups SET due_at = $1, attempts = attempts + 1 WHERE user_key = $2", due_at, user_key
        )
