"""How Telegram presents the bot, per language: the command menu (the "/" button), the description (an
empty chat) and the short description (profile page, shared links) — from the counsellors' file
``dialogs/profil/telegram.yaml`` (`bot.dialogs.profile`).

Published at start-up: the French texts for everyone, each other language for apps set to it. The
descriptions are compared with what Telegram has first, because Telegram limits how often they may be
set. Never fatal: the bot works without its menu."""

from __future__ import annotations

import asyncio
import logging

from telegram import Bot, BotCommand
from telegram.error import TelegramError

from bot.dialogs.model import DEFAULT_LANG
from bot.dialogs.profile import BotProfile

logger = logging.getLogger(__name__)


def bot_commands(profile: BotProfile, lang: str = DEFAULT_LANG) -> list[BotCommand]:
    return [BotCommand(command, text) for command, text in profile.menu(lang)]


async def publish_profile(bot: Bot, profile: BotProfile | None) -> None:
    """Set the menu and the descriptions for everyone (French) and for each translated language."""
    if profile is None:
        logger.warning(
            "no bot profile (dialogs/profil/telegram.yaml): menu and descriptions left as they are"
        )
        return
    results = await asyncio.gather(
        *(_publish(bot, profile, lang) for lang in (None, *profile.languages)), return_exceptions=True
    )
    failures = [r for r in results if isinstance(r, BaseException)]
    for failure in failures:
        if not isinstance(failure, TelegramError):
            raise failure
    if failures:
        logger.warning("bot profile not published (%s); the bot works without it", type(failures[0]).__name__)


async def _publish(bot: Bot, profile: BotProfile, lang: str | None) -> None:
    """One language's menu and descriptions (``None``: everyone's, in French). The languages are published
    concurrently: each is three to five round trips to Telegram that the bot's start-up waits for."""
    text_lang = lang or DEFAULT_LANG
    await bot.set_my_commands(bot_commands(profile, text_lang), language_code=lang)
    description = profile.description.get(text_lang)
    if (await bot.get_my_description(language_code=lang)).description != description:
        await bot.set_my_description(description, language_code=lang)
    short = profile.short_description.get(text_lang)
    current = await bot.get_my_short_description(language_code=lang)
    if current.short_description != short:
        await bot.set_my_short_description(short, language_code=lang)
