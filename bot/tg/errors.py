"""The last line: whatever a handler did not handle ends here.

Logged with context (update id and kind, pseudonymous user key prefix, error class), never the token and
never what the person wrote; the person gets a plain French sentence, never a traceback."""

from __future__ import annotations

import contextlib
import logging
from typing import Any

from telegram import Update
from telegram.error import Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import ContextTypes

from bot.engine.facts import ErrorOccurred
from bot.engine.words import Wording
from bot.tg.edge import Edge
from bot.tg.render import OutText
from bot.tg.sender import UserBlocked, is_harmless

logger = logging.getLogger(__name__)

SORRY = Wording(
    "Oups, quelque chose s'est mal passé de mon côté 😕. Réessaie dans un instant, "
    "ou tape /recommencer pour repartir du début.",
    en="Oops, something went wrong on my side 😕. Try again in a moment, or type /recommencer to start over.",
)


def update_kind(update: object) -> str:
    if not isinstance(update, Update):
        return type(update).__name__
    for kind in ("callback_query", "message", "edited_message", "my_chat_member"):
        if getattr(update, kind, None) is not None:
            return kind
    return "update"


class ErrorReporter:
    def __init__(self, edge: Edge) -> None:
        self.edge = edge

    async def __call__(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        error = context.error
        if error is None:
            return
        ident = self.edge.identify(update)
        update_id = update.update_id if isinstance(update, Update) else None
        who = ident[1][:8] if ident else "-"

        if is_harmless(error):
            logger.debug("harmless error ignored: %s", type(error).__name__)
            return
        if isinstance(error, Forbidden | UserBlocked):
            if ident is not None and self.edge.backend is not None:
                await self.edge.blocked(ident[1])
            return
        if update is None and isinstance(error, NetworkError | RetryAfter):
            # Polling hiccups: PTB retries by itself.
            logger.warning("receiving updates: %s (PTB retries)", type(error).__name__)
            return

        logger.error(
            "error while handling update %s (%s, user %s): %s",
            update_id,
            update_kind(update),
            who,
            type(error).__name__,
            exc_info=error,
        )
        if ident is None or self.edge.backend is None or self.edge.sender is None:
            return
        chat_id, user_key = ident
        with contextlib.suppress(Exception):
            await self.edge.backend.service.record(user_key, [ErrorOccurred(kind=type(error).__name__)])
        if isinstance(update, Update) and update.callback_query is not None:
            with contextlib.suppress(TelegramError):  # stop the spinner if the press was not answered yet
                await self.edge.sender.answer_query(update.callback_query.id)
        lang = "fr"
        with contextlib.suppress(Exception):  # the storage may be what failed: French then
            lang = await self.edge.language(chat_id, user_key)
        try:
            await self.edge.sender.send(chat_id, OutText(SORRY.get(lang)))
        except UserBlocked:
            await self.edge.blocked(user_key)
        except TelegramError as exc:
            logger.warning("could not tell user %s: %s", who, type(exc).__name__)


def install(application: Any, edge: Edge) -> None:
    application.add_error_handler(ErrorReporter(edge))
