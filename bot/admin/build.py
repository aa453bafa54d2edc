"""Rebuild the aggregates database from the usage log: ``bot stats --build`` and, every hour, the bot.

Reading goes through the ``StatsSource`` port; folding, cutting below five and writing run in a worker
thread so the bot's event loop keeps answering while it works."""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from bot.admin.aggregate import aggregate
from bot.admin.journeys import Journeys
from bot.admin.names import Names, names_from
from bot.admin.periods import Period, calendar_periods, now_utc
from bot.admin.ports import RawText, StatsSource
from bot.admin.stats import read_journeys, read_texts
from bot.admin.statsdb import write_database

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.knowledge.geo.index import GeoIndex

logger = logging.getLogger(__name__)

EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class BuildReport:
    path: Path
    periods: int
    conversations: int
    seconds: float

    def describe(self) -> str:
        return (
            f"Agrégats reconstruits dans {self.path} : {self.periods} période(s), "
            f"{self.conversations} conversation(s) lues, en {self.seconds:.1f} s."
        )


def _first(journeys: Journeys, texts: list[RawText], now: datetime) -> datetime:
    moments = [c.started for c in journeys.conversations[:1]] + [m.ts for m in journeys.followups[:1]]
    moments += [t.ts for t in texts[:1]]
    return min(moments, default=now)


def _compute(journeys: Journeys, texts: list[RawText], names: Names, path: Path, now: datetime) -> int:
    periods: list[Period] = calendar_periods(_first(journeys, texts, now), now)
    results = ((period, aggregate(journeys, texts, period.window, names)) for period in periods)
    return write_database(path, results, now, [("conversations_lues", str(len(journeys.conversations)))])


async def build_aggregates(
    source: StatsSource,
    names: Names,
    path: Path,
    now: datetime | None = None,
    excluded: frozenset[str] = frozenset(),
) -> BuildReport:
    """Rebuild ``path`` from every event before ``now``, without the users in ``excluded`` (the admins)."""
    started = time.perf_counter()
    moment = now or now_utc()
    journeys = await read_journeys(source, EPOCH, moment, excluded)
    texts = [t for t in await read_texts(source, EPOCH, moment) if t.user_key not in excluded]
    periods = await asyncio.to_thread(_compute, journeys, texts, names, path, moment)
    report = BuildReport(path, periods, len(journeys.conversations), time.perf_counter() - started)
    logger.info("aggregates rebuilt: %d periods, %d conversations", periods, report.conversations)
    return report


def names_of(index: GeoIndex | None, dispositifs: list[tuple[str, str]]) -> Names:
    if index is None:
        return names_from((), (), dispositifs)
    return names_from(
        ((c.code_insee, c.nom) for c in index.communes),
        ((q.code_qpv, q.nom_qpv, q.commune) for q in index.qpvs),
        dispositifs,
    )


def admin_keys(settings: Settings) -> frozenset[str]:
    """The pseudonymous keys of ``BOT_ADMIN_IDS`` (their own trials of the bot are not counted); empty when
    the bot's secret does not exist yet (then no event of theirs does either)."""
    from bot.storage.pseudonym import Pseudonymizer, load_or_create_secret

    if not settings.admin_ids or not settings.secret_path.is_file():
        return frozenset()
    pseudonymizer = Pseudonymizer(load_or_create_secret(settings.secret_path))
    return frozenset(pseudonymizer.key(admin_id) for admin_id in settings.admin_ids)


def load_names(settings: Settings) -> Names:
    """Names from the place index (built if needed) and the dispositifs catalogue; codes only when the
    geodata is missing (said in the log)."""
    from bot.dialogs.corpus import dispositifs_path
    from bot.errors import KnowledgeError
    from bot.knowledge.dispositifs import load_catalogue
    from bot.knowledge.geo.loader import current_index

    catalogue, _ = load_catalogue(dispositifs_path(settings.knowledge_dir))
    dispositifs = [(d.id, d.nom) for d in catalogue.dispositifs]
    try:
        index: GeoIndex | None = current_index(settings.geodata_dir, settings.index_path)
    except KnowledgeError as exc:
        logger.warning("place names unavailable, codes will be shown: %s", exc)
        index = None
    return names_of(index, dispositifs)
