"""The follow-up on the fake Bot API: asked after a result, sent a simulated week later (the clock is
injected), never to someone who said no or used /oubli; a blocked bot cancels it without retrying."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.engine import wording
from bot.engine.core import Engine
from tests.tg.conftest import FAST, RunningBot, running_bot
from tests.tg.fakebotapi import FakeBotApi, FakeUser
from tests.tg.test_conversation import ROUBAIX_ALMA

QUICK = replace(FAST, followups_every=0.1, followups_first=0.1)


@dataclass
class Clock:
    now: datetime = field(default_factory=lambda: datetime(2026, 3, 2, 10, 0, tzinfo=UTC))

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def telegram_bot(
    api: FakeBotApi, settings_for: Any, engine: Engine, clock: Clock
) -> AsyncIterator[RunningBot]:
    followup_engine = Engine(engine.dialog, engine.knowledge, offer_followup=True)
    async with running_bot(api, settings_for(api), followup_engine, clock=clock, network=QUICK) as running:
        yield running


async def to_result(user: FakeUser) -> None:
    await user.send("/start")
    await user.press("18 à 25 ans")
    await user.press("plus d'un an")
    await user.press("Aucun diplôme")
    await user.press("Trouver un travail")
    await user.share_location(*ROUBAIX_ALMA)  # clearly in one quartier: taken at once
    # the result summary, then the follow-up question in a message of its own
    assert user.texts()[-2].startswith("Voici les pistes")
    assert user.last_text() == wording.FOLLOWUP_ASK


async def some_job_runs(api: FakeBotApi) -> None:
    """Long enough for the follow-up job (every 0.1 s) to run several times."""
    await asyncio.sleep(0.6)


async def test_sent_a_week_later_and_answered(telegram_bot: RunningBot, clock: Clock) -> None:
    bot, api = telegram_bot, telegram_bot.api
    user = bot.user(3001)
    await to_result(user)
    await user.press("🔔 Oui")
    assert user.last_text().startswith("C'est noté : je t'écris dans une semaine")
    [(chat_id, due_at)] = bot.sql("SELECT chat_id, due_at FROM followups")
    assert chat_id == 3001 and due_at.startswith("2026-03-09T10:00")

    clock.advance(days=6, hours=23)
    await some_job_runs(api)
    assert user.last_text().startswith("C'est noté")  # not yet
    clock.advance(hours=2)
    await api.wait_until(lambda: user.last_text() == wording.FOLLOWUP_QUESTION, 10)
    assert user.buttons() == ["✅ J'y suis allé·e", "⏳ Pas encore", "🆘 J'ai besoin d'aide"]
    await api.wait_until(lambda: not bot.sql("SELECT * FROM followups"), 10)  # the chat id is gone too
    await some_job_runs(api)
    assert [t for t in user.texts() if t == wording.FOLLOWUP_QUESTION] == [wording.FOLLOWUP_QUESTION]

    await user.press("J'ai besoin d'aide")
    assert "Mission Locale de Roubaix" in user.last_text() and "📞" in user.last_text()
    await bot.stop()
    kinds = bot.sql("SELECT kind, value FROM events WHERE kind LIKE 'followup%' ORDER BY id")
    assert kinds == [
        ("followup_requested", None),
        ("followup_sent", None),
        ("followup_answered", "aide"),
    ]


async def test_never_sent_to_who_said_no_or_used_oubli(telegram_bot: RunningBot, clock: Clock) -> None:
    bot, api = telegram_bot, telegram_bot.api
    no, forgot = bot.user(3002), bot.user(3003)
    await to_result(no)
    await no.press("Non merci")
    assert no.last_text() == wording.FOLLOWUP_DECLINED
    await to_result(forgot)
    await forgot.press("🔔 Oui")
    assert len(bot.sql("SELECT * FROM followups")) == 1
    await forgot.send("/oubli")
    await forgot.press("Oui, tout effacer")
    assert bot.sql("SELECT * FROM followups") == []

    clock.advance(days=8)
    await some_job_runs(api)
    for user in (no, forgot):
        assert wording.FOLLOWUP_QUESTION not in user.texts()


async def test_a_blocked_bot_cancels_without_retrying(telegram_bot: RunningBot, clock: Clock) -> None:
    bot, api = telegram_bot, telegram_bot.api
    user = bot.user(3004)
    await to_result(user)
    await user.press("🔔 Oui")
    api.fail("sendMessage", "forbidden", times=5)
    clock.advance(days=7, minutes=1)
    await api.wait_until(lambda: not bot.sql("SELECT * FROM followups"), 10)
    await some_job_runs(api)
    refused = [c for c in api.calls if c.method == "sendMessage" and c.fault == "forbidden"]
    assert len(refused) == 1  # one try, no storm
    assert bot.sql("SELECT active FROM sessions") == [(0,)]
    api.faults.clear()


async def test_a_network_failure_is_retried_later_then_given_up(
    telegram_bot: RunningBot, clock: Clock
) -> None:
    bot, api = telegram_bot, telegram_bot.api
    user = bot.user(3005)
    await to_result(user)
    await user.press("🔔 Oui")
    api.fail("sendMessage", "500", times=9)  # every send retries 3 times: three runs fail
    clock.advance(days=7, minutes=1)
    await api.wait_until(lambda: bot.sql("SELECT attempts FROM followups") == [(1,)], 10)
    clock.advance(hours=1)
    await api.wait_until(lambda: bot.sql("SELECT attempts FROM followups") == [(2,)], 10)
    clock.advance(hours=2)
    await api.wait_until(lambda: bot.sql("SELECT * FROM followups") == [], 10)
    await some_job_runs(api)
    assert wording.FOLLOWUP_QUESTION not in user.texts()
    assert len([c for c in api.calls if c.fault == "500"]) == 9


async def test_feedback_on_the_summary_asks_the_follow_up_again(telegram_bot: RunningBot) -> None:
    """👍 edits the summary in place; the follow-up question below it loses its buttons to the thanks, so it
    is asked again, and answering it still works."""
    bot = telegram_bot
    user = bot.user(3005)
    await to_result(user)
    question = user.messages()[-1]
    summary = next(m for m in user.messages() if m.get("x_parse_mode") == "HTML" and "<b>1. " in m["text"])
    await user.press("Ça m'aide", message=summary)
    labels = [b["text"] for row in summary["reply_markup"]["inline_keyboard"] for b in row]
    assert "👍 Ça m'aide" not in labels and "ℹ️ Détails 1" in labels  # edited in place, without 👍/👎
    assert not (question.get("reply_markup") or {}).get("inline_keyboard")  # the old question's buttons
    assert user.texts()[-2].startswith("Merci ! 🙌")
    assert user.last_text() == wording.FOLLOWUP_ASK
    await user.press("🔔 Oui")
    assert user.last_text().startswith("C'est noté : je t'écris dans une semaine")
    assert len(bot.sql("SELECT chat_id FROM followups")) == 1
