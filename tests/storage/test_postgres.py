"""PostgreSQL beyond the shared contract: migrations, retention, the admin read side (the same figures and
export as SQLite for the same events), settings and connection errors."""

from __future__ import annotations

import asyncio
import csv
import io
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.admin.export import export_events
from bot.admin.stats import compute_stats
from bot.config import Settings
from bot.engine import facts as f
from bot.errors import ConfigError, StorageError
from bot.storage.postgres import PostgresStorage, open_pool, open_storage, safe_url
from bot.storage.postgres.events import PostgresEventLog
from bot.storage.postgres.migrations import MIGRATIONS, migrate
from bot.storage.postgres.retention import purge
from bot.storage.postgres.sessions import PostgresSessionStore
from bot.storage.postgres.stats_source import PostgresStatsSource
from bot.storage.postgres.transfer import copy_to_postgres
from bot.storage.sqlite import open_storage as open_sqlite
from bot.storage.sqlite.migrations import Migration
from bot.storage.sqlite.stats_source import SqliteStatsSource
from tests.admin.fixture import (
    NAMES,
    SINCE,
    UNTIL,
    VERSION,
    WINDOW,
)
from tests.admin.fixture import load_fixture as load_sqlite_fixture
from tests.admin.test_docs_schema import DOC, documented_schema

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
SECOND = timedelta(seconds=1)


@pytest.fixture
async def storage(postgres_url: str, tmp_path: Path) -> AsyncIterator[PostgresStorage]:
    opened = await open_storage(Settings(secret_path=tmp_path / "secret.key", database_url=postgres_url))
    try:
        yield opened
    finally:
        await opened.aclose()


async def record_at(storage: PostgresStorage, moment: datetime, key: str, facts: list[f.Fact]) -> None:
    log = PostgresEventLog(storage.pool, clock=lambda: moment)
    await log.record(key, VERSION, facts)
    await log.aclose()


async def keys(storage: PostgresStorage, sql: str) -> list[str]:
    return [str(row[0]) for row in await storage.pool.fetch(sql)]


# ------------------------------------------------------------------------------------------ migrations
async def test_migrations_apply_once_and_record_their_names(storage: PostgresStorage) -> None:
    assert await keys(storage, "SELECT name FROM schema_migrations ORDER BY applied_at") == [
        m.name for m in MIGRATIONS
    ]
    assert await migrate(storage.pool) == []


async def test_workers_starting_together_migrate_once(postgres_url: str) -> None:
    pools = await asyncio.gather(*(open_pool(postgres_url, max_size=2) for _ in range(4)))
    try:
        names = await pools[0].fetch("SELECT name FROM schema_migrations ORDER BY applied_at")
        assert [row[0] for row in names] == [m.name for m in MIGRATIONS]
    finally:
        await asyncio.gather(*(pool.close() for pool in pools))


async def test_a_database_from_a_newer_bot_is_refused(storage: PostgresStorage) -> None:
    with pytest.raises(StorageError, match="plus récente"):
        await migrate(storage.pool, MIGRATIONS[:1])


async def test_a_failing_migration_changes_nothing(storage: PostgresStorage) -> None:
    broken = (*MIGRATIONS, Migration("0099_broken", "CREATE TABLE extra (x INT); SELECT no_such_column"))
    with pytest.raises(StorageError, match="0099_broken"):
        await migrate(storage.pool, broken)
    assert await keys(storage, "SELECT to_regclass('extra')::text IS NULL") == ["True"]
    assert "0099_broken" not in await keys(storage, "SELECT name FROM schema_migrations")


async def test_documented_tables_and_columns_match_the_postgresql_schema(storage: PostgresStorage) -> None:
    """docs/confidentialite.md describes both backends: the same tables, the same columns."""
    rows = await storage.pool.fetch(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' "
        "ORDER BY table_name, ordinal_position"
    )
    schema: dict[str, list[str]] = {}
    for table, column in rows:
        schema.setdefault(str(table), []).append(str(column))
    assert schema == documented_schema(DOC.read_text(encoding="utf-8"))


