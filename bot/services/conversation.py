"""The conversation service: load state -> engine step -> save state + log facts -> replies.

The one place where the pure engine meets storage. Steps of one user are serialised (a lock per user
key, and ``SessionStore.turn`` across worker processes when the store is shared), different users run
concurrently. State is saved — committed, for PostgreSQL — *before* the replies are returned, so a crash
after sending never loses an answer the user saw acknowledged."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import replace
from weakref import WeakValueDictionary

from bot.engine import events as ev
from bot.engine import facts as fx
from bot.engine.core import Engine, StepResult
from bot.engine.replies import Reply
from bot.storage.base import EventLog, SessionStore

logger = logging.getLogger(__name__)


class ConversationService:
    def __init__(self, engine: Engine, sessions: SessionStore, events: EventLog) -> None:
        self.engine = engine
        self.sessions = sessions
        self.events = events
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

    async def step(self, user_key: str, event: ev.Event) -> StepResult:
        """One step: its replies, whether the event was a stale button, the new state and its facts."""
        async with self._lock(user_key):
            async with self.sessions.turn(user_key):
                engine = self.engine  # one engine for the whole turn, even if a reload swaps it meanwhile
                saved = await self.sessions.load(user_key)
                state = engine.restore(saved)
                facts: list[fx.Fact] = []
                if saved is not None and state is None:
                    logger.warning("unreadable saved state for a user; restarting them")
                    facts.append(fx.StateReset("unreadable"))
                result = engine.step(state, event)
                await self.sessions.save(user_key, result.state.to_dict())
            facts.extend(result.facts)
            await self.record(user_key, facts)
            return replace(result, facts=facts)

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
            async with self.sessions.turn(user_key):
                await self.sessions.delete(user_key)
            await self.events.forget(user_key)
            # counted without the user key (the storage drops it for this fact)
            await self.record(user_key, [fx.Forgotten()])

    async def mark_inactive(self, user_key: str) -> None:
        await self.sessions.mark_inactive(user_key)
