"""The Telegram edge's shared state and its one conversation step: event in, rendered replies out.

Handlers (``commands``, ``callbacks``, ``messages``) only turn an update into an engine event and call
:meth:`Edge.converse`; nothing about the dialog is decided here."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from telegram import InlineKeyboardMarkup, Update

from bot.config import Settings
from bot.engine.events import Event
from bot.engine.replies import Reply
from bot.tg.backend import Backend
from bot.tg.memo import ChatMemo
from bot.tg.render import MAX_TEXT, Outgoing, OutText, render
from bot.tg.sender import Sender, UserBlocked

__all__ = ["ChatMemo", "Edge"]

logger = logging.getLogger(__name__)


@dataclass
class Edge:
    settings: Settings
    sender: Sender | None = None  # set once the Application (and its Bot) exists
    backend: Backend | None = None  # set in post_init
    location_keyboard: ChatMemo[bool] = field(default_factory=ChatMemo)
    live_buttons: ChatMemo[int] = field(default_factory=ChatMemo)  # chat -> message with live buttons

    # ------------------------------------------------------------------ plumbing
    @property
    def ready(self) -> tuple[Backend, Sender]:
        if self.backend is None or self.sender is None:
            raise RuntimeError("L'application Telegram n'est pas initialisée (post_init non exécuté).")
        return self.backend, self.sender

    def identify(self, update: object) -> tuple[int, str] | None:
        """``(chat id, pseudonymous user key)`` of a private-chat update, or None."""
        if not isinstance(update, Update) or self.backend is None:
            return None
        chat, user = update.effective_chat, update.effective_user
        if chat is None or user is None or user.is_bot:
            return None
        return chat.id, self.backend.user_key(user.id)

    async def blocked(self, user_key: str) -> None:
        backend, _ = self.ready
        logger.info("user %s unreachable (bot blocked): marked inactive", user_key[:8])
        await backend.service.mark_inactive(user_key)

    # ------------------------------------------------------------------ the step
    async def converse(
        self,
        chat_id: int,
        user_key: str,
        event: Event,
        *,
        answered: tuple[int, str] | None = None,
        notice: str | None = None,
    ) -> None:
        """Run one engine step and show its replies (see :meth:`show`)."""
        backend, _ = self.ready
        result = await backend.service.step(user_key, event)  # state is saved before we reply
        await self.show(chat_id, user_key, result.replies, answered=answered, notice=notice)

    async def show(
        self,
        chat_id: int,
        user_key: str,
        replies: Sequence[Reply],
        *,
        answered: tuple[int, str] | None = None,
        notice: str | None = None,
        drop: int | None = None,
    ) -> None:
        """Send ``replies``, in as few Bot API calls as the screen allows.

        ``answered``: (message id, new text) of the question a button press answered; it is edited in place
        without its buttons. When that question is the last message of the chat, the same edit carries the
        first reply too (« Tu as quel âge ?  ✅ 18 à 25 ans » then the next question and its buttons): one
        call for the press. The buttons of the previous question (and of message ``drop``) are removed: the
        person typed instead, or pressed a stale button. ``notice``: a line sent before the replies."""
        backend, sender = self.ready
        rendered = render(
            replies,
            version=backend.service.dialog_version,
            keyboard_shown=self.location_keyboard.get(chat_id),
        )
        items: list[Outgoing] = list(rendered.items)
        if notice is not None:
            items.insert(0, OutText(notice))
        live_now: int | None = None
        try:
            live = self.live_buttons.pop(chat_id)
            if answered is not None:
                message_id, marked = answered
                first = items[0] if items else None
                if self._continues(chat_id, message_id, marked, first):
                    assert isinstance(first, OutText)
                    markup = first.markup if isinstance(first.markup, InlineKeyboardMarkup) else None
                    if await sender.edit_text(chat_id, message_id, f"{marked}\n\n{first.text}", markup):
                        items.pop(0)
                        live_now = message_id if markup is not None else None
                    else:  # the question could not be edited (too old, deleted): send as usual
                        await sender.edit_text(chat_id, message_id, marked)
                else:
                    await sender.edit_text(chat_id, message_id, marked)
            for old in {live, drop} - {None, answered[0] if answered else None}:
                assert old is not None
                await sender.drop_keyboard(chat_id, old)
            sent = await sender.send_all(chat_id, items)
        except UserBlocked:
            await self.blocked(user_key)
            return
        if rendered.location_keyboard is not None:
            self.location_keyboard.set(chat_id, rendered.location_keyboard)
        for message in reversed(sent):
            if isinstance(message.reply_markup, InlineKeyboardMarkup):
                live_now = message.message_id
                break
        if live_now is not None:
            self.live_buttons.set(chat_id, live_now)

    def _continues(self, chat_id: int, message_id: int, marked: str, first: Outgoing | None) -> bool:
        """Whether the answered question can carry ``first`` in the edit that marks it: it is the last
        message of the chat, and ``first`` is plain text with inline buttons or none (an edit cannot
        show or close the reply keyboard) that fits."""
        _, sender = self.ready
        return (
            sender.last_sent.get(chat_id) == message_id
            and isinstance(first, OutText)
            and not first.html
            and (first.markup is None or isinstance(first.markup, InlineKeyboardMarkup))
            and len(marked) + 2 + len(first.text) <= MAX_TEXT
        )
