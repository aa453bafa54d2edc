"""The composition root: the one place that reads `Settings` and wires the parts together.

Loaders take paths; this module gives them the configured ones. `build_engine` assembles the engine
with its knowledge (no Telegram, no database); `open_backend` adds the SQLite storage, the conversation
service and the admin views for the Telegram edge. Heavy parts (shapely, aiosqlite, the admin) are
imported inside the functions that need them."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from bot.config import Settings
from bot.dialogs.corpus import MAIN_DIALOG, Corpus, dispositifs_path, load_corpus
from bot.engine.core import Engine, Knowledge
from bot.errors import KnowledgeError
from bot.health import Check, corpus_check
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
    settings: Settings, dialog_path: Path | None = None, *, require_places: bool = True
) -> Engine:
    """Load and check the corpus, then the place resolver and the structures.

    With ``require_places`` a missing geodata index is an error (the Telegram bot must not run without
    it); the terminal preview passes False and runs without places, saying so."""
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
    return Engine(corpus.dialog, Knowledge(corpus.catalogue, places, structures))


def build_service(settings: Settings, storage: Storage, engine: Engine | None = None) -> ConversationService:
    return ConversationService(engine or build_engine(settings), storage.sessions, storage.events)


async def open_backend(settings: Settings, engine: Engine) -> Backend:
    """Production: the SQLite storage (WAL) — or PostgreSQL when ``BOT_DATABASE_URL`` is set — the
    conversation service over ``engine``, the admin views.

    Called in ``post_init`` so that the database connection lives in the bot's event loop."""
    if settings.database_url:
        return await open_postgres_backend(settings, engine)
    from bot import admin
    from bot.privacy import privacy_text
    from bot.storage.retention import purge
    from bot.storage.sqlite import open_storage
    from bot.tg.backend import Backend

    storage = await open_storage(settings)
    service = build_service(settings, storage, engine)

    async def stats(period: str | None) -> str:
        return await admin.stats_text(storage, period)

    async def daily_purge() -> str:
        return (await purge(storage, settings)).describe().replace("\n", " ; ")

    async def health() -> tuple[Check, ...]:
        from bot.storage.sqlite.health import live_database_check

        return await live_database_check(storage.db), corpus_check(engine)

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


async def open_postgres_backend(settings: Settings, engine: Engine) -> Backend:
    """The same backend over PostgreSQL (several workers may share it)."""
    from bot import admin
    from bot.privacy import privacy_text
    from bot.storage.postgres import open_storage
    from bot.storage.postgres.retention import purge
    from bot.storage.postgres.stats_source import PostgresStatsSource
    from bot.tg.backend import Backend

    storage = await open_storage(settings)
    service = build_service(settings, storage, engine)
    source = PostgresStatsSource(storage.pool)

    async def stats(period: str | None) -> str:
        since, until = admin.stats_window(period)
        await storage.events.flush()
        return admin.format_stats_text(await source.compute_stats(since, until))

    async def daily_purge() -> str:
        return (await purge(storage.pool, settings)).describe().replace("\n", " ; ")

    async def health() -> tuple[Check, ...]:
        try:
            async with storage.pool.acquire() as connection, connection.transaction():
                await connection.execute("SELECT 1")
        except Exception as exc:
            database = Check("database", False, f"PostgreSQL refuse la connexion ({type(exc).__name__})")
        else:
            database = Check("database", True, "PostgreSQL accessible")
        return database, corpus_check(engine)

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
