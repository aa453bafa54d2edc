"""Updates of one chat in order, different chats concurrently, and no chat can hold up the others.

PTB either processes updates one at a time (``concurrent_updates=False``: ordered, but one slow chat delays
everyone) or all concurrently (ordered nowhere). This processor takes the middle: each update waits for the
previous update *of the same chat* (a FIFO ``asyncio.Lock`` per chat) and runs alongside other chats. The
conversation service also serialises per user, but only around its own step; ordering here also covers
the sending of the replies, so two quick messages never get interleaved answers.

Fairness: an update takes one of the global concurrency slots only once it is its chat's turn, so a chat's
backlog waits on its own lock and never occupies the slots other chats need. A chat's backlog is bounded:
beyond ``max_backlog`` waiting updates, new ones are dropped (counted in :attr:`dropped`) and the chat
gets one notice per burst (``on_overflow``), in order after what was accepted."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

logger = logging.getLogger(__name__)

UNLIMITED = 2**31 - 1
Overflow = Callable[[int], Awaitable[None]]
"""Told the chat id once per burst whose excess was dropped (the edge answers « doucement 🙂 »)."""


@dataclass
class _Chat:
    lock: asyncio.Lock
    holders: int = 0  # updates of this chat running or waiting
    dropped: int = 0  # dropped during the current burst
    notified: bool = False


class PerChatUpdateProcessor(BaseUpdateProcessor):
    def __init__(
        self,
        max_concurrent_updates: int = 64,
        *,
        max_backlog: int = 10,
        on_overflow: Overflow | None = None,
    ) -> None:
        # PTB's own semaphore is taken *before* do_process_update, i.e. before the chat's turn: it is made
        # unlimited and the real limit (``slots``) is applied here, once the update may run.
        super().__init__(UNLIMITED)
        self.slots = max_concurrent_updates
        self._semaphore_in_turn = asyncio.BoundedSemaphore(max_concurrent_updates)
        self._chats: dict[int, _Chat] = {}
        self.max_backlog = max_backlog
        self.on_overflow = on_overflow
        self.dropped = 0  # updates dropped since start (all chats)
        self.bursts = 0  # bursts that overflowed (each got one notice)
        self._notices: set[asyncio.Task[None]] = set()

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Wait for the chat's turn *without* a global slot, then take one to run."""
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            await self._slot(coroutine)
            return
        state = self._chats.get(chat.id)
        if state is None:
            state = self._chats[chat.id] = _Chat(asyncio.Lock())
        if state.holders > self.max_backlog:  # one running, max_backlog waiting
            self._drop(chat.id, state, coroutine)
            return
        await self._in_turn(chat.id, state, self._slot(coroutine))

    async def _slot(self, coroutine: Awaitable[Any]) -> None:
        async with self._semaphore_in_turn:
            await coroutine

    async def _in_turn(self, chat_id: int, state: _Chat, work: Awaitable[Any]) -> None:
        state.holders += 1
        try:
            async with state.lock:
                await work
        finally:
            state.holders -= 1
            if state.holders == 0:
                del self._chats[chat_id]
                if state.dropped:
                    logger.warning("a chat sent too many messages at once: %d dropped", state.dropped)

    def _drop(self, chat_id: int, state: _Chat, coroutine: Awaitable[Any]) -> None:
        if isinstance(coroutine, Coroutine):
            coroutine.close()  # never started: nothing to clean up, no "never awaited" warning
        self.dropped += 1
        state.dropped += 1
        if state.notified or self.on_overflow is None:
            return
        state.notified = True
        self.bursts += 1
        notice = self.on_overflow(chat_id)
        # queued behind what was accepted, so the notice comes after those answers; it does not count
        # against the backlog
        task = asyncio.get_running_loop().create_task(self._in_turn(chat_id, state, self._slot(notice)))
        self._notices.add(task)
        task.add_done_callback(self._notices.discard)

    @property
    def active_chats(self) -> int:
        return len(self._chats)

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        if self._notices:
            await asyncio.gather(*self._notices, return_exceptions=True)
