"""PerChatUpdateProcessor: one chat strictly in order, other chats not held up."""

from __future__ import annotations

import asyncio
import datetime as dt

from telegram import Chat, Update
from telegram import Message as TgMessage

from bot.tg.ordering import PerChatUpdateProcessor


def update(update_id: int, chat_id: int) -> Update:
    chat = Chat(chat_id, Chat.PRIVATE)
    return Update(update_id, message=TgMessage(update_id, date=dt.datetime.now(dt.UTC), chat=chat))


async def test_same_chat_in_order_other_chats_concurrent() -> None:
    processor = PerChatUpdateProcessor(16)
    log: list[str] = []
    release_slow = asyncio.Event()

    async def work(name: str, wait: asyncio.Event | None = None) -> None:
        log.append(f"start {name}")
        if wait is not None:
            await wait.wait()
        log.append(f"end {name}")

    async with processor:
        tasks = [
            asyncio.create_task(processor.process_update(update(1, 10), work("a1", release_slow))),
            asyncio.create_task(processor.process_update(update(2, 10), work("a2"))),
            asyncio.create_task(processor.process_update(update(3, 20), work("b1"))),
        ]
        await asyncio.sleep(0.05)
        # chat 20 went through while chat 10 is held up by its first update; a2 waits for a1
        assert log == ["start a1", "start b1", "end b1"]
        assert processor.active_chats == 1
        release_slow.set()
        await asyncio.gather(*tasks)
    assert log[3:] == ["end a1", "start a2", "end a2"]
    assert processor.active_chats == 0
