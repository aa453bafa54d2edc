"""Sending to Telegram in the real world.

- Flood limits (``RetryAfter``) are PTB's ``AIORateLimiter``'s job (configured in ``bot.tg.app``).
- Transient network failures (``TimedOut``, 5xx, connection resets: ``NetworkError`` but not
  ``BadRequest``) are retried here with exponential backoff.
- Harmless refusals ("message is not modified", "message to edit not found", a too old callback query) are
  ignored: the user already sees the right thing, or nothing can be done about it.
- ``Forbidden`` (the user blocked the bot) is raised as :class:`UserBlocked` so the caller marks the user
  inactive and stops talking to them.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TypeVar

from telegram import Bot, InlineKeyboardMarkup, LinkPreviewOptions
from telegram import Message as TgMessage
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError

from bot.tg.memo import ChatMemo
from bot.tg.render import Outgoing, OutPin, OutText
from bot.tg.riding import RidingAnswers

logger = logging.getLogger(__name__)
T = TypeVar("T")

HARMLESS_BAD_REQUESTS = (
    "message is not modified",
    "message to edit not found",
    "message can't be edited",
    "query is too old",
    "query id is invalid",
    "message to delete not found",
)


NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


class UserBlocked(Exception):
    """Telegram refused to deliver: the user blocked the bot (or deleted their account)."""


def is_harmless(error: BaseException) -> bool:
    return isinstance(error, BadRequest) and any(h in error.message.lower() for h in HARMLESS_BAD_REQUESTS)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    attempts: int = 3
    base_delay: float = 0.5  # then 1 s, 2 s...
    max_delay: float = 8.0


async def with_retry(call: Callable[[], Awaitable[T]], policy: RetryPolicy, what: str) -> T:
    """Run ``call``, retrying transient network errors with exponential backoff."""
    delay = policy.base_delay
    for attempt in range(1, policy.attempts + 1):
        try:
            return await call()
        except BadRequest:
            raise
        except Forbidden as exc:
            raise UserBlocked(str(exc)) from exc
        except NetworkError as exc:  # includes TimedOut and 5xx answers
            if attempt == policy.attempts:
                raise
            logger.warning(
                "%s: network error (%s), retry %d/%d in %.1f s",
                what,
                type(exc).__name__,
                attempt + 1,
                policy.attempts,
                delay,
            )
            await asyncio.sleep(delay)
            delay = min(delay * 2, policy.max_delay)
    raise AssertionError("unreachable")  # pragma: no cover


@dataclass
class Sender:
    bot: Bot
    policy: RetryPolicy = field(default_factory=RetryPolicy)
    # chat -> id of the last message sent there (unknown after a restart): a question that is still the
    # last message may be continued in place (``Edge.show``)
    last_sent: ChatMemo[int] = field(default_factory=ChatMemo)
    # callback answers the webhook server carries in its answer to Telegram (webhook mode only)
    riding: RidingAnswers = field(default_factory=RidingAnswers)

    async def send(self, chat_id: int, item: Outgoing) -> TgMessage:
        message = await self._send(chat_id, item)
        self.last_sent.set(chat_id, message.message_id)
        return message

    async def _send(self, chat_id: int, item: Outgoing) -> TgMessage:
        if isinstance(item, OutPin):
            if item.title is not None:
                title, address = item.title, item.address or item.title
                return await with_retry(
                    lambda: self.bot.send_venue(
                        chat_id,
                        latitude=item.lat,
                        longitude=item.lon,
                        title=title,
                        address=address,
                    ),
                    self.policy,
                    "sendVenue",
                )
            return await with_retry(
                lambda: self.bot.send_location(chat_id, latitude=item.lat, longitude=item.lon),
                self.policy,
                "sendLocation",
            )
        assert isinstance(item, OutText)
        return await with_retry(
            lambda: self.bot.send_message(
                chat_id,
                item.text,
                parse_mode=ParseMode.HTML if item.html else None,
                reply_markup=item.markup,
                link_preview_options=None if item.preview else NO_PREVIEW,
            ),
            self.policy,
            "sendMessage",
        )

    async def replace(self, chat_id: int, message_id: int, item: OutText) -> None:
        """Put ``item`` (text, inline keyboard) in place of a message; harmless refusals are ignored."""
        markup = item.markup if isinstance(item.markup, InlineKeyboardMarkup) else None
        await self._edit(
            lambda: self.bot.edit_message_text(
                item.text,
                chat_id=chat_id,
                message_id=message_id,
                parse_mode=ParseMode.HTML if item.html else None,
                reply_markup=markup,
                link_preview_options=None if item.preview else NO_PREVIEW,
            ),
            "editMessageText",
        )

    async def send_all(self, chat_id: int, items: tuple[Outgoing, ...] | list[Outgoing]) -> list[TgMessage]:
        return [await self.send(chat_id, item) for item in items]

    async def edit_text(
        self, chat_id: int, message_id: int, text: str, markup: InlineKeyboardMarkup | None = None
    ) -> bool:
        """Replace a message's text and its inline keyboard (none: removed); harmless refusals are
        ignored. False when Telegram refused the edit (message too old, deleted…)."""
        return await self._edit(
            lambda: self.bot.edit_message_text(
                text, chat_id=chat_id, message_id=message_id, reply_markup=markup
            ),
            "editMessageText",
        )

    async def drop_keyboard(self, chat_id: int, message_id: int) -> None:
        """Remove the inline keyboard of a message (an answered or stale question)."""
        await self._edit(
            lambda: self.bot.edit_message_reply_markup(chat_id=chat_id, message_id=message_id),
            "editMessageReplyMarkup",
        )

    async def _edit(self, call: Callable[[], Awaitable[object]], what: str) -> bool:
        """An edit retried like any call; Telegram's harmless refusals ("not modified"…) are ignored
        (then False)."""
        try:
            await with_retry(call, self.policy, what)
        except BadRequest as exc:
            if not is_harmless(exc):
                raise
            logger.debug("%s ignored: %s", what, exc.message)
            return False
        return True

    async def answer_query(self, query_id: str, text: str | None = None) -> None:
        """Answer a callback query (stops the spinner): in the webhook's answer when the webhook server
        waits for it (``bot.tg.riding``), else by a call. Never fatal: a failure here is only logged."""
        if self.riding.claim(query_id, text):
            return
        try:
            await with_retry(
                lambda: self.bot.answer_callback_query(query_id, text=text),
                self.policy,
                "answerCallbackQuery",
            )
        except BadRequest as exc:
            if not is_harmless(exc):
                raise
            logger.debug("answerCallbackQuery ignored: %s", exc.message)
