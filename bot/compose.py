"""The composition root: the one place that reads `Settings` and wires the parts together.

Loaders take paths; this module gives them the configured ones. `build_engine` assembles the engine
with its knowledge (no Telegram, no database); `open_backend` adds the SQLite storage, the conversation
service and the admin views for the Telegram edge. Heavy parts (shapely, aiosqlite, the admin) are
imported inside the functions that need them."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from bot.config import Settings
from bot.dialogs.corpus import MAIN_DIALOG, Corpus, dispositifs_path, load_corpus
from bot.dialogs.profile import BotProfile, profile_path, served_profile
from bot.engine.core import Engine, Knowledge
from bot.errors import KnowledgeError
from bot.knowledge.types import PlaceResolver, StructureFinder
from bot.services.conversation import ConversationService
from bot.storage.base import Storage

if TYPE_CHECKING:
    from bot.knowledge.geo import Resolver
    from bot.tg.backend import Backend

logger = logging.getLogger(__name__)


def main_dialog_path(settings: Settings) -> Path:
    return settings.dialogs_dir / MAIN_DIALOG


def load_served_corpus(settings: Settings, dialog_path: Path | None = None) -> Corpus:
    """The dialog (default: the main one) and the dispositifs the bot serves; raises on any error."""
    return load_corpus(dialog_path or main_dialog_path(settings), dispositifs_path(settings.knowledge_dir))


def load_places(settings: Settings) -> Resolver:
    """The place resolver over the configured geodata index and quartier aliases."""
    from bot.knowledge.geo import load_resolver

    return load_resolver(settings.geodata_dir, settings.index_path, settings.knowledge_dir)


def build_engine(
    settings: Settings,
    dialog_path: Path | None = None,
    *,
    require_places: bool = True,
    offer_followup: bool = False,
) -> Engine:
    """Load and check the corpus, then the place resolver and the structures.

    With ``require_places`` a missing geodata index is an error (the Telegram bot must not run without
    it); the terminal preview passes False and runs without places, saying so. ``offer_followup``: the
    channel can write a week after a result (the Telegram bot), so the engine offers it."""
    corpus = load_served_corpus(settings, dialog_path)
    places: PlaceResolver | None = None
    structures: StructureFinder | None = None
    try:
        from bot.knowledge.structures import load_finder

        resolver = load_places(settings)
        places = resolver
        structures = load_finder(settings.knowledge_dir, settings.geodata_dir, resolver)
    except KnowledgeError:
        if require_places:
            raise
        logger.warning("geodata unavailable: places will not be resolved", exc_info=False)
    return Engine(
        corpus.dialog, Knowledge(corpus.catalogue, places, structures), offer_followup=offer_followup
    )


def build_service(settings: Settings, storage: Storage, engine: Engine | None = None) -> ConversationService:
    return ConversationService(engine or build_engine(settings), storage.sessions, storage.events)


def _utcnow() -> datetime:
    return datetime.now(UTC)


async def open_backend(
    settings: Settings, engine: Engine, *, clock: Callable[[], datetime] = _utcnow
) -> Backend:
    """Production: the SQLite storage (WAL), the conversation service over ``engine``, the admin views,
    the pending follow-ups (dated by ``clock``).

    Called in ``post_init`` so that the database connection lives in the bot's event loop."""
    from bot import admin
    from bot.privacy import privacy_text
    from bot.storage.retention import purge
    from bot.storage.sqlite import open_storage
    from bot.tg.backend import Backend

    storage = await open_storage(settings)
    service = ConversationService(engine, storage.sessions, storage.events, storage.followups, clock=clock)

    async def stats(period: str | None) -> str:
        return await admin.stats_text(storage, period)

    async def daily_purge() -> str:
        return (await purge(storage, settings)).describe().replace("\n", " ; ")

    return Backend(
        service=service,
        user_key=storage.pseudonymizer.key,
        privacy_text=lambda lang: privacy_text(settings, lang),
        is_admin=lambda telegram_id: admin.is_admin(settings, telegram_id),
        stats_text=stats,
        purge=daily_purge,
        aclose=storage.aclose,
        followups=storage.followups,
        clock=clock,
        profile=load_bot_profile(settings),
    )


def load_bot_profile(settings: Settings) -> BotProfile | None:
    """The bot's Telegram profile (menu, descriptions); raises `DialogError` when it has errors."""
    return served_profile(profile_path(settings.dialogs_dir))
