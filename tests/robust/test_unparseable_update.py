"""An update the library cannot parse (e.g. from a self-hosted Bot API server of another version) is skipped:
polling goes on for everyone, the update is never fetched again, and it is logged once without its content."""

from __future__ import annotations

import logging

import pytest

from bot.tg.polling import TolerantBot
from tests.tg.conftest import RunningBot

PRIVATE = "Martine Dupont 12 rue des Lilas"


async def test_a_malformed_update_among_good_ones(bot: RunningBot, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)  # what production logs (PTB itself dumps whole updates at DEBUG)
    alice, bob = bot.user(501), bot.user(502)
    await alice.send("/start")
    # a message without its required fields, and one whose chat is not an object, between good ones
    bad_ids = [
        await bot.api.push({"message": {"text": PRIVATE, "from": {"id": 503}}}, 503),
        await bot.api.push({"message": {"message_id": 1, "date": 0, "chat": PRIVATE, "text": PRIVATE}}, 503),
    ]
    await bob.send("/start")
    await alice.press("18 à 25 ans")
    assert alice.current_text().startswith("Tu vas encore à l'école")
    assert bob.last_paragraph() == "Tu as quel âge ?"

    # never fetched again: the server was told to drop them
    await bot.api.wait_fetched(max(bad_ids))
    assert all(u["update_id"] > max(bad_ids) for u in bot.api._updates)
    assert isinstance(bot.app.bot, TolerantBot) and bot.app.bot.skipped == len(bad_ids)
    records = [r for r in caplog.records if "illisible" in r.getMessage()]
    assert len(records) == len(bad_ids)
    everything = "\n".join(r.getMessage() + str(r.args) for r in caplog.records)
    assert "Martine" not in everything and "Lilas" not in everything
