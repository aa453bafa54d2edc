"""``build_application``: the python-telegram-bot ``Application`` for Cap Quartiers. No I/O at build time.

- Bot API endpoint from the settings (``TELEGRAM_API_BASE_URL``: official, self-hosted, or a test server).
- ``AIORateLimiter`` for Telegram's flood limits (it waits and retries on ``RetryAfter``).
- HTTPX timeouts and connection pool set explicitly; transient errors retried by ``bot.tg.sender``.
- Updates of one chat in order, chats concurrently (``bot.tg.ordering``).
- ``post_init``: open the backend (storage + conversation service) when given a factory, publish the
  commands menu, schedule the daily purge. ``post_shutdown``: close what ``post_init`` opened.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from dataclasses import dataclass, field
from typing import Any

from telegram.ext import AIORateLimiter, Application, ApplicationBuilder
from telegram.request import HTTPXRequest

from bot.config import Settings
from bot.errors import ConfigError
from bot.tg import errors
from bot.tg.backend import Backend, BackendFactory
from bot.tg.callbacks import Callbacks
from bot.tg.commands import Commands
from bot.tg.edge import Edge
from bot.tg.jobs import schedule_purge, schedule_stats_rebuild
from bot.tg.menu import publish_commands
from bot.tg.messages import Messages
from bot.tg.ordering import PerChatUpdateProcessor
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
    pool_size: int = 64
    poll_timeout: float = 25.0  # getUpdates long polling
    rate_limit_retries: int = 3  # RetryAfter retries done by AIORateLimiter
    rate_limiter: bool = True  # False only for benchmarks against a local server (bench/bench_e2e.py)
    max_concurrent_updates: int = 256
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    purge_at: dt.time = dt.time(3, 30, tzinfo=dt.UTC)


def build_application(
    settings: Settings,
    backend: Backend | BackendFactory,
    *,
    network: NetworkConfig | None = None,
) -> TgApplication:
    """The Application, ready for ``run_polling``/``run_webhook`` (or a manual lifecycle in tests).

    ``backend`` is either ready (tests: the caller opens and closes it) or an async factory called in
    ``post_init`` inside the bot's event loop (production: the application opens and closes it)."""
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

    async def post_init(application: TgApplication) -> None:
        if isinstance(backend, Backend):
            edge.backend = backend
        else:
            edge.backend = await backend()
            owned.append(edge.backend)
        edge.sender = Sender(application.bot, network.retry)
        await publish_commands(application.bot)
        if edge.backend.purge is not None:
            schedule_purge(application, edge.backend.purge, network.purge_at)
        if edge.backend.rebuild_stats is not None:
            schedule_stats_rebuild(application, edge.backend.rebuild_stats)
        logger.info("bot ready (dialog %s)", edge.backend.service.dialog_version)

    async def post_shutdown(application: TgApplication) -> None:
        while owned:
            opened = owned.pop()
            if opened.aclose is not None:
                await opened.aclose()
        logger.info("bot stopped cleanly")

    def request(read_timeout: float) -> HTTPXRequest:
        return HTTPXRequest(
            connection_pool_size=network.pool_size,
            connect_timeout=network.connect_timeout,
            read_timeout=read_timeout,
            write_timeout=network.write_timeout,
            pool_timeout=network.pool_timeout,
        )

    builder: ApplicationBuilder[Any, Any, Any, Any, Any, Any] = (
        ApplicationBuilder()
        .token(settings.token)
        .base_url(settings.api_base_url)
        .base_file_url(settings.api_base_file_url)
        .request(request(network.read_timeout))
        # getUpdates: PTB adds the long-polling timeout to this read timeout
        .get_updates_request(request(network.read_timeout))
        .concurrent_updates(PerChatUpdateProcessor(network.max_concurrent_updates))
        .post_init(post_init)
        .post_shutdown(post_shutdown)
    )
    if network.rate_limiter:
        builder = builder.rate_limiter(AIORateLimiter(max_retries=network.rate_limit_retries))
    application: TgApplication = builder.build()
    application.bot_data[EDGE_KEY] = edge
    for group in (Commands(edge), Callbacks(edge), Messages(edge)):
        application.add_handlers(group.handlers())
    errors.install(application, edge)
    return application


def edge_of(application: TgApplication) -> Edge:
    edge = application.bot_data[EDGE_KEY]
    assert isinstance(edge, Edge)
    return edge
