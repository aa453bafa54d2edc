"""What the Telegram edge needs from the rest of the bot, and how production assembles it.

The edge depends on :class:`ConversationPort` (the shape of ``bot.services.conversation.ConversationService``)
and on a few plain callables, so tests can run the real PTB stack over any service and storage."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from bot.config import Settings
from bot.dialogs.engine import Engine
from bot.dialogs.events import Event
from bot.dialogs.facts import Fact
from bot.dialogs.replies import Reply
from bot.health import Check


class ConversationPort(Protocol):
    """The conversation service as the edge sees it (see ``bot.services.conversation``)."""

    @property
    def dialog_version(self) -> str: ...

    async def handle(self, user_key: str, event: Event) -> list[Reply]: ...

    async def record(self, user_key: str, facts: Sequence[Fact]) -> None: ...

    async def forget(self, user_key: str) -> None: ...

    async def mark_inactive(self, user_key: str) -> None: ...


StatsText = Callable[[str | None], Awaitable[str]]
"""Admin statistics for a period ("7j", "30j"...; None: the default), formatted for a chat message.
Raises ValueError with a French message on a bad period."""


@dataclass
class Backend:
    service: ConversationPort
    user_key: Callable[[int], str]
    """Pseudonymous key of a Telegram user id (HMAC); the edge never stores the id itself."""
    privacy_text: Callable[[], str]
    is_admin: Callable[[int], bool]
    stats_text: StatsText | None = None
    purge: Callable[[], Awaitable[object]] | None = None
    """Retention purge (events and unmatched texts older than their limits); run daily."""
    aclose: Callable[[], Awaitable[None]] | None = None
    health: Callable[[], Awaitable[tuple[Check, ...]]] | None = None
    """Database and corpus checks for ``/healthz`` (``bot.health``)."""


BackendFactory = Callable[[], Awaitable[Backend]]


async def open_backend(settings: Settings, engine: Engine) -> Backend:
    """Production: the SQLite storage (WAL), the conversation service over ``engine``, the admin views.

    Called in ``post_init`` so that the database connection lives in the bot's event loop."""
    from bot import admin
    from bot.privacy import privacy_text
    from bot.services.factory import build_service
    from bot.storage.retention import purge
    from bot.storage.sqlite import open_storage

    storage = await open_storage(settings)
    service = build_service(settings, storage, engine)

    async def stats(period: str | None) -> str:
        return await admin.stats_text(storage, period)

    async def health() -> tuple[Check, ...]:
        from bot.health import corpus_check
        from bot.storage.sqlite.health import live_database_check

        return await live_database_check(storage.db), corpus_check(engine)

    async def daily_purge() -> str:
        return (await purge(storage, settings)).describe().replace("\n", " ; ")

    return Backend(
        service=service,
        user_key=storage.pseudonymizer.key,
        privacy_text=lambda: privacy_text(settings),
        is_admin=lambda telegram_id: admin.is_admin(settings, telegram_id),
        stats_text=stats,
        purge=daily_purge,
        aclose=storage.aclose,
        health=health,
    )
