"""Figures for a window, read through the ``StatsSource`` port: the same code as the aggregates database
(``bot.admin.build``), so ``/stats``, ``bot stats`` and the dashboard agree."""

from __future__ import annotations

from datetime import datetime

from bot.admin.aggregate import Aggregates, aggregate
from bot.admin.journeys import Journeys, afold
from bot.admin.names import Names
from bot.admin.periods import Window
from bot.admin.ports import RawText, StatsSource


async def read_journeys(
    source: StatsSource, since: datetime, until: datetime, excluded: frozenset[str] = frozenset()
) -> Journeys:
    """Conversations and dated facts; ``excluded``: user keys left out (the admins')."""
    return await afold(source.events(since, until, "user"), excluded)


async def read_texts(source: StatsSource, since: datetime, until: datetime) -> list[RawText]:
    texts = [text async for text in source.texts(since, until)]
    texts.sort(key=lambda t: t.ts)  # recording order is time order but for clock steps: make sure
    return texts


async def compute_stats(
    source: StatsSource, window: Window, names: Names | None = None, excluded: frozenset[str] = frozenset()
) -> Aggregates:
    """Figures of the conversations started in ``window``, without the users in ``excluded``."""
    journeys = await read_journeys(source, window.since, window.until, excluded)
    texts = [t for t in await read_texts(source, window.since, window.until) if t.user_key not in excluded]
    return aggregate(journeys, texts, window, names or Names())
