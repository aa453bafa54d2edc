"""Admin views: who may see them, the figures (always cut below five), their formats, the aggregates
database and its dashboard, the CSV export. Everything reads the usage log through ``ports.StatsSource``.

The Telegram edge calls ``is_admin`` then ``stats_text``."""

from __future__ import annotations

from datetime import datetime

from bot.admin.access import is_admin
from bot.admin.aggregate import Aggregates, Cell
from bot.admin.format import format_stats_json, format_stats_table, format_stats_text, stats_to_dict
from bot.admin.names import Names
from bot.admin.periods import Window, parse_period
from bot.admin.ports import RawEvent, RawText, StatsSource
from bot.admin.stats import compute_stats
from bot.admin.threshold import MIN_GROUP

__all__ = [
    "MIN_GROUP",
    "Aggregates",
    "Cell",
    "Names",
    "RawEvent",
    "RawText",
    "StatsSource",
    "Window",
    "compute_stats",
    "format_stats_json",
    "format_stats_table",
    "format_stats_text",
    "is_admin",
    "parse_period",
    "stats_text",
    "stats_to_dict",
]


async def stats_text(
    source: StatsSource,
    period: str | None,
    names: Names | None = None,
    now: datetime | None = None,
    excluded: frozenset[str] = frozenset(),
) -> str:
    """The whole ``/stats [période]`` answer (``excluded``: the admins' keys). Raises ValueError (French
    message) on a bad period."""
    window = parse_period(period, now)
    return format_stats_text(await compute_stats(source, window, names, excluded))
