"""``build_application``: the python-telegram-bot ``Application`` for Cap Quartiers. No I/O at build time.

- Bot API endpoint from the settings (``TELEGRAM_API_BASE_URL``: official, self-hosted, or a test server).
- ``AIORateLimiter`` for Telegram's flood limits (it waits and retries on ``RetryAfter``).
- Bot API calls made by aiohttp (``bot.tg.http``), timeouts and connection pool set explicitly;
  transient errors retried by ``bot.tg.sender``.
- Updates of one chat in order, chats concurrently (``bot.tg.ordering``).
- ``post_init``: open the backend (storage + conversation service) when given a factory, publish the
  bot's profile (command menu, descriptions, per language), schedule the daily purge and the follow-ups.
  ``post_shutdown``: close what ``post_init`` opened.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
from dataclasses import dataclass, field
from typing import Any

from telegram.ext import AIORateLimiter, Application, ApplicationBuilder

from bot.config import Settings
from bot.errors import ConfigError
from bot.tg import errors
from bot.tg.backend import Backend, BackendFactory
from bot.tg.callbacks import Callbacks
from bot.tg.commands import Commands
from bot.tg.edge import Edge
from bot.tg.followups import send_due_followups
from bot.tg.http import AiohttpRequest
from bot.tg.jobs import schedule_followups, schedule_purge, schedule_stats_rebuild
from bot.tg.menu import publish_profile
from bot.tg.messages import Messages
from bot.tg.ordering import PerChatUpdateProcessor
from bot.tg.polling import TolerantBot
from bot.tg.reload import LiveReload, ReloadConfig, reload_command
from bot.tg.sender import RetryPolicy, Sender

logger = logging.getLogger(__name__)

ALLOWED_UPDATES = ["message", "callback_query"]
EDGE_KEY = "cap_quartiers_edge"

TgApplication = Application[Any, Any, Any, Any, Any, Any]


@dataclass(frozen=True, slots=True)
class NetworkConfig:
    """Timeouts (seconds) and retry policy. Tests shorten them; production keeps the defaults."""

    connect_timeout: float = 5.0
    read_timeout: float = 10.0
    write_timeout: float = 10.0
    pool_timeout: float = 3.0
    # HTTP connections: two per update running (its callback answer runs beside its replies), so a step never
    # waits for one; sized with bench/bench_pool.py (docs/performance.md)
    pool_size: int = 64
    poll_timeout: float = 25.0  # getUpdates long polling
    rate_limit_retries: int = 3  # RetryAfter retries done by AIORateLimiter
    rate_limiter: bool = True  # off only to measure the bot itself (bench/bench_e2e.py, load tests)
    # updates processed at once (the others wait their turn without a slot, bot.tg.ordering): 32 served
    # the journeys with less CPU per step than 256 (bench/bench_pool.py, docs/performance.md)
    max_concurrent_updates: int = 32
    chat_backlog: int = 10  # updates of one chat waiting their turn; beyond, dropped with one notice
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    purge_at: dt.time = dt.time(3, 30, tzinfo=dt.UTC)
    followups_every: float = 60.0  # seconds between two looks at the follow-ups due
    followups_first: float = 2.0  # the first look, after start-up


def build_application(
    settings: Settings,
    backend: Backend | BackendFactory,
    *,
    network: NetworkConfig | None = None,
    reload: ReloadConfig | None = None,
) -> TgApplication:
    """The Application, ready for ``run_polling``/``run_webhook`` (or a manual lifecycle in tests).

    ``backend`` is either ready (tests: the caller opens and closes it) or an async factory called in
    ``post_init`` inside the bot's event loop (production: the application opens and closes it).
    ``reload``: how a backend with a corpus port is reloaded (default: file watching, SIGHUP, /recharger)."""
    if not settings.token:
        raise ConfigError(
            "TELEGRAM_BOT_TOKEN manquant. Demande un jeton à @BotFather puis : export TELEGRAM_BOT_TOKEN=…"
        )
    network = network or NetworkConfig()
    # Opt in to PTB's future behaviour (durations as timedelta): without it PTB itself emits a deprecation
    # warning each time Telegram answers "retry after N".
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    edge = Edge(settings)
    owned: list[Backend] = []
    live = LiveReload(edge, reload or ReloadConfig())

    async def post_init(application: TgApplication) -> None:
        if isinstance(backend, Backend):
            edge.backend = backend
        else:
            edge.backend = await backend()
            owned.append(edge.backend)
        edge.sender = Sender(application.bot, network.retry)
        edge.bot_username = application.bot.username  # getMe was called by initialize()
        await publish_profile(application.bot, edge.backend.profile)
        if edge.backend.purge is not None:
            schedule_purge(application, edge.backend.purge, network.purge_at)
        if edge.backend.rebuild_stats is not None:
            schedule_stats_rebuild(application, edge.backend.rebuild_stats)
        if edge.backend.followups is not None:
            schedule_followups(
                application,
                lambda: send_due_followups(edge),
                network.followups_every,
                network.followups_first,
            )
        if edge.backend.corpus is not None:
            await live.start(edge.backend.corpus)
        logger.info("bot ready (dialog %s)", edge.backend.service.dialog_version)

    async def post_shutdown(application: TgApplication) -> None:
        # The library's shutdown skips a bot whose start failed (Telegram unreachable, token refused): the
        # HTTP clients are closed here too, whatever happened (closing a closed one does nothing).
        await asyncio.gather(*(r.shutdown() for r in requests))
        await live.stop()
        while owned:
            opened = owned.pop()
            if opened.aclose is not None:
                await opened.aclose()
        logger.info("bot stopped cleanly")

    def request(read_timeout: float) -> AiohttpRequest:
        return AiohttpRequest(
            connection_pool_size=network.pool_size,
            connect_timeout=network.connect_timeout,
            read_timeout=read_timeout,
            write_timeout=network.write_timeout,
            pool_timeout=network.pool_timeout,
        )

    # the second is getUpdates': PTB adds the long-polling timeout to its read timeout
    requests = (request(network.read_timeout), request(network.read_timeout))
    bot = TolerantBot(  # skips an update the library cannot parse instead of polling it forever
        settings.token,
        base_url=settings.api_base_url,
        base_file_url=settings.api_base_file_url,
        request=requests[0],
        get_updates_request=requests[1],
        rate_limiter=AIORateLimiter(max_retries=network.rate_limit_retries) if network.rate_limiter else None,
    )
    application: TgApplication = (
        ApplicationBuilder()
        .bot(bot)
        .concurrent_updates(
            PerChatUpdateProcessor(
                network.max_concurrent_updates, max_backlog=network.chat_backlog, on_overflow=edge.slow_down
            )
        )
        .post_init(post_init)
        .post_shutdown(post_shutdown)
        .build()
    )
    application.bot_data[EDGE_KEY] = edge
    application.add_handler(reload_command(edge, live), group=-1)  # before the unknown-command catch-all
    for group in (Commands(edge), Callbacks(edge), Messages(edge)):
        application.add_handlers(group.handlers())
    errors.install(application, edge)
    return application


def edge_of(application: TgApplication) -> Edge:
    edge = application.bot_data[EDGE_KEY]
    assert isinstance(edge, Edge)
    return edge
