"""The conversation service: load state -> engine step -> save state + log facts -> replies.

The one place where the pure engine meets storage. Steps of one user are serialised (a lock per user
key, and ``SessionStore.turn`` across worker processes when the store is shared), different users run
concurrently. State is saved — committed, for PostgreSQL — *before* the replies are returned, so a crash
after sending never loses an answer the user saw acknowledged."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from weakref import WeakValueDictionary

from bot.engine import events as ev
from bot.engine import facts as fx
from bot.engine.core import Engine, StepResult
from bot.engine.replies import Reply
from bot.storage.base import EventLog, FollowupStore, SessionStore

logger = logging.getLogger(__name__)

FOLLOWUP_DELAY = timedelta(days=7)


def utcnow() -> datetime:
    return datetime.now(UTC)


class ConversationService:
    """``followups``: where follow-ups asked for after a result are kept (None: the channel cannot send
    them, e.g. the terminal preview); ``clock`` dates them (tests move it)."""

    def __init__(
        self,
        engine: Engine,
        sessions: SessionStore,
        events: EventLog,
        followups: FollowupStore | None = None,
        *,
        clock: Callable[[], datetime] = utcnow,
        followup_delay: timedelta = FOLLOWUP_DELAY,
    ) -> None:
        self.engine = engine
        self.sessions = sessions
        self.events = events
        self.followups = followups
        self.clock = clock
        self.followup_delay = followup_delay
        self._locks: WeakValueDictionary[str, asyncio.Lock] = WeakValueDictionary()

    @property
    def dialog_version(self) -> str:
        return self.engine.version

    def use(self, engine: Engine) -> None:
        """Serve ``engine`` from the next turn on (live reload); a turn in progress keeps its own."""
        self.engine = engine

    def _lock(self, user_key: str) -> asyncio.Lock:
        lock = self._locks.get(user_key)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[user_key] = lock
        return lock

    async def handle(self, user_key: str, event: ev.Event) -> list[Reply]:
        """One step; its replies."""
        return (await self.step(user_key, event)).replies

    async def step(
        self, user_key: str, event: ev.Event, *, lang: str | None = None, contact: int | None = None
    ) -> StepResult:
        """One step: its replies, whether the event was a stale button, the new state and its facts.

        ``lang``: the channel's language code, for a conversation that starts now. ``contact``: how the
        channel reaches this person (the Telegram chat id), kept only if they ask for a follow-up."""
        async with self._lock(user_key):
            async with self.sessions.turn(user_key):
                engine = self.engine  # one engine for the whole turn, even if a reload swaps it meanwhile
                saved = await self.sessions.load(user_key)
                state = engine.restore(saved)
                facts: list[fx.Fact] = []
                if saved is not None and state is None:
                    logger.warning("unreadable saved state for a user; restarting them")
                    facts.append(fx.StateReset("unreadable"))
                result = engine.step(state, event, lang=lang)
                await self.sessions.save(user_key, result.state.to_dict())
            facts.extend(result.facts)
            await self._followup(user_key, result.facts, contact)
            await self.record(user_key, facts)
            return replace(result, facts=facts)

    async def _followup(self, user_key: str, facts: Sequence[fx.Fact], contact: int | None) -> None:
        if self.followups is None:
            return
        for fact in facts:
            if isinstance(fact, fx.FollowupRequested) and contact is not None:
                await self.followups.schedule(user_key, contact, self.clock() + self.followup_delay)
            elif isinstance(fact, fx.FollowupDeclined):
                await self.followups.cancel(user_key)

    async def language(self, user_key: str, hint: str | None = None) -> str:
        """The language this person's conversation speaks; for someone new, the one ``hint`` (the
        channel's language code) gives when the dialog has it, else French."""
        state = self.engine.restore(await self.sessions.load(user_key))
        return state.lang if state is not None else self.engine.language(hint)

    async def record(self, user_key: str, facts: Sequence[fx.Fact]) -> None:
        """Log facts; the usage log must never break a reply."""
        if not facts:
            return
        try:
            await self.events.record(user_key, self.engine.version, facts)
        except Exception:
            logger.warning("could not record %d usage facts", len(facts), exc_info=True)

    async def forget(self, user_key: str) -> None:
        async with self._lock(user_key):
            if self.followups is not None:
                await self.followups.cancel(user_key)
            async with self.sessions.turn(user_key):
                await self.sessions.delete(user_key)
            await self.events.forget(user_key)
            # counted without the user key (the storage drops it for this fact)
            await self.record(user_key, [fx.Forgotten()])

    async def mark_inactive(self, user_key: str) -> None:
        """The person blocked the bot: stop writing to them (their pending follow-up is cancelled)."""
        await self.sessions.mark_inactive(user_key)
        if self.followups is not None:
            await self.followups.cancel(user_key)
