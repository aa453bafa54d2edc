"""``StatsSource`` (see ``bot.admin.ports``) on the SQLite schema of ``bot.storage.sqlite.migrations``.

The only place where the admin side's reads meet SQL. Rows are streamed in batches, so a year of events
never sits in memory as SQLite rows."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime

from bot.admin.ports import Order, RawEvent, RawText
from bot.storage.sqlite.connection import Database
from bot.storage.sqlite.encode import EVENT_COLUMNS
from bot.storage.sqlite.timefmt import from_ts, to_ts

BATCH = 2000
_ORDER = {
    # NULL keys (anonymous events) sort first in SQLite: put them last so users' runs stay contiguous
    "user": "user_key IS NULL, user_key, id",
    "time": "id",
}


class SqliteStatsSource:
    """Reads ``events`` and ``unmatched_texts``. ``before_read`` (e.g. the event log's ``flush``) runs first,
    so rows still buffered in memory are counted."""

    def __init__(self, db: Database, before_read: Callable[[], Awaitable[None]] | None = None) -> None:
        self._db = db
        self._before_read = before_read

    async def _rows(self, sql: str, params: tuple[str, ...]) -> AsyncIterator[tuple[object, ...]]:
        if self._before_read is not None:
            await self._before_read()
        cursor = await self._db.conn.execute(sql, params)
        try:
            while batch := await cursor.fetchmany(BATCH):
                for row in batch:
                    yield tuple(row)
        finally:
            await cursor.close()

    async def events(self, since: datetime, until: datetime, order: Order) -> AsyncIterator[RawEvent]:
        sql = (
            f"SELECT {', '.join(EVENT_COLUMNS)} FROM events WHERE ts >= ? AND ts < ? ORDER BY {_ORDER[order]}"
        )
        async for row in self._rows(sql, (to_ts(since), to_ts(until))):
            ts, user_key, version, kind, node, variable, value, outcome, insee, qpv, source, structures = (
                None if v is None else str(v) for v in row
            )
            yield RawEvent(
                ts=from_ts(str(ts)),
                user_key=user_key,
                dialog_version=str(version),
                kind=str(kind),
                node=node,
                variable=variable,
                value=value,
                outcome=outcome,
                code_insee=insee,
                code_qpv=qpv,
                source=source,
                structures=structures,
            )

    async def texts(self, since: datetime, until: datetime) -> AsyncIterator[RawText]:
        sql = "SELECT ts, user_key, node, text FROM unmatched_texts WHERE ts >= ? AND ts < ? ORDER BY id"
        async for ts, user_key, node, text in self._rows(sql, (to_ts(since), to_ts(until))):
            yield RawText(
                from_ts(str(ts)),
                None if user_key is None else str(user_key),
                None if node is None else str(node),
                str(text),
            )
