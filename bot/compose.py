"""The composition root: the one place that reads `Settings` and wires the parts together.

Loaders take paths; this module gives them the configured ones. `build_engine` assembles the engine
with its knowledge (no Telegram, no database); `open_backend` adds the SQLite storage, the conversation
service and the admin views for the Telegram edge. Heavy parts (shapely, aiosqlite, the admin) are
imported inside the functions that need them."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from bot.base.memory import gc_paused
from bot.config import Settings
from bot.dialogs.corpus import MAIN_DIALOG, Corpus, dispositifs_path, load_corpus
from bot.dialogs.profile import BotProfile, profile_path, served_profile
from bot.engine.core import Engine, Knowledge
from bot.errors import KnowledgeError
from bot.health import Check, corpus_check
from bot.knowledge.types import PlaceResolver, StructureFinder
from bot.services.conversation import ConversationService
from bot.storage.base import FollowupStore, Storage

if TYPE_CHECKING:
    from bot.admin.names import Names
    from bot.admin.ports import StatsSource
    from bot.knowledge.geo import Resolver
    from bot.services.reload import Reloader
    from bot.storage.pseudonym import Pseudonymizer
    from bot.tg.backend import Backend

logger = logging.getLogger(__name__)


class OpenStorage(Storage, Protocol):
    """An opened storage backend as the backend needs it (SQLite and PostgreSQL both are)."""

    @property
    def pseudonymizer(self) -> Pseudonymizer: ...

    async def aclose(self) -> None: ...


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
    with gc_paused():  # lasting objects, made once (see ``bot.base.memory``)
        return _build_engine(settings, dialog_path, require_places, offer_followup)


def _build_engine(
    settings: Settings, dialog_path: Path | None, require_places: bool, offer_followup: bool
) -> Engine:
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


LAST_GOOD_DIR = "corpus-last-good"


def last_good_dir(settings: Settings) -> Path:
    """Where the last valid corpus is copied: ``corpus-last-good/`` beside the database (``var/``)."""
    return settings.db_path.parent / LAST_GOOD_DIR


def build_reloader(settings: Settings, *, offer_followup: bool = False) -> Reloader:
    """The live reload over the configured folders; call ``start()`` to load the engine (or the last good
    copy, saying so), which raises ``CorpusError`` with every file:line when neither loads. Every engine
    it builds has the same options (``offer_followup``: see :func:`build_engine`)."""
    from bot.services.corpus import CorpusPaths
    from bot.services.reload import Reloader

    paths = CorpusPaths(
        settings.dialogs_dir, settings.knowledge_dir, settings.geodata_dir, settings.index_path
    )
    return Reloader(paths, last_good_dir(settings), offer_followup=offer_followup)


def build_service(settings: Settings, storage: Storage, engine: Engine | None = None) -> ConversationService:
    return ConversationService(engine or build_engine(settings), storage.sessions, storage.events)


def _utcnow() -> datetime:
    return datetime.now(UTC)


async def open_backend(
    settings: Settings,
    engine: Engine,
    reloader: Reloader | None = None,
    *,
    clock: Callable[[], datetime] = _utcnow,
) -> Backend:
    """Production: the SQLite storage (WAL) — or PostgreSQL when ``BOT_DATABASE_URL`` is set — the
    conversation service over ``engine``, the admin views (``/stats``, the hourly aggregates), the health
    checks, the pending follow-ups (dated by ``clock``). With a ``reloader``, the service follows its
    reloads and the edge watches the corpus.

    Called in ``post_init`` so that the database connection lives in the bot's event loop."""
    from bot.storage.retention import purge

    if settings.database_url:
        from bot.storage.postgres import open_storage as open_postgres
        from bot.storage.postgres.retention import purge as purge_postgres
        from bot.storage.postgres.stats_source import PostgresStatsSource

        pg = await open_postgres(settings)
        pool = pg.pool

        async def pg_purge() -> str:
            return (await purge_postgres(pool, settings)).describe().replace("\n", " ; ")

        async def pg_database() -> Check:
            try:
                async with pool.acquire() as connection, connection.transaction():
                    await connection.execute("SELECT 1")
            except Exception as exc:
                return Check("database", False, f"PostgreSQL refuse la connexion ({type(exc).__name__})")
            return Check("database", True, "PostgreSQL accessible")

        source: StatsSource = PostgresStatsSource(pool, before_read=pg.events.flush)
        return _backend(settings, engine, pg, source, pg_purge, pg_database, pg.followups, clock, reloader)

    from bot.storage.sqlite import open_storage
    from bot.storage.sqlite.health import live_database_check
    from bot.storage.sqlite.stats_source import SqliteStatsSource

    storage = await open_storage(settings)

    async def daily_purge() -> str:
        return (await purge(storage, settings)).describe().replace("\n", " ; ")

    async def database() -> Check:
        return await live_database_check(storage.db)

    source = SqliteStatsSource(storage.db, before_read=storage.events.flush)
    return _backend(
        settings, engine, storage, source, daily_purge, database, storage.followups, clock, reloader
    )


