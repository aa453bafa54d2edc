"""Slash commands: /start (deep links), /aide, /retour, /recommencer, /resultats, /confidentialite, /oubli,
/stats."""

from __future__ import annotations

import logging
import re
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CommandHandler, ContextTypes, MessageHandler, filters

from bot.dialogs import codec
from bot.engine.events import Back, Help, Restart, Results, Resume, Start
from bot.engine.facts import AdminDenied
from bot.tg.edge import Edge
from bot.tg.render import OutText, split_text
from bot.tg.sender import UserBlocked

logger = logging.getLogger(__name__)

# Telegram deep links only carry [A-Za-z0-9_-]{1,64}; anything else is dropped, never trusted.
PAYLOAD = re.compile(r"[A-Za-z0-9_-]{1,64}")

UNKNOWN_COMMAND = "Je ne connais pas cette commande. Tape /aide pour voir ce que je sais faire."
FORGET_QUESTION = (
    "Tu veux que j'efface tout ce que je sais de toi (tes réponses et l'historique de tes échanges) ?\n"
    "C'est définitif."
)
FORGET_YES = "oubli:oui"
FORGET_NO = "oubli:non"


def deep_link_payload(args: list[str] | None) -> str:
    raw = args[0] if args else ""
    return raw if PAYLOAD.fullmatch(raw) else ""


class Commands:
    def __init__(self, edge: Edge) -> None:
        self.edge = edge

    def handlers(self) -> list[BaseHandler[Update, Any, Any]]:
        private = filters.ChatType.PRIVATE
        return [
            CommandHandler("start", self.start, filters=private),
            CommandHandler(["aide", "help"], self.help, filters=private),
            CommandHandler("retour", self.back, filters=private),
            CommandHandler("recommencer", self.restart, filters=private),
            CommandHandler(["resultats", "resultat"], self.results, filters=private),
            CommandHandler(["confidentialite", "privacy"], self.privacy, filters=private),
            CommandHandler("oubli", self.forget, filters=private),
            CommandHandler("stats", self.stats, filters=private),
            MessageHandler(filters.COMMAND & private, self.unknown),
        ]

    async def start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self._step(update, Start(payload=deep_link_payload(context.args)))

    async def help(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self._step(update, Help())

    async def back(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self._step(update, Back())

    async def restart(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self._step(update, Restart())

    async def results(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self._step(update, Results())

    async def privacy(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        ident = self.edge.identify(update)
        if ident is None:
            return
        backend, sender = self.edge.ready
        try:
            for chunk in split_text(backend.privacy_text()):
                await sender.send(ident[0], OutText(chunk))
        except UserBlocked:
            await self.edge.blocked(ident[1])

    async def forget(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        ident = self.edge.identify(update)
        if ident is None:
            return
        _, sender = self.edge.ready
        markup = InlineKeyboardMarkup(
            [
                [InlineKeyboardButton("🗑️ Oui, tout effacer", callback_data=codec.encode_action(FORGET_YES))],
                [InlineKeyboardButton("Non, je garde", callback_data=codec.encode_action(FORGET_NO))],
            ]
        )
        try:
            await sender.send(ident[0], OutText(FORGET_QUESTION, markup=markup))
        except UserBlocked:
            await self.edge.blocked(ident[1])

    async def stats(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        ident = self.edge.identify(update)
        user = update.effective_user
        if ident is None or user is None:
            return
        backend, sender = self.edge.ready
        if not backend.is_admin(user.id) or backend.stats_text is None:
            await backend.service.record(ident[1], [AdminDenied(command="stats")])
            await self._unknown(update)
            return
        period = context.args[0] if context.args else None
        try:
            try:
                text = await backend.stats_text(period)
            except ValueError as exc:  # a bad period: the message says which ones work
                text = str(exc)
            for chunk in split_text(text):
                await sender.send(ident[0], OutText(chunk))
        except UserBlocked:
            await self.edge.blocked(ident[1])

    async def unknown(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self._unknown(update)

    async def _unknown(self, update: Update) -> None:
        ident = self.edge.identify(update)
        if ident is not None:
            await self.edge.converse(ident[0], ident[1], Resume(), notice=UNKNOWN_COMMAND)

    async def _step(self, update: Update, event: Start | Help | Back | Restart | Results) -> None:
        ident = self.edge.identify(update)
        if ident is not None:
            await self.edge.converse(ident[0], ident[1], event)
