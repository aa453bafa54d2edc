"""The commands menu (the "/" button in Telegram), French first, English where translated."""

from __future__ import annotations

import logging

from telegram import Bot, BotCommand
from telegram.error import TelegramError

logger = logging.getLogger(__name__)

# (command, French description, English description)
COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("start", "Commencer (ou reprendre) l'orientation", "Start (or resume) the orientation"),
    ("aide", "Comment ça marche", "How it works"),
    ("retour", "Revenir à la question précédente", "Go back to the previous question"),
    ("recommencer", "Tout reprendre depuis le début", "Start over"),
    ("resultats", "Revoir mes pistes", "See my results again"),
    ("confidentialite", "Ce que le bot garde, et combien de temps", "What the bot keeps, and for how long"),
    ("oubli", "Effacer tout ce qui me concerne", "Erase everything about me"),
)


def bot_commands(language: str = "fr") -> list[BotCommand]:
    index = 2 if language == "en" else 1
    return [BotCommand(row[0], row[index]) for row in COMMANDS]


async def publish_commands(bot: Bot) -> None:
    """Set the menu for everyone (French) and for English-speaking clients. Never fatal."""
    try:
        await bot.set_my_commands(bot_commands("fr"))
        await bot.set_my_commands(bot_commands("fr"), language_code="fr")
        await bot.set_my_commands(bot_commands("en"), language_code="en")
    except TelegramError as exc:
        logger.warning("command menu not published (%s); the bot works without it", type(exc).__name__)
