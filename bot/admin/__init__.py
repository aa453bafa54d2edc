"""Admin views: who may see them, the stats, their formats, the CSV export.

The Telegram edge calls ``is_admin`` then ``stats_text`` (or ``compute_stats`` + ``format_stats_text``)."""

from __future__ import annotations

from datetime import datetime

from bot.admin.access import is_admin, parse_period, stats_window
from bot.admin.export import export_events
from bot.admin.format import format_stats_json, format_stats_table, format_stats_text, stats_to_dict
from bot.admin.stats import Row, Stats, compute_stats
from bot.admin.threshold import MIN_GROUP, mask
from bot.storage.sqlite import Database, Storage

__all__ = [
    "MIN_GROUP",
    "Row",
    "Stats",
    "compute_stats",
    "export_events",
    "format_stats_json",
    "format_stats_table",
    "format_stats_text",
    "is_admin",
    "mask",
    "parse_period",
    "stats_text",
    "stats_to_dict",
    "stats_window",
]


async def stats_text(source: Storage | Database, period: str | None, now: datetime | None = None) -> str:
    """The whole ``/stats [7j|30j|90j]`` answer. Raises ValueError (French message) on a bad period."""
    since, until = stats_window(period, now)
    return format_stats_text(await compute_stats(source, since, until))
