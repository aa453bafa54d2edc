"""In-memory twins of the storage Protocols: the terminal preview and the tests use them."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from bot.engine.facts import Fact, Forgotten
from bot.storage.base import PendingFollowup
from bot.storage.turns import KeyedLocks


@dataclass
class MemorySessionStore:
    states: dict[str, dict[str, Any]] = field(default_factory=dict)
    inactive: set[str] = field(default_factory=set)
    _turns: KeyedLocks = field(default_factory=KeyedLocks, repr=False)

    def turn(self, user_key: str) -> AbstractAsyncContextManager[None]:
        return self._turns.hold(user_key)

    async def load(self, user_key: str) -> dict[str, Any] | None:
        state = self.states.get(user_key)
        return copy.deepcopy(state) if state is not None else None

    async def save(self, user_key: str, state: dict[str, Any]) -> None:
        self.states[user_key] = copy.deepcopy(state)
        self.inactive.discard(user_key)

    async def delete(self, user_key: str) -> None:
        self.states.pop(user_key, None)
        self.inactive.discard(user_key)

    async def mark_inactive(self, user_key: str) -> None:
        if user_key in self.states:
            self.inactive.add(user_key)

    async def is_active(self, user_key: str) -> bool:
        """False when the user blocked the bot (or has no session)."""
        return user_key in self.states and user_key not in self.inactive


@dataclass
class MemoryEventLog:
    events: list[tuple[str, str, Fact]] = field(default_factory=list)

    async def record(self, user_key: str, dialog_version: str, facts: Sequence[Fact]) -> None:
        self.events.extend(
            ("" if isinstance(fact, Forgotten) else user_key, dialog_version, fact) for fact in facts
        )

    async def forget(self, user_key: str) -> None:
        self.events = [e for e in self.events if e[0] != user_key]

    async def flush(self) -> None:
        return None


@dataclass
class MemoryFollowupStore:
    pending: dict[str, PendingFollowup] = field(default_factory=dict)

    async def schedule(self, user_key: str, chat_id: int, due_at: datetime) -> None:
        self.pending[user_key] = PendingFollowup(user_key, chat_id, due_at)

    async def cancel(self, user_key: str) -> None:
        self.pending.pop(user_key, None)

    async def due(self, now: datetime, limit: int = 100) -> list[PendingFollowup]:
        ready = sorted((p for p in self.pending.values() if p.due_at <= now), key=lambda p: p.due_at)
        return ready[:limit]

    async def postpone(self, user_key: str, due_at: datetime) -> None:
        pending = self.pending.get(user_key)
        if pending is not None:
            self.pending[user_key] = replace(pending, due_at=due_at, attempts=pending.attempts + 1)