# ------------------------------------------------------------------------------------------ retention
async def test_purge_deletes_exactly_what_is_past_retention(storage: PostgresStorage) -> None:
    settings = Settings()
    events_edge = NOW - timedelta(days=settings.retention_events_days)
    unmatched_edge = NOW - timedelta(days=settings.retention_unmatched_days)
    unmatched = f.Answered("projet", "projet", None, "unmatched", "bof")
    await record_at(storage, events_edge - SECOND, "old", [f.NodeReached("age")])
    await record_at(storage, events_edge + SECOND, "kept", [f.NodeReached("age")])
    await record_at(storage, unmatched_edge - SECOND, "u_old", [unmatched])
    await record_at(storage, unmatched_edge + SECOND, "u_kept", [unmatched])
    await PostgresSessionStore(storage.pool, clock=lambda: events_edge - SECOND).save("idle", {"v": 1})
    await PostgresSessionStore(storage.pool, clock=lambda: events_edge + SECOND).save("recent", {"v": 1})

    report = await purge(storage.pool, settings, now=NOW)

    assert (report.events, report.unmatched_texts, report.sessions) == (1, 1, 1)
    assert report.events_before == events_edge and report.unmatched_before == unmatched_edge
    assert await keys(storage, "SELECT user_key FROM events ORDER BY id") == ["kept", "u_old", "u_kept"]
    assert await keys(storage, "SELECT user_key FROM unmatched_texts") == ["u_kept"]
    assert await keys(storage, "SELECT user_key FROM sessions") == ["recent"]
    assert (await purge(storage.pool, settings, now=NOW)).total == 0


# ------------------------------------------------------------------------------------------ admin side
async def sources(
    storage: PostgresStorage, tmp_path: Path
) -> AsyncIterator[tuple[PostgresStatsSource, SqliteStatsSource]]:
    """The admin fixture's events in both backends (copied as the ``storage migrate`` command does), read
    through the ``StatsSource`` port."""
    settings = Settings(db_path=tmp_path / "bot.sqlite3", secret_path=tmp_path / "secret.key")
    async with await open_sqlite(settings) as sqlite:
        await load_sqlite_fixture(sqlite)
        await sqlite.events.flush()
        await copy_to_postgres(sqlite.db, storage.pool)
        yield PostgresStatsSource(storage.pool), SqliteStatsSource(sqlite.db)


async def test_the_stats_source_reads_the_same_rows_as_sqlite(
    storage: PostgresStorage, tmp_path: Path
) -> None:
    async for postgres, sqlite in sources(storage, tmp_path):
        for order in ("user", "time"):
            ours = [row async for row in postgres.events(SINCE, UNTIL, order)]
            theirs = [row async for row in sqlite.events(SINCE, UNTIL, order)]
            assert len(ours) > 100 and ours == theirs
        assert [t async for t in postgres.texts(SINCE, UNTIL)] == [
            t async for t in sqlite.texts(SINCE, UNTIL)
        ]


async def test_stats_are_the_figures_of_the_sqlite_read_side(
    storage: PostgresStorage, tmp_path: Path
) -> None:
    async for postgres, sqlite in sources(storage, tmp_path):
        ours = await compute_stats(postgres, WINDOW, NAMES)
        assert ours == await compute_stats(sqlite, WINDOW, NAMES)
        assert ours.people.people > 10


async def test_export_matches_the_sqlite_export(storage: PostgresStorage, tmp_path: Path) -> None:
    postgres_csv, sqlite_csv = io.StringIO(), io.StringIO()
    async for postgres, sqlite in sources(storage, tmp_path):
        count = await export_events(postgres, SINCE, UNTIL, postgres_csv)
        assert await export_events(sqlite, SINCE, UNTIL, sqlite_csv) == count
    ours = list(csv.DictReader(io.StringIO(postgres_csv.getvalue())))
    theirs = list(csv.DictReader(io.StringIO(sqlite_csv.getvalue())))
    assert len(ours) == count > 100

    def without_keys(rows: list[dict[str, str]]) -> list[dict[str, str]]:
        return [{k: v for k, v in row.items() if k != "user_key"} for row in rows]

    def linkage(rows: list[dict[str, str]]) -> list[int]:  # which rows share a user, not the key itself
        order: dict[str, int] = {}
        return [order.setdefault(row["user_key"], len(order)) for row in rows]

    assert without_keys(ours) == without_keys(theirs)
    assert linkage(ours) == linkage(theirs)
    assert not {row["user_key"] for row in ours} & {f"user{i:02d}" for i in range(13)}


# ------------------------------------------------------------------------------------------ settings
def test_database_url_setting() -> None:
    url = "postgresql://bot:s3cret@db.internal:5432/capq"
    settings = Settings.from_env({"BOT_DATABASE_URL": url})
    assert settings.database_url == url
    assert "s3cret" not in repr(settings)
    assert Settings.from_env({}).database_url is None
    with pytest.raises(ConfigError, match="BOT_DATABASE_URL"):
        Settings.from_env({"BOT_DATABASE_URL": "mysql://bot@db/capq"})


async def test_an_unreachable_server_is_named_without_its_password(postgres_server: object) -> None:
    url = "postgresql://bot:s3cret@127.0.0.1:1/capq"
    assert safe_url(url) == "postgresql://bot:***@127.0.0.1:1/capq"
    with pytest.raises(StorageError) as caught:
        await open_pool(url)
    assert "BOT_DATABASE_URL" in str(caught.value) and "s3cret" not in str(caught.value)
