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
from bot.engine.core import StepResult
from bot.engine.events import Event
from bot.engine.replies import Reply
from bot.engine.turn import in_language
from bot.engine.words import Wording
from bot.tg.backend import Backend
from bot.tg.render import OutText, render
from bot.tg.sender import Sender, UserBlocked

logger = logging.getLogger(__name__)
V = TypeVar("V")

SLOW_DOWN = Wording(
    "Doucement 🙂 Tu m'as envoyé beaucoup de messages d'un coup : je réponds aux premiers, "
    "je n'ai pas lu les suivants. Attends ma réponse avant d'écrire la suite.",
    en="Easy 🙂 You sent me a lot of messages at once: I'm answering the first ones and didn't read the "
    "others. Wait for my answer before writing more.",
)


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
    # chat -> the app's language code ("en", "fr-FR"…), as Telegram sends it with each update; memory only
    language_codes: ChatMemo[str] = field(default_factory=ChatMemo)
    bot_username: str | None = None  # from getMe at start-up, for the « Partager le bot » link

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
        if user.language_code:
            self.language_codes.set(chat.id, user.language_code)
        return chat.id, self.backend.user_key(user.id)

    async def language(self, chat_id: int, user_key: str) -> str:
        """The language to speak to this person: their conversation's, else their app's (if the dialog
        has it), else French."""
        backend, _ = self.ready
        return await backend.service.language(user_key, self.language_codes.get(chat_id))

    async def slow_down(self, chat_id: int) -> None:
        """Once per burst of a chat that sent more than its backlog allows (see ``bot.tg.ordering``)."""
        if self.sender is None:
            return
        try:
            code = self.language_codes.get(chat_id) or ""
            await self.sender.send(chat_id, OutText(SLOW_DOWN.get("en" if code.startswith("en") else "fr")))
        except UserBlocked:
            logger.info("chat unreachable during a burst of messages")

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
        # state is saved before we reply
        result = await self.step(chat_id, user_key, event)
        await self.show(
            chat_id,
            user_key,
            result.replies,
            answered=answered,
            notice=notice,
            lang=result.state.lang,
            version=result.state.version,
        )

    async def step(self, chat_id: int, user_key: str, event: Event) -> StepResult:
        """One engine step for this chat: its app's language for a new conversation, and the chat id in
        case the person asks for a follow-up."""
        backend, _ = self.ready
        return await backend.service.step(
            user_key, event, lang=self.language_codes.get(chat_id), contact=chat_id
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
        lang: str = "fr",
        pressed: int | None = None,
        version: str | None = None,
    ) -> None:
        """Send ``replies`` (fixed words in ``lang``; a ``notice`` that is a wording too).

        ``answered``: (message id, new text) of the question a button press answered; it is edited in place
        without its buttons. The buttons of the previous question (and of message ``drop``) are removed:
        the person typed instead, or pressed a stale button. ``pressed``: a result message whose button was
        pressed; it keeps its buttons, and a first reply marked ``edit`` takes its place. ``notice``: a line
        sent before the replies.
        ``version``: the dialog version that made the replies (default: the one in service), so buttons stay
        right when a live reload swaps the dialog during the turn."""
        backend, sender = self.ready
        rendered = render(
            replies,
            version=version or backend.service.dialog_version,
            keyboard_shown=self.location_keyboard.get(chat_id),
            bot_username=self.bot_username,
            lang=lang,
        )
        items = list(rendered.items)
        first = items[0] if items else None
        in_place = first if isinstance(first, OutText) and first.edit and pressed is not None else None
        if in_place is not None:
            items.pop(0)
        try:
            # only a result changed in place: the current question (if any) keeps its live buttons
            live = self.live_buttons.pop(chat_id) if items or in_place is None else None
            if answered is not None:
                await sender.edit_text(chat_id, answered[0], answered[1])
            for message_id in {live, drop} - {None, pressed, answered[0] if answered else None}:
                assert message_id is not None
                await sender.drop_keyboard(chat_id, message_id)
            if in_place is not None and pressed is not None:
                await sender.replace(chat_id, pressed, in_place)
            if notice is not None:
                await sender.send(chat_id, OutText(in_language(notice, lang)))
            sent = await sender.send_all(chat_id, items)
        except UserBlocked:
            await self.blocked(user_key)
            return
        if rendered.location_keyboard is not None:
            self.location_keyboard.set(chat_id, rendered.location_keyboard)
        for message in reversed(sent):
            if isinstance(message.reply_markup, InlineKeyboardMarkup):
                self.live_buttons.set(chat_id, message.message_id)
                break
        else:
            if live is not None:
                self.live_buttons.set(chat_id, live)
