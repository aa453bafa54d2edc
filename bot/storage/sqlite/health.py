"""Database probes for `bot.health`: the live connection (webhook `/healthz`) or the file (`doctor`)."""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

from bot.health import Check
from bot.storage.sqlite.connection import Database
from bot.storage.sqlite.migrations import MIGRATIONS
from bot.storage.sqlite.timefmt import from_ts

MIN_FREE_BYTES = 20 * 1024 * 1024


def _free_space(path: Path) -> tuple[bool, str, float]:
    free = shutil.disk_usage(path.parent).free
    return free >= MIN_FREE_BYTES, f"{free // (1024 * 1024)} Mo libres", float(free)


async def live_database_check(db: Database) -> Check:
    """A write transaction taken and released on the bot's own connection (nothing is written)."""
    try:
        async with db.transaction():
            pass
    except Exception as exc:
        return Check("database", False, f"{db.path} refuse l'écriture ({exc})")
    space_ok, space, free = _free_space(db.path)
    if not space_ok:
        return Check("database", False, f"{db.path} : disque presque plein ({space})", free)
    return Check("database", True, f"{db.path} accessible en écriture, {space}", free)


def file_database_check(path: Path) -> tuple[Check, datetime | None]:
    """The database file from another process: writable (a write lock taken then released), migrated,
    and when the last conversation turn was saved."""
    if not path.is_file():
        return Check(
            "database", False, f"{path} n'existe pas (le bot n'a jamais démarré, ou BOT_DB_PATH ?)"
        ), None
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=rw", uri=True, timeout=5)) as conn:
            conn.isolation_level = None
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("ROLLBACK")
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            done = set()
            if "schema_migrations" in tables:
                done = {row[0] for row in conn.execute("SELECT name FROM schema_migrations")}
            last = None
            if "sessions" in tables:
                row = conn.execute("SELECT max(updated_at) FROM sessions").fetchone()
                last = from_ts(row[0]) if row and row[0] else None
    except sqlite3.Error as exc:
        return Check("database", False, f"{path} refuse l'écriture ({exc})"), None
    pending = [m.name for m in MIGRATIONS if m.name not in done]
    if pending:
        return Check(
            "database",
            False,
            f"{path} : migrations en attente ({', '.join(pending)}) ; redémarre le bot pour les appliquer",
        ), last
    space_ok, space, free = _free_space(path)
    if not space_ok:
        return Check("database", False, f"{path} : disque presque plein ({space})", free), last
    return Check("database", True, f"{path} accessible en écriture, {space}", free), last
