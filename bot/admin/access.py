"""Who may see the admin views, and over which period."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from bot.config import Settings
from bot.storage.sqlite.timefmt import utcnow

DEFAULT_DAYS = 7
MAX_DAYS = 400
_PERIOD = re.compile(r"^\s*(\d{1,3})\s*(?:j|d|jours?|days?)?\s*$", re.IGNORECASE)


def is_admin(settings: Settings, telegram_user_id: int | None) -> bool:
    """True only for the ids listed in BOT_ADMIN_IDS."""
    return telegram_user_id is not None and telegram_user_id in settings.admin_ids


def parse_period(arg: str | None) -> timedelta:
    """ "7j", "30j", "90j" (or "30", "30d", "30 jours"); empty means 7 days; else ValueError (French)."""
    if arg is None or not arg.strip():
        return timedelta(days=DEFAULT_DAYS)
    match = _PERIOD.match(arg)
    if match is None or not 1 <= int(match.group(1)) <= MAX_DAYS:
        raise ValueError(f"Période inconnue : {arg.strip()[:20]!r}. Utilise 7j, 30j ou 90j.")
    return timedelta(days=int(match.group(1)))


def stats_window(arg: str | None, now: datetime | None = None) -> tuple[datetime, datetime]:
    """(since, until) for ``/stats [7j|30j|90j]``, ending now."""
    until = now or utcnow()
    return until - parse_period(arg), until


def parse_moment(text: str, now: datetime | None = None) -> datetime:
    """For the CLI: "2026-01-31", an ISO date-time (UTC if no zone), or a period back from now ("30j")."""
    raw = text.strip()
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        try:
            return (now or utcnow()) - parse_period(raw)
        except ValueError:
            raise ValueError(
                f"Date illisible : {raw[:30]!r}. Exemples : 2026-01-31, 2026-01-31T08:00, 30j."
            ) from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
