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
from bot.storage.sqlite import open_storage as open_sqlite
from bot.storage.sqlite.migrations import Migration
from tests.admin.fixture import SINCE, UNTIL, VERSION, completed, dropped_at_age, dropped_at_lieu
from tests.admin.fixture import load_fixture as load_sqlite_fixture
from tests.admin.test_docs_schema import DOC, documented_schema
from tests.admin.test_stats import EXPECTED

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


async def load_fixture(storage: PostgresStorage) -> None:
    """The events of ``tests/admin/fixture.py``, at the same moments."""
    day = SINCE + timedelta(days=1)
    for i in range(8):
        await record_at(storage, day + timedelta(minutes=i), f"user{i:02d}", completed(i))
    for i in range(8, 11):
        await record_at(storage, day + timedelta(hours=1, minutes=i), f"user{i:02d}", dropped_at_lieu())
    for i in range(11, 13):
        await record_at(storage, day + timedelta(hours=2, minutes=i), f"user{i:02d}", dropped_at_age())
    await record_at(storage, SINCE - timedelta(seconds=1), "before", completed(0))
    await record_at(storage, UNTIL, "after", completed(0))


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
async def test_stats_are_the_figures_of_the_sqlite_read_side(
    storage: PostgresStorage, tmp_path: Path
) -> None:
    await load_fixture(storage)
    assert await PostgresStatsSource(storage.pool).compute_stats(SINCE, UNTIL) == EXPECTED
    settings = Settings(db_path=tmp_path / "bot.sqlite3", secret_path=tmp_path / "secret.key")
    async with await open_sqlite(settings) as sqlite:
        await load_sqlite_fixture(sqlite)
        assert await compute_stats(sqlite, SINCE, UNTIL) == EXPECTED


async def test_export_matches_the_sqlite_export(storage: PostgresStorage, tmp_path: Path) -> None:
    await load_fixture(storage)
    postgres_csv = io.StringIO()
    count = await PostgresStatsSource(storage.pool).export_events(SINCE, UNTIL, postgres_csv)
    settings = Settings(db_path=tmp_path / "bot.sqlite3", secret_path=tmp_path / "secret.key")
    sqlite_csv = io.StringIO()
    async with await open_sqlite(settings) as sqlite:
        await load_sqlite_fixture(sqlite)
        assert await export_events(sqlite, SINCE, UNTIL, sqlite_csv) == count
    ours = list(csv.DictReader(io.StringIO(postgres_csv.getvalue())))
    theirs = list(csv.DictReader(io.StringIO(sqlite_csv.getvalue())))
    assert len(ours) == count == 89  # 6×9 + 9 + 8 completed, 3×4 + 2×3 dropped

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
