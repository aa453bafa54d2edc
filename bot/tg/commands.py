"""Slash commands: /start (deep links), /aide, /retour, /recommencer, /resultats, /langue, /confidentialite,
/oubli, /stats. Their fixed words exist in French and English (`Wording`)."""

from __future__ import annotations

import logging
import re
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CommandHandler, ContextTypes, MessageHandler, filters

from bot.dialogs import codec
from bot.engine.events import Back, ChooseLanguage, Help, Restart, Results, Resume, Start
from bot.engine.facts import AdminDenied
from bot.engine.words import Wording
from bot.tg.edge import Edge
from bot.tg.render import OutText, split_text
from bot.tg.sender import UserBlocked

logger = logging.getLogger(__name__)

# Telegram deep links only carry [A-Za-z0-9_-]{1,64}; anything else is dropped, never trusted.
PAYLOAD = re.compile(r"[A-Za-z0-9_-]{1,64}")

UNKNOWN_COMMAND = Wording(
    "Je ne connais pas cette commande. Tape /aide pour voir ce que je sais faire.",
    en="I don't know this command. Type /aide to see what I can do.",
)
FORGET_QUESTION = Wording(
    "Tu veux que j'efface tout ce que je sais de toi (tes réponses et l'historique de tes échanges) ?\n"
    "C'est définitif.",
    en="Do you want me to erase everything I know about you (your answers and the history of our "
    "exchanges)?\nThis cannot be undone.",
)
FORGET_CONFIRM = Wording("🗑️ Oui, tout effacer", en="🗑️ Yes, erase everything")
FORGET_KEEP = Wording("Non, je garde", en="No, keep it")
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
            CommandHandler(["langue", "language"], self.language, filters=private),
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

    async def language(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/langue: the choice of languages; /langue en: English at once."""
        wanted = (context.args[0] if context.args else "").lower()[:8]
        ident = self.edge.identify(update)
        if ident is not None:
            await self.edge.converse(ident[0], ident[1], ChooseLanguage(wanted))

    async def privacy(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        ident = self.edge.identify(update)
        if ident is None:
            return
        backend, sender = self.edge.ready
        lang = await self.edge.language(*ident)
        try:
            for chunk in split_text(backend.privacy_text(lang)):
                await sender.send(ident[0], OutText(chunk))
        except UserBlocked:
            await self.edge.blocked(ident[1])

    async def forget(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        ident = self.edge.identify(update)
        if ident is None:
            return
        _, sender = self.edge.ready
        lang = await self.edge.language(*ident)
        markup = InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(
                        FORGET_CONFIRM.get(lang), callback_data=codec.encode_action(FORGET_YES)
                    )
                ],
                [InlineKeyboardButton(FORGET_KEEP.get(lang), callback_data=codec.encode_action(FORGET_NO))],
            ]
        )
        try:
            await sender.send(ident[0], OutText(FORGET_QUESTION.get(lang), markup=markup))
        except UserBlocked:
            await self.edge.blocked(ident[1])

    async def stats(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        ident = self.edge.identify(update)
        user = update.effective_user
        if ident is None or user is None:
            return
        backend, sender = self.edge.ready
        if not backend.is_admin(user.id) or backend.stats_text is None:
            # Counted apart (admin_denied), and no engine step: an outsider typing /stats must not start a
            # conversation that would count them as a young person who left at the first question.
            await backend.service.record(ident[1], [AdminDenied(command="stats")])
            try:
                await sender.send(ident[0], OutText(UNKNOWN_COMMAND))
            except UserBlocked:
                await self.edge.blocked(ident[1])
            return
        period = " ".join(context.args) if context.args else None  # "/stats 2 semaines": every word
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
