"""Button presses. Every callback query is answered; the pressed question is edited in place.

A button from an older message or an older dialog version (or anything undecodable) never crashes and never
does nothing: the press is answered with a short notice and the current step is shown again."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram import InlineKeyboardMarkup, MaybeInaccessibleMessage, Update
from telegram import Message as TgMessage
from telegram.ext import BaseHandler, CallbackQueryHandler, ContextTypes

from bot.dialogs import codec
from bot.engine import wording
from bot.engine.events import Details, Resume, Summary
from bot.engine.turn import in_language
from bot.engine.words import Wording
from bot.tg.commands import FORGET_NO, FORGET_YES
from bot.tg.edge import Edge
from bot.tg.render import answered_text
from bot.tg.sender import UserBlocked

logger = logging.getLogger(__name__)

STALE = Wording(
    "Ce bouton n'est plus valable, voici où tu en es.",
    en="This button is no longer valid, here is where you are.",
)
FORGOTTEN = Wording(
    "C'est fait : j'ai effacé tes réponses et l'historique de nos échanges. "
    "Tape /start si tu veux recommencer un jour.",
    en="Done: I erased your answers and the history of our exchanges. Type /start if you ever want to "
    "start again.",
)
NOT_FORGOTTEN = Wording("D'accord, je n'efface rien.", en="OK, I'm not erasing anything.")


def pressed_label(message: MaybeInaccessibleMessage | None, data: str) -> str | None:
    """The label of the button carrying ``data`` in ``message``, if that message is still readable."""
    if not isinstance(message, TgMessage) or not isinstance(message.reply_markup, InlineKeyboardMarkup):
        return None
    for row in message.reply_markup.inline_keyboard:
        for button in row:
            if button.callback_data == data:
                return button.text
    return None


def is_result_message(message: TgMessage) -> bool:
    """A result summary or a door's details: a message with a « Détails » or « ⬅️ » button."""
    if not isinstance(message.reply_markup, InlineKeyboardMarkup):
        return False
    for row in message.reply_markup.inline_keyboard:
        for button in row:
            decoded = codec.decode(button.callback_data) if isinstance(button.callback_data, str) else None
            if decoded is not None and isinstance(decoded[1], Details | Summary):
                return True
    return False


class Callbacks:
    def __init__(self, edge: Edge) -> None:
        self.edge = edge

    def handlers(self) -> list[BaseHandler[Update, Any, Any]]:
        return [CallbackQueryHandler(self.press)]

    async def press(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        ident = self.edge.identify(update)
        if query is None:
            return
        backend, sender = self.edge.ready
        if ident is None:  # not a private chat we serve: still stop the spinner
            await sender.answer_query(query.id)
            return
        chat_id, user_key = ident
        data = query.data or ""
        message = query.message
        message_id = message.message_id if message is not None else None

        action = codec.decode_action(data)
        if action in (FORGET_YES, FORGET_NO):
            await self._forget(query.id, chat_id, user_key, message_id, confirmed=action == FORGET_YES)
            return

        decoded = codec.decode(data)
        version = backend.service.dialog_version
        if decoded is None or not (codec.is_current(decoded[0], version) or codec.is_timeless(decoded[1])):
            # an older dialog version, or not ours at all: show where they are
            logger.debug("button of another version or unreadable (user %s)", user_key[:8])
            result = await self.edge.step(chat_id, user_key, Resume())
            lang, made_by = result.state.lang, result.state.version
            await sender.answer_query(query.id, STALE.get(lang))
            await self.edge.show(
                chat_id,
                user_key,
                result.replies,
                notice=wording.STALE_BUTTON,
                drop=message_id,
                lang=lang,
                version=made_by,
            )
            return

        result = await self.edge.step(chat_id, user_key, decoded[1])
        # A button of a question that is no longer current: the engine says so and shows the current step.
        replies, stale, lang = result.replies, result.stale, result.state.lang
        made_by = result.state.version  # the dialog that made the replies, even if a reload swapped it since
        toast = in_language(result.toast, lang) if result.toast else None
        # Answered while the replies go out, not before them: the reply is not delayed by a round trip.
        answering = asyncio.create_task(sender.answer_query(query.id, STALE.get(lang) if stale else toast))
        try:
            if not stale and isinstance(message, TgMessage) and is_result_message(message):
                # a result stays on screen with its buttons; details and the summary take its place
                await self.edge.show(
                    chat_id, user_key, replies, pressed=message.message_id, lang=lang, version=made_by
                )
                return
            label = pressed_label(message, data)
            if stale or label is None or not isinstance(message, TgMessage) or not message.text:
                await self.edge.show(chat_id, user_key, replies, drop=message_id, lang=lang, version=made_by)
                return
            answered = (message.message_id, answered_text(message.text, label))
            await self.edge.show(chat_id, user_key, replies, answered=answered, lang=lang, version=made_by)
        finally:
            await answering

    async def _forget(
        self, query_id: str, chat_id: int, user_key: str, message_id: int | None, *, confirmed: bool
    ) -> None:
        backend, sender = self.edge.ready
        await sender.answer_query(query_id)
        lang = await self.edge.language(chat_id, user_key)
        if not confirmed:
            try:
                if message_id is not None:
                    await sender.edit_text(chat_id, message_id, NOT_FORGOTTEN.get(lang))
            except UserBlocked:
                await self.edge.blocked(user_key)
                return
            await self.edge.converse(chat_id, user_key, Resume())
            return
        await backend.service.forget(user_key)
        self.edge.live_buttons.pop(chat_id)
        logger.info("a user's data forgotten at their request")
        try:
            if message_id is not None:
                await sender.edit_text(chat_id, message_id, FORGOTTEN.get(lang))
        except UserBlocked:
            await self.edge.blocked(user_key)
