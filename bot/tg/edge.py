"""The Telegram edge's shared state and its one conversation step: event in, rendered replies out.

Handlers (``commands``, ``callbacks``, ``messages``) only turn an update into an engine event and call
:meth:`Edge.converse`; nothing about the dialog is decided here."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from telegram import InlineKeyboardMarkup, Update

from bot.config import Settings
from bot.engine.core import StepResult
from bot.engine.events import Event
from bot.engine.replies import Reply
from bot.engine.turn import in_language
from bot.engine.words import Wording
from bot.tg.backend import Backend
from bot.tg.memo import ChatMemo
from bot.tg.render import MAX_TEXT, Outgoing, OutText, joined, render
from bot.tg.sender import Sender, UserBlocked

__all__ = ["ChatMemo", "Edge"]

logger = logging.getLogger(__name__)

SLOW_DOWN = Wording(
    "Doucement 🙂 Tu m'as envoyé beaucoup de messages d'un coup : je réponds aux premiers, "
    "je n'ai pas lu les suivants. Attends ma réponse avant d'écrire la suite.",
    en="Easy 🙂 You sent me a lot of messages at once: I'm answering the first ones and didn't read the "
    "others. Wait for my answer before writing more.",
)


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
            keep_live=result.keeps_screen,
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
        keep_live: bool = False,
    ) -> None:
        """Send ``replies`` (fixed words in ``lang``; a ``notice`` that is a wording too), in as few Bot API
        calls as the screen allows.

        ``answered``: (message id, new text) of the question a button press answered; it is edited in place
        without its buttons. When that question is the last message of the chat, the same edit carries the
        first reply too (« Tu as quel âge ?  ✅ 18 à 25 ans » then the next question and its buttons): one
        call for the press. The buttons of the previous question (and of message ``drop``) are removed: the
        person typed instead, or pressed a stale button. ``pressed``: a result message whose button was
        pressed; it keeps its buttons, and a first reply marked ``edit`` takes its place. ``notice``: a line
        sent before the replies.
        ``version``: the dialog version that made the replies (default: the one in service), so buttons stay
        right when a live reload swaps the dialog during the turn. ``keep_live``: the replies are a short
        answer only (``StepResult.keeps_screen``): the message with live buttons keeps them."""
        backend, sender = self.ready
        rendered = render(
            replies,
            version=version or backend.service.dialog_version,
            keyboard_shown=self.location_keyboard.get(chat_id),
            bot_username=self.bot_username,
            lang=lang,
        )
        items: list[Outgoing] = list(rendered.items)
        first = items[0] if items else None
        in_place = first if isinstance(first, OutText) and first.edit and pressed is not None else None
        if in_place is not None:
            items.pop(0)
        if notice is not None:
            items = joined(
                [OutText(in_language(notice, lang)), *items], closing=rendered.location_keyboard is True
            )
        live_now: int | None = None
        try:
            # only a result changed in place: the current question (if any) keeps its live buttons
            live = self.live_buttons.pop(chat_id) if (items or in_place is None) and not keep_live else None
            if answered is not None:
                message_id, marked = answered
                head = items[0] if items else None
                if self._continues(chat_id, message_id, marked, head):
                    assert isinstance(head, OutText)
                    markup = head.markup if isinstance(head.markup, InlineKeyboardMarkup) else None
                    if await sender.edit_text(chat_id, message_id, f"{marked}\n\n{head.text}", markup):
                        items.pop(0)
                        live_now = message_id if markup is not None else None
                    else:  # the question could not be edited (too old, deleted): send as usual
                        await sender.edit_text(chat_id, message_id, marked)
                else:
                    await sender.edit_text(chat_id, message_id, marked)
            for old in {live, drop} - {None, pressed, answered[0] if answered else None}:
                assert old is not None
                await sender.drop_keyboard(chat_id, old)
            if in_place is not None and pressed is not None:
                await sender.replace(chat_id, pressed, in_place)
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
        else:
            if live_now is None and live is not None and live == pressed:
                live_now = live  # no new buttons: the pressed result keeps its own
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
