"""Webhook mode: a press's callback answer rides in the webhook's answer to Telegram (no call of its own),
unless the turn is slow — then it goes out as a call at once, so the spinner never waits for the turn.
Polling mode answers by a call, as before."""

from __future__ import annotations

import copy
from typing import Any

from bot.engine.core import Engine
from tests.tg.fakebotapi import FakeBotApi
from tests.tg.test_webhook import SECRET, free_port, webhook_bot

RIDE = 0.5  # seconds the answer waits for the turn, in this test (5 s in production)


def answers(api: FakeBotApi) -> list[Any]:
    return api.calls_of("answerCallbackQuery")


async def test_a_press_costs_one_call_its_answer_rides_in_the_webhook_answer(
    api: FakeBotApi, settings_for: Any, engine: Engine
) -> None:
    port = free_port()
    async with webhook_bot(settings_for(api), engine, port):
        api.deliver_to(f"http://127.0.0.1:{port}/telegram", SECRET)
        user = api.user(7301)
        await user.send("/start")
        asked = copy.deepcopy(user.messages()[-1])  # as on screen before the press
        before = len(api.calls)
        await user.press("18 à 25 ans")
        made = api.calls[before:]
        # the edit (✅ answer + next question) is the press's only request; the answer rode along
        assert [(c.method, c.riding) for c in made] == [
            ("editMessageText", False),
            ("answerCallbackQuery", True),
        ]
        assert made[1].params["callback_query_id"] == f"{user.id}-1"
        assert "✅ 18 à 25 ans" in user.last_text()
        # a press on the age buttons again (an old screen) gets its notice the same way
        await user.press("16 ou 17 ans", message=asked)
        stale = answers(api)[-1]
        assert stale.riding and "plus valable" in stale.params["text"]


async def test_a_slow_turn_does_not_keep_the_spinner_turning(
    api: FakeBotApi, settings_for: Any, engine: Engine
) -> None:
    port = free_port()
    async with webhook_bot(settings_for(api), engine, port, ride_at_most=RIDE):
        api.deliver_to(f"http://127.0.0.1:{port}/telegram", SECRET)
        user = api.user(7302)
        await user.send("/start")
        # Telegram takes its time with the edit: two read timeouts (1 s each), then it works
        api.fail("editMessageText", "timeout", times=2, delay=1.5)
        await user.press("18 à 25 ans")
        (answer,) = answers(api)
        edits = [c for c in api.calls_of("editMessageText", user.id)]
        assert not answer.riding  # sent by a call, while the turn was still retrying its edit
        assert answer.at < edits[-1].at
        pressed_at = api.calls[api.calls.index(answer) - 1].at
        assert answer.at - pressed_at < RIDE + 1.5
        assert "✅ 18 à 25 ans" in user.last_text()


async def test_polling_answers_by_a_call(bot: Any) -> None:
    user = bot.user(7303)
    await user.send("/start")
    await user.press("18 à 25 ans")
    (answer,) = answers(bot.api)
    assert not answer.riding
