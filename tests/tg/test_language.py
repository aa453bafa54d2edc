"""The bot in the person's language on Telegram: an English journey end to end for an app set to English,
/langue in the middle of a conversation, and the bot's profile (menu, descriptions) per language."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from bot.engine import wording
from bot.engine.core import Engine
from bot.engine.words import Wording, wordings
from bot.tg import callbacks, commands, errors, messages, render
from tests.tg.conftest import RunningBot, running_bot
from tests.tg.fakebotapi import FakeBotApi
from tests.tg.test_conversation import ROUBAIX_ALMA, markup

FRENCH_WORDS = [
    value.fr
    for module in (wording, render, commands, callbacks, messages, errors)
    for _, value in wordings(module)
    if isinstance(value, Wording) and value.fr != value.en and len(value.fr) > 6
]


def fixed_french_in(text: str) -> list[str]:
    """The bot's fixed French wordings (their part before any placeholder) found in ``text``."""
    return [fr for fr in FRENCH_WORDS if fr.split("{")[0].strip() and fr.split("{")[0].strip() in text]


async def test_an_english_journey_end_to_end(bot: RunningBot) -> None:
    user = bot.user(2001, language_code="en")
    await user.send("/start")
    assert "No name needed" in user.texts()[0]
    assert user.last_paragraph() == "How old are you?"
    await user.send("hello")  # small talk: a short answer in English, then the question again
    assert user.current_text() == "Hi! 👋\n\nHow old are you?"
    await user.press("18 to 25")
    assert user.last_paragraph().startswith("Are you still in school")
    await user.send("blabla")  # not understood: said in English
    assert user.current_text().startswith("I didn't understand 🤔")
    await user.press("I stopped over a year ago")
    await user.press("No diploma")
    await user.press("Find a job")
    ask_place = user.messages()[-1]
    assert ask_place["text"].startswith("Where do you live?")
    assert markup(ask_place)["keyboard"][0][0]["text"] == "📍 Share my location"  # type: ignore[index]
    await user.share_location(*ROUBAIX_ALMA)  # clearly in one quartier: taken at once, said in English
    assert any(t.startswith("Got it: Roubaix") for t in user.texts())
    summary = next(m for m in user.messages() if m.get("x_parse_mode") and "<b>1. " in m["text"])
    text = summary["text"]
    assert text.startswith("Here are the options that fit you best:")
    # the knowledge has English too: the door's name and its line of why
    assert "Mission Locale (local youth centre)" in text and "Why: " in text and "Pourquoi" not in text
    labels = [b["text"] for row in summary["reply_markup"]["inline_keyboard"] for b in row]
    assert "ℹ️ Details 1" in labels and "👍 That helps" in labels and "📤 Share the bot" in labels
    await user.press("Details 1", message=summary)  # the full card, in place of the summary, in English
    assert "An adviser just for you" in summary["text"]
    assert "you are between 16 and 25" in summary["text"]
    assert "check before you go" in summary["text"] and "vérifie" not in summary["text"]
    assert "⬅️ Back to the options" in [
        b["text"] for row in summary["reply_markup"]["inline_keyboard"] for b in row
    ]
    await user.press("Back to the options", message=summary)
    assert summary["text"].startswith("Here are the options that fit you best:")
    await user.send("thanks")  # under the result: a short answer in English, the result keeps its buttons
    assert user.texts()[-1] == "You're welcome 🙂"
    await user.press("That helps", message=summary)
    # the summary, its 👍/👎 gone, now ends with the thanks: one edit
    assert summary["text"].startswith("Here are the options that fit you best:")
    assert summary["text"].endswith("\n\nThanks! 🙌 Good luck. Come back whenever you like with /start.")
    await user.send("/confidentialite")
    assert user.current_text().startswith("🔒 Your data and Cap Quartiers")
    before = len(user.texts())
    await user.send("/inconnue")
    assert user.texts()[before].startswith("I don't know this command")
    before = len(user.texts())
    await user.send_sticker()
    assert user.texts()[before].startswith("I only read text and buttons")

    # No message has any of the bot's fixed French wordings (cards included).
    for message in user.messages():
        text = message.get("text", "")
        assert not fixed_french_in(text), (text, fixed_french_in(text))
        for row in (message.get("reply_markup") or {}).get("inline_keyboard", []):
            for button in row:
                assert not fixed_french_in(button["text"]), button["text"]


async def test_langue_switches_in_the_middle_of_a_conversation(bot: RunningBot) -> None:
    user = bot.user(2002)  # a French app
    await user.send("/start")
    await user.press("18 à 25 ans")
    assert user.current_text().startswith("Tu vas encore à l'école")
    await user.send("/langue")
    assert user.current_text() == "Dans quelle langue veux-tu continuer ?"
    assert user.buttons() == ["🇫🇷 Français", "🇬🇧 English"]
    await user.press("English")
    assert "OK, let's continue in English.\n\nAre you still in school" in user.last_text()
    assert user.last_paragraph().startswith("Are you still in school")
    assert "Yes, I'm still studying" in user.buttons()
    await user.press("I stopped over a year ago")
    assert user.current_text() == "What is your highest diploma?"
    await user.send("/start")  # mid-conversation: asked first, in English
    assert user.current_text().startswith("We were in the middle of a chat")
    await user.press("Start over")  # a new start keeps the language chosen
    assert user.last_paragraph() == "How old are you?"
    await user.send("/langue fr")
    assert user.last_text() == "D'accord, on continue en français.\n\nTu as quel âge ?"
    await bot.stop()
    assert bot.sql("SELECT value FROM events WHERE kind = 'language_changed' ORDER BY id") == [
        ("en",),
        ("fr",),
    ]


async def test_the_profile_is_published_per_language(bot: RunningBot) -> None:
    profile = bot.api.profile
    french, english = profile["commands", "fr"], profile["commands", "en"]
    assert profile["commands", ""] == french  # everyone else: French
    assert ("langue", "Changer de langue (français, anglais)") in french
    assert ("langue", "Change language (French, English)") in english
    assert [c for c, _ in french] == [c for c, _ in english]
    assert profile["description", "en"].startswith("Aged 16 to 29")
    assert profile["description", "fr"].startswith("Tu as entre 16 et 29 ans")
    assert profile["short_description", "en"].startswith("Find where to go")
    set_calls = len(bot.api.calls_of("setMyDescription"))
    assert set_calls == 3  # default, fr, en


async def test_a_language_telegram_refuses_does_not_stop_the_others_nor_the_bot(
    api: FakeBotApi, settings_for: Any, engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    """The languages are published concurrently: a call refused for one language is one warning, the other
    languages are published and the bot answers."""
    api.fail("setMyCommands", "500")
    with caplog.at_level(logging.WARNING, logger="bot.tg.menu"):
        async with running_bot(api, settings_for(api), engine) as bot:
            published = {c.params.get("language_code") for c in api.calls_of("setMyCommands")}
            assert len(published) == 2  # one of None, "fr", "en" was refused: its descriptions wait
            described = {c.params.get("language_code") for c in api.calls_of("setMyDescription")}
            assert described == published
            user = bot.user()
            await user.send("/start")
            assert user.last_paragraph() == "Tu as quel âge ?"
    warnings = [r for r in caplog.records if "profile not published" in r.getMessage()]
    assert len(warnings) == 1
