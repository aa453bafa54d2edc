"""`FollowupStore` on SQLite: one row per user key while a follow-up is pending.

The row holds the Telegram chat id needed to write a week later; it is deleted as soon as the follow-up is
sent, cancelled or past retention (`bot.storage.retention`). Writes are immediate: a follow-up asked for
survives a crash of the process the next second."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from bot.storage.base import PendingFollowup
from bot.storage.sqlite.connection import Database
from bot.storage.sqlite.timefmt import from_ts, to_ts, utcnow


class SqliteFollowupStore:
    def __init__(self, db: Database, *, clock: Callable[[], datetime] = utcnow) -> None:
        self._db = db
        self._clock = clock

    async def schedule(self, user_key: str, chat_id: int, due_at: datetime) -> None:
        async with self._db.transaction() as conn:
            await conn.execute(
                "INSERT INTO followups (user_key, chat_id, due_at, attempts, created_at) "
                "VALUES (?, ?, ?, 0, ?) ON CONFLICT (user_key) DO UPDATE SET chat_id = excluded.chat_id, "
                "due_at = excluded.due_at, attempts = 0, created_at = excluded.created_at",
                (user_key, chat_id, to_ts(due_at), to_ts(self._clock())),
            )

    async def cancel(self, user_key: str) -> None:
        async with self._db.transaction() as conn:
            await conn.execute("DELETE FROM followups WHERE user_key = ?", (user_key,))

    async def due(self, now: datetime, limit: int = 100) -> list[PendingFollowup]:
        rows = await self._db.fetchall(
            "SELECT user_key, chat_id, due_at, attempts FROM followups WHERE due_at <= ? "
            "ORDER BY due_at LIMIT ?",
            (to_ts(now), limit),
        )
        return [PendingFollowup(str(r[0]), int(r[1]), from_ts(str(r[2])), int(r[3])) for r in rows]

    async def postpone(self, user_key: str, due_at: datetime) -> None:
        async with self._db.transaction() as conn:
            await conn.execute(
                "UPDATE followups SET due_at = ?, attempts = attempts + 1 WHERE user_key = ?",
                (to_ts(due_at), user_key),
            )
