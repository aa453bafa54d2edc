"""An update the library cannot parse (e.g. from a self-hosted Bot API server of another version) is skipped:
polling goes on for everyone, the update is never fetched again, and it is logged once without its content."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from telegram import Update

from bot.tg.polling import TolerantBot
from tests.tg.conftest import RunningBot
from tests.tg.fakebotapi import TOKEN, FakeBotApi

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
    records = [r for r in caplog.records if "unreadable, skipped" in r.getMessage()]
    assert len(records) == len(bad_ids)
    everything = "\n".join(r.getMessage() + str(r.args) for r in caplog.records)
    assert "Martine" not in everything and "Lilas" not in everything


async def test_each_update_is_parsed_once(api: FakeBotApi, monkeypatch: pytest.MonkeyPatch) -> None:
    """The updates checked one by one are the ones handed on: the library does not parse the batch again."""
    parsed: list[object] = []
    de_json = Update.de_json

    def counting(data: Any, bot: Any = None) -> Update:
        parsed.append(data.get("update_id") if isinstance(data, dict) else None)
        return de_json(data, bot)

    monkeypatch.setattr(Update, "de_json", counting)
    alice = api.user(601)
    first = await alice.send("bonjour")
    bad = await api.push({"message": {"text": PRIVATE, "from": {"id": 603}}}, 603)
    last = await alice.send("encore")
    async with TolerantBot(TOKEN, base_url=api.base_url, base_file_url=api.base_file_url) as tg:
        updates = await tg.get_updates(timeout=0)
    assert [u.update_id for u in updates] == [first, last]
    assert [u.message.text for u in updates if u.message] == ["bonjour", "encore"]
    assert sorted(parsed) == sorted([first, bad, last])  # once each, the unreadable one included
    assert tg.skipped == 1
