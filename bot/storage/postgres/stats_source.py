"""The admin read side on PostgreSQL: the figures of ``bot.admin.stats.compute_stats`` and the rows of
``bot.admin.export.export_events``, computed from the PostgreSQL tables.

The definitions are those of ``bot.admin.stats`` (users, conversations, completion, drop-off per step,
breakdowns in distinct users); the "< 5" masking happens later, in ``bot.admin.threshold``, for every
backend alike. ``PostgresStatsSource`` has the same two entry points as the SQLite read side so the admin
views can be given either."""

from __future__ import annotations

import csv
import hashlib
import hmac
import secrets
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any, TextIO

from bot.admin.export import EXPORT_KEY_CHARS
from bot.admin.stats import DIRECT, START_NODE, Row, Stats, _rows
from bot.storage.sqlite.encode import EVENT_COLUMNS
from bot.storage.sqlite.timefmt import to_ts

WHERE = "ts >= $1 AND ts < $2"


class PostgresStatsSource:
    """Read-only queries over the events of one PostgreSQL database (an asyncpg pool)."""

    def __init__(self, pool: Any) -> None:
        self._pool = pool

    async def _fetch(self, sql: str, since: datetime, until: datetime) -> list[Any]:
        return list(await self._pool.fetch(sql, since, until))

    async def compute_stats(self, since: datetime, until: datetime) -> Stats:
        """Stats of the events with ``since <= ts < until`` (the same figures as the SQLite read side)."""
        users = await self._pool.fetchval(
            f"SELECT COUNT(DISTINCT user_key) FROM events WHERE {WHERE} AND user_key IS NOT NULL",
            since,
            until,
        )
        kinds: dict[tuple[str, str | None], int] = {}
        for kind, value, n in await self._fetch(
            f"SELECT kind, CASE WHEN kind = 'feedback' THEN value END, COUNT(*) FROM events WHERE {WHERE} "
            "GROUP BY 1, 2",
            since,
            until,
        ):
            kinds[(kind, value)] = int(n)
        conversations, completed, dropoff = await self._conversations(since, until)
        outcomes = {
            str(outcome): int(n)
            for outcome, n in await self._fetch(
                f"SELECT COALESCE(outcome, '?'), COUNT(*) FROM events WHERE {WHERE} AND kind = 'answered' "
                "GROUP BY 1",
                since,
                until,
            )
        }
        dispositifs: dict[str, set[str]] = defaultdict(set)
        for user_key, value in await self._fetch(
            f"SELECT user_key, value FROM events WHERE {WHERE} AND kind = 'recommended' "
            "AND value IS NOT NULL",
            since,
            until,
        ):
            for dispositif in str(value).split(","):
                dispositifs[dispositif].add(user_key)

        async def distinct(sql: str) -> dict[str, int]:
            return {str(k): int(n) for k, n in await self._fetch(sql, since, until) if k is not None}

        per_place = "COUNT(DISTINCT user_key) FROM events WHERE " + WHERE + " AND kind = 'place_resolved'"
        communes = await distinct(f"SELECT code_insee, {per_place} GROUP BY 1")
        qpvs = await distinct(f"SELECT code_qpv, {per_place} GROUP BY 1")
        sources = await distinct(
            "SELECT COALESCE(source, 'qpv:' || code_qpv, '" + DIRECT + "'), COUNT(DISTINCT user_key) "
            f"FROM events WHERE {WHERE} AND kind = 'conversation_started' GROUP BY 1"
        )
        unmatched = await distinct(
            f"SELECT text, COUNT(DISTINCT user_key) FROM unmatched_texts WHERE {WHERE} GROUP BY 1"
        )
        return Stats(
            since=since,
            until=until,
            users=int(users or 0),
            conversations=conversations,
            completed=completed,
            feedback_up=kinds.get(("feedback", "up"), 0),
            feedback_down=kinds.get(("feedback", "down"), 0),
            restarts=kinds.get(("restarted", None), 0),
            backs=kinds.get(("went_back", None), 0),
            errors=kinds.get(("error", None), 0),
            forgotten=kinds.get(("forgotten", None), 0),
            admin_denied=kinds.get(("admin_denied", None), 0),
            outcomes=_rows(outcomes),
            dispositifs=_rows(dispositifs),
            communes=_rows(communes),
            qpvs=_rows(qpvs),
            sources=_rows(sources),
            dropoff=_rows(dropoff),
            unmatched=_rows(unmatched),
        )

    async def _conversations(self, since: datetime, until: datetime) -> tuple[int, int, dict[str, set[str]]]:
        """Conversations, completed ones, and the last node of each abandoned one (users per node)."""
        rows = await self._fetch(
            f"SELECT user_key, kind, node FROM events WHERE {WHERE} AND user_key IS NOT NULL "
            "AND kind IN ('conversation_started', 'node_reached', 'completed') ORDER BY user_key, id",
            since,
            until,
        )
        conversations = completed = 0
        dropoff: dict[str, set[str]] = defaultdict(set)
        current: str | None = None
        is_open = False
        last_node: str | None = None
        for user_key, kind, node in rows:
            if user_key != current or kind == "conversation_started":
                if is_open and current is not None:
                    dropoff[last_node or START_NODE].add(current)
                current, is_open, last_node = user_key, False, None
            if kind == "conversation_started":
                conversations += 1
                is_open = True
            elif not is_open:
                continue
            elif kind == "node_reached":
                last_node = node
            elif kind == "completed":
                completed += 1
                is_open = False
        if is_open and current is not None:
            dropoff[last_node or START_NODE].add(current)
        return conversations, completed, dropoff

    async def export_events(self, since: datetime, until: datetime, out: TextIO) -> int:
        """The CSV of ``bot.admin.export.export_events`` (same columns, same per-file salted keys)."""
        salt = secrets.token_bytes(16)
        writer = csv.writer(out)
        writer.writerow(EVENT_COLUMNS)
        user_index = EVENT_COLUMNS.index("user_key")
        ts_index = EVENT_COLUMNS.index("ts")
        count = 0
        sql = f"SELECT {', '.join(EVENT_COLUMNS)} FROM events WHERE {WHERE} ORDER BY id"
        async with self._pool.acquire() as conn, conn.transaction():
            async for record in conn.cursor(sql, since, until, prefetch=1000):
                row: list[Any] = list(record)
                row[ts_index] = to_ts(row[ts_index])
                if row[user_index] is not None:
                    digest = hmac.new(salt, str(row[user_index]).encode(), hashlib.sha256).hexdigest()
                    row[user_index] = digest[:EXPORT_KEY_CHARS]
                writer.writerow(["" if v is None else v for v in row])
                count += 1
        return count


__all__ = ["PostgresStatsSource", "Row", "Stats", "open_stats_source"]


@asynccontextmanager
async def open_stats_source(url: str) -> AsyncIterator[PostgresStatsSource]:
    """For the CLI (``stats``, ``export``): a small pool on ``url``, closed on exit."""
    from bot.storage.postgres import open_pool

    pool = await open_pool(url, max_size=2)
    try:
        yield PostgresStatsSource(pool)
    finally:
        await pool.close()
