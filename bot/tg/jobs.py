"""Scheduled work: the daily retention purge."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from telegram.ext import Application, CallbackContext

logger = logging.getLogger(__name__)

PURGE_AT = dt.time(3, 30, tzinfo=dt.UTC)
JOB_NAME = "retention-purge"


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
