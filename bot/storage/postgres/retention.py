"""Retention on PostgreSQL: the same limits and the same report as ``bot.storage.retention.purge``.

Events older than ``retention_events_days``, unmatched texts older than ``retention_unmatched_days`` and
sessions idle longer than ``retention_events_days`` are deleted in one transaction. Deleted rows disappear
from every query at once; autovacuum reclaims their space (no WAL file to truncate as with SQLite)."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from bot.config import Settings
from bot.storage.retention import FOLLOWUP_OVERDUE_DAYS, PurgeReport
from bot.storage.sqlite.timefmt import utcnow

logger = logging.getLogger(__name__)


def _count(status: str) -> int:
    """Rows touched, from a command status such as ``DELETE 12``."""
    return int(status.rsplit(" ", 1)[-1])


async def purge(pool: Any, settings: Settings, now: datetime | None = None) -> PurgeReport:
    """Delete what is past retention. Rows strictly older than ``now - retention`` go; the rest stays."""
    now = now or utcnow()
    events_before = now - timedelta(days=settings.retention_events_days)
    unmatched_before = now - timedelta(days=settings.retention_unmatched_days)
    async with pool.acquire() as conn, conn.transaction():
        events = _count(await conn.execute("DELETE FROM events WHERE ts < $1", events_before))
        unmatched = _count(await conn.execute("DELETE FROM unmatched_texts WHERE ts < $1", unmatched_before))
        sessions = _count(await conn.execute("DELETE FROM sessions WHERE updated_at < $1", events_before))
        followups = _count(
            await conn.execute(
                "DELETE FROM followups WHERE due_at < $1 OR user_key NOT IN (SELECT user_key FROM sessions)",
                now - timedelta(days=FOLLOWUP_OVERDUE_DAYS),
            )
        )
    report = PurgeReport(
        events_before, unmatched_before, events_before, events, unmatched, sessions, followups
    )
    logger.info(
        "purge: %d events, %d unmatched texts, %d sessions, %d follow-ups",
        events,
        unmatched,
        sessions,
        followups,
    )
    return report
