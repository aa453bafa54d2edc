"""Telegram in the real world: flood limits, 5xx, timeouts, blocked users, restarts, crashes, ordering."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from contextlib import closing
from typing import Any

from bot.engine.core import Engine
from bot.tg.errors import SORRY
from tests.tg.conftest import RunningBot, running_bot
from tests.tg.fakebotapi import FakeBotApi


async def test_retry_after_is_waited_out(bot: RunningBot) -> None:
    user = bot.user()
    bot.api.fail("sendMessage", "retry_after", retry_after=1)
    started = time.perf_counter()
    await user.send("/start")
    assert user.last_paragraph() == "Tu as quel âge ?"
    assert time.perf_counter() - started >= 1.0  # AIORateLimiter waited as told
    assert next(c.fault for c in bot.api.calls if c.method == "sendMessage") == "retry_after"


async def test_server_errors_and_timeouts_are_retried(bot: RunningBot) -> None:
    user = bot.user()
    bot.api.fail("sendMessage", "500")
    await user.send("/start")
    assert user.last_paragraph() == "Tu as quel âge ?"
    # the press is one edit (answer marked, next question in the same message): it is retried
    bot.api.fail("editMessageText", "timeout", delay=1.5)  # longer than the 1 s read timeout
    bot.api.fail("editMessageText", "500")
    await user.press("18 à 25 ans")
    assert user.current_text().startswith("Tu vas encore à l'école")
    assert "✅ 18 à 25 ans\n\nTu vas encore" in user.last_text()  # the edit made it on the retry
    bot.api.fail("sendMessage", "500", times=2)
    await user.send("Je sais pas")  # typed: a new message, retried too
    assert len(bot.api.calls_of("sendMessage", user.id)) == 2  # welcome and age question, this reply


async def test_polling_survives_server_errors(bot: RunningBot) -> None:
    bot.api.fail("getUpdates", "500", times=2)
    user = bot.user()
    await user.send("/start")
    assert user.last_paragraph() == "Tu as quel âge ?"


async def test_persistent_network_failure_tells_the_user_once_it_can(bot: RunningBot) -> None:
    user = bot.user()
    await user.send("/start")
    bot.api.fail("editMessageText", "500", times=3)  # all retries of the reply (one edit) fail
    await user.press("18 à 25 ans")
    assert user.last_text() == SORRY  # then the apology goes through, no traceback
    await user.send("/start")  # mid-conversation: « reprendre ou recommencer ? »
    await user.press("Recommencer")
    assert user.last_paragraph() == "Tu as quel âge ?"


async def test_blocked_user_is_marked_inactive(bot: RunningBot) -> None:
    user = bot.user()
    await user.send("/start")
    key = bot.user_key(user.id)
    assert bot.sql("SELECT active FROM sessions WHERE user_key = ?", key) == [(1,)]
    bot.api.fail("editMessageText", "forbidden")  # the press's reply is one edit
    await user.press("18 à 25 ans")
    assert bot.sql("SELECT active FROM sessions WHERE user_key = ?", key) == [(0,)]
    assert len([c for c in bot.api.calls if c.method == "editMessageText" and c.fault == "forbidden"]) == 1
    await user.send("/start")  # they unblocked and came back
    assert bot.sql("SELECT active FROM sessions WHERE user_key = ?", key) == [(1,)]


async def test_restart_mid_conversation(api: FakeBotApi, settings_for: Any, engine: Engine) -> None:
    settings = settings_for(api)
    async with running_bot(api, settings, engine) as first:
        user = first.user()
        await user.send("/start")
        await user.press("18 à 25 ans")
        await user.press("plus d'un an")
        question = user.messages()[-1]
        assert user.current_text().startswith("C'est quoi ton diplôme")
    # the process is gone; a new one starts on the same database file
    async with running_bot(api, settings, engine) as second:
        user = second.user()
        await user.press("Aucun diplôme", message=question)  # a button sent by the previous process
        assert user.last_text() == "Qu'est-ce que tu aimerais faire ?"
        await user.send("un job")
        await user.send("Roubaix")
        await user.send("oui")
        assert any("Mission Locale de Roubaix" in t for t in user.texts())


async def test_one_chat_in_order_chats_concurrently(bot: RunningBot) -> None:
    alice, bob = bot.user(3001), bot.user(3002)
    alice.settle = bob.settle = None  # push without waiting: a burst of updates
    ids = [await alice.send("/start"), await bob.send("/start")]
    ids += [
        await alice.send("19"),
        await bob.send("17"),
        await alice.send("non, arrêté ya 2 ans"),
        await bob.send("oui"),
    ]
    for update_id in ids:
        await bot.api.wait_fetched(update_id)
    await bot.app.update_queue.join()
    assert alice.last_text().startswith("C'est quoi ton diplôme")  # left school two years ago
    assert bob.last_text().startswith("C'est quoi ton diplôme")
    questions = [t.rsplit("\n\n", 1)[-1] for t in alice.texts()]  # the first one after the welcome
    assert [q.split("\n")[0] for q in questions] == [
        "Tu as quel âge ?",
        "Tu vas encore à l'école (collège, lycée, études) ?",
        "C'est quoi ton diplôme le plus haut ?",
    ]


async def test_many_users_at_once(bot: RunningBot) -> None:
    users = [bot.user(5000 + n) for n in range(30)]

    async def converse(n: int) -> None:
        user = users[n]
        await user.send("/start")
        await user.send(str(18 + n % 8))
        await user.send("non, arrêté ya 2 ans")

    await asyncio.gather(*(converse(n) for n in range(len(users))))
    assert all(u.last_text().startswith("C'est quoi ton diplôme") for u in users)


async def test_restart_after_the_dialog_changed(api: FakeBotApi, settings_for: Any, engine: Engine) -> None:
    """The saved node no longer exists in the new dialog version: the person is told and starts again."""
    settings = settings_for(api)
    async with running_bot(api, settings, engine) as first:
        user = first.user()
        await user.send("/start")
        await user.press("18 à 25 ans")
        key = first.user_key(user.id)
        question = user.messages()[-1]
    with closing(sqlite3.connect(settings.db_path)) as conn, conn:
        conn.execute(
            "UPDATE sessions SET state = json_set(state, '$.version', 'ancienne', '$.node', 'noeud_disparu', "
            "'$.history', json('[]')) WHERE user_key = ?",
            (key,),
        )
    async with running_bot(api, settings, engine) as second:
        user = second.user()
        await user.press("plus d'un an", message=question)
        assert any("a changé" in t for t in user.texts()[-3:])
        assert user.last_paragraph() == "Tu as quel âge ?"


async def test_unexpected_error_gives_a_plain_apology(bot: RunningBot, caplog: Any) -> None:
    from bot.tg.app import edge_of

    user = bot.user()
    await user.send("/start")
    backend = edge_of(bot.app).backend
    assert backend is not None
    service: Any = backend.service
    real_step = service.step

    async def broken(user_key: str, event: object, **options: object) -> object:
        service.step = real_step  # only once
        raise RuntimeError("boom")

    service.step = broken
    await user.press("18 à 25 ans")
    assert user.last_text() == SORRY
    assert bot.api.calls_of("answerCallbackQuery")  # the press was answered anyway
    assert "RuntimeError" in caplog.text and "18 à 25 ans" not in caplog.text  # context, not content
    await user.press("18 à 25 ans", message=next(m for m in user.messages() if m.get("reply_markup")))
    assert user.last_text().startswith("Tu vas encore à l'école")
    await bot.stop()
    assert bot.sql("SELECT value FROM events WHERE kind = 'error'") == [("RuntimeError",)]
