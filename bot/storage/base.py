"""Storage contracts. The conversation service depends on these Protocols only.

Implementations: `bot.storage.memory` (tests, terminal preview), `bot.storage.sqlite` (production, one
machine) and `bot.storage.postgres` (several workers; ``BOT_DATABASE_URL``). One contract test class
(`tests/storage/test_contract.py`) runs every method below against each of them.
Users are only ever known by a pseudonymous key (HMAC of the Telegram id, see `bot.storage.pseudonym`)."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from bot.engine.facts import Fact


class SessionStore(Protocol):
    """Where each user's small conversation state lives between messages."""

    def turn(self, user_key: str) -> AbstractAsyncContextManager[None]:
        """Hold this user's turn: ``load`` -> engine step -> ``save`` inside it never interleave with
        another turn of the same user — in this process (memory, SQLite) or across every worker process
        sharing the database (PostgreSQL: the save is committed when the block exits without error)."""
        ...

    async def load(self, user_key: str) -> dict[str, Any] | None: ...

    async def save(self, user_key: str, state: dict[str, Any]) -> None: ...

    async def delete(self, user_key: str) -> None: ...

    async def mark_inactive(self, user_key: str) -> None:
        """The user blocked the bot: stop writing to them until they come back."""
        ...


class EventLog(Protocol):
    """The usage log. ``record`` must not slow a reply down (implementations may batch)."""

    async def record(self, user_key: str, dialog_version: str, facts: Sequence[Fact]) -> None: ...

    async def forget(self, user_key: str) -> None:
        """/oubli: erase every event of this user."""
        ...

    async def flush(self) -> None: ...


@dataclass(frozen=True, slots=True)
class PendingFollowup:
    """A follow-up the person asked for: where to send it and when.

    ``chat_id`` is the one identifying datum the bot keeps, and only while the follow-up is pending: it is
    deleted once the message is sent, cancelled (« Non merci », /oubli, bot blocked) or past retention."""

    user_key: str
    chat_id: int
    due_at: datetime  # UTC, aware
    attempts: int = 0  # sends that failed for a transient reason (network): retried later, a few times


class FollowupStore(Protocol):
    """Pending follow-ups (« Je te redemande dans une semaine »): at most one per user key."""

    async def schedule(self, user_key: str, chat_id: int, due_at: datetime) -> None:
        """Create, or move to ``due_at``, the user's pending follow-up."""
        ...

    async def cancel(self, user_key: str) -> None:
        """Delete the user's pending follow-up, if any (sent, declined, /oubli, blocked)."""
        ...

    async def due(self, now: datetime, limit: int = 100) -> list[PendingFollowup]:
        """The follow-ups due at ``now``, oldest first."""
        ...

    async def postpone(self, user_key: str, due_at: datetime) -> None:
        """A transient failure: try again at ``due_at``, one more attempt counted."""
        ...


class Storage(Protocol):
    """What the service needs from a storage backend (see `bot.storage.sqlite.open_storage`)."""

    @property
    def sessions(self) -> SessionStore: ...

    @property
    def events(self) -> EventLog: ...
