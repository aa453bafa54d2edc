"""Storage contracts. The conversation service depends on these Protocols only.

Implementations: `bot.storage.memory` (tests, terminal preview) and `bot.storage.sqlite` (production).
Users are only ever known by a pseudonymous key (HMAC of the Telegram id, see `bot.storage.pseudonym`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from bot.engine.facts import Fact


class SessionStore(Protocol):
    """Where each user's small conversation state lives between messages."""

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


class Storage(Protocol):
    """What the service needs from a storage backend (see `bot.storage.sqlite.open_storage`)."""

    @property
    def sessions(self) -> SessionStore: ...

    @property
    def events(self) -> EventLog: ...
