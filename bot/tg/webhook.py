"""Webhook mode: one aiohttp server (the library of the bot's Bot API calls, ``bot.tg.http``) serving

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
request a press instead of two.

aiohttp rather than tornado (PTB's webhook server): about half the CPU per request received (C HTTP parser),
and one HTTP library for both directions. No access log (the path and the callers are not worth a line per
update); a failure inside a request is logged by its class only, never with the update's content."""

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

from aiohttp import web
from aiohttp.typedefs import Handler
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
        # updates are small: bigger bodies are refused (413) before they are read
        self.app = web.Application(client_max_size=MAX_BODY, middlewares=[_failures_without_content])
        self.app.router.add_post(path, self._updates)
        self.app.router.add_get(HEALTH_PATH, self._health)
        self._runner: web.AppRunner | None = None

    async def start(self, listen: str, port: int) -> None:
        # shutdown_timeout: at stop, the updates being handled get 30 s to finish
        self._runner = web.AppRunner(self.app, access_log=None, shutdown_timeout=30.0, handle_signals=False)
        await self._runner.setup()
        await web.TCPSite(self._runner, listen, port).start()

    async def stop(self) -> None:
        """No new request; the updates being handled finish (30 s at most)."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _updates(self, request: web.Request) -> web.Response:
        state = self.state
        token = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(token.encode(), state.secret_token.encode()):
            logger.warning("webhook call without the right secret token refused (from %s)", _caller(request))
            return web.Response(status=HTTPStatus.FORBIDDEN)
        body = await request.read()
        application = state.application
        try:
            update = Update.de_json(json.loads(body), application.bot)
        except Exception:
            # never log the body: it holds what a young person wrote
            logger.warning("webhook call with an unreadable update refused (%d bytes)", len(body))
            return web.Response(status=HTTPStatus.BAD_REQUEST)
        if isinstance(application.bot, ExtBot):
            application.bot.insert_callback_data(update)
        state.last_update_at = time.monotonic()
        # Through the update processor (one chat's updates in order inside this worker too), and answered
        # only when handled: see the module docstring. A press's callback answer rides in that answer.
        handled = application.update_processor.process_update(update, application.process_update(update))
        riding = await state.handle(update, handled)
        answer = json.dumps(riding.as_method()).encode() if riding is not None else b"{}"
        return web.Response(body=answer, content_type="application/json")

    async def _health(self, request: web.Request) -> web.Response:
        raw = request.query.get("max_age")
        try:
            max_age = float(raw) if raw else None
        except ValueError:
            return web.Response(status=HTTPStatus.BAD_REQUEST)
        report = await self.state.health(max_age)
        return web.Response(
            status=HTTPStatus.OK if report.ok else HTTPStatus.SERVICE_UNAVAILABLE,
            text=json.dumps(report.as_dict(), ensure_ascii=False),
            content_type="application/json",
            headers={"Cache-Control": "no-store"},
        )


@web.middleware
async def _failures_without_content(request: web.Request, handler: Handler) -> web.StreamResponse:
    """An error inside a request: 500 and one line with its class (aiohttp would log the traceback, whose
    messages may quote what was received)."""
    try:
        return await handler(request)
    except web.HTTPException:
        raise
    except Exception as error:
        logger.warning("webhook request failed: %s", type(error).__name__)
        return web.Response(status=HTTPStatus.INTERNAL_SERVER_ERROR)


def _caller(request: web.Request) -> str:
    """The caller's address as the reverse proxy says it (X-Real-IP, X-Forwarded-For), else the peer's."""
    forwarded = request.headers.get("X-Real-IP") or request.headers.get("X-Forwarded-For", "").split(",")[0]
    return forwarded.strip() or (request.remote or "?")


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
