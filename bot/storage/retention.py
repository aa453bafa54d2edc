"""Retention: the daily purge and /oubli.

- events older than ``settings.retention_events_days`` are deleted;
- unmatched texts older than ``settings.retention_unmatched_days`` are deleted;
- sessions idle for longer than ``settings.retention_events_days`` are deleted;
- pending follow-ups are deleted with their user's session, and when overdue by more than
  ``FOLLOWUP_OVERDUE_DAYS`` (the bot was down: a « one week later » message a month late makes no sense).

After deleting, the WAL is checkpointed and truncated on a connection of its own (never the shared one, so
it cannot make a user's step fail); with ``secure_delete`` the erased rows leave no copy in the file."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

import aiosqlite

from bot.config import Settings
from bot.storage.sqlite import Database, Storage
from bot.storage.sqlite.timefmt import to_ts, utcnow

logger = logging.getLogger(__name__)

FOLLOWUP_OVERDUE_DAYS = 30


@dataclass(frozen=True, slots=True)
class PurgeReport:
    events_before: datetime
    unmatched_before: datetime
    sessions_before: datetime
    events: int
    unmatched_texts: int
    sessions: int
    followups: int = 0

    @property
    def total(self) -> int:
        return self.events + self.unmatched_texts + self.sessions + self.followups

    def describe(self) -> str:
        """French, one line per table, for the CLI and the logs."""
        return (
            f"{self.events} événement(s) antérieur(s) au {self.events_before:%d/%m/%Y %H:%M} UTC\n"
            f"{self.unmatched_texts} texte(s) non compris antérieur(s) au "
            f"{self.unmatched_before:%d/%m/%Y %H:%M} UTC\n"
            f"{self.sessions} session(s) inactive(s) depuis le {self.sessions_before:%d/%m/%Y %H:%M} UTC\n"
            f"{self.followups} relance(s) annulée(s) (conversation effacée ou trop en retard)"
        )


def _database(storage: Storage | Database) -> Database:
    return storage.db if isinstance(storage, Storage) else storage


async def purge(storage: Storage | Database, settings: Settings, now: datetime | None = None) -> PurgeReport:
    """Delete what is past retention. Rows strictly older than ``now - retention`` go; the rest stays."""
    db = _database(storage)
    now = now or utcnow()
    events_before = now - timedelta(days=settings.retention_events_days)
    unmatched_before = now - timedelta(days=settings.retention_unmatched_days)

    async def delete(conn: aiosqlite.Connection) -> tuple[int, int, int, int]:
        events = await conn.execute("DELETE FROM events WHERE ts < ?", (to_ts(events_before),))
        unmatched = await conn.execute("DELETE FROM unmatched_texts WHERE ts < ?", (to_ts(unmatched_before),))
        sessions = await conn.execute("DELETE FROM sessions WHERE updated_at < ?", (to_ts(events_before),))
        followups = await conn.execute(
            "DELETE FROM followups WHERE due_at < ? OR user_key NOT IN (SELECT user_key FROM sessions)",
            (to_ts(now - timedelta(days=FOLLOWUP_OVERDUE_DAYS)),),
        )
        counts = (events.rowcount, unmatched.rowcount, sessions.rowcount, followups.rowcount)
        for cursor in (events, unmatched, sessions, followups):
            await cursor.close()
        return counts

    counts = await db.write(delete)  # retried as a whole if the database is busy
    await db.checkpoint()  # on its own connection: never collides with user work
    report = PurgeReport(events_before, unmatched_before, events_before, *counts)
    logger.info(
        "purge: %d events, %d unmatched texts, %d sessions, %d follow-ups",
        report.events,
        report.unmatched_texts,
        report.sessions,
        report.followups,
    )
    return report
