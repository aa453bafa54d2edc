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
    rebuild_stats: Callable[[], Awaitable[object]] | None = None
    """Rebuild of the aggregates database served by ``bot admin``; run hourly."""
    aclose: Callable[[], Awaitable[None]] | None = None


BackendFactory = Callable[[], Awaitable[Backend]]


async def open_backend(settings: Settings, engine: Engine) -> Backend:
    """Production: the SQLite storage (WAL), the conversation service over ``engine``, the admin views.

    Called in ``post_init`` so that the database connection lives in the bot's event loop."""
    from bot import admin
    from bot.admin.build import build_aggregates, names_of
    from bot.knowledge.geo.resolver import Resolver
    from bot.privacy import privacy_text
    from bot.services.factory import build_service
    from bot.storage.retention import purge
    from bot.storage.sqlite import open_storage
    from bot.storage.sqlite.stats_source import SqliteStatsSource

    storage = await open_storage(settings)
    service = build_service(settings, storage, engine)
    stats_source = SqliteStatsSource(storage.db, before_read=storage.events.flush)
    places = engine.knowledge.places
    names = names_of(
        places.index if isinstance(places, Resolver) else None,
        [(d.id, d.nom) for d in engine.knowledge.catalogue.dispositifs],
    )

    admins = frozenset(storage.pseudonymizer.key(admin_id) for admin_id in settings.admin_ids)

    async def stats(period: str | None) -> str:
        return await admin.stats_text(stats_source, period, names, excluded=admins)

    async def rebuild_stats() -> str:
        report = await build_aggregates(stats_source, names, settings.stats_path, excluded=admins)
        return report.describe()

    async def daily_purge() -> str:
        return (await purge(storage, settings)).describe().replace("\n", " ; ")

    return Backend(
        service=service,
        user_key=storage.pseudonymizer.key,
        privacy_text=lambda: privacy_text(settings),
        is_admin=lambda telegram_id: admin.is_admin(settings, telegram_id),
        stats_text=stats,
        purge=daily_purge,
        rebuild_stats=rebuild_stats,
        aclose=storage.aclose,
    )
