"""Webhook mode: one tornado server (PTB's own webhook dependency) serving

- ``POST /<path>``: Telegram's calls, refused (403) without the secret token, and acknowledged only once
  the update has been *handled*;
- ``GET /healthz``: the checks of ``bot.health`` as JSON, 200 when healthy, 503 otherwise
  (``?max_age=SECONDS`` also fails when no update arrived for that long).

PTB's ``Application.run_webhook`` cannot host another route, and it answers Telegram "200 OK" as soon as an
update is *queued*: a worker killed with updates in its queue loses them, and Telegram never sends them
again. This server follows PTB's documented "custom webhook server" pattern (the Application initialised and
started by hand, ``set_webhook`` with the secret token) and answers only after the update went through the
handlers — the state committed, the replies sent. So, with several workers behind one address (PostgreSQL
storage, docs/postgresql.md):

- a worker killed mid-turn never answers: Telegram (or the load balancer) delivers the update again, to any
  worker, and the turn runs from the last committed state — no turn is lost;
- a worker killed after the commit but before answering makes Telegram deliver a turn that already ran: the
  person sees that turn's replies once more (at least once, never zero times);
- Telegram sends a chat's next update only after the previous one is acknowledged or given up, and the
  storage holds a per-user lock across load -> step -> save: each person's turns stay in order.

The acknowledgement of a button press carries its ``answerCallbackQuery`` (``bot.tg.riding``): one Bot API
request a press instead of two."""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import signal
import time
from collections.abc import Awaitable, Sequence
from http import HTTPStatus
from typing import Any

import tornado.httpserver
import tornado.web
from telegram import Update
from telegram.ext import ExtBot

from bot.health import Check, HealthReport, age_check
from bot.tg.app import TgApplication, edge_of
from bot.tg.riding import Answer

logger = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# Seconds a press's callback answer may wait for its turn to end before it goes out by a call of its own.
# The spinner turns while the reply is on its way (the answer rides with the acknowledgement, right after the
# reply), so waiting costs nothing when the bot is busy; the bound keeps a stuck turn (Telegram or the
# database retrying) well inside the time Telegram accepts an answer (about 15 s).
RIDE_AT_MOST = 5.0
MAX_BODY = 1024 * 1024


class WebhookState:
    """What the endpoints share: the Application, the secret, when the last update arrived."""

    def __init__(
        self, application: TgApplication, secret_token: str, ride_at_most: float = RIDE_AT_MOST
    ) -> None:
        self.application = application
        self.secret_token = secret_token
        self.ride_at_most = ride_at_most
        self.last_update_at: float | None = None  # time.monotonic()

    async def handle(self, update: Update, handled: Awaitable[Any]) -> Answer | None:
        """Wait until ``update`` is handled; the callback answer to carry in the webhook's answer, if any.
        A press whose turn takes longer than ``ride_at_most`` gets its answer by a call at that moment:
        the spinner does not wait for a slow turn (see ``bot.tg.riding``)."""
        query = update.callback_query
        sender = edge_of(self.application).sender
        if query is None or sender is None:
            await handled
            return None
        sender.riding.open(query.id)
        try:
            turn = asyncio.ensure_future(handled)
            done, _ = await asyncio.wait({turn}, timeout=self.ride_at_most)
            if not done:
                late = sender.riding.close(query.id)
                if late is not None:
                    await sender.answer_query(late.query_id, late.text)
            await turn
        finally:
            answer = sender.riding.close(query.id)
        return answer

    async def health(self, max_age: float | None = None) -> HealthReport:
        backend = edge_of(self.application).backend
        age = None if self.last_update_at is None else time.monotonic() - self.last_update_at
        last_update = age_check(age, "mise à jour reçue de Telegram", max_age)
        if backend is None or backend.health is None:
            return HealthReport((Check("database", False, "le bot n'est pas encore prêt"), last_update))
        return HealthReport((*await backend.health(), last_update))


