"""Versioned schema migrations for PostgreSQL, the twin of ``bot.storage.sqlite.migrations``.

Same tables, same columns, same names (``docs/confidentialite.md`` documents them); timestamps are
``timestamptz``. Each migration runs once, in order; the pending ones apply in one transaction (PostgreSQL's
DDL is transactional: all or nothing) under an advisory lock, so workers starting together never apply one
twice. Never edit a migration that has shipped: append one."""

from __future__ import annotations

import logging
from typing import Any

from bot.errors import StorageError
from bot.storage.sqlite.migrations import Migration

logger = logging.getLogger(__name__)

# Any constant shared by every worker: the lock taken while migrating.
MIGRATION_LOCK = 0x6361_7071_7561_7274  # "capquart"

MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        "0001_sessions",
        """
        CREATE TABLE sessions (
            user_key   TEXT PRIMARY KEY,
            state      TEXT NOT NULL,
            updated_at TIMESTAMPTZ NOT NULL,
            active     BOOLEAN NOT NULL DEFAULT TRUE
        );
        CREATE INDEX sessions_updated_at ON sessions (updated_at);
        """,
    ),
    Migration(
        "0002_events",
        """
        CREATE TABLE events (
            id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            ts             TIMESTAMPTZ NOT NULL,
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
            id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            ts             TIMESTAMPTZ NOT NULL,
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
            chat_id    BIGINT NOT NULL,
            due_at     TIMESTAMPTZ NOT NULL,
            attempts   INTEGER NOT NULL DEFAULT 0,
            created_at TIMESTAMPTZ NOT NULL
        );
        CREATE INDEX followups_due_at ON followups (due_at);
        """,
    ),
)

# The columns of the SQLite table; clock_timestamp() (not now()) orders migrations applied in one transaction.
_CREATE_TABLE = (
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    "name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp())"
)


async def applied_migrations(conn: Any) -> list[str]:
    rows = await conn.fetch("SELECT name FROM schema_migrations ORDER BY applied_at, name")
    return [str(row[0]) for row in rows]


async def migrate(pool: Any, migrations: tuple[Migration, ...] = MIGRATIONS) -> list[str]:
    """Apply the pending migrations in order; return the names applied now."""
    applied: list[str] = []
    async with pool.acquire() as conn, conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock($1)", MIGRATION_LOCK)
        await conn.execute(_CREATE_TABLE)
        done = await applied_migrations(conn)
        known = {m.name for m in migrations}
        unknown = [name for name in done if name not in known]
        if unknown:
            raise StorageError(
                "La base PostgreSQL a été migrée par une version plus récente du bot "
                f"({', '.join(unknown)}). "
                "Mets le bot à jour plutôt que de revenir en arrière."
            )
        for migration in migrations:
            if migration.name in done:
                continue
            try:
                async with conn.transaction():  # a savepoint: one migration applies whole or not at all
                    await conn.execute(migration.sql)
                    await conn.execute("INSERT INTO schema_migrations (name) VALUES ($1)", migration.name)
            except Exception as exc:
                raise StorageError(f"La migration PostgreSQL {migration.name} a échoué : {exc}") from exc
            logger.info("PostgreSQL migration applied: %s", migration.name)
            applied.append(migration.name)
    return applied
