"""Sending the follow-ups that are due (« Tu as pu y aller ? », a week after the person asked for it).

Why a periodic job rather than one JobQueue job per person, re-armed at start-up: the table *is* the
schedule. A job every minute asks it for what is due (one indexed query), so a restart, a crash (kill -9)
or a day of downtime needs no re-arming — what fell due meanwhile goes out at the next run — memory does
not grow with the number of pending follow-ups, and several workers could share the table.

Each follow-up is sent once: the row (with its chat id) is deleted right after the message went out.
A blocked bot (403) marks the person inactive and cancels; a network failure is retried later, up to
`MAX_ATTEMPTS` times in all, then dropped — never a retry storm."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from telegram.error import TelegramError

from bot.engine.facts import FollowupSent
from bot.engine.followup import followup_message
from bot.storage.base import PendingFollowup
from bot.tg.edge import Edge
from bot.tg.render import render
from bot.tg.sender import UserBlocked

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
RETRY_AFTER = timedelta(hours=1)  # then 2 h
BATCH = 100  # follow-ups read at once
MAX_BATCHES = 20  # per run: 2,000 follow-ups a minute at most (Telegram's ~30 messages/s); the rest waits


@dataclass(frozen=True, slots=True)
class Outcome:
    sent: int = 0
    blocked: int = 0
    postponed: int = 0
    dropped: int = 0


async def send_due_followups(edge: Edge) -> Outcome:
    """Send every follow-up due now (up to `MAX_BATCHES` × `BATCH`); one person's failure never stops
    the others. Each one sent, blocked, postponed or dropped leaves the due list, so the loop ends."""
    backend, _ = edge.ready
    store = backend.followups
    if store is None:
        return Outcome()
    now = backend.clock()
    sent = blocked = postponed = dropped = 0
    for _ in range(MAX_BATCHES):
        batch = await store.due(now, BATCH)
        for pending in batch:
            result = await _send_one(edge, pending)
            if result == "sent":
                sent += 1
            elif result == "blocked":
                blocked += 1
            elif pending.attempts + 1 >= MAX_ATTEMPTS:
                await store.cancel(pending.user_key)
                dropped += 1
            else:
                await store.postpone(pending.user_key, now + RETRY_AFTER * 2**pending.attempts)
                postponed += 1
        if len(batch) < BATCH:
            break
    outcome = Outcome(sent, blocked, postponed, dropped)
    if outcome != Outcome():
        logger.info(
            "follow-ups: %d sent, %d blocked, %d postponed, %d dropped", sent, blocked, postponed, dropped
        )
    return outcome


async def _send_one(edge: Edge, pending: PendingFollowup) -> str:
    backend, sender = edge.ready
    assert backend.followups is not None
    lang = await backend.service.language(pending.user_key)
    rendered = render(
        [followup_message(lang)], version=backend.service.dialog_version, keyboard_shown=None, lang=lang
    )
    try:
        await sender.send_all(pending.chat_id, rendered.items)
    except UserBlocked:
        await edge.blocked(pending.user_key)  # marks inactive and cancels the follow-up
        await backend.followups.cancel(pending.user_key)
        return "blocked"
    except TelegramError as exc:
        logger.warning(
            "follow-up for user %s not sent (%s), attempt %d",
            pending.user_key[:8],
            type(exc).__name__,
            pending.attempts + 1,
        )
        return "failed"
    await backend.followups.cancel(pending.user_key)  # the chat id goes with it
    await backend.service.record(pending.user_key, [FollowupSent()])
    return "sent"