class TelegramUpdates(tornado.web.RequestHandler):
    SUPPORTED_METHODS = ("POST",)

    def initialize(self, state: WebhookState) -> None:
        self.state = state

    async def post(self) -> None:
        token = self.request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(token.encode(), self.state.secret_token.encode()):
            logger.warning(
                "webhook call without the right secret token refused (from %s)", self.request.remote_ip
            )
            self.send_error(HTTPStatus.FORBIDDEN)
            return
        application = self.state.application
        try:
            update = Update.de_json(json.loads(self.request.body), application.bot)
        except Exception:
            # never log the body: it holds what a young person wrote
            logger.warning(
                "webhook call with an unreadable update refused (%d bytes)", len(self.request.body)
            )
            self.send_error(HTTPStatus.BAD_REQUEST)
            return
        if isinstance(application.bot, ExtBot):
            application.bot.insert_callback_data(update)
        self.state.last_update_at = time.monotonic()
        # Through the update processor (one chat's updates in order inside this worker too), and answered
        # only when handled: see the module docstring. A press's callback answer rides in that answer.
        handled = application.update_processor.process_update(update, application.process_update(update))
        riding = await self.state.handle(update, handled)
        self.set_status(HTTPStatus.OK)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(riding.as_method()).encode() if riding is not None else b"{}")

    def log_exception(self, typ: Any, value: Any, tb: Any) -> None:
        logger.warning("webhook request failed: %s", typ.__name__ if typ else "?")


class Health(tornado.web.RequestHandler):
    SUPPORTED_METHODS = ("GET",)

    def initialize(self, state: WebhookState) -> None:
        self.state = state

    async def get(self) -> None:
        raw = self.get_query_argument("max_age", None)
        try:
            max_age = float(raw) if raw else None
        except ValueError:
            self.send_error(HTTPStatus.BAD_REQUEST)
            return
        report = await self.state.health(max_age)
        self.set_status(HTTPStatus.OK if report.ok else HTTPStatus.SERVICE_UNAVAILABLE)
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(json.dumps(report.as_dict(), ensure_ascii=False))


class WebhookServer:
    """The HTTP server of webhook mode; ``start``/``stop`` inside the bot's event loop."""

    def __init__(
        self,
        application: TgApplication,
        *,
        url_path: str,
        secret_token: str,
        ride_at_most: float = RIDE_AT_MOST,
    ) -> None:
        self.state = WebhookState(application, secret_token, ride_at_most)
        path = "/" + url_path.strip("/")
        if path == HEALTH_PATH:
            raise ValueError(f"the webhook path cannot be {HEALTH_PATH}")
        self.app = tornado.web.Application(
            [(HEALTH_PATH, Health, {"state": self.state}), (path, TelegramUpdates, {"state": self.state})]
        )
        self._server: tornado.httpserver.HTTPServer | None = None

    async def start(self, listen: str, port: int) -> None:
        # updates are small: refuse big bodies early (tornado allows 100 MB by default)
        self._server = tornado.httpserver.HTTPServer(self.app, xheaders=True, max_body_size=MAX_BODY)
        self._server.listen(port, address=listen)

    async def stop(self) -> None:
        """No new request; the updates being handled finish (30 s at most)."""
        if self._server is not None:
            self._server.stop()
            try:
                async with asyncio.timeout(30):
                    await self._server.close_all_connections()
            except TimeoutError:
                logger.warning("webhook requests did not finish in time")
            self._server = None


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
    """The whole webhook lifecycle, like ``Application.run_webhook`` plus ``/healthz``, until a signal (or
    ``stop`` is set); then no new request, the updates being handled finish, the application shuts down."""
    loop = asyncio.get_running_loop()
    stop = stop or asyncio.Event()
    for sig in stop_signals:
        loop.add_signal_handler(sig, stop.set)
    server = WebhookServer(application, url_path=url_path, secret_token=secret_token)
    await application.initialize()
    try:
        if application.post_init is not None:
            await application.post_init(application)
        await server.start(listen, port)
        await application.bot.set_webhook(
            url=webhook_url,
            secret_token=secret_token,
            allowed_updates=list(allowed_updates),
            drop_pending_updates=drop_pending_updates,
        )
        await application.start()
        logger.info("webhook server listening on %s:%s (health: %s)", listen, port, HEALTH_PATH)
        await stop.wait()
    finally:
        await server.stop()
        if application.running:
            await application.stop()
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)
        for sig in stop_signals:
            loop.remove_signal_handler(sig)
