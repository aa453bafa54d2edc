"""Retention: the daily purge and /oubli.

- events older than ``settings.retention_events_days`` are deleted;
- unmatched texts older than ``settings.retention_unmatched_days`` are deleted;
- sessions idle for longer than ``settings.retention_events_days`` are deleted.

After deleting, the WAL is checkpointed and truncated on a connection of its own (never the shared one, so
it cannot make a user's step fail); with ``secure_delete`` the erased rows leave no copy in the file."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

import aiosqlite

from bot.config import Settings
from bot.dialogs.facts import Forgotten
from bot.storage.sqlite import Database, Storage
from bot.storage.sqlite.timefmt import to_ts, utcnow

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PurgeReport:
    events_before: datetime
    unmatched_before: datetime
    sessions_before: datetime
    events: int
    unmatched_texts: int
    sessions: int

    @property
    def total(self) -> int:
        return self.events + self.unmatched_texts + self.sessions

    def describe(self) -> str:
        """French, one line per table, for the CLI and the logs."""
        return (
            f"{self.events} événement(s) antérieur(s) au {self.events_before:%d/%m/%Y %H:%M} UTC\n"
            f"{self.unmatched_texts} texte(s) non compris antérieur(s) au "
            f"{self.unmatched_before:%d/%m/%Y %H:%M} UTC\n"
            f"{self.sessions} session(s) inactive(s) depuis le {self.sessions_before:%d/%m/%Y %H:%M} UTC"
        )


def _database(storage: Storage | Database) -> Database:
    return storage.db if isinstance(storage, Storage) else storage


async def purge(storage: Storage | Database, settings: Settings, now: datetime | None = None) -> PurgeReport:
    """Delete what is past retention. Rows strictly older than ``now - retention`` go; the rest stays."""
    db = _database(storage)
    now = now or utcnow()
    events_before = now - timedelta(days=settings.retention_events_days)
    unmatched_before = now - timedelta(days=settings.retention_unmatched_days)

    async def delete(conn: aiosqlite.Connection) -> tuple[int, int, int]:
        events = await conn.execute("DELETE FROM events WHERE ts < ?", (to_ts(events_before),))
        unmatched = await conn.execute("DELETE FROM unmatched_texts WHERE ts < ?", (to_ts(unmatched_before),))
        sessions = await conn.execute("DELETE FROM sessions WHERE updated_at < ?", (to_ts(events_before),))
        counts = (events.rowcount, unmatched.rowcount, sessions.rowcount)
        for cursor in (events, unmatched, sessions):
            await cursor.close()
        return counts

    counts = await db.write(delete)  # retried as a whole if the database is busy
    await db.checkpoint()  # on its own connection: never collides with user work
    report = PurgeReport(events_before, unmatched_before, events_before, *counts)
    logger.info(
        "Purge : %d événements, %d textes non compris, %d sessions",
        report.events,
        report.unmatched_texts,
        report.sessions,
    )
    return report


async def forget_user(storage: Storage, user_key: str, dialog_version: str = "") -> None:
    """/oubli: erase the user's state and every row of theirs, then log an anonymous ``forgotten`` event."""
    await storage.sessions.delete(user_key)
    await storage.events.forget(user_key)  # also checkpoints the WAL
    await storage.events.record(user_key, dialog_version, [Forgotten()])  # stored without the key
    await storage.events.flush()
