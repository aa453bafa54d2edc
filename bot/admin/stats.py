"""Figures for a window, read through the ``StatsSource`` port: the same code as the aggregates database
(``bot.admin.build``), so ``/stats``, ``bot stats`` and the dashboard agree."""

from __future__ import annotations

from datetime import datetime

from bot.admin.aggregate import Aggregates, aggregate
from bot.admin.journeys import Journeys, afold
from bot.admin.names import Names
from bot.admin.periods import Window
from bot.admin.ports import RawText, StatsSource


async def read_journeys(source: StatsSource, since: datetime, until: datetime) -> Journeys:
    return await afold(source.events(since, until, "user"))


async def read_texts(source: StatsSource, since: datetime, until: datetime) -> list[RawText]:
    texts = [text async for text in source.texts(since, until)]
    texts.sort(key=lambda t: t.ts)  # recording order is time order but for clock steps: make sure
    return texts


async def compute_stats(source: StatsSource, window: Window, names: Names | None = None) -> Aggregates:
    """Figures of the conversations started in ``window``."""
    journeys = await read_journeys(source, window.since, window.until)
    texts = await read_texts(source, window.since, window.until)
    return aggregate(journeys, texts, window, names or Names())
