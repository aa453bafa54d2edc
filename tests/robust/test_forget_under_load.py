"""/oubli while other people are busy: every confirmation is the truth, nothing of theirs is left, and the
anonymous « forgotten » count is kept. Through the real PTB application, on the fake Bot API, real SQLite."""

from __future__ import annotations

import asyncio
import time

from bot.tg.callbacks import FORGOTTEN
from bot.tg.errors import SORRY
from tests.tg.conftest import RunningBot
from tests.tg.fakebotapi import FakeUser

BUSY_USERS = 30
RATE = 150.0  # messages per second, all busy users together
FORGETTERS = 50


async def chatter(user: FakeUser, stop: asyncio.Event, period: float) -> int:
    sent = 0
    await user.send("/start")
    words = ("18 à 25 ans", "non", "bof", "jsp", "/retour", "un job", "Roubaix", "/recommencer")
    while not stop.is_set():
        await user.send(words[sent % len(words)])
        sent += 1
        await asyncio.sleep(period)
    return sent


async def forget_one(bot: RunningBot, user: FakeUser, delay: float) -> None:
    await asyncio.sleep(delay)  # staggered, so forgets overlap the load and each other
    await user.send("/start")
    await bot.api.wait_until(lambda: user.last_paragraph() == "Tu as quel âge ?", 60)
    await user.send("je m'appelle zorglub")  # an unmatched text, kept in the log
    await bot.api.wait_until(lambda: len(user.messages()) >= 2, 60)
    await user.send("/oubli")
    await bot.api.wait_until(lambda: "🗑️ Oui, tout effacer" in user.buttons(), 60)
    await user.press("Oui, tout effacer")
    await bot.api.wait_until(lambda: FORGOTTEN in user.texts() or SORRY in user.texts(), 60)


async def test_fifty_forgets_while_thirty_users_chat(fast_bot: RunningBot) -> None:
    bot = fast_bot
    busy = [bot.api.user(7000 + i) for i in range(BUSY_USERS)]
    forgetters = [bot.api.user(8000 + i) for i in range(FORGETTERS)]
    stop = asyncio.Event()
    started = time.perf_counter()
    async with asyncio.timeout(120):
        load = [asyncio.create_task(chatter(u, stop, BUSY_USERS / RATE)) for u in busy]
        await asyncio.sleep(0.5)
        await asyncio.gather(*(forget_one(bot, u, 0.05 * i) for i, u in enumerate(forgetters)))
        stop.set()
        sent = sum(await asyncio.gather(*load))
        await bot.api.wait_until(lambda: bot.app.update_queue.empty(), 60)
        await bot.app.update_queue.join()
    elapsed = time.perf_counter() - started
    # the load really overlapped the forgets (its rate depends on the machine: the bot, the fake server and
    # the users share one event loop)
    assert sent >= 5 * BUSY_USERS, (sent, elapsed)

    confirmations = sum(FORGOTTEN in u.texts() for u in forgetters)
    errors = [u.id for u in busy + forgetters if SORRY in u.texts()]
    assert errors == []
    assert confirmations == FORGETTERS
    await bot.stop()  # flush the log
    keys = [bot.user_key(u.id) for u in forgetters]
    for table, column in (("sessions", "user_key"), ("events", "user_key"), ("unmatched_texts", "user_key")):
        left = bot.sql(f"SELECT COUNT(*) FROM {table} WHERE {column} IN ({','.join('?' * len(keys))})", *keys)
        assert left == [(0,)], table
    assert bot.sql("SELECT COUNT(*) FROM events WHERE kind = 'forgotten'") == [(FORGETTERS,)]
    assert bot.sql("SELECT COUNT(*) FROM unmatched_texts WHERE text LIKE '%zorglub%'") == [(0,)]
