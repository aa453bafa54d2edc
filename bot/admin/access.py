"""Who may see the admin views."""

from __future__ import annotations

from bot.config import Settings


def is_admin(settings: Settings, telegram_user_id: int | None) -> bool:
    """True only for the ids listed in BOT_ADMIN_IDS."""
    return telegram_user_id is not None and telegram_user_id in settings.admin_ids
