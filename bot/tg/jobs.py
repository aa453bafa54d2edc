"""Scheduled work: the daily retention purge, the hourly rebuild of the admins' aggregates, and the
follow-ups due (every minute)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from telegram.ext import Application, CallbackContext

logger = logging.getLogger(__name__)

PURGE_AT = dt.time(3, 30, tzinfo=dt.UTC)
JOB_NAME = "retention-purge"
STATS_JOB_NAME = "stats-rebuild"
STATS_EVERY = dt.timedelta(hours=1)
STATS_FIRST = dt.timedelta(seconds=30)  # soon after start, so a fresh deployment has a dashboard
FOLLOWUPS_JOB = "followups-due"


def schedule_purge(
    application: Application[Any, Any, Any, Any, Any, Any],
    purge: Callable[[], Awaitable[object]],
    at: dt.time = PURGE_AT,
) -> bool:
    """Run ``purge`` every day at ``at``. False (and a warning) when PTB has no job queue."""
    if application.job_queue is None:
        logger.warning("no job queue (PTB job-queue extra): the daily purge is disabled")
        return False

    async def run(_: CallbackContext[Any, Any, Any, Any]) -> None:
        try:
            result = await purge()
        except Exception:
            logger.exception("daily purge failed; next try tomorrow")
            return
        logger.info("daily purge done: %s", result)

    application.job_queue.run_daily(run, time=at, name=JOB_NAME)
    return True


def schedule_stats_rebuild(
    application: Application[Any, Any, Any, Any, Any, Any],
    rebuild: Callable[[], Awaitable[object]],
    every: dt.timedelta = STATS_EVERY,
    first: dt.timedelta = STATS_FIRST,
) -> bool:
    """Rebuild the aggregates database every ``every`` (first after ``first``). False without job queue."""
    if application.job_queue is None:
        logger.warning("no job queue (PTB job-queue extra): the hourly aggregates are disabled")
        return False

    async def run(_: CallbackContext[Any, Any, Any, Any]) -> None:
        try:
            result = await rebuild()
        except Exception:
            logger.exception("rebuilding the aggregates failed; next try in an hour")
            return
        logger.info("hourly aggregates rebuilt: %s", result)

    application.job_queue.run_repeating(run, interval=every, first=first, name=STATS_JOB_NAME)
    return True


def schedule_followups(
    application: Application[Any, Any, Any, Any, Any, Any],
    send_due: Callable[[], Awaitable[object]],
    every: float,
    first: float,
) -> bool:
    """Run ``send_due`` every ``every`` seconds, the first time ``first`` seconds after start-up (what
    fell due while the bot was stopped goes out then). False (and a warning) without a job queue."""
    if application.job_queue is None:
        logger.warning("no job queue (PTB job-queue extra): follow-ups will not be sent")
        return False

    async def run(_: CallbackContext[Any, Any, Any, Any]) -> None:
        try:
            await send_due()
        except Exception:
            logger.exception("sending the follow-ups failed; next try in %.0f s", every)

    application.job_queue.run_repeating(run, interval=every, first=first, name=FOLLOWUPS_JOB)
    return True
