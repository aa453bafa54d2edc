"""The end-to-end harness of ``tests/tg`` (real PTB app, fake Bot API, real SQLite), reused here."""

from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

import pytest

from bot.engine.core import Engine
from tests.tg.conftest import FAST, RunningBot, api, bot, engine, index_path, running_bot, settings_for
from tests.tg.fakebotapi import FakeBotApi

__all__ = ["api", "bot", "engine", "fast_bot", "index_path", "settings_for"]


@pytest.fixture
async def fast_bot(api: FakeBotApi, settings_for: Any, engine: Engine) -> AsyncIterator[RunningBot]:
    """The bot with the flood limiter off: what the bot itself can carry, not Telegram's 30 messages/s."""
    network = replace(FAST, rate_limiter=False)
    async with running_bot(api, settings_for(api), engine, network=network) as running:
        yield running
