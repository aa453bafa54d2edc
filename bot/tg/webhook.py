"""Webhook mode that acknowledges an update only once it has been handled.

python-telegram-bot's own webhook server answers Telegram "200 OK" as soon as an update is *queued*: a worker
killed with updates in its queue loses them, and Telegram never sends them again. This server answers only
after the update went through the handlers — the state committed, the replies sent. So, with several
workers behind one address (PostgreSQL storage):

- a worker killed mid-turn never answers: Telegram (or the load balancer) delivers the update again, to any
  worker, and the turn runs from the last committed state — no turn is lost;
- a worker killed after the commit but before answering makes Telegram deliver a turn that already ran: the
  person sees that turn's replies once more (at least once, never zero times);
- Telegram sends a chat's next update only after the previous one is acknowledged or given up, and the
  storage holds a per-user lock across load -> step -> save: each person's turns stay in order.

Same checks as PTB's server: POST, ``Content-Type: application/json``, the secret token header."""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import signal
from collections.abc import Sequence
from http import HTTPStatus
from typing import Any

import tornado.httpserver
import tornado.web
from telegram import Update
from telegram.ext import Application, ExtBot

logger = logging.getLogger(__name__)

TgApplication = Application[Any, Any, Any, Any, Any, Any]
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class UpdateHandler(tornado.web.RequestHandler):
    SUPPORTED_METHODS = ("POST",)

    def initialize(self, bot_application: TgApplication, secret_token: str) -> None:
        self.bot_application = bot_application
        self.secret_token = secret_token

    async def post(self) -> None:
        if self.request.headers.get("Content-Type") != "application/json":
            raise tornado.web.HTTPError(HTTPStatus.FORBIDDEN)
        token = self.request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(token.encode(), self.secret_token.encode()):
            raise tornado.web.HTTPError(HTTPStatus.FORBIDDEN, reason="wrong secret token")
        app = self.bot_application
        try:
            update = Update.de_json(json.loads(self.request.body), app.bot)
        except Exception as exc:
            logger.warning("Mise à jour illisible reçue sur le webhook (%s)", type(exc).__name__)
            raise tornado.web.HTTPError(HTTPStatus.BAD_REQUEST) from exc
        if isinstance(app.bot, ExtBot):
            app.bot.insert_callback_data(update)
        # Through the update processor: one chat's updates in order inside this worker too.
        await app.update_processor.process_update(update, app.process_update(update))
        self.set_status(HTTPStatus.OK)
        self.set_header("Content-Type", "application/json")
        self.finish(b"{}")

    def log_exception(self, typ: Any, value: BaseException | None, tb: Any) -> None:
        if isinstance(value, tornado.web.HTTPError):
            logger.debug("Webhook : requête refusée (%s)", value.status_code)
        else:
            logger.error("Webhook : erreur inattendue (%s)", type(value).__name__)


async def serve_webhook(
    application: TgApplication,
    *,
    listen: str,
    port: int,
    url_path: str,
    webhook_url: str,
    secret_token: str,
    allowed_updates: Sequence[str],
    drop_pending_updates: bool = False,
    stop_signals: Sequence[signal.Signals] = (signal.SIGINT, signal.SIGTERM),
    stop: asyncio.Event | None = None,
) -> None:
    """Run the bot in webhook mode until a stop signal (or ``stop`` is set), then stop cleanly: no new
    request is accepted, the updates being handled finish, then the application shuts down."""
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in stop_signals:
        loop.add_signal_handler(sig, stop.set)
    web = tornado.web.Application(
        [
            (
                rf"/{url_path.strip('/')}/?",
                UpdateHandler,
                {"bot_application": application, "secret_token": secret_token},
            )
        ]
    )
    server = tornado.httpserver.HTTPServer(web)
    await application.initialize()
    try:
        if application.post_init is not None:
            await application.post_init(application)
        server.listen(port, address=listen)
        await application.bot.set_webhook(
            url=webhook_url,
            secret_token=secret_token,
            allowed_updates=list(allowed_updates),
            drop_pending_updates=drop_pending_updates,
        )
        await application.start()
        logger.info("Webhook à l'écoute sur %s:%s", listen, port)
        await stop.wait()
        logger.info("stop requested: finishing the updates in progress")
    finally:
        server.stop()
        try:
            async with asyncio.timeout(30):
                await server.close_all_connections()
        except TimeoutError:
            logger.warning("Des requêtes du webhook n'ont pas fini à temps")
        if application.running:
            await application.stop()
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)
        for sig in stop_signals:
            loop.remove_signal_handler(sig)