def _backend(
    settings: Settings,
    engine: Engine,
    storage: OpenStorage,
    source: StatsSource,
    daily_purge: Callable[[], Awaitable[str]],
    database: Callable[[], Awaitable[Check]],
    followups: FollowupStore | None,
    clock: Callable[[], datetime],
    reloader: Reloader | None = None,
) -> Backend:
    """The Telegram edge's backend over an open storage and its admin read side."""
    from bot import admin
    from bot.admin.build import build_aggregates, names_of
    from bot.knowledge.geo.resolver import Resolver
    from bot.privacy import privacy_text
    from bot.tg.backend import Backend

    service = ConversationService(engine, storage.sessions, storage.events, followups, clock=clock)
    if reloader is not None:
        reloader.on_swap(service.use)
    places = engine.knowledge.places
    index = places.index if isinstance(places, Resolver) else None
    dispositifs = [(d.id, d.nom) for d in engine.knowledge.catalogue.dispositifs]
    made: list[Names] = []

    async def names() -> Names:
        """The names the admin views show (35,000 communes, 1,600 quartiers: about 50 ms), made in a worker
        thread the first time an admin view needs them, not at start-up (no young person waits for them)."""
        if not made:
            made.append(await asyncio.to_thread(names_of, index, dispositifs))
        return made[0]

    admins = frozenset(storage.pseudonymizer.key(admin_id) for admin_id in settings.admin_ids)

    async def stats(period: str | None) -> str:
        return await admin.stats_text(source, period, await names(), excluded=admins)

    async def rebuild_stats() -> str:
        report = await build_aggregates(source, await names(), settings.stats_path, excluded=admins)
        return report.describe()

    async def health() -> tuple[Check, ...]:
        return await database(), corpus_check(service.engine)

    return Backend(
        service=service,
        user_key=storage.pseudonymizer.key,
        privacy_text=lambda lang: privacy_text(settings, lang),
        is_admin=lambda telegram_id: admin.is_admin(settings, telegram_id),
        stats_text=stats,
        purge=daily_purge,
        rebuild_stats=rebuild_stats,
        aclose=storage.aclose,
        health=health,
        followups=followups,
        clock=clock,
        profile=load_bot_profile(settings),
        corpus=reloader,
    )


@asynccontextmanager
async def open_stats_source(settings: Settings) -> AsyncIterator[StatsSource]:
    """The admin read side for the CLI (``stats``, ``export``): PostgreSQL when ``BOT_DATABASE_URL`` is set,
    else the SQLite file (which must exist)."""
    if settings.database_url:
        from bot.storage.postgres.stats_source import open_stats_source as open_postgres_source

        async with open_postgres_source(settings.database_url) as postgres_source:
            yield postgres_source
        return
    from bot.errors import StorageError
    from bot.storage.sqlite import open_database
    from bot.storage.sqlite.stats_source import SqliteStatsSource

    if not settings.db_path.exists():
        raise StorageError(
            f"Base introuvable : {settings.db_path}. Le bot l'a-t-il déjà créée ? "
            "Sinon indique son chemin : BOT_DB_PATH=/chemin/bot.sqlite3"
        )
    db = await open_database(settings.db_path)
    try:
        yield SqliteStatsSource(db)
    finally:
        await db.close()


def load_bot_profile(settings: Settings) -> BotProfile | None:
    """The bot's Telegram profile (menu, descriptions); raises `DialogError` when it has errors."""
    return served_profile(profile_path(settings.dialogs_dir))
