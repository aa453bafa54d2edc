"""The Telegram edge's shared state and its one conversation step: event in, rendered replies out.

Handlers (``commands``, ``callbacks``, ``messages``) only turn an update into an engine event and call
:meth:`Edge.converse`; nothing about the dialog is decided here."""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from telegram import InlineKeyboardMarkup, Update

from bot.config import Settings
from bot.engine.events import Event
from bot.engine.replies import Reply
from bot.tg.backend import Backend
from bot.tg.render import OutText, render
from bot.tg.sender import Sender, UserBlocked

logger = logging.getLogger(__name__)
V = TypeVar("V")


class ChatMemo(Generic[V]):
    """A bounded per-chat memory (least recently used chats are forgotten first).

    Only what the screen shows lives here (is the location keyboard up, which message has live
    buttons); losing it on a restart is harmless: the renderer treats unknown as "maybe"."""

    def __init__(self, maxsize: int = 100_000) -> None:
        self._data: OrderedDict[int, V] = OrderedDict()
        self._maxsize = maxsize

    def get(self, chat_id: int) -> V | None:
        value = self._data.get(chat_id)
        if value is not None:
            self._data.move_to_end(chat_id)
        return value

    def set(self, chat_id: int, value: V) -> None:
        self._data[chat_id] = value
        self._data.move_to_end(chat_id)
        while len(self._data) > self._maxsize:
            self._data.popitem(last=False)

    def pop(self, chat_id: int) -> V | None:
        return self._data.pop(chat_id, None)


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
        await self.show(
            chat_id, user_key, result.replies, answered=answered, notice=notice, version=result.state.version
        )

    async def show(
        self,
        chat_id: int,
        user_key: str,
        replies: Sequence[Reply],
        *,
        answered: tuple[int, str] | None = None,
        notice: str | None = None,
        drop: int | None = None,
        version: str | None = None,
    ) -> None:
        """Send ``replies``.

        ``answered``: (message id, new text) of the question a button press answered; it is edited in place
        without its buttons. The buttons of the previous question (and of message ``drop``) are removed:
        the person typed instead, or pressed a stale button. ``notice``: a line sent before the replies.
        ``version``: the dialog version that made the replies (default: the one in service), so buttons stay
        right when a live reload swaps the dialog during the turn."""
        backend, sender = self.ready
        try:
            live = self.live_buttons.pop(chat_id)
            if answered is not None:
                await sender.edit_text(chat_id, answered[0], answered[1])
            for message_id in {live, drop} - {None, answered[0] if answered else None}:
                assert message_id is not None
                await sender.drop_keyboard(chat_id, message_id)
            rendered = render(
                replies,
                version=version or backend.service.dialog_version,
                keyboard_shown=self.location_keyboard.get(chat_id),
            )
            if notice is not None:
                await sender.send(chat_id, OutText(notice))
            sent = await sender.send_all(chat_id, rendered.items)
        except UserBlocked:
            await self.blocked(user_key)
            return
        if rendered.location_keyboard is not None:
            self.location_keyboard.set(chat_id, rendered.location_keyboard)
        for message in reversed(sent):
            if isinstance(message.reply_markup, InlineKeyboardMarkup):
                self.live_buttons.set(chat_id, message.message_id)
                break
