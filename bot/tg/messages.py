"""Messages that are not commands: typed text, a shared position, and everything else (stickers, photos,
voice, documents...) which gets a friendly explanation and the current question again."""

from __future__ import annotations

import math
from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, ContextTypes, MessageHandler, filters

from bot.engine.events import Location, Resume, Text
from bot.engine.words import Wording
from bot.tg.edge import Edge

UNSUPPORTED = Wording(
    "Je ne lis que le texte et les boutons 🙂 (pas les photos, autocollants, messages vocaux ou fichiers). "
    "Écris ta réponse ou appuie sur un bouton.",
    en="I only read text and buttons 🙂 (not photos, stickers, voice messages or files). Write your "
    "answer or tap a button.",
)
BAD_POSITION = Wording(
    "Je n'ai pas compris cette position 🤔. Réessaie, ou écris le nom de ton quartier ou de ta commune.",
    en="I couldn't read this location 🤔. Try again, or type the name of your neighbourhood or town.",
)
MAX_TEXT_IN = 500  # longer messages are cut before reaching the engine


class Messages:
    def __init__(self, edge: Edge) -> None:
        self.edge = edge

    def handlers(self) -> list[BaseHandler[Update, Any, Any]]:
        private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
        return [
            MessageHandler(private & filters.TEXT & ~filters.COMMAND, self.text),
            MessageHandler(private & filters.LOCATION, self.location),
            MessageHandler(private & ~filters.COMMAND & ~filters.StatusUpdate.ALL, self.other),
        ]

    async def text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        ident = self.edge.identify(update)
        message = update.effective_message
        if ident is None or message is None or message.text is None:
            return
        await self.edge.converse(ident[0], ident[1], Text(message.text[:MAX_TEXT_IN]))

    async def location(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        ident = self.edge.identify(update)
        message = update.effective_message
        if ident is None or message is None or message.location is None:
            return
        position = message.location
        # The keyboard that sent it is certainly on screen: let the renderer close it.
        self.edge.location_keyboard.set(ident[0], True)
        point = valid_position(position.latitude, position.longitude)
        if point is None:  # NaN, infinite, 1e308, not a number: from a forged or broken client
            await self.edge.converse(ident[0], ident[1], Resume(), notice=BAD_POSITION)
            return
        await self.edge.converse(ident[0], ident[1], Location(*point))

    async def other(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        ident = self.edge.identify(update)
        if ident is not None:
            await self.edge.converse(ident[0], ident[1], Resume(), notice=UNSUPPORTED)


def valid_position(lat: object, lon: object) -> tuple[float, float] | None:
    """``(lat, lon)`` when both are finite numbers on the globe, else None."""
    if isinstance(lat, bool) or isinstance(lon, bool):
        return None
    if not isinstance(lat, int | float) or not isinstance(lon, int | float):
        return None
    if not (math.isfinite(lat) and math.isfinite(lon)) or abs(lat) > 90 or abs(lon) > 180:
        return None
    return float(lat), float(lon)
