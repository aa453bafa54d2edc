"""Moving the data of the SQLite file to PostgreSQL (``cap-quartiers storage migrate --to postgresql://…``).

Sessions, events and unmatched texts are copied as they are — same pseudonymous keys (the secret file does
not change), same timestamps, events in their original order — from one consistent snapshot of the SQLite
file (a read transaction) into an empty PostgreSQL database, in one transaction: it lands whole or not at
all. The copy is then counted table by table. Stop the bot first: what it writes after the snapshot would
stay behind in the SQLite file."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from bot.errors import StorageError
from bot.storage.sqlite.connection import Database
from bot.storage.sqlite.encode import EVENT_COLUMNS, UNMATCHED_COLUMNS
from bot.storage.sqlite.timefmt import from_ts

logger = logging.getLogger(__name__)

SESSION_COLUMNS = ("user_key", "state", "updated_at", "active")
TABLES = ("sessions", "events", "unmatched_texts")
BATCH = 5000


@dataclass(frozen=True, slots=True)
class TransferReport:
    sessions: int
    events: int
    unmatched_texts: int

    def describe(self) -> str:
        return (
            f"{self.sessions} session(s), {self.events} événement(s), "
            f"{self.unmatched_texts} texte(s) non compris copiés vers PostgreSQL"
        )


def _session(row: tuple[Any, ...]) -> tuple[Any, ...]:
    user_key, state, updated_at, active = row
    return (user_key, state, from_ts(updated_at), bool(active))


def _stamped(row: tuple[Any, ...]) -> tuple[Any, ...]:
    return (from_ts(row[0]), *row[1:])


async def copy_to_postgres(db: Database, pool: Any) -> TransferReport:
    """Copy every row of ``db`` into the empty, migrated PostgreSQL database behind ``pool``."""
    async with pool.acquire() as conn:
        for table in TABLES:
            if await conn.fetchval(f"SELECT EXISTS (SELECT 1 FROM {table})"):
                raise StorageError(
                    f"La base PostgreSQL contient déjà des données (table {table}) : la copie se fait "
                    "vers une base vide. Crée une base neuve (createdb) et indique-la avec --to."
                )
    plan: tuple[tuple[str, tuple[str, ...], str, Any], ...] = (
        ("sessions", SESSION_COLUMNS, "user_key", _session),
        ("events", EVENT_COLUMNS, "id", _stamped),
        ("unmatched_texts", UNMATCHED_COLUMNS, "id", _stamped),
    )
    counts: dict[str, int] = {}
    await db.conn.execute("BEGIN")  # one snapshot of the SQLite file for the whole copy
    try:
        async with pool.acquire() as conn, conn.transaction():
            for table, columns, order, convert in plan:
                cursor = await db.conn.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {order}")
                copied = 0
                try:
                    while batch := await cursor.fetchmany(BATCH):
                        records = [convert(tuple(row)) for row in batch]
                        await conn.copy_records_to_table(table, records=records, columns=list(columns))
                        copied += len(records)
                finally:
                    await cursor.close()
                counts[table] = copied
                logger.info("Copie vers PostgreSQL : %s, %d ligne(s)", table, copied)
            for table in TABLES:
                found = await conn.fetchval(f"SELECT COUNT(*) FROM {table}")
                if found != counts[table]:
                    raise StorageError(f"Copie incomplète de {table} : {found} ligne(s) sur {counts[table]}.")
    finally:
        await db.conn.execute("COMMIT")
    return TransferReport(counts["sessions"], counts["events"], counts["unmatched_texts"])
