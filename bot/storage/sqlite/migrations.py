"""Versioned schema migrations, in the spirit of sqlite-utils' ``migrations.py``.

Each migration has a unique name and runs once, in order, inside its own transaction; the names applied are
recorded in ``schema_migrations``. Never edit a migration that has shipped: append a new one.
Every table and column here is documented in ``docs/confidentialite.md`` (a test checks it)."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from bot.errors import StorageError
from bot.storage.sqlite.connection import Database
from bot.storage.sqlite.timefmt import to_ts, utcnow

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Migration:
    name: str
    sql: str


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        "0001_sessions",
        """
        CREATE TABLE sessions (
            user_key   TEXT PRIMARY KEY,
            state      TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            active     INTEGER NOT NULL DEFAULT 1
        );
        CREATE INDEX sessions_updated_at ON sessions (updated_at);
        """,
    ),
    Migration(
        "0002_events",
        """
        CREATE TABLE events (
            id             INTEGER PRIMARY KEY,
            ts             TEXT NOT NULL,
            user_key       TEXT,
            dialog_version TEXT NOT NULL,
            kind           TEXT NOT NULL,
            node           TEXT,
            variable       TEXT,
            value          TEXT,
            outcome        TEXT,
            code_insee     TEXT,
            code_qpv       TEXT,
            source         TEXT,
            structures     TEXT
        );
        CREATE INDEX events_ts ON events (ts);
        CREATE INDEX events_user_key ON events (user_key);
        CREATE INDEX events_kind_ts ON events (kind, ts);
        """,
    ),
    Migration(
        "0003_unmatched_texts",
        """
        CREATE TABLE unmatched_texts (
            id             INTEGER PRIMARY KEY,
            ts             TEXT NOT NULL,
            user_key       TEXT,
            dialog_version TEXT NOT NULL,
            node           TEXT,
            text           TEXT NOT NULL
        );
        CREATE INDEX unmatched_texts_ts ON unmatched_texts (ts);
        CREATE INDEX unmatched_texts_user_key ON unmatched_texts (user_key);
        """,
    ),
    Migration(
        "0004_followups",
        """
        CREATE TABLE followups (
            user_key   TEXT PRIMARY KEY,
            chat_id    INTEGER NOT NULL,
            due_at     TEXT NOT NULL,
            attempts   INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL
        );
        CREATE INDEX followups_due_at ON followups (due_at);
        """,
    ),
)

_NAME = re.compile(r"^[0-9a-z_]+$")


async def applied_migrations(db: Database) -> list[str]:
    await db.conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
    )
    rows = await db.fetchall("SELECT name FROM schema_migrations ORDER BY rowid")
    return [str(row[0]) for row in rows]


async def migrate(db: Database, migrations: tuple[Migration, ...] = MIGRATIONS) -> list[str]:
    """Apply the pending migrations in order; return the names applied now."""
    done = await applied_migrations(db)
    known = {m.name for m in migrations}
    unknown = [name for name in done if name not in known]
    if unknown:
        raise StorageError(
            f"La base {db.path} a été migrée par une version plus récente du bot ({', '.join(unknown)}). "
            "Mets le bot à jour plutôt que de revenir en arrière."
        )
    applied: list[str] = []
    for migration in migrations:
        if migration.name in done:
            continue
        if not _NAME.match(migration.name):
            raise StorageError(f"Nom de migration invalide : {migration.name!r}")
        record = f"INSERT INTO schema_migrations VALUES ('{migration.name}', '{to_ts(utcnow())}');"
        script = f"BEGIN IMMEDIATE;\n{migration.sql}\n{record}\nCOMMIT;"
        try:
            await db.conn.executescript(script)
        except Exception as exc:
            if db.conn.in_transaction:
                await db.conn.execute("ROLLBACK")
            raise StorageError(f"La migration {migration.name} a échoué sur {db.path} : {exc}") from exc
        logger.info("migration applied: %s", migration.name)
        applied.append(migration.name)
    return applied
